//! Socket kinds: the marker types of `Socket<K>`, the runtime
//! [`SocketType`], and the capability traits that make an operation a kind
//! does not support a compile error.

use crate::table::{left_of, right_of};
use std::fmt;

/// The kind of a socket, known at run time (`ZMQ_TYPE`).
///
/// Kinds libzmq may add later read back as [`SocketType::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SocketType {
    /// `ZMQ_PAIR`
    Pair,
    /// `ZMQ_PUB`
    Pub,
    /// `ZMQ_SUB`
    Sub,
    /// `ZMQ_REQ`
    Req,
    /// `ZMQ_REP`
    Rep,
    /// `ZMQ_DEALER`
    Dealer,
    /// `ZMQ_ROUTER`
    Router,
    /// `ZMQ_PULL`
    Pull,
    /// `ZMQ_PUSH`
    Push,
    /// `ZMQ_XPUB`
    XPub,
    /// `ZMQ_XSUB`
    XSub,
    /// `ZMQ_STREAM`
    Stream,
    /// `ZMQ_SERVER` (draft)
    Server,
    /// `ZMQ_CLIENT` (draft)
    Client,
    /// `ZMQ_RADIO` (draft)
    Radio,
    /// `ZMQ_DISH` (draft)
    Dish,
    /// `ZMQ_GATHER` (draft)
    Gather,
    /// `ZMQ_SCATTER` (draft)
    Scatter,
    /// `ZMQ_DGRAM` (draft)
    Dgram,
    /// `ZMQ_PEER` (draft)
    Peer,
    /// `ZMQ_CHANNEL` (draft)
    Channel,
    /// A value this crate does not know.
    Unknown(i32),
}

const TYPES: &[(SocketType, i32)] = &[
    (SocketType::Pair, 0),
    (SocketType::Pub, 1),
    (SocketType::Sub, 2),
    (SocketType::Req, 3),
    (SocketType::Rep, 4),
    (SocketType::Dealer, 5),
    (SocketType::Router, 6),
    (SocketType::Pull, 7),
    (SocketType::Push, 8),
    (SocketType::XPub, 9),
    (SocketType::XSub, 10),
    (SocketType::Stream, 11),
    (SocketType::Server, 12),
    (SocketType::Client, 13),
    (SocketType::Radio, 14),
    (SocketType::Dish, 15),
    (SocketType::Gather, 16),
    (SocketType::Scatter, 17),
    (SocketType::Dgram, 18),
    (SocketType::Peer, 19),
    (SocketType::Channel, 20),
];

impl SocketType {
    /// The `ZMQ_*` value libzmq uses for this kind.
    pub fn raw(self) -> i32 {
        match self {
            SocketType::Unknown(v) => v,
            t => right_of(TYPES, &t).unwrap_or(-1),
        }
    }

    /// The kind for a `ZMQ_*` value.
    pub fn from_raw(raw: i32) -> SocketType {
        left_of(TYPES, &raw).unwrap_or(SocketType::Unknown(raw))
    }

    /// The name ZMTP puts in the handshake and in the "Socket-Type"
    /// message property: `"REQ"`, `"XPUB"`, ...
    pub fn name(self) -> &'static str {
        match self {
            SocketType::Pair => "PAIR",
            SocketType::Pub => "PUB",
            SocketType::Sub => "SUB",
            SocketType::Req => "REQ",
            SocketType::Rep => "REP",
            SocketType::Dealer => "DEALER",
            SocketType::Router => "ROUTER",
            SocketType::Pull => "PULL",
            SocketType::Push => "PUSH",
            SocketType::XPub => "XPUB",
            SocketType::XSub => "XSUB",
            SocketType::Stream => "STREAM",
            SocketType::Server => "SERVER",
            SocketType::Client => "CLIENT",
            SocketType::Radio => "RADIO",
            SocketType::Dish => "DISH",
            SocketType::Gather => "GATHER",
            SocketType::Scatter => "SCATTER",
            SocketType::Dgram => "DGRAM",
            SocketType::Peer => "PEER",
            SocketType::Channel => "CHANNEL",
            SocketType::Unknown(_) => "UNKNOWN",
        }
    }
}

impl fmt::Display for SocketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

mod sealed {
    pub trait Sealed {}
}

/// Every socket kind: the `K` of `Socket<K>`. Sealed.
pub trait SocketKind: sealed::Sealed + Send + 'static {
    /// Whether a socket of this kind may be a DGRAM (`Dgram` and
    /// `Dynamic`), whose sends need a check (see `socket::DgramGuard`); a
    /// constant, so the other kinds pay nothing.
    #[doc(hidden)]
    const MAY_BE_DGRAM: bool = false;
}

/// A kind fixed at compile time, which [`Context::socket`](crate::Context::socket)
/// can create.
pub trait KnownKind: SocketKind {
    /// The libzmq socket type.
    const TYPE: SocketType;
}

/// Kinds that can send.
#[diagnostic::on_unimplemented(
    message = "a `Socket<{Self}>` cannot send messages",
    label = "libzmq does not allow sending on this socket kind"
)]
pub trait CanSend: SocketKind {}

/// Kinds that can receive.
#[diagnostic::on_unimplemented(
    message = "a `Socket<{Self}>` cannot receive messages",
    label = "libzmq does not allow receiving on this socket kind"
)]
pub trait CanRecv: SocketKind {}

/// Kinds whose messages may have several frames (every kind but the
/// thread-safe draft kinds).
#[diagnostic::on_unimplemented(
    message = "a `Socket<{Self}>` does not support multipart messages",
    label = "the thread-safe draft socket kinds send and receive single frames"
)]
pub trait CanMultipart: SocketKind {}

/// Kinds that accept `ZMQ_SUBSCRIBE` / `ZMQ_UNSUBSCRIBE`: SUB, and XPUB in
/// manual mode (`set_xpub_manual`), where they set the subscriptions of the
/// peer that sent the last subscription message.
#[diagnostic::on_unimplemented(
    message = "a `Socket<{Self}>` cannot subscribe",
    label = "only SUB sockets (and XPUB in manual mode) take subscriptions; an XSUB sends them as messages"
)]
pub trait CanSubscribe: SocketKind {}

/// The longest subscription prefix, in bytes, that
/// [`subscribe`](crate::Socket::subscribe) and
/// [`unsubscribe`](crate::Socket::unsubscribe) accept (longer is
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument)).
///
/// libzmq 4.3 keeps a SUB's or XSUB's subscriptions in a trie with one node
/// per byte and walks it recursively: one stack frame per byte on
/// unsubscribe, on close (in libzmq's own reaper thread) and when it resends
/// subscriptions after a reconnect. Measured on x86-64 (libzmq's trie.cpp
/// built with GCC): 80 bytes of stack per byte of prefix at `-O2` (128 at
/// `-O0`, `LIBZMQ_DEBUG=1`), so a 26 kB prefix (16 kB at `-O0`) overflows a
/// 2 MiB thread stack, Rust's default for spawned threads, and about 100 kB
/// the 8 MiB main thread. 1 KiB leaves a 16-fold margin on a 2 MiB stack
/// and still fits musl's 128 KiB default for the threads libzmq starts.
///
/// The vendored libzmq is patched to store no longer subscription (see
/// `zmq-sys/vendor/patches/`), which also covers those a remote peer sends through
/// an XSUB. A system libzmq is not: there only this local check guards, and
/// an XPUB that faces untrusted peers (a proxy's) needs
/// [`set_maxmsgsize`](crate::Socket::set_maxmsgsize) to keep long remote
/// subscriptions out.
///
/// ```
/// let ctx = zmq::Context::new();
/// let sub = ctx.socket::<zmq::Sub>()?;
/// let too_long = vec![b'x'; zmq::MAX_SUBSCRIPTION_LEN + 1];
/// assert_eq!(sub.subscribe(&too_long), Err(zmq::Error::InvalidArgument));
/// # Ok::<(), zmq::Error>(())
/// ```
pub const MAX_SUBSCRIPTION_LEN: usize = 1024;

/// Kinds libzmq makes thread-safe (the draft SERVER, CLIENT, RADIO, DISH,
/// GATHER, SCATTER, PEER and CHANNEL): only their sockets are `Sync`.
pub trait ThreadSafe: SocketKind {}

/// A socket whose kind is known only at run time
/// ([`Context::socket_of_type`](crate::Context::socket_of_type)): every
/// operation compiles, and libzmq rejects at run time what the kind does not
/// support. Used for proxies and generic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dynamic {}

impl sealed::Sealed for Dynamic {}
impl SocketKind for Dynamic {
    const MAY_BE_DGRAM: bool = true;
}
impl CanSend for Dynamic {}
impl CanRecv for Dynamic {}
impl CanMultipart for Dynamic {}
impl CanSubscribe for Dynamic {}

macro_rules! kinds {
    ($( $(#[$cfg:meta])* $name:ident = $c:literal [$($cap:ident),*] $doc:literal; )*) => {$(
        kinds!(@one [$(#[$cfg])*] $name = $c [$($cap),*] $doc);
    )*};
    // The attributes travel as one token tree so that they can be repeated
    // once per capability.
    (@one $cfg:tt $name:ident = $c:literal [$($cap:ident),*] $doc:literal) => {
        kinds!(@item $cfg
            #[doc = concat!("Marker for `", $c, "` sockets: ", $doc)]
            #[doc(alias = $c)]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum $name {}
        );
        kinds!(@item $cfg impl sealed::Sealed for $name {});
        kinds!(@item $cfg impl SocketKind for $name {
            const MAY_BE_DGRAM: bool = matches!(SocketType::$name, SocketType::Dgram);
        });
        kinds!(@item $cfg impl KnownKind for $name {
            const TYPE: SocketType = SocketType::$name;
        });
        $( kinds!(@item $cfg impl $cap for $name {}); )*
    };
    (@item [$(#[$cfg:meta])*] $item:item) => {
        $(#[$cfg])* $item
    };
}

kinds! {
    Pair = "ZMQ_PAIR" [CanSend, CanRecv, CanMultipart]
        "exclusive pair, one peer.";
    Pub = "ZMQ_PUB" [CanSend, CanMultipart]
        "publisher; sends to every matching subscriber, drops at the high-water mark.";
    Sub = "ZMQ_SUB" [CanRecv, CanMultipart, CanSubscribe]
        "subscriber; receives messages matching its subscriptions.";
    Req = "ZMQ_REQ" [CanSend, CanRecv, CanMultipart]
        "request, in lockstep: send, then receive.";
    Rep = "ZMQ_REP" [CanSend, CanRecv, CanMultipart]
        "reply, in lockstep: receive, then send.";
    Dealer = "ZMQ_DEALER" [CanSend, CanRecv, CanMultipart]
        "asynchronous request; round-robin out, fair-queued in.";
    Router = "ZMQ_ROUTER" [CanSend, CanRecv, CanMultipart]
        "asynchronous reply; frames carry the peer's routing id.";
    Pull = "ZMQ_PULL" [CanRecv, CanMultipart]
        "pipeline sink; fair-queues from its pushers.";
    Push = "ZMQ_PUSH" [CanSend, CanMultipart]
        "pipeline source; round-robins to its pullers.";
    XPub = "ZMQ_XPUB" [CanSend, CanRecv, CanMultipart, CanSubscribe]
        "publisher that receives its subscribers' subscriptions as messages.";
    XSub = "ZMQ_XSUB" [CanSend, CanRecv, CanMultipart]
        "subscriber that subscribes by sending `\\x01topic` messages.";
    Stream = "ZMQ_STREAM" [CanSend, CanRecv, CanMultipart]
        "raw TCP: each message is [peer id, data].";
    #[cfg(feature = "draft")]
    Server = "ZMQ_SERVER" [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe ROUTER; messages carry a routing id.";
    #[cfg(feature = "draft")]
    Client = "ZMQ_CLIENT" [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe DEALER.";
    #[cfg(feature = "draft")]
    Radio = "ZMQ_RADIO" [CanSend, ThreadSafe]
        "(draft) thread-safe publisher by group.";
    #[cfg(feature = "draft")]
    Dish = "ZMQ_DISH" [CanRecv, ThreadSafe]
        "(draft) thread-safe subscriber by group (`join`/`leave`).";
    #[cfg(feature = "draft")]
    Gather = "ZMQ_GATHER" [CanRecv, ThreadSafe]
        "(draft) thread-safe PULL.";
    #[cfg(feature = "draft")]
    Scatter = "ZMQ_SCATTER" [CanSend, ThreadSafe]
        "(draft) thread-safe PUSH.";
    #[cfg(feature = "draft")]
    Dgram = "ZMQ_DGRAM" [CanSend, CanRecv, CanMultipart]
        "(draft) UDP datagrams as [address, data]; not thread-safe. It sends only once bound to a `udp://` endpoint: before, a send is `Error::NotConnected` (libzmq 4.3 itself would hang or abort).";
    #[cfg(feature = "draft")]
    Peer = "ZMQ_PEER" [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe peer-to-peer with routing ids.";
    #[cfg(feature = "draft")]
    Channel = "ZMQ_CHANNEL" [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe PAIR.";
}
