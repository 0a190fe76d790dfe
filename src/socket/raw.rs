//! Raw socket handles given up to C code, or borrowed from it.

use super::kind::{Dynamic, KnownKind, SocketKind};
use super::Socket;
use crate::{Context, Error, Result};
use std::ffi::c_void;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

/// # Raw handles, for C code
impl<K: SocketKind> Socket<K> {
    /// The raw `void *` socket, for C calls. It stays valid while `self`
    /// lives; do not close it. In a forked child it is the parent's socket:
    /// see [`Context`]'s section on fork.
    pub fn as_raw(&self) -> *mut c_void {
        self.raw.as_ptr()
    }

    /// Takes ownership of a socket made by C code in `ctx`; it is closed on
    /// drop. Fails with `InvalidArgument` if its type is not `K`'s.
    /// To use a socket that C code keeps owning, see [`SocketRef`].
    ///
    /// # Safety
    ///
    /// `raw` must be a live socket created in `ctx`, and nothing else may use
    /// or close it afterwards. The crate's guards cannot see what C code did
    /// before: a STREAM socket must not have an `inproc://` endpoint, and a
    /// DGRAM socket must have exactly one endpoint (libzmq aborts in either
    /// case, see [`Socket::bind`]).
    pub unsafe fn from_raw(ctx: &Context, raw: *mut c_void) -> Result<Socket<K>>
    where
        K: KnownKind,
    {
        let raw = NonNull::new(raw).ok_or(Error::Fault)?;
        // SAFETY: the caller vouches for raw; Dynamic accepts any type.
        let sock: Socket<Dynamic> = unsafe { Socket::from_parts(raw, ctx.clone()) };
        // Whether C code gave a DGRAM its endpoint is unknown: trust it.
        sock.dgram.set_has_pipe::<Dynamic>(true);
        sock.downcast::<K>().map_err(|(sock, e)| {
            // Do not close a socket we refused to own.
            sock.release();
            e
        })
    }

    /// Gives the socket up to C code: the raw `void *`, which Rust no
    /// longer closes. The caller closes it (`zmq_close`) and keeps its
    /// context alive until then (C code that owns the socket holds the
    /// context, e.g. one given away with [`Context::into_raw`], or a
    /// [`Context`] handle kept in Rust). A [`Monitor`](crate::Monitor) of
    /// this socket stops reading events: it no longer touches the socket.
    ///
    /// ```
    /// let ctx = zmq::Context::new();
    /// let raw = ctx.socket::<zmq::Pair>()?.into_raw();
    /// // SAFETY: raw is a live socket that we now own; closed once.
    /// assert_eq!(unsafe { zmq::sys::zmq_close(raw) }, 0);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn into_raw(self) -> *mut c_void {
        self.release()
    }

    /// Lets go of the raw socket without closing it: releases the context
    /// handle and tells monitors the socket is no longer theirs to touch.
    pub(super) fn release(self) -> *mut c_void {
        let this = ManuallyDrop::new(self);
        // In a forked child the link's lock may have been held by a parent
        // thread at the fork: leave it alone, as Drop does, and the fork
        // slot taken.
        if crate::context::same_process(this.generation).is_ok() {
            if let Some(link) = this.link.get() {
                link.close(|| {});
            }
            // SAFETY: `this` is never used as a socket again.
            unsafe { this.slot.release() };
        }
        // SAFETY: the context handle and the link are read out exactly once
        // and dropped; `this` is never dropped, so the socket is not closed.
        unsafe {
            drop(std::ptr::read(&this.ctx));
            drop(std::ptr::read(&this.link));
        }
        this.raw.as_ptr()
    }
}

/// A socket that C code owns, used from Rust without owning it (cppzmq's
/// `socket_ref`, pyzmq's `Socket.shadow`): it derefs to [`Socket<K>`], so
/// every `&self` method works, and dropping it never closes the socket.
/// Nothing reachable from it can close the socket: methods that consume a
/// `Socket` (`into_raw`, `into_dynamic`) need the owned value, which a
/// `SocketRef` never hands out.
///
/// ```
/// let ctx = zmq::Context::new();
/// let owner = ctx.socket::<zmq::Pair>()?; // stands for a C owner
/// // SAFETY: `owner` keeps the socket open while `borrowed` lives, and
/// // nothing else uses it meanwhile.
/// let borrowed = unsafe { zmq::SocketRef::<zmq::Pair>::from_raw(&ctx, owner.as_raw())? };
/// borrowed.bind("inproc://doc-socket-ref")?;
/// drop(borrowed); // not closed
/// assert!(owner.last_endpoint()?.starts_with("inproc://"));
/// # Ok::<(), zmq::Error>(())
/// ```
pub struct SocketRef<'a, K: SocketKind> {
    sock: ManuallyDrop<Socket<K>>,
    borrow: PhantomData<&'a c_void>,
}

impl<'a, K: KnownKind> SocketRef<'a, K> {
    /// Borrows a socket that C code made in `ctx` and keeps owning. Fails
    /// with [`Error::InvalidArgument`] if its type is not `K`'s (and
    /// [`Error::Fault`] for null); the socket is left as it was.
    ///
    /// # Safety
    ///
    /// For the whole lifetime `'a` (chosen by the caller, as for
    /// [`std::slice::from_raw_parts`]):
    /// - `raw` is a live socket created in the context `ctx` wraps, and its
    ///   owner neither closes it nor terminates that context;
    /// - nothing else uses the socket concurrently (libzmq sockets, except
    ///   the thread-safe draft kinds, are not thread-safe): the C owner
    ///   resumes using it only after the `SocketRef` is dropped;
    /// - a STREAM socket has no `inproc://` endpoint, and a DGRAM socket
    ///   exactly one (the crate's guards cannot see what C code did).
    pub unsafe fn from_raw(ctx: &Context, raw: *mut c_void) -> Result<SocketRef<'a, K>> {
        let raw = NonNull::new(raw).ok_or(Error::Fault)?;
        // SAFETY: the caller vouches that raw is a live socket of ctx; the
        // Socket made here is never dropped as such (ManuallyDrop below, or
        // `release` on a type mismatch), so it never closes raw.
        let sock: Socket<Dynamic> = unsafe { Socket::from_parts(raw, ctx.clone()) };
        match sock.downcast::<K>() {
            Ok(sock) => Ok(SocketRef {
                sock: ManuallyDrop::new(sock),
                borrow: PhantomData,
            }),
            Err((sock, e)) => {
                sock.release();
                Err(e)
            }
        }
    }
}

impl<K: SocketKind> Deref for SocketRef<'_, K> {
    type Target = Socket<K>;

    fn deref(&self) -> &Socket<K> {
        &self.sock
    }
}

impl<K: SocketKind> Drop for SocketRef<'_, K> {
    fn drop(&mut self) {
        // SAFETY: `sock` is taken exactly once, here, and never used again.
        let sock = unsafe { ManuallyDrop::take(&mut self.sock) };
        sock.release();
    }
}

impl<K: SocketKind> std::fmt::Debug for SocketRef<'_, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SocketRef").field(&*self.sock).finish()
    }
}
