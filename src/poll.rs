//! Waiting on several sockets and file descriptors: [`poll`] over a slice of
//! [`PollItem`]s, and the reusable [`Poller`].

use crate::error::{check, Error, Result};
use crate::socket::kind::{Dynamic, SocketKind};
use crate::socket::Socket;
use std::ffi::{c_long, c_void};
use std::marker::PhantomData;
use std::time::Duration;

/// A native descriptor libzmq can poll: a file descriptor on POSIX systems.
#[cfg(not(windows))]
pub type RawFd = std::os::fd::RawFd;

/// A native descriptor libzmq can poll: a `SOCKET` on Windows.
#[cfg(windows)]
pub type RawFd = std::os::windows::io::RawSocket;

bitflags::bitflags! {
    /// Readiness events (`ZMQ_POLLIN`, ...), also the value of `ZMQ_EVENTS`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Events: i16 {
        /// `ZMQ_POLLIN`: a message can be received (or the fd is readable).
        const IN = zmq_sys::ZMQ_POLLIN as i16;
        /// `ZMQ_POLLOUT`: a message can be sent (or the fd is writable).
        const OUT = zmq_sys::ZMQ_POLLOUT as i16;
        /// `ZMQ_POLLERR`: an error condition on a file descriptor.
        const ERR = zmq_sys::ZMQ_POLLERR as i16;
        /// `ZMQ_POLLPRI`: urgent data on a file descriptor.
        const PRI = zmq_sys::ZMQ_POLLPRI as i16;
    }
}

/// A libzmq timeout in milliseconds: -1 for `None` (forever).
fn timeout_ms(timeout: Option<Duration>) -> Result<c_long> {
    match timeout {
        None => Ok(-1),
        Some(d) => {
            c_long::try_from(crate::time::ceil_millis(d)).map_err(|_| Error::InvalidArgument)
        }
    }
}

/// `zmq_poll` over raw items; the number of items ready.
///
/// # Safety
///
/// Every item's socket must be null or a live socket that no other thread
/// uses during the call.
unsafe fn zmq_poll_items(items: &mut [zmq_sys::zmq_pollitem_t], timeout: c_long) -> Result<usize> {
    let n = i32::try_from(items.len()).map_err(|_| Error::InvalidArgument)?;
    // SAFETY: items is a valid array of n entries; the caller vouches for
    // the sockets.
    check(unsafe { zmq_sys::zmq_poll(items.as_mut_ptr(), n, timeout) }).map(|n| n as usize)
}

/// Checks the items' sockets belong to this process, then views them as
/// libzmq's items.
fn raw_items<'s>(items: &'s mut [PollItem<'_>]) -> Result<&'s mut [zmq_sys::zmq_pollitem_t]> {
    // A socket inherited across fork() must not reach libzmq.
    for item in items.iter() {
        if !item.item.socket.is_null() {
            crate::context::same_process(item.item.fd as u32)?;
        }
    }
    // SAFETY: PollItem is repr(transparent) over zmq_pollitem_t, so the
    // slice is a valid array of the same items, borrowed as long.
    Ok(unsafe {
        std::slice::from_raw_parts_mut(
            items.as_mut_ptr() as *mut zmq_sys::zmq_pollitem_t,
            items.len(),
        )
    })
}

/// The borrow of the sockets a [`PollItem`] or [`Poller`] polls. Polling
/// uses the socket, and a classic libzmq socket must not be used by two
/// threads at once; its owner keeps using it while the borrow lives, so the
/// borrower must stay on the owner's thread. Like `&Socket` of a classic
/// kind, this marker is neither `Send` nor `Sync`.
type SocketBorrow<'a> = PhantomData<&'a Socket<Dynamic>>;

/// One entry of [`poll`]: a socket (borrowed, so the item cannot outlive
/// it) or a raw descriptor, the events to wait for, and the events found.
///
/// An item is not `Send`: polling uses the socket, which its owner's thread
/// may be using too.
///
/// ```
/// # let ctx = zmq::Context::new();
/// let pull = ctx.socket::<zmq::Pull>()?;
/// pull.bind("inproc://doc-poll")?;
/// let mut items = [pull.as_poll_item(zmq::Events::IN)];
/// let ready = zmq::poll(&mut items, Some(std::time::Duration::from_millis(10)))?;
/// assert_eq!(ready, 0);
/// assert!(!items[0].is_readable());
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_pollitem_t")]
#[repr(transparent)]
pub struct PollItem<'a> {
    item: zmq_sys::zmq_pollitem_t,
    socket: SocketBorrow<'a>,
}

impl<'a> PollItem<'a> {
    /// An item for a raw file descriptor (a pipe, a TCP socket of your own).
    pub fn from_fd(fd: RawFd, events: Events) -> PollItem<'static> {
        PollItem {
            item: zmq_sys::zmq_pollitem_t {
                socket: std::ptr::null_mut(),
                fd: fd as zmq_sys::zmq_fd_t,
                events: events.bits(),
                revents: 0,
            },
            socket: PhantomData,
        }
    }

    /// An item for a socket. libzmq ignores `fd` when `socket` is set, so
    /// it carries the socket's fork generation for [`poll`]'s check.
    pub(crate) fn for_socket(raw: *mut c_void, generation: u32, events: Events) -> PollItem<'a> {
        PollItem {
            item: zmq_sys::zmq_pollitem_t {
                socket: raw,
                fd: generation as zmq_sys::zmq_fd_t,
                events: events.bits(),
                revents: 0,
            },
            socket: PhantomData,
        }
    }

    /// The events found by the last [`poll`].
    pub fn revents(&self) -> Events {
        Events::from_bits_retain(self.item.revents)
    }

    /// The events this item waits for.
    pub fn events(&self) -> Events {
        Events::from_bits_retain(self.item.events)
    }

    /// Changes the events this item waits for.
    pub fn set_events(&mut self, events: Events) {
        self.item.events = events.bits();
    }

    /// Whether the last poll found the item readable.
    pub fn is_readable(&self) -> bool {
        self.revents().contains(Events::IN)
    }

    /// Whether the last poll found the item writable.
    pub fn is_writable(&self) -> bool {
        self.revents().contains(Events::OUT)
    }

    /// Whether the last poll found an error condition (descriptors only).
    pub fn is_error(&self) -> bool {
        self.revents().contains(Events::ERR)
    }

    /// Whether this item polls `socket`.
    pub fn has_socket<K: SocketKind>(&self, socket: &Socket<K>) -> bool {
        self.item.socket == socket.as_raw()
    }
}

impl std::fmt::Debug for PollItem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("PollItem");
        if self.item.socket.is_null() {
            d.field("fd", &self.item.fd);
        } else {
            d.field("socket", &self.item.socket);
        }
        d.field("events", &self.events())
            .field("revents", &self.revents())
            .finish()
    }
}

/// Waits until at least one item is ready or the timeout expires
/// (`zmq_poll`); returns how many items are ready (0 on timeout) and sets
/// each item's `revents`. `None` waits forever.
///
/// A signal interrupts the wait with [`Error::Interrupted`]; a shut-down
/// context gives [`Error::Terminated`].
#[doc(alias = "zmq_poll")]
pub fn poll(items: &mut [PollItem<'_>], timeout: Option<Duration>) -> Result<usize> {
    let timeout = timeout_ms(timeout)?;
    let raw = raw_items(items)?;
    // SAFETY: the sockets the items name are borrowed for the items'
    // lifetime, so still open. An item is not Send, so a classic socket is
    // polled on the thread that borrowed it (the only one that may use it:
    // its Socket is not Sync), which is here in this call; the thread-safe
    // kinds allow concurrent use.
    unsafe { zmq_poll_items(raw, timeout) }
}

/// As [`poll`], with the thread's signal mask replaced by `sigmask` for the
/// duration of the wait, atomically (`zmq_ppoll`, draft, Unix; as
/// `pselect`): a signal blocked outside the wait can interrupt it
/// ([`Error::Interrupted`]) without the race of unblocking it first.
/// `None` keeps the thread's mask.
#[cfg(all(feature = "draft", unix))]
#[doc(alias = "zmq_ppoll")]
pub fn ppoll(
    items: &mut [PollItem<'_>],
    timeout: Option<Duration>,
    sigmask: Option<&libc::sigset_t>,
) -> Result<usize> {
    let timeout = timeout_ms(timeout)?;
    let raw = raw_items(items)?;
    let n = i32::try_from(raw.len()).map_err(|_| Error::InvalidArgument)?;
    let mask = sigmask.map_or(std::ptr::null(), |m| (m as *const libc::sigset_t).cast());
    // SAFETY: as in `poll` for the items; `mask` is null or a live sigset_t.
    check(unsafe { zmq_sys::zmq_ppoll(raw.as_mut_ptr(), n, timeout, mask) }).map(|n| n as usize)
}

/// One ready entry reported by [`Poller::poll`] or [`Poller::poll_into`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PollEvent {
    /// The token given when the entry was added.
    pub token: usize,
    /// The events found.
    pub events: Events,
}

/// A reusable set of sockets and descriptors to wait on, each with a token
/// of the caller's choice. It borrows its sockets, so it cannot outlive
/// them; registrations are kept between calls, and [`Poller::poll`]
/// allocates nothing.
///
/// In the default build it is built on `zmq_poll`; with the `draft` feature
/// on libzmq's `zmq_poller`, which also polls the thread-safe draft kinds.
///
/// A poller is not `Send` (polling uses its sockets, which their owner's
/// thread may be using too), and it cannot outlive a registered socket: with
/// the `draft` feature, destroying the `zmq_poller` touches its sockets.
///
/// ```
/// # let ctx = zmq::Context::new();
/// let a = ctx.socket::<zmq::Pull>()?;
/// a.bind("inproc://doc-poller")?;
/// let push = ctx.socket::<zmq::Push>()?;
/// push.connect("inproc://doc-poller")?;
/// push.send("x")?;
///
/// let mut poller = zmq::Poller::new();
/// poller.add(&a, zmq::Events::IN, 7)?;
/// let n = poller.poll(Some(std::time::Duration::from_secs(5)))?;
/// assert_eq!(n, 1);
/// assert_eq!(poller.ready()[0].token, 7);
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_poller")]
pub struct Poller<'a> {
    /// Not dropped in a process that inherited the poller across fork().
    backend: std::mem::ManuallyDrop<backend::Backend>,
    /// The fork generation of the process that made it.
    generation: u32,
    ready: Vec<PollEvent>,
    sockets: SocketBorrow<'a>,
}

/// Also keeps the borrow of the sockets alive until the poller is dropped
/// (dropck): the draft backend's `zmq_poller_destroy` reads every
/// registered socket.
impl Drop for Poller<'_> {
    fn drop(&mut self) {
        if crate::context::same_process(self.generation).is_ok() {
            // SAFETY: dropped once, here, and never used again.
            unsafe { std::mem::ManuallyDrop::drop(&mut self.backend) };
        }
        // Inherited across fork(): leaked, as its sockets are.
    }
}

impl Default for Poller<'_> {
    fn default() -> Self {
        Poller::new()
    }
}

impl std::fmt::Debug for Poller<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Poller")
            .field("len", &self.len())
            .field("ready", &self.ready)
            .finish()
    }
}

/// What a registration refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Socket(*mut c_void),
    Fd(RawFd),
}

impl<'a> Poller<'a> {
    /// An empty poller.
    ///
    /// # Panics
    ///
    /// With the `draft` feature, when libzmq cannot allocate a `zmq_poller`.
    #[doc(alias = "zmq_poller_new")]
    #[doc(alias = "zmq_poller_destroy")]
    pub fn new() -> Poller<'a> {
        Poller {
            backend: std::mem::ManuallyDrop::new(backend::Backend::new()),
            generation: crate::context::current_generation(),
            ready: Vec::new(),
            sockets: PhantomData,
        }
    }

    /// The number of registrations.
    #[doc(alias = "zmq_poller_size")]
    pub fn len(&self) -> usize {
        self.backend.len()
    }

    /// Whether nothing is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Registers a socket with the events to wait for and a token;
    /// `InvalidArgument` if it is registered already.
    #[doc(alias = "zmq_poller_add")]
    pub fn add<K: SocketKind>(
        &mut self,
        socket: &'a Socket<K>,
        events: Events,
        token: usize,
    ) -> Result<()> {
        self.register(Target::Socket(socket.live()?), events, token)
    }

    /// Registers a raw descriptor; `InvalidArgument` if it is registered
    /// already.
    #[doc(alias = "zmq_poller_add_fd")]
    pub fn add_fd(&mut self, fd: RawFd, events: Events, token: usize) -> Result<()> {
        self.register(Target::Fd(fd), events, token)
    }

    /// `Err(Forked)` in a process that inherited the poller across fork().
    fn live(&self) -> Result<()> {
        crate::context::same_process(self.generation)
    }

    fn register(&mut self, target: Target, events: Events, token: usize) -> Result<()> {
        self.live()?;
        // Reserve first, so that poll() never needs to grow the list.
        self.ready
            .try_reserve(self.backend.len() + 1)
            .map_err(|_| Error::NoMemory)?;
        self.backend.add(target, events, token)
    }

    /// Changes the events a registered socket waits for; `NotFound` if it is
    /// not registered.
    #[doc(alias = "zmq_poller_modify")]
    pub fn modify<K: SocketKind>(&mut self, socket: &Socket<K>, events: Events) -> Result<()> {
        self.live()?;
        self.backend.modify(Target::Socket(socket.as_raw()), events)
    }

    /// Changes the events a registered descriptor waits for.
    #[doc(alias = "zmq_poller_modify_fd")]
    pub fn modify_fd(&mut self, fd: RawFd, events: Events) -> Result<()> {
        self.live()?;
        self.backend.modify(Target::Fd(fd), events)
    }

    /// Removes a socket; `NotFound` if it is not registered.
    #[doc(alias = "zmq_poller_remove")]
    pub fn remove<K: SocketKind>(&mut self, socket: &Socket<K>) -> Result<()> {
        self.live()?;
        self.backend.remove(Target::Socket(socket.as_raw()))
    }

    /// Removes a descriptor; `NotFound` if it is not registered.
    #[doc(alias = "zmq_poller_remove_fd")]
    pub fn remove_fd(&mut self, fd: RawFd) -> Result<()> {
        self.live()?;
        self.backend.remove(Target::Fd(fd))
    }

    /// Waits until a registration is ready or the timeout expires (`None`:
    /// forever); returns the number of ready entries, which
    /// [`ready`](Self::ready) lists. A timeout is `Ok(0)`, not an error.
    ///
    /// Waiting forever on an empty poller is `InvalidArgument` (nothing
    /// could end it); with a timeout it just sleeps.
    ///
    /// To change the poller while going through the ready entries, use
    /// [`poll_into`](Self::poll_into).
    #[doc(alias = "zmq_poller_wait_all")]
    #[doc(alias = "zmq_poller_wait")]
    pub fn poll(&mut self, timeout: Option<Duration>) -> Result<usize> {
        // Capacity for every registration is reserved when it is added.
        self.live()?;
        wait(&mut self.backend, &mut self.ready, timeout)
    }

    /// As [`poll`](Self::poll), with the ready entries put in `events`, a
    /// buffer the caller owns (cleared first), so that the poller can be
    /// changed (`add`, `modify`, `remove`) while they are gone through.
    /// Reusing the buffer allocates nothing once it has room for every
    /// registration.
    ///
    /// A load balancer listens to its clients only while a worker is free:
    ///
    /// ```
    /// # use std::time::Duration;
    /// # let ctx = zmq::Context::new();
    /// let (clients, workers) = (ctx.socket::<zmq::Pull>()?, ctx.socket::<zmq::Pull>()?);
    /// # clients.bind("inproc://doc-lb-clients")?;
    /// # workers.bind("inproc://doc-lb-workers")?;
    /// # let worker = ctx.socket::<zmq::Push>()?;
    /// # worker.connect("inproc://doc-lb-workers")?;
    /// # worker.send("ready")?;
    /// let mut poller = zmq::Poller::new();
    /// poller.add(&workers, zmq::Events::IN, 0)?;
    /// poller.add(&clients, zmq::Events::empty(), 1)?; // no worker free yet
    /// let mut events = Vec::new();
    /// poller.poll_into(&mut events, Some(Duration::from_secs(5)))?;
    /// for event in &events {
    ///     if event.token == 0 {
    ///         workers.recv()?;
    ///         poller.modify(&clients, zmq::Events::IN)?; // a worker is free
    ///     }
    /// }
    /// # assert_eq!(events.len(), 1);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn poll_into(
        &mut self,
        events: &mut Vec<PollEvent>,
        timeout: Option<Duration>,
    ) -> Result<usize> {
        self.live()?;
        events.clear();
        events
            .try_reserve(self.backend.len())
            .map_err(|_| Error::NoMemory)?;
        wait(&mut self.backend, events, timeout)
    }

    /// The entries found ready by the last [`poll`](Self::poll).
    pub fn ready(&self) -> &[PollEvent] {
        &self.ready
    }

    /// A descriptor that becomes readable when a registered thread-safe
    /// socket (`Server`, `Client`, `Radio`, ...) may have become ready
    /// (`zmq_poller_fd`, draft), for an event loop that cannot wait on
    /// libzmq sockets; `InvalidArgument` until such a socket is registered
    /// (other kinds have [`Socket::fd`] instead). Each `poll` clears one
    /// signal; as with `ZMQ_FD`, check the sockets' events before waiting
    /// on it again.
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_poller_fd")]
    pub fn fd(&self) -> Result<RawFd> {
        self.live()?;
        self.backend.fd()
    }
}

/// Fills `ready` (which has room for every registration) with the entries
/// found ready; their number.
fn wait(
    backend: &mut backend::Backend,
    ready: &mut Vec<PollEvent>,
    timeout: Option<Duration>,
) -> Result<usize> {
    ready.clear();
    if backend.len() == 0 {
        let Some(timeout) = timeout else {
            return Err(Error::InvalidArgument);
        };
        std::thread::sleep(timeout);
        return Ok(0);
    }
    backend.wait(timeout_ms(timeout)?, ready)?;
    Ok(ready.len())
}

/// `zmq_poll` over a list kept here.
#[cfg(not(feature = "draft"))]
mod backend {
    use super::*;

    pub(super) struct Backend {
        items: Vec<zmq_sys::zmq_pollitem_t>,
        tokens: Vec<usize>,
    }

    fn target_of(item: &zmq_sys::zmq_pollitem_t) -> Target {
        if item.socket.is_null() {
            Target::Fd(item.fd as RawFd)
        } else {
            Target::Socket(item.socket)
        }
    }

    impl Backend {
        pub(super) fn new() -> Backend {
            Backend {
                items: Vec::new(),
                tokens: Vec::new(),
            }
        }

        pub(super) fn len(&self) -> usize {
            self.items.len()
        }

        fn find(&self, target: Target) -> Result<usize> {
            self.items
                .iter()
                .position(|i| target_of(i) == target)
                .ok_or(Error::NotFound)
        }

        pub(super) fn add(&mut self, target: Target, events: Events, token: usize) -> Result<()> {
            if self.find(target).is_ok() {
                return Err(Error::InvalidArgument);
            }
            let (socket, fd) = match target {
                Target::Socket(s) => (s, 0),
                Target::Fd(fd) => (std::ptr::null_mut(), fd as zmq_sys::zmq_fd_t),
            };
            self.items.push(zmq_sys::zmq_pollitem_t {
                socket,
                fd,
                events: events.bits(),
                revents: 0,
            });
            self.tokens.push(token);
            Ok(())
        }

        pub(super) fn modify(&mut self, target: Target, events: Events) -> Result<()> {
            let i = self.find(target)?;
            self.items[i].events = events.bits();
            Ok(())
        }

        pub(super) fn remove(&mut self, target: Target) -> Result<()> {
            let i = self.find(target)?;
            self.items.swap_remove(i);
            self.tokens.swap_remove(i);
            Ok(())
        }

        pub(super) fn wait(&mut self, timeout: c_long, ready: &mut Vec<PollEvent>) -> Result<()> {
            // SAFETY: the sockets are borrowed for the Poller's lifetime, so
            // still open, and, the Poller not being Send, used on the thread
            // that borrowed them (see `poll`).
            unsafe { zmq_poll_items(&mut self.items, timeout) }?;
            for (item, &token) in self.items.iter().zip(&self.tokens) {
                if item.revents != 0 {
                    // `ready` has room for every entry: no allocation.
                    ready.push(PollEvent {
                        token,
                        events: Events::from_bits_retain(item.revents),
                    });
                }
            }
            Ok(())
        }
    }
}

/// libzmq's `zmq_poller` (draft API).
#[cfg(feature = "draft")]
mod backend {
    use super::*;
    use std::ptr::NonNull;

    pub(super) struct Backend {
        poller: NonNull<c_void>,
        /// Output buffer for zmq_poller_wait_all, one slot per registration.
        events: Vec<zmq_sys::zmq_poller_event_t>,
        count: usize,
    }

    impl Drop for Backend {
        fn drop(&mut self) {
            let mut p = self.poller.as_ptr();
            // SAFETY: the poller is live and destroyed once; the sockets it
            // reads while destroyed are still open, as the Poller's own Drop
            // keeps their borrow alive until after this.
            unsafe { zmq_sys::zmq_poller_destroy(&mut p) };
        }
    }

    fn blank() -> zmq_sys::zmq_poller_event_t {
        zmq_sys::zmq_poller_event_t {
            socket: std::ptr::null_mut(),
            fd: 0,
            user_data: std::ptr::null_mut(),
            events: 0,
        }
    }

    /// libzmq reports an unknown socket or fd as EINVAL; the poller API here
    /// promises NotFound.
    fn not_found(e: Error) -> Error {
        if e == Error::InvalidArgument {
            Error::NotFound
        } else {
            e
        }
    }

    impl Backend {
        pub(super) fn new() -> Backend {
            // SAFETY: zmq_poller_new has no preconditions; null on failure.
            let p = unsafe { zmq_sys::zmq_poller_new() };
            match NonNull::new(p) {
                Some(poller) => Backend {
                    poller,
                    events: Vec::new(),
                    count: 0,
                },
                None => panic!("zmq_poller_new failed: {}", Error::last()),
            }
        }

        pub(super) fn len(&self) -> usize {
            self.count
        }

        pub(super) fn fd(&self) -> Result<RawFd> {
            let mut fd: zmq_sys::zmq_fd_t = 0;
            // SAFETY: live poller; fd is a valid out-pointer.
            check(unsafe { zmq_sys::zmq_poller_fd(self.poller.as_ptr(), &mut fd) })?;
            Ok(fd as RawFd)
        }

        pub(super) fn add(&mut self, target: Target, events: Events, token: usize) -> Result<()> {
            self.events.try_reserve(1).map_err(|_| Error::NoMemory)?;
            let p = self.poller.as_ptr();
            let data = token as *mut c_void;
            // SAFETY: live poller; the socket is borrowed for the Poller's
            // lifetime and, the Poller not being Send, used on the thread
            // that borrowed it (see `poll`); user_data is an opaque token.
            let rc = unsafe {
                match target {
                    Target::Socket(s) => zmq_sys::zmq_poller_add(p, s, data, events.bits()),
                    Target::Fd(fd) => {
                        zmq_sys::zmq_poller_add_fd(p, fd as zmq_sys::zmq_fd_t, data, events.bits())
                    }
                }
            };
            check(rc)?;
            self.events.push(blank());
            self.count += 1;
            Ok(())
        }

        pub(super) fn modify(&mut self, target: Target, events: Events) -> Result<()> {
            let p = self.poller.as_ptr();
            // SAFETY: live poller; an unknown target is an error, not UB.
            let rc = unsafe {
                match target {
                    Target::Socket(s) => zmq_sys::zmq_poller_modify(p, s, events.bits()),
                    Target::Fd(fd) => {
                        zmq_sys::zmq_poller_modify_fd(p, fd as zmq_sys::zmq_fd_t, events.bits())
                    }
                }
            };
            check(rc).map(drop).map_err(not_found)
        }

        pub(super) fn remove(&mut self, target: Target) -> Result<()> {
            let p = self.poller.as_ptr();
            // SAFETY: live poller; an unknown target is an error, not UB.
            let rc = unsafe {
                match target {
                    Target::Socket(s) => zmq_sys::zmq_poller_remove(p, s),
                    Target::Fd(fd) => zmq_sys::zmq_poller_remove_fd(p, fd as zmq_sys::zmq_fd_t),
                }
            };
            check(rc).map_err(not_found)?;
            self.count -= 1;
            self.events.truncate(self.count);
            Ok(())
        }

        pub(super) fn wait(&mut self, timeout: c_long, ready: &mut Vec<PollEvent>) -> Result<()> {
            let n = i32::try_from(self.count).map_err(|_| Error::InvalidArgument)?;
            // SAFETY: live poller; events has room for `count` entries; the
            // sockets are open and used on this thread only (see `add`).
            let rc = unsafe {
                zmq_sys::zmq_poller_wait_all(
                    self.poller.as_ptr(),
                    self.events.as_mut_ptr(),
                    n,
                    timeout,
                )
            };
            let found = match check(rc) {
                Ok(found) => found as usize,
                Err(Error::Again) => 0,
                Err(e) => return Err(e),
            };
            for e in &self.events[..found.min(self.count)] {
                ready.push(PollEvent {
                    token: e.user_data as usize,
                    events: Events::from_bits_retain(e.events),
                });
            }
            Ok(())
        }
    }
}
