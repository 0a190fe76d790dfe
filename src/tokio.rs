//! Async sockets for tokio (feature `tokio`, Unix): [`AsyncSocket`] waits on
//! the socket's `ZMQ_FD` in the reactor instead of blocking a thread.
//!
//! libzmq's `ZMQ_FD` is not a data descriptor: it becomes readable when the
//! socket *may* have changed state, and it is drained by any call on the
//! socket. So every wait here checks `ZMQ_EVENTS` after clearing the
//! reactor's readiness and before sleeping again; an operation is always
//! tried first with `ZMQ_DONTWAIT`.
//!
//! A receiving and a sending task may wait on one socket at the same time
//! (after `futures::StreamExt::split`, say). Each direction keeps its own
//! waker, the reactor's wakeup wakes both, and whichever task drains
//! `ZMQ_FD` (any call does) wakes the other one when `ZMQ_EVENTS` shows the
//! other direction ready, since the descriptor will not signal that again.
//!
//! The thread-safe draft kinds (`Server`, `Client`, `Radio`, `Dish`, ...)
//! have no `ZMQ_FD`; for them the reactor waits on the descriptor of a
//! `zmq_poller` holding the socket (`zmq_poller_fd`), which libzmq signals
//! whenever the socket's state may have changed: the same protocol.
//!
//! [`AsyncMonitor`] is a `Stream` of a [`Monitor`]'s events.
//!
//! Dropping a pending `recv` never loses a message: a message is only taken
//! from libzmq by a non-blocking receive that returns it at once.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> zmq::Result<()> {
//! use zmq::tokio::AsyncSocket;
//! let ctx = zmq::Context::new();
//! let mut rep = AsyncSocket::new(ctx.socket::<zmq::Rep>()?)?;
//! rep.get_ref().bind("inproc://async-doc")?;
//! let mut req = AsyncSocket::new(ctx.socket::<zmq::Req>()?)?;
//! req.get_ref().connect("inproc://async-doc")?;
//! req.send("ping").await?;
//! assert_eq!(rep.recv().await?, "ping");
//! rep.send("pong").await?;
//! assert_eq!(req.recv().await?, "pong");
//! # Ok(())
//! # }
//! ```

use crate::error::{Error, Result};
use crate::message::Message;
use crate::monitor::{Monitor, MonitorEvent};
use crate::multipart::Multipart;
use crate::poll::Events;
use crate::socket::kind::{CanMultipart, CanRecv, CanSend, SocketKind};
use crate::socket::{RecvFlags, SendFlags, Socket};
use ::tokio::io::unix::AsyncFd;
use ::tokio::io::Interest;
use std::cell::Cell;
use std::collections::VecDeque;
use std::future::poll_fn;
use std::os::fd::{AsRawFd, RawFd};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once, PoisonError};
use std::task::{ready, Context, Poll, Wake, Waker};

/// The socket's `ZMQ_FD`, owned by libzmq (never closed here).
struct ZmqFd(RawFd);

impl AsRawFd for ZmqFd {
    fn as_raw_fd(&self) -> RawFd {
        self.0
    }
}

fn io_error(e: std::io::Error) -> Error {
    Error::from_errno(e.raw_os_error().unwrap_or(libc::EIO))
}

thread_local! {
    /// Set while this thread registers a descriptor: a panic then is
    /// tokio's "no reactor", which [`register`] turns into an error.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for the panic
/// [`register`] catches and hands every other panic to the hook it replaced.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    // set_hook panics when called while panicking (from a Drop, say).
    if std::thread::panicking() {
        return;
    }
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.try_with(Cell::get).unwrap_or(false) {
                previous(info);
            }
        }));
    });
}

/// Registers `fd` with the current runtime's reactor; `NotSupported` when
/// the runtime has no IO driver.
///
/// tokio offers no way to ask whether a runtime was built with
/// `enable_io`, and panics when asked to register a descriptor with one that
/// was not. That panic is caught here, before tokio has changed any state,
/// with the panic hook told to stay quiet for it. With `panic = "abort"` the
/// process aborts instead, as it would in tokio.
fn register(fd: RawFd) -> Result<AsyncFd<ZmqFd>> {
    install_quiet_hook();
    let _ = QUIET.try_with(|q| q.set(true));
    let registered = std::panic::catch_unwind(|| {
        // SAFETY: ZMQ_FD stays open and the same while the socket is open;
        // the caller keeps the AsyncFd in AsyncSocket::fd, dropped before
        // the socket.
        unsafe { AsyncFd::register_with_interest(ZmqFd(fd), Interest::READABLE) }
    });
    let _ = QUIET.try_with(|q| q.set(false));
    match registered {
        Ok(Ok(fd)) => Ok(fd),
        Ok(Err(e)) => Err(io_error(e.into())),
        Err(_) => Err(Error::NotSupported),
    }
}

/// A direction of traffic, with the task waiting for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Recv = 0,
    Send = 1,
}

impl Side {
    /// The events this direction waits for.
    fn events(self) -> Events {
        match self {
            Side::Recv => Events::IN,
            Side::Send => Events::OUT,
        }
    }

    fn other(self) -> Side {
        match self {
            Side::Recv => Side::Send,
            Side::Send => Side::Recv,
        }
    }
}

/// The task waiting in each direction. tokio keeps one waker for the
/// descriptor's read readiness, so the reactor is given this one, which
/// wakes both.
#[derive(Default)]
struct Waiters {
    slots: Mutex<[Option<Waker>; 2]>,
    /// Whether a slot holds a waker: lets an operation skip the check for a
    /// waiting other side without taking the lock.
    waiting: [AtomicBool; 2],
}

impl Waiters {
    fn slots(&self) -> MutexGuard<'_, [Option<Waker>; 2]> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, side: Side, waker: &Waker) {
        let mut slots = self.slots();
        let slot = &mut slots[side as usize];
        match slot {
            Some(w) if w.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
        self.waiting[side as usize].store(true, Ordering::Relaxed);
    }

    fn take(&self, side: Side) -> Option<Waker> {
        let mut slots = self.slots();
        self.waiting[side as usize].store(false, Ordering::Relaxed);
        slots[side as usize].take()
    }

    /// Relaxed is enough: the sides poll one at a time (the I/O methods take
    /// `&mut self`, so tasks sharing a socket go through a lock such as
    /// split's), which orders a flag set by one before the other's check;
    /// the reactor only clears flags, after which the woken task checks
    /// `ZMQ_EVENTS` itself.
    fn is_waiting(&self, side: Side) -> bool {
        self.waiting[side as usize].load(Ordering::Relaxed)
    }
}

impl Wake for Waiters {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Taken under the lock, woken after it.
        let wakers = [self.take(Side::Recv), self.take(Side::Send)];
        for w in wakers.into_iter().flatten() {
            w.wake();
        }
    }
}

/// A `zmq_poller` holding one thread-safe socket, for its descriptor.
#[cfg(feature = "draft")]
struct SignalPoller(std::ptr::NonNull<std::ffi::c_void>);

// SAFETY: a zmq_poller is a heap object with no thread affinity: it may be
// used from, and destroyed on, another thread than the one that made it.
// It is not `Sync`; `drain` takes `&mut self`.
#[cfg(feature = "draft")]
unsafe impl Send for SignalPoller {}

#[cfg(feature = "draft")]
impl SignalPoller {
    /// A poller holding `socket`, which must stay open until it is dropped.
    fn new(socket: *mut std::ffi::c_void) -> Result<SignalPoller> {
        // SAFETY: no preconditions; null on failure.
        let poller = std::ptr::NonNull::new(unsafe { zmq_sys::zmq_poller_new() })
            .map(SignalPoller)
            .ok_or_else(Error::last)?;
        let events = (Events::IN | Events::OUT).bits();
        // SAFETY: live poller and socket (the caller keeps it open).
        let rc = unsafe {
            zmq_sys::zmq_poller_add(poller.0.as_ptr(), socket, std::ptr::null_mut(), events)
        };
        crate::error::check(rc)?;
        Ok(poller)
    }

    fn fd(&self) -> Result<RawFd> {
        let mut fd: zmq_sys::zmq_fd_t = 0;
        // SAFETY: live poller; `fd` is a valid out-pointer.
        crate::error::check(unsafe { zmq_sys::zmq_poller_fd(self.0.as_ptr(), &mut fd) })?;
        Ok(fd as RawFd)
    }

    /// Consumes a signal of the descriptor (a wait with no timeout), so
    /// that it does not stay readable for good.
    fn drain(&mut self) {
        let mut event = zmq_sys::zmq_poller_event_t {
            socket: std::ptr::null_mut(),
            fd: 0,
            user_data: std::ptr::null_mut(),
            events: 0,
        };
        // SAFETY: live poller; room for one event. The result (ready or
        // EAGAIN) does not matter: the caller checks ZMQ_EVENTS next.
        unsafe { zmq_sys::zmq_poller_wait_all(self.0.as_ptr(), &mut event, 1, 0) };
    }
}

#[cfg(feature = "draft")]
impl Drop for SignalPoller {
    fn drop(&mut self) {
        let mut p = self.0.as_ptr();
        // SAFETY: destroyed once; its socket is still open (field order in
        // AsyncSocket).
        unsafe { zmq_sys::zmq_poller_destroy(&mut p) };
    }
}

/// A socket driven by the tokio reactor. `send`/`recv` and their multipart
/// forms are `async`; receiving kinds are a `futures::Stream` of
/// [`Multipart`] messages and sending kinds a `futures::Sink` of them.
///
/// Like the socket inside, it is `Send` but not `Sync` (except for the
/// thread-safe draft kinds), so the I/O methods take `&mut self`: their
/// futures are then `Send` and can run in spawned tasks.
pub struct AsyncSocket<K: SocketKind> {
    // Declared before `socket`: deregistered from the reactor before libzmq
    // closes the descriptor.
    fd: AsyncFd<ZmqFd>,
    /// For the thread-safe kinds: the poller whose descriptor `fd` is;
    /// destroyed before the socket it reads.
    #[cfg(feature = "draft")]
    signal: Option<Mutex<SignalPoller>>,
    socket: Socket<K>,
    waiters: Arc<Waiters>,
    /// `waiters` as the waker given to the reactor.
    reactor_waker: Waker,
    /// Frames accepted by the Sink and not yet handed to libzmq.
    outgoing: Mutex<VecDeque<Message>>,
}

// Nothing is pinned structurally: the Stream and Sink impls treat
// Pin<&mut Self> as &mut Self.
impl<K: SocketKind> Unpin for AsyncSocket<K> {}

impl<K: SocketKind> std::fmt::Debug for AsyncSocket<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncSocket")
            .field("socket", &self.socket)
            .finish()
    }
}

impl<K: SocketKind> AsyncSocket<K> {
    /// Registers the socket's `ZMQ_FD` with the current tokio reactor.
    /// Fails with `NotSupported` outside a tokio runtime and in a runtime
    /// built without `enable_io`.
    ///
    /// The first call installs a panic hook that forwards every panic to the
    /// hook it replaced, except tokio's own panic for a runtime without IO,
    /// which this call turns into the error: tokio has no query for that.
    /// (With `panic = "abort"` such a runtime aborts the process, as tokio
    /// does.)
    pub fn new(socket: Socket<K>) -> Result<AsyncSocket<K>> {
        if ::tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::NotSupported);
        }
        #[cfg(feature = "draft")]
        let mut signal = None;
        let raw_fd = match socket.fd() {
            Ok(fd) => fd,
            // A thread-safe kind: libzmq gives it no ZMQ_FD.
            #[cfg(feature = "draft")]
            Err(Error::InvalidArgument) => {
                let poller = SignalPoller::new(socket.live()?)?;
                let fd = poller.fd()?;
                signal = Some(Mutex::new(poller));
                fd
            }
            Err(e) => return Err(e),
        };
        let fd = register(raw_fd)?;
        let waiters = Arc::new(Waiters::default());
        Ok(AsyncSocket {
            fd,
            #[cfg(feature = "draft")]
            signal,
            socket,
            reactor_waker: Waker::from(Arc::clone(&waiters)),
            waiters,
            outgoing: Mutex::new(VecDeque::new()),
        })
    }

    /// The socket, for options, `bind`, `connect` and non-blocking calls.
    pub fn get_ref(&self) -> &Socket<K> {
        &self.socket
    }

    /// The socket back (frames queued in the Sink and not flushed are
    /// dropped).
    pub fn into_inner(self) -> Socket<K> {
        self.socket
    }

    /// Wakes the other side's task if `events` (just read, which drained
    /// `ZMQ_FD`) says its direction is ready: the descriptor will not
    /// signal that again.
    fn wake_other(&self, side: Side, events: Events) {
        let other = side.other();
        if events.intersects(other.events()) && self.waiters.is_waiting(other) {
            if let Some(w) = self.waiters.take(other) {
                w.wake();
            }
        }
    }

    /// After an operation on `side`, which may have drained `ZMQ_FD`: wakes
    /// a task waiting on the other side if its direction is ready.
    fn after_op(&self, side: Side) {
        if self.waiters.is_waiting(side.other()) {
            if let Ok(events) = self.socket.events() {
                self.wake_other(side, events);
            }
        }
    }

    /// Ready when `ZMQ_EVENTS` has `side`'s events; otherwise registers the
    /// task to wake when `ZMQ_FD` signals.
    fn poll_events(&self, cx: &mut Context<'_>, side: Side) -> Poll<Result<()>> {
        loop {
            let events = self.socket.events()?;
            self.wake_other(side, events);
            if events.intersects(side.events()) {
                // Not waiting any more: spare the other side the checks.
                self.waiters.take(side);
                return Poll::Ready(Ok(()));
            }
            // Before polling the reactor, so that a wakeup in between finds
            // the waker.
            self.waiters.set(side, cx.waker());
            let mut reactor = Context::from_waker(&self.reactor_waker);
            let mut guard = ready!(self.fd.poll_read_ready(&mut reactor)).map_err(io_error)?;
            // The check below drains ZMQ_FD; readiness that arrives after
            // this clear carries a newer tick and is kept by tokio.
            guard.clear_ready();
            #[cfg(feature = "draft")]
            if let Some(signal) = &self.signal {
                signal
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .drain();
            }
        }
    }

    /// Runs a non-blocking operation until it does not say `Again`.
    fn poll_op<T>(
        &self,
        cx: &mut Context<'_>,
        side: Side,
        mut op: impl FnMut() -> Result<T>,
    ) -> Poll<Result<T>> {
        loop {
            match op() {
                Err(Error::Again) => ready!(self.poll_events(cx, side))?,
                other => {
                    self.after_op(side);
                    return Poll::Ready(other);
                }
            }
        }
    }
}

impl<K: CanRecv> AsyncSocket<K> {
    /// Receives a frame; cancel-safe.
    pub async fn recv(&mut self) -> Result<Message> {
        // `move`: the future holds `&mut Self` (Send), not `&Self`.
        let this = self;
        poll_fn(move |cx| this.poll_recv(cx)).await
    }

    /// Polls for a frame (the building block of `recv`).
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Message>> {
        self.poll_op(cx, Side::Recv, || {
            self.socket.recv_with(RecvFlags::DONTWAIT)
        })
    }
}

impl<K: CanRecv + CanMultipart> AsyncSocket<K> {
    /// Receives every frame of the next message; cancel-safe (libzmq
    /// delivers the frames of a message together, so once the first is
    /// here the rest are read without waiting).
    pub async fn recv_multipart(&mut self) -> Result<Multipart> {
        let this = self;
        poll_fn(move |cx| this.poll_recv_multipart(cx)).await
    }

    /// Polls for a whole multipart message.
    pub fn poll_recv_multipart(&mut self, cx: &mut Context<'_>) -> Poll<Result<Multipart>> {
        self.poll_op(cx, Side::Recv, || {
            self.socket.recv_multipart_with(RecvFlags::DONTWAIT)
        })
    }
}

impl<K: CanSend> AsyncSocket<K> {
    /// Sends a frame, waiting while the socket cannot send. If the future is
    /// dropped before it completes, the message is not sent.
    pub async fn send(&mut self, msg: impl Into<Message>) -> Result<()> {
        let mut msg = msg.into();
        let this = self;
        // On failure libzmq leaves the message as it was, for the retry.
        poll_fn(move |cx| {
            this.poll_op(cx, Side::Send, || {
                this.socket.send_msg(&mut msg, SendFlags::DONTWAIT)
            })
        })
        .await
    }
}

impl<K: CanSend + CanMultipart> AsyncSocket<K> {
    /// Sends the frames as one multipart message, waiting while the socket
    /// cannot take the first frame (libzmq takes the rest of a message once
    /// it took the first).
    pub async fn send_multipart<I>(&mut self, frames: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<Message>,
    {
        let mut frames: VecDeque<Message> = frames.into_iter().map(Into::into).collect();
        let this = self;
        poll_fn(move |cx| this.poll_send_frames(cx, &mut frames)).await
    }

    /// Sends queued frames, the last one without SNDMORE.
    fn poll_send_frames(
        &self,
        cx: &mut Context<'_>,
        frames: &mut VecDeque<Message>,
    ) -> Poll<Result<()>> {
        if frames.is_empty() {
            return Poll::Ready(Ok(()));
        }
        while !frames.is_empty() {
            let flags = if frames.len() == 1 {
                SendFlags::DONTWAIT
            } else {
                SendFlags::DONTWAIT | SendFlags::SNDMORE
            };
            let Some(frame) = frames.front_mut() else {
                break;
            };
            // On failure libzmq leaves the frame as it was, for the retry.
            match self.socket.send_msg(frame, flags) {
                Ok(()) => {
                    frames.pop_front();
                }
                Err(Error::Again) => ready!(self.poll_events(cx, Side::Send))?,
                Err(e) => {
                    self.after_op(Side::Send);
                    return Poll::Ready(Err(e));
                }
            }
        }
        self.after_op(Side::Send);
        Poll::Ready(Ok(()))
    }
}

impl<K: CanRecv + CanMultipart> futures_core::Stream for AsyncSocket<K> {
    type Item = Result<Multipart>;

    /// Each item is one whole message; the stream never ends by itself
    /// (errors such as `Terminated` are items).
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_recv_multipart(cx).map(Some)
    }
}

impl<K: CanSend + CanMultipart> AsyncSocket<K> {
    fn poll_flush_outgoing(&self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let mut outgoing = self.outgoing.lock().unwrap_or_else(PoisonError::into_inner);
        self.poll_send_frames(cx, &mut outgoing)
    }
}

impl<K: CanSend + CanMultipart, M: Into<Multipart>> futures_sink::Sink<M> for AsyncSocket<K> {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        // One message at a time: flush the previous one first.
        self.poll_flush_outgoing(cx)
    }

    fn start_send(self: Pin<&mut Self>, item: M) -> Result<()> {
        let mut outgoing = self.outgoing.lock().unwrap_or_else(PoisonError::into_inner);
        outgoing.extend(item.into());
        Ok(())
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        self.poll_flush_outgoing(cx)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        self.poll_flush_outgoing(cx)
    }
}

/// A [`Monitor`] driven by the tokio reactor: a `futures::Stream` of its
/// (version-1) events, which never ends by itself.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> zmq::Result<()> {
/// let ctx = zmq::Context::new();
/// let rep = ctx.socket::<zmq::Rep>()?;
/// let mut events = zmq::tokio::AsyncMonitor::new(rep.monitor(zmq::MonitorEvents::LISTENING)?)?;
/// rep.bind("tcp://127.0.0.1:*")?;
/// assert_eq!(events.recv_event().await?.kind, zmq::EventKind::Listening);
/// # Ok(())
/// # }
/// ```
pub struct AsyncMonitor {
    // Declared before `monitor`: deregistered before its socket closes.
    fd: AsyncFd<ZmqFd>,
    monitor: Monitor,
}

impl std::fmt::Debug for AsyncMonitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncMonitor")
            .field("monitor", &self.monitor)
            .finish()
    }
}

impl AsyncMonitor {
    /// Registers the monitor's socket with the current tokio reactor; fails
    /// as [`AsyncSocket::new`] does.
    pub fn new(monitor: Monitor) -> Result<AsyncMonitor> {
        if ::tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::NotSupported);
        }
        let fd = register(monitor.socket().fd()?)?;
        Ok(AsyncMonitor { fd, monitor })
    }

    /// Waits for the next event; cancel-safe.
    pub async fn recv_event(&mut self) -> Result<MonitorEvent> {
        let this = self;
        poll_fn(move |cx| this.poll_recv_event(cx)).await
    }

    /// Polls for the next event (the building block of `recv_event`).
    pub fn poll_recv_event(&mut self, cx: &mut Context<'_>) -> Poll<Result<MonitorEvent>> {
        loop {
            match self.monitor.try_recv_event() {
                Err(Error::Again) => {}
                other => return Poll::Ready(other),
            }
            // ZMQ_FD is edge-triggered and any call drains it: check the
            // socket's state before waiting for the descriptor.
            if self.monitor.socket().events()?.contains(Events::IN) {
                continue;
            }
            let mut guard = ready!(self.fd.poll_read_ready(cx)).map_err(io_error)?;
            guard.clear_ready();
        }
    }

    /// The monitor.
    pub fn get_ref(&self) -> &Monitor {
        &self.monitor
    }

    /// The monitor back.
    pub fn into_inner(self) -> Monitor {
        self.monitor
    }
}

impl futures_core::Stream for AsyncMonitor {
    type Item = Result<MonitorEvent>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_recv_event(cx).map(Some)
    }
}
