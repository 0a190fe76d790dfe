//! Errors: libzmq's `errno` values as a typed enum.

use crate::table::{left_of, right_of};
use std::ffi::CStr;

/// `Result<T, zmq::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error reported by libzmq (its `errno`), or by this crate's checks of
/// the arguments before they reach libzmq.
///
/// `Display` is libzmq's own message (`zmq_strerror`). Codes without a variant
/// of their own arrive as [`Error::Other`]; new variants may be added, so
/// matches need a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
#[error("{}", self.message())]
pub enum Error {
    /// `EAGAIN`: a non-blocking call would block, or a timeout
    /// (`ZMQ_RCVTIMEO`, `ZMQ_SNDTIMEO`) expired.
    Again,
    /// `EINTR`: a signal interrupted a blocking call. Calls are never retried
    /// behind the caller's back; retry if the signal was not meant to stop it.
    Interrupted,
    /// `ETERM`: the socket's context was shut down or terminated.
    Terminated,
    /// `EINVAL`: an invalid argument (a malformed endpoint, an option the
    /// socket kind does not accept, a value out of range, a NUL byte in a
    /// string).
    InvalidArgument,
    /// `EFAULT`: an invalid pointer or socket handle reached libzmq.
    Fault,
    /// `ENOMEM`: out of memory.
    NoMemory,
    /// `ENOTSUP`: the operation is not supported by this socket kind or build.
    NotSupported,
    /// `EPROTONOSUPPORT`: the endpoint's transport is unknown or not compiled in.
    ProtocolNotSupported,
    /// `ENOCOMPATPROTO`: the transport does not work with this socket kind.
    IncompatibleProtocol,
    /// `EADDRINUSE`: the address is already in use.
    AddrInUse,
    /// `EADDRNOTAVAIL`: the address is not local, or the interface has none.
    AddrNotAvailable,
    /// `ENODEV`: the named network interface does not exist.
    NoDevice,
    /// `ENOENT`: no such endpoint (for `unbind`/`disconnect`), file or
    /// directory.
    NotFound,
    /// `EHOSTUNREACH`: a ROUTER with `ZMQ_ROUTER_MANDATORY` has no peer with
    /// that routing id, or a peer is gone.
    HostUnreachable,
    /// `EFSM`: the operation is not valid in the socket's current state (REQ
    /// and REP lockstep).
    InvalidState,
    /// `EMFILE`: the process or the context ran out of file descriptors or
    /// sockets (`ZMQ_MAX_SOCKETS`).
    TooManyOpenFiles,
    /// `ENOTSOCK`: the handle is not a valid socket.
    NotSocket,
    /// `EMTHREAD`: no I/O thread is available for the operation.
    NoThread,
    /// `EMSGSIZE`: the message is too large.
    MessageTooLong,
    /// `ENOBUFS`: no buffer space available.
    NoBufferSpace,
    /// `EACCES`: permission denied.
    PermissionDenied,
    /// `EAFNOSUPPORT`: address family not supported.
    AddressFamilyNotSupported,
    /// `ENETDOWN`: the network is down.
    NetworkDown,
    /// `ENETUNREACH`: the network is unreachable.
    NetworkUnreachable,
    /// `ECONNREFUSED`: the connection was refused.
    ConnectionRefused,
    /// `ECONNABORTED`: the connection was aborted.
    ConnectionAborted,
    /// `ECONNRESET`: the connection was reset by the peer.
    ConnectionReset,
    /// `ENOTCONN`: the socket is not connected.
    NotConnected,
    /// `ETIMEDOUT`: the operation timed out at the transport level.
    TimedOut,
    /// `EINPROGRESS`: an operation is already in progress.
    InProgress,
    /// The context or socket was inherited across `fork()`: it belongs to
    /// the parent process, and libzmq objects do not survive a fork (their
    /// I/O threads exist only in the parent, their descriptors are shared
    /// with it). A forked child makes a new [`Context`](crate::Context) of
    /// its own. Its errno is `ENOTRECOVERABLE`, which libzmq never reports.
    Forked,
    /// `EILSEQ`: text received or converted from a [`Message`](crate::Message)
    /// is not valid UTF-8 (this crate's check; libzmq never reports it).
    InvalidUtf8,
    /// `EBADMSG`: a CURVE certificate's text is malformed (this crate's
    /// check; see [`Certificate::parse`](crate::curve::Certificate::parse)
    /// for what a valid one holds).
    InvalidCertificate,
    /// Any other `errno` value.
    Other(i32),
}

/// The `errno` value of each variant that has one of its own.
const TABLE: &[(Error, i32)] = &[
    (Error::Again, libc::EAGAIN),
    (Error::Interrupted, libc::EINTR),
    (Error::Terminated, zmq_sys::ETERM),
    (Error::InvalidArgument, libc::EINVAL),
    (Error::Fault, libc::EFAULT),
    (Error::NoMemory, libc::ENOMEM),
    (Error::NotSupported, libc::ENOTSUP),
    (Error::ProtocolNotSupported, libc::EPROTONOSUPPORT),
    (Error::IncompatibleProtocol, zmq_sys::ENOCOMPATPROTO),
    (Error::AddrInUse, libc::EADDRINUSE),
    (Error::AddrNotAvailable, libc::EADDRNOTAVAIL),
    (Error::NoDevice, libc::ENODEV),
    (Error::NotFound, libc::ENOENT),
    (Error::HostUnreachable, libc::EHOSTUNREACH),
    (Error::InvalidState, zmq_sys::EFSM),
    (Error::TooManyOpenFiles, libc::EMFILE),
    (Error::NotSocket, libc::ENOTSOCK),
    (Error::NoThread, zmq_sys::EMTHREAD),
    (Error::MessageTooLong, libc::EMSGSIZE),
    (Error::NoBufferSpace, libc::ENOBUFS),
    (Error::PermissionDenied, libc::EACCES),
    (Error::AddressFamilyNotSupported, libc::EAFNOSUPPORT),
    (Error::NetworkDown, libc::ENETDOWN),
    (Error::NetworkUnreachable, libc::ENETUNREACH),
    (Error::ConnectionRefused, libc::ECONNREFUSED),
    (Error::ConnectionAborted, libc::ECONNABORTED),
    (Error::ConnectionReset, libc::ECONNRESET),
    (Error::NotConnected, libc::ENOTCONN),
    (Error::TimedOut, libc::ETIMEDOUT),
    (Error::InProgress, libc::EINPROGRESS),
    (Error::Forked, libc::ENOTRECOVERABLE),
    (Error::InvalidUtf8, libc::EILSEQ),
    (Error::InvalidCertificate, libc::EBADMSG),
];

impl Error {
    /// The error for an `errno` value.
    pub fn from_errno(errno: i32) -> Error {
        // EWOULDBLOCK is EAGAIN on every platform libzmq supports but Windows
        // (where libzmq reports EAGAIN itself).
        left_of(TABLE, &errno).unwrap_or(Error::Other(errno))
    }

    /// The error libzmq reports for the calling thread (`zmq_errno()`).
    #[doc(alias = "zmq_errno")]
    pub fn last() -> Error {
        // SAFETY: zmq_errno only reads the thread's errno.
        Error::from_errno(unsafe { zmq_sys::zmq_errno() })
    }

    /// The `errno` value of this error.
    pub fn errno(&self) -> i32 {
        match self {
            Error::Other(code) => *code,
            e => right_of(TABLE, e).unwrap_or(0),
        }
    }

    /// Whether this is [`Error::Terminated`]: the context was shut down,
    /// which is how a server's receive loop learns to end.
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// # let pull = ctx.socket::<zmq::Pull>()?;
    /// # pull.bind("inproc://doc-is-terminated")?;
    /// # ctx.shutdown()?;
    /// fn serve(pull: &zmq::Socket<zmq::Pull>) -> zmq::Result<()> {
    ///     loop {
    ///         let msg = match pull.recv() {
    ///             Err(e) if e.is_terminated() => return Ok(()), // shut down: done
    ///             other => other?,
    ///         };
    ///         println!("{msg:?}");
    ///     }
    /// }
    /// serve(&pull)?;
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn is_terminated(&self) -> bool {
        *self == Error::Terminated
    }

    /// Whether this is [`Error::Again`]: a non-blocking call would have
    /// blocked, or a timeout expired.
    pub fn is_again(&self) -> bool {
        *self == Error::Again
    }

    /// libzmq's description of this error (`zmq_strerror`). For the
    /// crate's own errors ([`Error::Forked`], [`Error::InvalidUtf8`],
    /// [`Error::InvalidCertificate`]), words of its own: strerror's for
    /// their errno ("Bad message") would mislead.
    #[doc(alias = "zmq_strerror")]
    pub fn message(&self) -> String {
        match self {
            Error::Forked => {
                "Object inherited from the parent process across fork(); create a new Context"
                    .to_string()
            }
            Error::InvalidUtf8 => "invalid UTF-8".to_string(),
            Error::InvalidCertificate => "invalid CURVE certificate".to_string(),
            e => describe(e.errno()),
        }
    }
}

fn describe(errno: i32) -> String {
    // SAFETY: zmq_strerror returns a NUL-terminated string (from its own table
    // or strerror) valid until the next call on this thread; it is copied at
    // once.
    unsafe {
        let text = zmq_sys::zmq_strerror(errno);
        if text.is_null() {
            return format!("error {errno}");
        }
        CStr::from_ptr(text).to_string_lossy().into_owned()
    }
}

impl From<Error> for std::io::Error {
    /// Keeps the zmq error as the source; `Again` becomes `WouldBlock`, so
    /// code written against non-blocking std I/O works unchanged.
    fn from(e: Error) -> std::io::Error {
        use std::io::ErrorKind as K;
        let kind = match e {
            Error::Again => K::WouldBlock,
            Error::Interrupted => K::Interrupted,
            Error::InvalidArgument => K::InvalidInput,
            Error::NoMemory => K::OutOfMemory,
            Error::NotSupported | Error::ProtocolNotSupported => K::Unsupported,
            Error::AddrInUse => K::AddrInUse,
            Error::AddrNotAvailable => K::AddrNotAvailable,
            Error::NotFound | Error::NoDevice => K::NotFound,
            Error::PermissionDenied => K::PermissionDenied,
            Error::ConnectionRefused => K::ConnectionRefused,
            Error::ConnectionAborted => K::ConnectionAborted,
            Error::ConnectionReset => K::ConnectionReset,
            Error::NotConnected | Error::HostUnreachable => K::NotConnected,
            Error::TimedOut => K::TimedOut,
            Error::Forked => K::Unsupported,
            Error::InvalidUtf8 | Error::InvalidCertificate => K::InvalidData,
            _ => K::Other,
        };
        std::io::Error::new(kind, e)
    }
}

/// Turns a libzmq return code into a `Result`: `-1` means "see errno".
#[inline]
pub(crate) fn check(rc: i32) -> Result<i32> {
    if rc == -1 {
        Err(Error::last())
    } else {
        Ok(rc)
    }
}
