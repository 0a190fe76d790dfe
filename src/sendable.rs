//! `Sendable`: what the send methods of a socket accept, and the path each
//! type takes into libzmq.

use crate::error::{check, Result};
use crate::message::Message;
use std::ffi::c_void;

/// A value that [`Socket::send`](crate::Socket::send) and the other send
/// methods accept: every type that converts into a [`Message`] in this crate.
///
/// The point of the trait is the path to libzmq, which depends on the type:
///
/// - **borrowed bytes** (`&[u8]`, `&[u8; N]`, `[u8; N]`, `&str`, `&String`,
///   `&Vec<u8>`) go straight to `zmq_send`, which copies them into a new
///   message built in place, as a C program does: no `zmq_msg_t` is built on
///   the Rust side and moved (the sent message needs no close either);
/// - **owned buffers** (`Vec<u8>`, `Box<[u8]>`, `String`, and with feature
///   `bytes` `bytes::Bytes`) become a [`Message`] first, handed to libzmq
///   without a copy above [`ZERO_COPY_THRESHOLD`](crate::ZERO_COPY_THRESHOLD)
///   bytes, and go through `zmq_msg_send`; so do a `Message` and a
///   `&Message` (which shares the content, as `clone` does).
///
/// The trait is sealed: to send a type of your own, make a `Message` of it
/// (`Message::from_owner` takes any `AsRef<[u8]>` owner without a copy).
/// Generic code can bound on `Sendable`; it implies `Into<Message>`.
///
/// ```
/// # let ctx = zmq::Context::new();
/// # let pull = ctx.socket::<zmq::Pull>()?;
/// # pull.bind("inproc://doc-sendable")?;
/// # let push = ctx.socket::<zmq::Push>()?;
/// # push.connect("inproc://doc-sendable")?;
/// fn send_all<T: zmq::Sendable>(push: &zmq::Socket<zmq::Push>, items: Vec<T>) -> zmq::Result<()> {
///     items.into_iter().try_for_each(|item| push.send(item))
/// }
/// send_all(&push, vec!["a", "b"])?;
/// send_all(&push, vec![vec![0u8; 1000]])?;
/// assert_eq!(pull.recv()?, "a");
/// # assert_eq!(pull.recv()?, "b");
/// # assert_eq!(pull.recv()?.len(), 1000);
/// # Ok::<(), zmq::Error>(())
/// ```
pub trait Sendable: Into<Message> + private::Sealed {}

pub(crate) mod private {
    use super::*;

    /// The sealed half of [`Sendable`](super::Sendable), with its method.
    pub trait Sealed {
        /// Sends `self` as one frame (`zmq_send` or `zmq_msg_send`).
        ///
        /// # Safety
        ///
        /// `socket` must be a live libzmq socket that no other thread uses
        /// meanwhile, unless its kind is thread-safe, or null (a socket's
        /// fork slot in a forked child): libzmq then fails with `ENOTSOCK`
        /// before it touches anything, and an owned message is closed by
        /// its drop.
        unsafe fn send_raw(self, socket: *mut c_void, flags: i32) -> Result<()>;
    }
}

/// Sends borrowed bytes as C does: `zmq_send` copies them into a message
/// it builds in place.
///
/// # Safety
///
/// As [`private::Sealed::send_raw`].
#[inline(always)]
unsafe fn send_bytes(data: &[u8], socket: *mut c_void, flags: i32) -> Result<()> {
    // SAFETY: the caller vouches for the socket (live, or null: ENOTSOCK);
    // `data` is valid for `data.len()` bytes (non-null even when empty),
    // which libzmq copies before it returns.
    check(unsafe { zmq_sys::zmq_send(socket, data.as_ptr().cast(), data.len(), flags) }).map(drop)
}

/// Sends a message, giving it up.
///
/// # Safety
///
/// As [`private::Sealed::send_raw`].
#[inline(always)]
unsafe fn send_message(mut msg: Message, socket: *mut c_void, flags: i32) -> Result<()> {
    // SAFETY: the caller vouches for the socket (live, or null: ENOTSOCK);
    // the message is initialised and owned here. On failure `?` drops, and
    // so closes, the message.
    check(unsafe { zmq_sys::zmq_msg_send(msg.as_raw_mut(), socket, flags) })?;
    // A sent message is left empty by libzmq and needs no zmq_msg_close
    // (zmq_msg_send(3)): skipping it saves a call per message.
    std::mem::forget(msg);
    Ok(())
}

/// Implements `Sendable` for borrowed byte types (`zmq_send`): `$bytes`
/// turns `self` into a `&[u8]`.
macro_rules! by_bytes {
    ($([$($gen:tt)*] $ty:ty, |$s:ident| $bytes:expr;)*) => {$(
        impl<$($gen)*> Sendable for $ty {}
        impl<$($gen)*> private::Sealed for $ty {
            #[inline(always)]
            unsafe fn send_raw(self, socket: *mut c_void, flags: i32) -> Result<()> {
                let $s = self;
                // SAFETY: forwarded to the caller.
                unsafe { send_bytes($bytes, socket, flags) }
            }
        }
    )*};
}

by_bytes! {
    [] &[u8], |s| s;
    [const N: usize] &[u8; N], |s| &s[..];
    [const N: usize] [u8; N], |s| &s[..];
    [] &str, |s| s.as_bytes();
    [] &String, |s| s.as_bytes();
    [] &Vec<u8>, |s| &s[..];
}

/// Implements `Sendable` for owned types and messages (`zmq_msg_send` of
/// `Message::from(self)`).
macro_rules! by_message {
    ($($(#[$attr:meta])* $ty:ty;)*) => {$(
        $(#[$attr])*
        impl Sendable for $ty {}
        $(#[$attr])*
        impl private::Sealed for $ty {
            #[inline(always)]
            unsafe fn send_raw(self, socket: *mut c_void, flags: i32) -> Result<()> {
                // SAFETY: forwarded to the caller.
                unsafe { send_message(Message::from(self), socket, flags) }
            }
        }
    )*};
}

by_message! {
    Message;
    &Message;
    Vec<u8>;
    Box<[u8]>;
    String;
    #[cfg(feature = "bytes")]
    bytes::Bytes;
}
