//! The core of `Socket<K>`: endpoints, sending, receiving, polling and
//! monitoring.
//!
//! One impl block, whose methods carry what they need of the kind as a
//! bound of their own (`where K: CanRecv`): on a kind without it, the call
//! fails with the capability trait's message (E0277) instead of "no method
//! named `recv`" (E0599). This module is declared first in `socket`, so
//! rustdoc lists these methods first on `Socket`'s page.

use super::endpoint::Endpoint;
use super::kind::{CanMultipart, CanRecv, CanSend, Dynamic, KnownKind, SocketKind};
use super::{Received, RecvFlags, SendFlags, Socket};
use crate::context::Context;
use crate::error::{check, Error, Result};
use crate::message::Message;
use crate::monitor::{Monitor, MonitorEvents};
use crate::multipart::Multipart;
use crate::poll::{poll, Events, PollItem};
use crate::sendable::Sendable;
use std::ffi::c_void;
use std::time::Duration;

/// # Endpoints, sending, receiving, polling, monitoring
///
/// A method a kind cannot use (`recv` on a `Socket<Pub>`) does not compile;
/// the error names the capability ([`CanRecv`](crate::CanRecv), ...).
impl<K: SocketKind> Socket<K> {
    /// The context this socket belongs to.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Accepts connections on an endpoint (`zmq_bind`): `tcp://127.0.0.1:*`
    /// (a free port; read it back with [`last_endpoint`](Self::last_endpoint)),
    /// `ipc:///tmp/sock`, `inproc://name`, ... A port that is not a number
    /// from 0 to 65535 (or `*`) is [`Error::InvalidArgument`], as for
    /// `unbind`, `connect` and `disconnect`.
    /// A STREAM socket refuses `inproc://` ([`Error::IncompatibleProtocol`],
    /// for `connect` too): libzmq aborts when a peer's multipart message
    /// reaches a STREAM socket there.
    #[doc(alias = "zmq_bind")]
    pub fn bind(&self, endpoint: &str) -> Result<()> {
        self.endpoint_call(endpoint, Endpoint::Bind)
    }

    /// Stops accepting on an endpoint bound before (`zmq_unbind`); use the
    /// resolved address from `last_endpoint` for wildcard binds.
    #[doc(alias = "zmq_unbind")]
    pub fn unbind(&self, endpoint: &str) -> Result<()> {
        self.endpoint_call(endpoint, Endpoint::Unbind)
    }

    /// Connects to an endpoint (`zmq_connect`); the connection is made in the
    /// background and re-made when lost.
    #[doc(alias = "zmq_connect")]
    pub fn connect(&self, endpoint: &str) -> Result<()> {
        self.endpoint_call(endpoint, Endpoint::Connect)
    }

    /// Disconnects from an endpoint connected before (`zmq_disconnect`).
    #[doc(alias = "zmq_disconnect")]
    pub fn disconnect(&self, endpoint: &str) -> Result<()> {
        self.endpoint_call(endpoint, Endpoint::Disconnect)
    }

    /// Sends a message, blocking while the socket cannot send (high-water
    /// mark reached, no peer for kinds that wait for one) unless
    /// `ZMQ_SNDTIMEO` expires ([`Error::Again`]).
    ///
    /// `msg` is anything [`Sendable`]: `&str`, `&[u8]`, `String`,
    /// `Vec<u8>` (taken without copying), a `Message`, ... Borrowed bytes go
    /// straight to `zmq_send`, as in C; owned buffers and messages through
    /// `zmq_msg_send`.
    #[doc(alias = "zmq_send")]
    #[doc(alias = "zmq_msg_send")]
    #[inline]
    pub fn send(&self, msg: impl Sendable) -> Result<()>
    where
        K: CanSend,
    {
        self.send_with(msg, SendFlags::empty())
    }

    /// Sends without blocking (`ZMQ_DONTWAIT`): [`Error::Again`] at once
    /// when the message cannot be queued now.
    #[inline]
    pub fn try_send(&self, msg: impl Sendable) -> Result<()>
    where
        K: CanSend,
    {
        self.send_with(msg, SendFlags::DONTWAIT)
    }

    /// Sends with explicit flags. A message that fails to send is dropped;
    /// to keep it for a retry, use [`send_msg`](Self::send_msg).
    #[inline]
    pub fn send_with(&self, msg: impl Sendable, flags: SendFlags) -> Result<()>
    where
        K: CanSend,
    {
        if K::MAY_BE_DGRAM {
            // In a forked child the socket's state is the parent's: report
            // Forked rather than NotConnected.
            self.dgram.check_send().map_err(|e| self.hot_error(e))?;
        }
        // SAFETY: the socket from the fork slot, live here or null in a
        // forked child (ENOTSOCK); a classic socket is not `Sync`, so no
        // other thread uses it meanwhile, and the kinds that are `Sync` are
        // thread-safe in libzmq.
        match unsafe { msg.send_raw(self.hot(), flags.bits()) } {
            Ok(()) => Ok(()),
            Err(e) => Err(self.hot_error(e)),
        }
    }

    /// Sends `msg` without giving it up (`zmq_msg_send`): on success libzmq
    /// has taken its content and `msg` is left empty and reusable; on failure
    /// (e.g. [`Error::Again`] under `DONTWAIT` at the high-water mark) `msg`
    /// is untouched, so a zero-copy buffer is not lost as it is with
    /// [`send_with`](Self::send_with), which consumes its message.
    ///
    /// A retry loop sends the same message until the socket takes it:
    ///
    /// ```
    /// use zmq::{Error, Message, SendFlags};
    /// # let ctx = zmq::Context::new();
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.bind("inproc://doc-send-msg")?;
    /// let push = ctx.socket::<zmq::Push>()?;
    /// push.connect("inproc://doc-send-msg")?;
    /// let mut msg = Message::from(vec![7u8; 4096]); // zero copy
    /// loop {
    ///     match push.send_msg(&mut msg, SendFlags::DONTWAIT) {
    ///         Ok(()) => break,
    ///         Err(Error::Again) => std::thread::yield_now(), // or poll, other work
    ///         Err(e) => return Err(e),
    ///     }
    /// }
    /// assert!(msg.is_empty());
    /// # assert_eq!(pull.recv()?.len(), 4096);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    ///
    /// A broker forwards every frame of a message with one reused
    /// `Message`, allocating nothing per frame (read `more()` before the
    /// send empties the message):
    ///
    /// ```
    /// use zmq::{Message, SendFlags};
    /// # let ctx = zmq::Context::new();
    /// # let (push, frontend) = (ctx.socket::<zmq::Push>()?, ctx.socket::<zmq::Pull>()?);
    /// # frontend.bind("inproc://doc-fwd-in")?;
    /// # push.connect("inproc://doc-fwd-in")?;
    /// # let (backend, pull) = (ctx.socket::<zmq::Push>()?, ctx.socket::<zmq::Pull>()?);
    /// # backend.bind("inproc://doc-fwd-out")?;
    /// # pull.connect("inproc://doc-fwd-out")?;
    /// # push.send_multipart(["a", "b", "c"])?;
    /// let mut msg = Message::new();
    /// loop {
    ///     frontend.recv_into(&mut msg)?;
    ///     let more = msg.more();
    ///     let flags = if more { SendFlags::SNDMORE } else { SendFlags::empty() };
    ///     backend.send_msg(&mut msg, flags)?;
    ///     if !more {
    ///         break;
    ///     }
    /// }
    /// # assert_eq!(pull.recv_multipart()?.len(), 3);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "zmq_msg_send")]
    #[inline]
    pub fn send_msg(&self, msg: &mut Message, flags: SendFlags) -> Result<()>
    where
        K: CanSend,
    {
        if K::MAY_BE_DGRAM {
            // In a forked child the socket's state is the parent's: report
            // Forked rather than NotConnected.
            self.dgram.check_send().map_err(|e| self.hot_error(e))?;
        }
        // SAFETY: the socket from the fork slot (live, or null in a forked
        // child); the message is initialised and exclusively borrowed. On
        // success libzmq leaves it empty (still initialised), so dropping it
        // afterwards is correct.
        match check(unsafe { zmq_sys::zmq_msg_send(msg.as_raw_mut(), self.hot(), flags.bits()) }) {
            Ok(_) => Ok(()),
            Err(e) => Err(self.hot_error(e)),
        }
    }

    /// Sends one frame of a multipart message; more frames follow
    /// (`ZMQ_SNDMORE`). End the message with [`send`](Self::send).
    #[inline]
    pub fn send_more(&self, msg: impl Sendable) -> Result<()>
    where
        K: CanSend + CanMultipart,
    {
        self.send_with(msg, SendFlags::SNDMORE)
    }

    /// Sends every item as one multipart message. libzmq delivers it whole
    /// or not at all. An empty iterator sends nothing.
    ///
    /// `frames` is anything iterable whose items are [`Sendable`]: an
    /// array, a `Vec`, a [`Multipart`], `&[T]`, any iterator adapter. Frames
    /// of *different* types go through the [`frames!`](crate::frames) macro,
    /// which turns each into a `Message` and makes an array:
    /// `router.send_multipart(zmq::frames![identity, "", reply_vec])`.
    ///
    /// Why a macro and not tuples: accepting both every `IntoIterator` and
    /// tuples `(A, B, C)` through one trait is rejected by Rust's coherence
    /// rules (E0119: the standard library may implement `IntoIterator` for
    /// tuples one day), and a trait of our own for tuples and a list of
    /// containers would stop taking arbitrary iterators, breaking callers.
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-multipart")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-multipart")?;
    /// push.send_multipart(["header", "body"])?;
    /// let parts = pull.recv_multipart()?;
    /// assert_eq!(parts.len(), 2);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "zmq_sendiov")]
    pub fn send_multipart<I>(&self, frames: I) -> Result<()>
    where
        K: CanSend + CanMultipart,
        I: IntoIterator,
        I::Item: Sendable,
    {
        self.send_multipart_with(frames, SendFlags::empty())
    }

    /// Sends every item as one multipart message without blocking
    /// (`ZMQ_DONTWAIT`): [`Error::Again`] at once when it cannot be queued
    /// now. libzmq queues a multipart message whole or not at all.
    pub fn try_send_multipart<I>(&self, frames: I) -> Result<()>
    where
        K: CanSend + CanMultipart,
        I: IntoIterator,
        I::Item: Sendable,
    {
        self.send_multipart_with(frames, SendFlags::DONTWAIT)
    }

    /// Sends every item as one multipart message with the given flags on
    /// each frame (e.g. `DONTWAIT`; `SNDMORE` is managed here).
    pub fn send_multipart_with<I>(&self, frames: I, flags: SendFlags) -> Result<()>
    where
        K: CanSend + CanMultipart,
        I: IntoIterator,
        I::Item: Sendable,
    {
        let flags = flags - SendFlags::SNDMORE;
        let mut frames = frames.into_iter().peekable();
        while let Some(frame) = frames.next() {
            let more = if frames.peek().is_some() {
                SendFlags::SNDMORE
            } else {
                SendFlags::empty()
            };
            self.send_with(frame, flags | more)?;
        }
        Ok(())
    }

    /// Receives a message frame, blocking until one arrives or
    /// `ZMQ_RCVTIMEO` expires ([`Error::Again`]).
    #[doc(alias = "zmq_recv")]
    #[doc(alias = "zmq_msg_recv")]
    #[inline]
    pub fn recv(&self) -> Result<Message>
    where
        K: CanRecv,
    {
        self.recv_with(RecvFlags::empty())
    }

    /// Receives without blocking: [`Error::Again`] at once when nothing is
    /// queued.
    #[inline]
    pub fn try_recv(&self) -> Result<Message>
    where
        K: CanRecv,
    {
        self.recv_with(RecvFlags::DONTWAIT)
    }

    /// Receives with explicit flags.
    #[inline]
    pub fn recv_with(&self, flags: RecvFlags) -> Result<Message>
    where
        K: CanRecv,
    {
        let mut msg = Message::new();
        self.recv_into_with(&mut msg, flags)?;
        Ok(msg)
    }

    /// Receives into an existing message, replacing its content: the way to
    /// receive in a loop without any allocation on the Rust side.
    #[inline]
    pub fn recv_into(&self, msg: &mut Message) -> Result<()>
    where
        K: CanRecv,
    {
        self.recv_into_with(msg, RecvFlags::empty())
    }

    /// [`recv_into`](Self::recv_into) with explicit flags.
    #[inline]
    pub fn recv_into_with(&self, msg: &mut Message, flags: RecvFlags) -> Result<()>
    where
        K: CanRecv,
    {
        // SAFETY: the socket from the fork slot (live, or null in a forked
        // child); the message is initialised and exclusively borrowed;
        // zmq_msg_recv releases its old content before filling it.
        match check(unsafe { zmq_sys::zmq_msg_recv(msg.as_raw_mut(), self.hot(), flags.bits()) }) {
            Ok(_) => Ok(()),
            Err(e) => Err(self.hot_error(e)),
        }
    }

    /// Receives a frame into a byte buffer (`zmq_recv`), blocking like
    /// [`recv`](Self::recv); bytes that do not fit are dropped, as
    /// [`Received::is_truncated`] reports.
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-recv-slice")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-recv-slice")?;
    /// push.send("hello")?;
    /// let mut buf = [0u8; 4];
    /// let got = pull.recv_slice(&mut buf)?;
    /// assert_eq!((&buf[..got.len], got.is_truncated()), (&b"hell"[..], true));
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[inline]
    pub fn recv_slice(&self, buf: &mut [u8]) -> Result<Received>
    where
        K: CanRecv,
    {
        self.recv_slice_with(buf, RecvFlags::empty())
    }

    /// [`recv_slice`](Self::recv_slice) with explicit flags.
    ///
    /// libzmq reports at most `i32::MAX` bytes (`zmq_recv`): a message of
    /// 2 GiB or more received into a buffer at least that large reads as
    /// `message_len == i32::MAX`, not truncated, with its first `i32::MAX`
    /// bytes. Use [`recv_into`](Self::recv_into) for such messages.
    pub fn recv_slice_with(&self, buf: &mut [u8], flags: RecvFlags) -> Result<Received>
    where
        K: CanRecv,
    {
        // SAFETY: live socket; buf is valid for buf.len() writable bytes and
        // libzmq writes at most that many.
        let n = check(unsafe {
            zmq_sys::zmq_recv(
                self.live()?,
                buf.as_mut_ptr() as *mut c_void,
                buf.len(),
                flags.bits(),
            )
        })?;
        let message_len = n as usize;
        Ok(Received {
            len: message_len.min(buf.len()),
            message_len,
        })
    }

    /// Receives every frame of the next message.
    #[doc(alias = "zmq_recviov")]
    pub fn recv_multipart(&self) -> Result<Multipart>
    where
        K: CanRecv + CanMultipart,
    {
        self.recv_multipart_with(RecvFlags::empty())
    }

    /// Receives every frame of the next message without blocking:
    /// [`Error::Again`] at once when none is queued.
    pub fn try_recv_multipart(&self) -> Result<Multipart>
    where
        K: CanRecv + CanMultipart,
    {
        self.recv_multipart_with(RecvFlags::DONTWAIT)
    }

    /// Receives every frame of the next message, with flags for the first
    /// frame (libzmq delivers the rest at once with it).
    pub fn recv_multipart_with(&self, flags: RecvFlags) -> Result<Multipart>
    where
        K: CanRecv + CanMultipart,
    {
        let mut parts = Multipart::new();
        self.recv_multipart_into_with(&mut parts, flags)?;
        Ok(parts)
    }

    /// Receives the next message into `parts`, replacing its frames and
    /// reusing their storage: a receive loop over one `Multipart` allocates
    /// nothing on the Rust side. On an error `parts` is left empty.
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-recv-multipart-into")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-recv-multipart-into")?;
    /// push.send_multipart(["a", "b"])?;
    /// push.send_multipart(["c"])?;
    /// let mut parts = zmq::Multipart::new();
    /// pull.recv_multipart_into(&mut parts)?;
    /// assert_eq!(parts.len(), 2);
    /// pull.recv_multipart_into(&mut parts)?;
    /// assert_eq!(parts.len(), 1);
    /// assert_eq!(parts[0], "c");
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn recv_multipart_into(&self, parts: &mut Multipart) -> Result<()>
    where
        K: CanRecv + CanMultipart,
    {
        self.recv_multipart_into_with(parts, RecvFlags::empty())
    }

    /// [`recv_multipart_into`](Self::recv_multipart_into) with explicit
    /// flags for the first frame.
    pub fn recv_multipart_into_with(&self, parts: &mut Multipart, flags: RecvFlags) -> Result<()>
    where
        K: CanRecv + CanMultipart,
    {
        parts.refill(|msg| {
            self.recv_into_with(msg, flags)?;
            Ok(msg.more())
        })
    }

    /// Receives a frame as text: blocks like [`recv`](Self::recv). A frame
    /// that is not UTF-8 is consumed and reported as
    /// [`Error::InvalidUtf8`]; to keep its bytes, receive with `recv` and
    /// convert with `String::try_from(Message)`, whose error gives the
    /// message back. The text is copied out of the message (libzmq owns its
    /// buffer).
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let push = ctx.socket::<zmq::Push>()?;
    /// # push.bind("inproc://doc-recv-string")?;
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.connect("inproc://doc-recv-string")?;
    /// push.send("hello")?;
    /// assert_eq!(pull.recv_string()?, "hello");
    /// push.send(&b"\xff"[..])?;
    /// assert_eq!(pull.recv_string(), Err(zmq::Error::InvalidUtf8));
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn recv_string(&self) -> Result<String>
    where
        K: CanRecv,
    {
        Ok(String::try_from(self.recv()?)?)
    }

    /// [`recv_string`](Self::recv_string) without blocking: [`Error::Again`]
    /// at once when nothing is queued.
    pub fn try_recv_string(&self) -> Result<String>
    where
        K: CanRecv,
    {
        Ok(String::try_from(self.try_recv()?)?)
    }

    /// A [`PollItem`] waiting for `events` on this socket.
    pub fn as_poll_item(&self, events: Events) -> PollItem<'_> {
        PollItem::for_socket(self.as_raw(), self.generation(), events)
    }

    /// Waits until this socket has any of `events` or the timeout expires
    /// (`None`: forever), and returns the events found: empty on timeout
    /// (`zmq_poll` over this one socket). The way to wait for a reply for a
    /// limited time without changing the socket's receive timeout.
    ///
    /// The guide's Lazy Pirate client: a REQ socket that gets no reply in
    /// time is closed and a new one resends the request (a REQ socket cannot
    /// send twice in a row).
    ///
    /// ```
    /// use std::time::Duration;
    /// use zmq::Events;
    /// # let ctx = zmq::Context::new();
    /// # let server = ctx.socket::<zmq::Rep>()?;
    /// # server.bind("inproc://lazy-pirate")?;
    /// let request = || -> zmq::Result<zmq::Socket<zmq::Req>> {
    ///     let client = ctx.socket::<zmq::Req>()?;
    ///     client.set_linger(Some(Duration::ZERO))?; // drop the lost request
    ///     client.connect("inproc://lazy-pirate")?;
    ///     client.send("ping")?;
    ///     Ok(client)
    /// };
    /// let mut client = request()?;
    /// let mut retries = 3;
    /// let reply = loop {
    ///     if client.poll(Events::IN, Some(Duration::from_millis(50)))?.contains(Events::IN) {
    ///         break client.recv()?;
    ///     }
    ///     retries -= 1;
    ///     if retries == 0 {
    ///         return Err(zmq::Error::Again); // the server is gone: give up
    ///     }
    ///     # // The server answers the first request late, to the closed client.
    ///     # server.recv()?;
    ///     # server.send("late")?;
    ///     client = request()?;
    ///     # server.recv()?;
    ///     # server.send("pong")?;
    /// };
    /// assert_eq!(reply, "pong");
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "zmq_poll")]
    pub fn poll(&self, events: Events, timeout: Option<Duration>) -> Result<Events> {
        let mut item = [self.as_poll_item(events)];
        poll(&mut item, timeout)?;
        Ok(item[0].revents())
    }

    /// Starts monitoring this socket (`zmq_socket_monitor`) and returns the
    /// [`Monitor`](crate::Monitor) that receives the events. A new monitor replaces the
    /// previous one, which then receives `MonitorStopped`.
    #[doc(alias = "zmq_socket_monitor")]
    pub fn monitor(&self, events: MonitorEvents) -> Result<Monitor> {
        self.start_monitor(events, 1)
    }

    /// Starts a version-2 monitor (`zmq_socket_monitor_versioned`, draft),
    /// whose events ([`Monitor::recv_event_v2`](crate::Monitor::recv_event_v2)) carry 64-bit values and
    /// both endpoints, and which may ask for
    /// [`MonitorEvents::PIPES_STATS`](crate::MonitorEvents::PIPES_STATS).
    ///
    /// ```
    /// let ctx = zmq::Context::new();
    /// let rep = ctx.socket::<zmq::Rep>()?;
    /// let mut monitor = rep.monitor_v2(zmq::MonitorEvents::LISTENING)?;
    /// rep.bind("tcp://127.0.0.1:*")?;
    /// monitor.set_timeout(Some(std::time::Duration::from_secs(5)))?;
    /// let event = monitor.recv_event_v2()?;
    /// assert_eq!(event.kind, zmq::EventKind::Listening);
    /// assert_eq!(event.local, rep.last_endpoint()?);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_socket_monitor_versioned")]
    pub fn monitor_v2(&self, events: MonitorEvents) -> Result<Monitor> {
        self.start_monitor(events, 2)
    }

    /// Asks every pipe of this socket to report its queue lengths to the
    /// version-2 monitor as a `PipesStats` event
    /// (`zmq_socket_monitor_pipes_stats`, draft). `InvalidArgument` unless
    /// a monitor asked for [`MonitorEvents::PIPES_STATS`](crate::MonitorEvents::PIPES_STATS); `Again` if the
    /// socket has no pipe. The answers come back to the socket as commands:
    /// each event is published when the socket next processes its commands
    /// (any call on it, [`events`](Socket::events) for instance).
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_socket_monitor_pipes_stats")]
    pub fn monitor_pipes_stats(&self) -> Result<()> {
        // SAFETY: live socket.
        check(unsafe { zmq_sys::zmq_socket_monitor_pipes_stats(self.live()?) }).map(drop)
    }

    /// Stops monitoring this socket (`zmq_socket_monitor` with no endpoint);
    /// the monitor receives `MonitorStopped` if it asked for it.
    pub fn stop_monitor(&self) -> Result<()> {
        self.stop_monitoring()
    }

    /// Forgets the compile-time kind, for generic code and proxies.
    pub fn into_dynamic(self) -> Socket<Dynamic> {
        // SAFETY: Dynamic accepts every socket type.
        unsafe { self.retype() }
    }
}

impl Socket<Dynamic> {
    /// Recovers the compile-time kind: `Ok` when the socket's `ZMQ_TYPE` is
    /// `K`'s, otherwise the socket back with `InvalidArgument`.
    pub fn downcast<K: KnownKind>(
        self,
    ) -> std::result::Result<Socket<K>, (Socket<Dynamic>, Error)> {
        match self.socket_type() {
            Ok(t) if t == K::TYPE => {
                // SAFETY: the socket's type is K's.
                Ok(unsafe { self.retype() })
            }
            Ok(_) => Err((self, Error::InvalidArgument)),
            Err(e) => Err((self, e)),
        }
    }
}
