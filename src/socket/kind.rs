//! Socket kinds: the marker types of `Socket<K>`, the runtime
//! [`SocketType`], and the capability traits that make an operation a kind
//! does not support a compile error.

use crate::table::{left_of, right_of};
use std::fmt;

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
        right_of(NAMES, &self).unwrap_or("UNKNOWN")
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
    /// Whether a socket of this kind may be a STREAM (`Stream` and
    /// `Dynamic`), whose binds and connects need a check (see
    /// `Socket::endpoint_call`); a constant, so the other kinds pay nothing.
    #[doc(hidden)]
    const MAY_BE_STREAM: bool = false;
    /// Whether this is [`Dynamic`], whose kind-checked option setters ask
    /// libzmq for `ZMQ_TYPE`; a constant, so typed kinds pay nothing.
    #[doc(hidden)]
    const DYNAMIC: bool = false;
}

/// A kind fixed at compile time, which [`Context::socket`](crate::Context::socket)
/// can create.
pub trait KnownKind: SocketKind {
    /// The libzmq socket type.
    const TYPE: SocketType;
}

/// Kinds that can send.
#[diagnostic::on_unimplemented(
    message = "`{Self}` sockets cannot send",
    label = "libzmq does not allow sending on this socket kind"
)]
pub trait CanSend: SocketKind {}

/// Kinds that can receive.
#[diagnostic::on_unimplemented(
    message = "`{Self}` sockets cannot receive",
    label = "libzmq does not allow receiving on this socket kind"
)]
pub trait CanRecv: SocketKind {}

/// Kinds whose messages may have several frames (every kind but the
/// thread-safe draft kinds).
#[diagnostic::on_unimplemented(
    message = "`{Self}` sockets cannot send or receive multipart messages",
    label = "the thread-safe draft socket kinds send and receive single frames"
)]
pub trait CanMultipart: SocketKind {}

/// Kinds that accept `ZMQ_SUBSCRIBE` / `ZMQ_UNSUBSCRIBE`: SUB, and XPUB in
/// manual mode (`set_xpub_manual`), where they set the subscriptions of the
/// peer that sent the last subscription message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` sockets cannot subscribe",
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
    const MAY_BE_STREAM: bool = true;
    const DYNAMIC: bool = true;
}
impl CanSend for Dynamic {}
impl CanRecv for Dynamic {}
impl CanMultipart for Dynamic {}
impl CanSubscribe for Dynamic {}

/// The one list of socket kinds: each row makes a [`SocketType`] variant,
/// its `ZMQ_*` value and ZMTP name, and a marker type (in `markers`,
/// re-exported at the crate root) with its capability traits. A kind
/// attributed `#[cfg(feature = "draft")]` gets a marker only with the
/// feature; its `SocketType` variant always exists (a socket may report it).
macro_rules! kinds {
    ($( $(#[$cfg:meta])* $name:ident = $c:literal ($raw:literal, $zmtp:literal) [$($cap:ident),*] $doc:literal; )*) => {
        /// The kind of a socket, known at run time (`ZMQ_TYPE`).
        ///
        /// Kinds libzmq may add later read back as [`SocketType::Unknown`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum SocketType {
            $( #[doc = concat!("`", $c, "`: ", $doc)] $name, )*
            /// A value this crate does not know.
            Unknown(i32),
        }

        const TYPES: &[(SocketType, i32)] = &[$( (SocketType::$name, $raw) ),*];
        const NAMES: &[(SocketType, &str)] = &[$( (SocketType::$name, $zmtp) ),*];

        /// The marker types of the socket kinds, re-exported at the crate
        /// root.
        pub mod markers {
            use super::*;
            $( kinds!(@one [$(#[$cfg])*] $name = $c [$($cap),*] $doc); )*
        }
    };
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
            const MAY_BE_STREAM: bool = matches!(SocketType::$name, SocketType::Stream);
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
    Pair = "ZMQ_PAIR" (0, "PAIR") [CanSend, CanRecv, CanMultipart]
        "exclusive pair, one peer.";
    Pub = "ZMQ_PUB" (1, "PUB") [CanSend, CanMultipart]
        "publisher; sends to every matching subscriber, drops at the high-water mark.";
    Sub = "ZMQ_SUB" (2, "SUB") [CanRecv, CanMultipart, CanSubscribe]
        "subscriber; receives messages matching its subscriptions.";
    Req = "ZMQ_REQ" (3, "REQ") [CanSend, CanRecv, CanMultipart]
        "request, in lockstep: send, then receive.";
    Rep = "ZMQ_REP" (4, "REP") [CanSend, CanRecv, CanMultipart]
        "reply, in lockstep: receive, then send.";
    Dealer = "ZMQ_DEALER" (5, "DEALER") [CanSend, CanRecv, CanMultipart]
        "asynchronous request; round-robin out, fair-queued in.";
    Router = "ZMQ_ROUTER" (6, "ROUTER") [CanSend, CanRecv, CanMultipart]
        "asynchronous reply; frames carry the peer's routing id.";
    Pull = "ZMQ_PULL" (7, "PULL") [CanRecv, CanMultipart]
        "pipeline sink; fair-queues from its pushers.";
    Push = "ZMQ_PUSH" (8, "PUSH") [CanSend, CanMultipart]
        "pipeline source; round-robins to its pullers.";
    XPub = "ZMQ_XPUB" (9, "XPUB") [CanSend, CanRecv, CanMultipart, CanSubscribe]
        "publisher that receives its subscribers' subscriptions as messages.";
    XSub = "ZMQ_XSUB" (10, "XSUB") [CanSend, CanRecv, CanMultipart]
        "subscriber that subscribes by sending `\\x01topic` messages.";
    Stream = "ZMQ_STREAM" (11, "STREAM") [CanSend, CanRecv, CanMultipart]
        "raw TCP: each message is [peer id, data].";
    #[cfg(feature = "draft")]
    Server = "ZMQ_SERVER" (12, "SERVER") [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe ROUTER; messages carry a routing id.";
    #[cfg(feature = "draft")]
    Client = "ZMQ_CLIENT" (13, "CLIENT") [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe DEALER.";
    #[cfg(feature = "draft")]
    Radio = "ZMQ_RADIO" (14, "RADIO") [CanSend, ThreadSafe]
        "(draft) thread-safe publisher by group.";
    #[cfg(feature = "draft")]
    Dish = "ZMQ_DISH" (15, "DISH") [CanRecv, ThreadSafe]
        "(draft) thread-safe subscriber by group (`join`/`leave`).";
    #[cfg(feature = "draft")]
    Gather = "ZMQ_GATHER" (16, "GATHER") [CanRecv, ThreadSafe]
        "(draft) thread-safe PULL.";
    #[cfg(feature = "draft")]
    Scatter = "ZMQ_SCATTER" (17, "SCATTER") [CanSend, ThreadSafe]
        "(draft) thread-safe PUSH.";
    #[cfg(feature = "draft")]
    Dgram = "ZMQ_DGRAM" (18, "DGRAM") [CanSend, CanRecv, CanMultipart]
        "(draft) UDP datagrams as [address, data]; not thread-safe. It sends only once bound to a `udp://` endpoint: before, a send is `Error::NotConnected` (libzmq 4.3 itself would hang or abort).";
    #[cfg(feature = "draft")]
    Peer = "ZMQ_PEER" (19, "PEER") [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe peer-to-peer with routing ids.";
    #[cfg(feature = "draft")]
    Channel = "ZMQ_CHANNEL" (20, "CHANNEL") [CanSend, CanRecv, ThreadSafe]
        "(draft) thread-safe PAIR.";
}
pub use markers::*;

/// Declares a capability trait for options libzmq accepts only on some
/// kinds, implemented by those kinds and by [`Dynamic`] (which libzmq checks
/// at run time). Kinds after `draft:` exist only with the `draft` feature.
macro_rules! option_kinds {
    ($(
        $(#[$attr:meta])*
        $name:ident: $message:literal, $label:literal [$($k:ident),* $(; draft: $($dk:ident),+)?];
    )*) => {$(
        $(#[$attr])*
        #[diagnostic::on_unimplemented(message = $message, label = $label)]
        pub trait $name: SocketKind {}
        impl $name for Dynamic {}
        $( impl $name for $k {} )*
        $($( #[cfg(feature = "draft")] impl $name for $dk {} )+)?
    )*};
}

option_kinds! {
    /// Kinds with ROUTER's own options (`set_router_mandatory`,
    /// `set_router_handover`, ...).
    RouterOptions: "`{Self}` sockets do not take ROUTER options",
        "libzmq takes this option on ROUTER sockets only" [Router];
    /// Kinds with REQ's own options (`set_req_correlate`, `set_req_relaxed`).
    ReqOptions: "`{Self}` sockets do not take REQ options",
        "libzmq takes this option on REQ sockets only" [Req];
    /// Kinds with XPUB's own options (`set_xpub_verbose`, `set_xpub_manual`, ...).
    XPubOptions: "`{Self}` sockets do not take XPUB options",
        "libzmq takes this option on XPUB sockets only" [XPub];
    /// Kinds with XSUB's own options (`set_xsub_verbose_unsubscribe`).
    XSubOptions: "`{Self}` sockets do not take XSUB options",
        "libzmq takes this option on XSUB sockets only" [XSub];
    /// Kinds with STREAM's own options (`set_stream_notify`).
    StreamOptions: "`{Self}` sockets do not take STREAM options",
        "libzmq takes this option on STREAM sockets only" [Stream];
    /// Kinds that take `ZMQ_CONFLATE`.
    CanConflate: "`{Self}` sockets do not take `ZMQ_CONFLATE`",
        "libzmq takes this option on PUB, SUB, DEALER, PUSH, PULL sockets only" [Pub, Sub, Dealer, Push, Pull];
    /// Kinds that take `ZMQ_PROBE_ROUTER`.
    CanProbeRouter: "`{Self}` sockets do not take `ZMQ_PROBE_ROUTER`",
        "libzmq takes this option on ROUTER, DEALER, REQ sockets only" [Router, Dealer, Req];
    /// Kinds that take `ZMQ_CONNECT_ROUTING_ID`.
    CanConnectRoutingId: "`{Self}` sockets do not take `ZMQ_CONNECT_ROUTING_ID`",
        "libzmq takes this option on ROUTER, STREAM sockets only" [Router, Stream];
    /// Kinds that take `ZMQ_XPUB_NODROP`.
    CanNoDrop: "`{Self}` sockets do not take `ZMQ_XPUB_NODROP`",
        "libzmq takes this option on XPUB, PUB, RADIO sockets only" [XPub, Pub; draft: Radio];
    /// Kinds that take `ZMQ_INVERT_MATCHING`.
    CanInvertMatching: "`{Self}` sockets do not take `ZMQ_INVERT_MATCHING`",
        "libzmq takes this option on PUB, XPUB, SUB sockets only" [Pub, XPub, Sub];
    /// Kinds that take `ZMQ_MULTICAST_LOOP` (draft).
    CanMulticastLoop: "`{Self}` sockets do not take `ZMQ_MULTICAST_LOOP`",
        "libzmq takes this option on RADIO sockets only" [; draft: Radio];
    /// Kinds that take `ZMQ_ONLY_FIRST_SUBSCRIBE` (draft).
    CanOnlyFirstSubscribe: "`{Self}` sockets do not take `ZMQ_ONLY_FIRST_SUBSCRIBE`",
        "libzmq takes this option on XPUB, XSUB sockets only" [XPub, XSub];
    /// Kinds that take `ZMQ_HELLO_MSG` (draft).
    CanHelloMsg: "`{Self}` sockets do not take `ZMQ_HELLO_MSG`",
        "libzmq takes this option on ROUTER, DEALER, CLIENT, SERVER, PEER sockets only" [Router, Dealer; draft: Client, Server, Peer];
    /// Kinds that take `ZMQ_DISCONNECT_MSG` (draft).
    CanDisconnectMsg: "`{Self}` sockets do not take `ZMQ_DISCONNECT_MSG`",
        "libzmq takes this option on ROUTER, SERVER, PEER sockets only" [Router; draft: Server, Peer];
    /// Kinds that take `ZMQ_HICCUP_MSG` (draft).
    CanHiccupMsg: "`{Self}` sockets do not take `ZMQ_HICCUP_MSG`",
        "libzmq takes this option on DEALER, CLIENT, PEER sockets only" [Dealer; draft: Client, Peer];
    /// Kinds that report `ZMQ_TOPICS_COUNT` (draft).
    CanCountTopics: "`{Self}` sockets do not take `ZMQ_TOPICS_COUNT`",
        "libzmq takes this option on PUB, XPUB, SUB, XSUB sockets only" [Pub, XPub, Sub, XSub];
}
