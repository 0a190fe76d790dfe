//! `Context`: the libzmq context, shared by handle, terminated exactly once.

use crate::error::{check, Error, Result};
use crate::socket::kind::KnownKind;
use crate::socket::{Dynamic, Socket, SocketType};
use std::ffi::c_void;
use std::fmt;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// How many `fork()`s separate this process from the first one that made a
/// context: bumped in the child by a `pthread_atfork` handler. Each context
/// and socket remembers the value of the process that made it, so an object
/// inherited across `fork()` is told apart with one relaxed load and compare
/// (no `getpid()`, which glibc does not cache, on the hot path). In the
/// child the handler runs in the thread that returns from `fork()`, the only
/// thread there, so that thread sees the new value.
static FORK_GENERATION: AtomicU32 = AtomicU32::new(0);

#[cfg(unix)]
extern "C" fn forked_child() {
    // Async-signal-safe: a lock-free atomic add, then plain memory writes.
    FORK_GENERATION.fetch_add(1, Ordering::Relaxed);
    crate::fork_slot::wipe_in_child();
}

/// Registers the fork handler (once per process) and returns the current
/// generation, for a new context (or another object that calls libzmq).
pub(crate) fn current_generation() -> u32 {
    #[cfg(unix)]
    {
        static REGISTER: std::sync::Once = std::sync::Once::new();
        REGISTER.call_once(|| {
            // SAFETY: registers a child handler that does only atomic
            // operations and plain stores to memory it owns (no lock, no
            // allocation: see fork_slot::wipe_in_child); a failure (ENOMEM)
            // leaves fork detection off, as before.
            unsafe { libc::pthread_atfork(None, None, Some(forked_child)) };
        });
    }
    FORK_GENERATION.load(Ordering::Relaxed)
}

/// `Ok` when an object made in fork generation `generation` belongs to this
/// process, [`Error::Forked`] when it was inherited across `fork()` and so
/// must not reach libzmq. One relaxed atomic load.
#[inline(always)]
pub(crate) fn same_process(generation: u32) -> Result<()> {
    if FORK_GENERATION.load(Ordering::Relaxed) == generation {
        Ok(())
    } else {
        Err(Error::Forked)
    }
}

/// A ZeroMQ context (`zmq_ctx_new`): the container of sockets and I/O
/// threads.
///
/// `Clone` makes another handle to the same context; it is `Send + Sync`
/// (libzmq contexts are thread-safe), so handles go to any thread. Every
/// socket holds a handle, so a context lives as long as its last socket or
/// handle; `zmq_ctx_term` then runs exactly once.
///
/// # Termination and the classic hang
///
/// libzmq's `zmq_ctx_term` waits until every socket's queued outgoing
/// messages are delivered or their `ZMQ_LINGER` expired. libzmq's default
/// linger is "forever", so dropping the last handle while a message waits
/// for a peer that never comes blocks that drop. This keeps libzmq's promise
/// that nothing queued is lost. To say once that a program never waits, build
/// the context with [`ContextBuilder::blocky`]`(false)`: its sockets then
/// default to a linger of 0 (or set [`Socket::set_linger`] per socket).
///
/// ```
/// let ctx = zmq::Context::new();
/// let push = ctx.socket::<zmq::Push>()?;
/// push.bind("inproc://example-context")?;
/// # Ok::<(), zmq::Error>(())
/// ```
///
/// # Fork
///
/// libzmq objects do not survive `fork()`: the child has none of the
/// parent's I/O threads, and shares the parent's descriptors. As pyzmq does,
/// a context and its sockets remember the process that made them. In a
/// forked child every call on an inherited context or socket fails with
/// [`Error::Forked`] without reaching an inherited libzmq object (which
/// would hang in `zmq_ctx_term`, report `Interrupted` forever, or steal the
/// parent's wake-ups; sending and receiving hand libzmq a null socket, which
/// it refuses at once), and dropping them leaks them by design: their memory is the
/// child's copy, their descriptors stay open until the child exits or execs
/// (libzmq opens them close-on-exec). [`Message`](crate::Message)s are plain
/// memory and work in the child. The child makes a new `Context` for its own
/// sockets. Detection relies on a `pthread_atfork` handler, so a child made
/// without running the handlers (a raw `clone` syscall, glibc's `_Fork`) is
/// not detected.
#[doc(alias = "zmq_ctx_new")]
#[derive(Clone)]
pub struct Context {
    inner: Arc<RawContext>,
}

/// The one owner of a `void *` context; terminates it on drop.
struct RawContext {
    ptr: NonNull<c_void>,
    /// False for a context borrowed from C code with `from_raw_unowned`.
    owned: bool,
    /// The fork generation of the process that made (or wrapped) it.
    generation: u32,
}

// SAFETY: libzmq contexts are thread-safe: every zmq_ctx_* call and
// zmq_socket may be made from any thread concurrently.
unsafe impl Send for RawContext {}
// SAFETY: as above; &RawContext only hands out the pointer to thread-safe calls.
unsafe impl Sync for RawContext {}

impl RawContext {
    /// Terminates the context (`zmq_ctx_term`, retried when a signal
    /// interrupts it, as libzmq requires) unless it is borrowed or already
    /// terminated; afterwards the pointer is never used again.
    fn terminate(&mut self) -> Result<()> {
        if !self.owned {
            return Ok(());
        }
        // In a forked child, zmq_ctx_term would wait forever for the
        // parent's reaper thread: leak the context instead.
        same_process(self.generation)?;
        self.owned = false;
        loop {
            // SAFETY: the caller holds the last handle (Arc), so no socket
            // of ours is alive and no call can race with the termination;
            // the pointer came from zmq_ctx_new or an owning from_raw, and
            // `owned` is now false, so it is terminated only once.
            match check(unsafe { zmq_sys::zmq_ctx_term(self.ptr.as_ptr()) }) {
                Ok(_) => return Ok(()),
                Err(Error::Interrupted) => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for RawContext {
    fn drop(&mut self) {
        // Errors (EFAULT) leave nothing to do.
        let _ = self.terminate();
    }
}

impl Context {
    /// A new context with libzmq's defaults (one I/O thread).
    ///
    /// # Panics
    ///
    /// When libzmq cannot create a context (out of memory or out of file
    /// descriptors); [`Context::builder`] reports that as an error instead.
    #[doc(alias = "zmq_ctx_new")]
    pub fn new() -> Context {
        match Context::try_new() {
            Ok(ctx) => ctx,
            Err(e) => panic!("zmq_ctx_new failed: {e}"),
        }
    }

    /// A new context, or the error that kept libzmq from making one.
    pub fn try_new() -> Result<Context> {
        let generation = current_generation();
        // SAFETY: zmq_ctx_new has no preconditions; null means failure.
        let ptr = unsafe { zmq_sys::zmq_ctx_new() };
        let ptr = NonNull::new(ptr).ok_or_else(Error::last)?;
        Ok(Context::wrap(ptr, true, generation))
    }

    fn wrap(ptr: NonNull<c_void>, owned: bool, generation: u32) -> Context {
        Context {
            inner: Arc::new(RawContext {
                ptr,
                owned,
                generation,
            }),
        }
    }

    /// The fork generation this context (and so its sockets) belongs to.
    pub(crate) fn generation(&self) -> u32 {
        self.inner.generation
    }

    /// The raw pointer, or [`Error::Forked`] in a process that inherited
    /// this context across `fork()`: every libzmq call on it goes through
    /// here.
    #[inline]
    pub(crate) fn live(&self) -> Result<*mut c_void> {
        same_process(self.inner.generation)?;
        Ok(self.inner.ptr.as_ptr())
    }

    /// A builder for a context with options set before its first socket.
    pub fn builder() -> ContextBuilder {
        ContextBuilder::default()
    }

    /// A new socket of kind `K`, e.g. `ctx.socket::<zmq::Req>()`.
    ///
    /// Fails with [`Error::Terminated`] after [`Context::shutdown`], and with
    /// [`Error::TooManyOpenFiles`] past `ZMQ_MAX_SOCKETS`.
    #[doc(alias = "zmq_socket")]
    ///
    /// In a forked child, a context inherited from the parent fails with
    /// [`Error::Forked`].
    pub fn socket<K: KnownKind>(&self) -> Result<Socket<K>> {
        let raw = self.raw_socket(K::TYPE)?;
        // SAFETY: raw was just created by zmq_socket with K's type in this
        // context, and nothing else owns it.
        Ok(unsafe { Socket::from_parts(raw, self.clone()) })
    }

    /// A new socket whose kind is chosen at run time.
    #[doc(alias = "zmq_socket")]
    pub fn socket_of_type(&self, kind: SocketType) -> Result<Socket<Dynamic>> {
        let raw = self.raw_socket(kind)?;
        // SAFETY: as in `socket`; Dynamic accepts every kind.
        Ok(unsafe { Socket::from_parts(raw, self.clone()) })
    }

    fn raw_socket(&self, kind: SocketType) -> Result<NonNull<c_void>> {
        // SAFETY: the context pointer is live while self is; zmq_socket is
        // thread-safe and returns null with errno set on failure (ETERM after
        // shutdown, never a dangling pointer).
        let raw = unsafe { zmq_sys::zmq_socket(self.live()?, kind.raw()) };
        NonNull::new(raw).ok_or_else(Error::last)
    }

    /// Shuts the context down without terminating it (`zmq_ctx_shutdown`):
    /// every blocking call on its sockets, in any thread, returns
    /// [`Error::Terminated`], as do later calls and new sockets. Sockets
    /// must still be dropped; the context is freed when the last handle goes.
    ///
    /// Shutting down discards nothing by itself: the termination that
    /// follows still waits, for each socket, until its queued messages are
    /// delivered or its linger ([`Socket::set_linger`], forever by default)
    /// expires. See the crate-level section
    /// [Shutting down](crate#shutting-down) for the whole pattern.
    #[doc(alias = "zmq_ctx_shutdown")]
    pub fn shutdown(&self) -> Result<()> {
        // SAFETY: the pointer is live; zmq_ctx_shutdown is thread-safe and
        // may be called more than once.
        check(unsafe { zmq_sys::zmq_ctx_shutdown(self.live()?) }).map(drop)
    }

    /// Terminates the context now if this is its last handle
    /// (`zmq_ctx_term`, waiting for linger as libzmq does) and reports the
    /// result. If sockets or other handles still exist, the context is shut
    /// down instead (their blocking calls return [`Error::Terminated`]) and
    /// terminated when the last of them is dropped. In a forked child, an
    /// inherited context is left alone and the result is [`Error::Forked`].
    #[doc(alias = "zmq_ctx_term")]
    #[doc(alias = "zmq_ctx_destroy")]
    #[doc(alias = "zmq_term")]
    pub fn term(self) -> Result<()> {
        match Arc::try_unwrap(self.inner) {
            Ok(mut raw) => raw.terminate(),
            Err(shared) => Context { inner: shared }.shutdown(),
        }
    }

    /// The raw `void *` context, for calls into C code that shares it.
    /// It stays valid while this handle (or any socket) lives.
    pub fn as_raw(&self) -> *mut c_void {
        self.inner.ptr.as_ptr()
    }

    /// Gives the context up to C code (as [`Arc::try_unwrap`]): `Ok` with
    /// the raw `void *` when this is the last handle (no clone, no socket
    /// left), which Rust then never terminates: the caller owns it and ends
    /// it with `zmq_ctx_term`. Otherwise the context comes back unchanged as
    /// `Err`, as it does for a context Rust does not own
    /// ([`Context::from_raw_unowned`]), whose owner is elsewhere already.
    ///
    /// ```
    /// let ctx = zmq::Context::new();
    /// let raw = ctx.into_raw().map_err(|_| "still shared")?;
    /// // SAFETY: raw came from into_raw: we own it, and terminate it once.
    /// assert_eq!(unsafe { zmq::sys::zmq_ctx_term(raw) }, 0);
    /// # Ok::<(), &str>(())
    /// ```
    pub fn into_raw(self) -> std::result::Result<*mut c_void, Context> {
        if !self.inner.owned {
            return Err(self);
        }
        match Arc::try_unwrap(self.inner) {
            Ok(raw) => {
                // Not dropped: the termination is the new owner's job.
                let raw = std::mem::ManuallyDrop::new(raw);
                Ok(raw.ptr.as_ptr())
            }
            Err(shared) => Err(Context { inner: shared }),
        }
    }

    /// Wraps a context made by C code and takes ownership: it is terminated
    /// when the last Rust handle goes, so C must not terminate it.
    ///
    /// # Safety
    ///
    /// `raw` must be a live context from `zmq_ctx_new` that nothing else will
    /// terminate.
    pub unsafe fn from_raw(raw: *mut c_void) -> Result<Context> {
        let ptr = NonNull::new(raw).ok_or(Error::Fault)?;
        Ok(Context::wrap(ptr, true, current_generation()))
    }

    /// Wraps a context owned by C code without taking ownership: Rust never
    /// terminates it.
    ///
    /// # Safety
    ///
    /// `raw` must be a live context that outlives every Rust handle and
    /// socket made from it.
    pub unsafe fn from_raw_unowned(raw: *mut c_void) -> Result<Context> {
        let ptr = NonNull::new(raw).ok_or(Error::Fault)?;
        Ok(Context::wrap(ptr, false, current_generation()))
    }

    /// Reads an integer context option (`zmq_ctx_get`).
    #[doc(alias = "zmq_ctx_get")]
    pub(crate) fn get_int(&self, option: i32) -> Result<i32> {
        // SAFETY: the pointer is live; zmq_ctx_get is thread-safe.
        check(unsafe { zmq_sys::zmq_ctx_get(self.live()?, option) })
    }

    /// Sets an integer context option (`zmq_ctx_set`).
    #[doc(alias = "zmq_ctx_set")]
    pub(crate) fn set_int(&self, option: i32, value: i32) -> Result<()> {
        // SAFETY: the pointer is live; zmq_ctx_set is thread-safe.
        check(unsafe { zmq_sys::zmq_ctx_set(self.live()?, option, value) }).map(drop)
    }
}

impl Default for Context {
    fn default() -> Context {
        Context::new()
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("raw", &self.inner.ptr)
            .finish()
    }
}

impl PartialEq for Context {
    /// Handles are equal when they refer to the same context.
    fn eq(&self, other: &Context) -> bool {
        self.inner.ptr == other.inner.ptr
    }
}

impl Eq for Context {}

/// Builds a [`Context`] with options applied before any socket exists.
///
/// ```
/// let ctx = zmq::Context::builder().io_threads(2).max_sockets(64).build()?;
/// assert_eq!(ctx.io_threads()?, 2);
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ContextBuilder {
    pub(crate) options: Vec<crate::context_options::CtxOption>,
}

impl ContextBuilder {
    /// Creates the context and applies the options in the order they were
    /// given; the first option libzmq rejects is the error.
    pub fn build(&self) -> Result<Context> {
        let ctx = Context::try_new()?;
        for option in &self.options {
            option.apply(&ctx)?;
        }
        Ok(ctx)
    }
}
