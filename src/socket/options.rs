//! Socket options: their types, and what `None`, zero and -1 mean.
//!
//! Every option of libzmq 4.3.5 is a getter `<name>()` and/or a setter
//! `set_<name>(value)` on [`Socket`](crate::Socket), found by its C name
//! (`ZMQ_SNDHWM`) in the docs' search. An option that only some kinds take
//! is bounded by a capability trait ([`CanConflate`](crate::CanConflate),
//! [`RouterOptions`](crate::RouterOptions), ...): on another kind the call
//! does not compile, with the trait's message. `Socket<Dynamic>` has every
//! method, and libzmq rejects at run time what its kind does not accept
//! (`Error::InvalidArgument`). REP inherits ROUTER's options in libzmq's
//! code, and PUB XPUB's verbose and manual modes, but they have no
//! documented meaning there, so those kinds do not get them.
//!
//! Where libzmq accepts an option on a kind that it then breaks, the
//! `Socket<Dynamic>` setter checks the kind itself: REP takes
//! `ZMQ_ROUTER_MANDATORY` (a later receive aborts the process once a
//! requester is gone, rep.cpp:64) and `ZMQ_ROUTER_RAW` (a receive aborts,
//! fq.cpp:80), so on a `Socket<Dynamic>` those setters refuse every kind
//! but ROUTER with `InvalidArgument`. (REP also takes
//! `ZMQ_ROUTER_HANDOVER`, `ZMQ_PROBE_ROUTER` and `ZMQ_CONNECT_ROUTING_ID`;
//! no crash was found with them, so libzmq's answer stands there.)
//!
//! Types (libzmq's C value in parentheses):
//! - time intervals are `Duration`s of whole milliseconds (an `int`); a
//!   fraction of a millisecond rounds up, and more than `i32::MAX` ms is
//!   `InvalidArgument`;
//! - sizes, counts and buffer lengths stay the C integers;
//! - strings are `&str` in and `String` out, without NUL bytes and, where
//!   they can be read back, at most 65,536 bytes (else `InvalidArgument`);
//!   the empty string is passed as libzmq's "no value" (a null pointer),
//!   which clears string options such as `socks_proxy` or returns
//!   `plain_username` to the NULL mechanism;
//! - blobs are `impl AsRef<[u8]>` in and `Vec<u8>` out; CURVE keys are
//!   [`CurveKey`](crate::curve::CurveKey)s, always passed as 32 bytes;
//! - bit sets are bitflags types (`RouterNotify`, `ReconnectStop`, draft).
//!
//! # What `None` means
//!
//! `None` always stands for libzmq's -1 (or, for filters, a null value);
//! what that means depends on the option. The getter and setter of an
//! option take the same type (the setter borrows what the getter returns
//! owned: `&str` for `String`, bytes for `Vec<u8>`, `&CurveKey`), and
//! what the getter reads the setter takes.
//!
//! | option | type | `None` means | zero means |
//! |---|---|---|---|
//! | `linger` | `Option<Duration>` | forever: wait until delivered | drop at once |
//! | `rcvtimeo`, `sndtimeo` | `Option<Duration>` | forever: block | never block |
//! | `reconnect_ivl` | `Option<Duration>` | never reconnect | never reconnect |
//! | `set_vmci_connect_timeout` (set only) | `Option<Duration>` | no timeout | |
//! | `heartbeat_timeout` | `Option<Duration>` | unset: each connection waits its `heartbeat_ivl` (libzmq cannot go back to this once set: setting `None` then is `InvalidArgument`) | no timeout |
//! | `tcp_keepalive` | `Option<bool>` | the OS default | |
//! | `tcp_keepalive_cnt` | `Option<i32>` | the OS default | |
//! | `tcp_keepalive_idle`, `tcp_keepalive_intvl` | `Option<Duration>` (whole seconds) | the OS default | |
//! | `use_fd` | `Option<RawFd>` | no descriptor: `bind` makes its own | |
//! | `set_ipc_filter_pid`, `set_ipc_filter_uid`, `set_ipc_filter_gid` (set only) | `Option<id>` | clear the filter | |
//!
//! Where -1 is an ordinary number it stays one: `sndbuf`/`rcvbuf` (-1:
//! the OS default) and `maxmsgsize` (-1: no limit). Zero is "off" or "no
//! limit" for `sndhwm`/`rcvhwm`, `reconnect_ivl_max`, `handshake_ivl`,
//! `heartbeat_ivl`, `heartbeat_ttl`, `connect_timeout` and `tcp_maxrt`
//! (the OS default), as each option's doc says.

// The `sockopts!` table is a list of groups, `/// # Options: Title` docs
// and `{ rows }`, each an impl block with that heading on `Socket`'s page
// (libzmq's zmq.h order within a group). A row is
// `$(#[attr])* (C_NAME "C_NAME", getter, setter, Codec, access, kinds, "doc"),`
// - attributes (`#[cfg(feature = "draft")]`, `#[deprecated(...)]`, extra
//   `///` docs) go on the generated methods;
// - the string literal is the doc alias; a const assert checks that it
//   spells the constant's name;
// - `getter` / `setter` are the method names; `_` where the access has none;
// - `Codec` (module `codec`) says how the Rust type maps to the C value,
//   and has a matching arm in `opt_ty!` for the signatures;
// - `access` is `rw`, `ro` (getter only) or `wo` (setter only);
// - `kinds` is `all` (every `Socket<K>`) or `bound(Trait + ...)`: the
//   capability traits of socket/kind.rs, which list the kinds whose libzmq
//   code handles the option (a kind's own `xsetsockopt`: PUB inherits
//   XPUB's, REQ DEALER's; RADIO takes `ZMQ_XPUB_NODROP` too; or, for
//   generic options only some kinds use, such as `ZMQ_CONFLATE`, those),
//   or `checked(Trait: Kind)`: as `bound(Trait)`, and the setter of a
//   `Socket<Dynamic>` requires `ZMQ_TYPE` to be `Kind` (see the module
//   docs: for options libzmq takes on a kind that it then breaks).

use super::kind::*;
use super::Socket;
use crate::error::{Error, Result};
use std::time::Duration;

/// A security mechanism (`ZMQ_MECHANISM`), chosen implicitly by the PLAIN,
/// CURVE and GSSAPI options.
///
/// ```
/// let ctx = zmq::Context::new();
/// let s = ctx.socket::<zmq::Rep>()?;
/// assert_eq!(s.mechanism()?.raw(), zmq::sys::ZMQ_NULL);
/// s.set_plain_server(true)?;
/// assert_eq!(s.mechanism()?.raw(), zmq::sys::ZMQ_PLAIN);
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[doc(alias = "ZMQ_MECHANISM")]
pub enum Mechanism {
    /// `ZMQ_NULL`: no security (the default).
    Null,
    /// `ZMQ_PLAIN`: clear-text username and password.
    Plain,
    /// `ZMQ_CURVE`: CurveZMQ encryption and authentication.
    Curve,
    /// `ZMQ_GSSAPI`: Kerberos.
    Gssapi,
    /// A value this crate does not know.
    Unknown(i32),
}

impl Mechanism {
    /// The mechanism for a `ZMQ_NULL`, `ZMQ_PLAIN`, ... value.
    pub fn from_raw(raw: i32) -> Mechanism {
        match raw {
            zmq_sys::ZMQ_NULL => Mechanism::Null,
            zmq_sys::ZMQ_PLAIN => Mechanism::Plain,
            zmq_sys::ZMQ_CURVE => Mechanism::Curve,
            zmq_sys::ZMQ_GSSAPI => Mechanism::Gssapi,
            other => Mechanism::Unknown(other),
        }
    }

    /// The `ZMQ_NULL`, `ZMQ_PLAIN`, ... value of the mechanism.
    pub fn raw(self) -> i32 {
        match self {
            Mechanism::Null => zmq_sys::ZMQ_NULL,
            Mechanism::Plain => zmq_sys::ZMQ_PLAIN,
            Mechanism::Curve => zmq_sys::ZMQ_CURVE,
            Mechanism::Gssapi => zmq_sys::ZMQ_GSSAPI,
            Mechanism::Unknown(raw) => raw,
        }
    }
}

#[cfg(feature = "draft")]
bitflags::bitflags! {
    /// What a ROUTER tells the application about its peers
    /// ([`set_router_notify`](crate::Socket::set_router_notify), draft): a
    /// message with the peer's routing id and an empty body.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    #[doc(alias = "ZMQ_ROUTER_NOTIFY")]
    pub struct RouterNotify: i32 {
        /// `ZMQ_NOTIFY_CONNECT`: when a peer connects.
        const CONNECT = zmq_sys::ZMQ_NOTIFY_CONNECT;
        /// `ZMQ_NOTIFY_DISCONNECT`: when a peer disconnects.
        const DISCONNECT = zmq_sys::ZMQ_NOTIFY_DISCONNECT;
    }
}

#[cfg(feature = "draft")]
bitflags::bitflags! {
    /// When a socket stops reconnecting
    /// ([`set_reconnect_stop`](crate::Socket::set_reconnect_stop), draft;
    /// empty, the default: never).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    #[doc(alias = "ZMQ_RECONNECT_STOP")]
    pub struct ReconnectStop: i32 {
        /// `ZMQ_RECONNECT_STOP_CONN_REFUSED`: after a refused connection.
        const CONN_REFUSED = zmq_sys::ZMQ_RECONNECT_STOP_CONN_REFUSED;
        /// `ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED`: after a failed handshake.
        const HANDSHAKE_FAILED = zmq_sys::ZMQ_RECONNECT_STOP_HANDSHAKE_FAILED;
        /// `ZMQ_RECONNECT_STOP_AFTER_DISCONNECT`: after `disconnect`.
        const AFTER_DISCONNECT = zmq_sys::ZMQ_RECONNECT_STOP_AFTER_DISCONNECT;
    }
}

/// How each option type travels through `zmq_setsockopt`/`zmq_getsockopt`,
/// and its Rust types (`opt_ty!`, used by the signatures below).
#[macro_use]
pub(crate) mod codec;

/// The getter and/or setter of one row, as items of the options' impl
/// block. The row's attributes arrive as one bracketed token tree, its
/// capability bound as `[]` (every kind) or `[(Trait + ...)]`: a bound on
/// the method, not on an impl block, so that a kind without it gets the
/// trait's own message (E0277) and the docs list each option once. `$check`
/// is `[]`, or for a `checked(...)` row `[Kind]`, the kind a
/// `Socket<Dynamic>` setter requires at run time.
macro_rules! opt_methods {
    ($attrs:tt $c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, rw, $bound:tt, $check:tt, $doc:literal) => {
        opt_methods!($attrs $c $alias, $get, $set, $codec, ro, $bound, $check, $doc);
        opt_methods!($attrs $c $alias, $get, $set, $codec, wo, $bound, $check, $doc);
    };
    ([$(#[$attr:meta])*] $c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, ro, [$(($($bound:tt)+))?], $check:tt, $doc:literal) => {
        #[doc = concat!("Reads `", $alias, "`: ", $doc)]
        #[doc(alias = $alias)]
        $(#[$attr])*
        #[inline]
        pub fn $get(&self) -> Result<opt_ty!($codec, get)> $(where K: $($bound)+)? {
            <codec::$codec as codec::GetCodec>::get(self, zmq_sys::$c)
        }
    };
    ([$(#[$attr:meta])*] $c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, wo, [$(($($bound:tt)+))?], [$($k:ident),*], $doc:literal) => {
        #[doc = concat!("Sets `", $alias, "`: ", $doc)]
        $(
            #[doc = ""]
            #[doc = concat!("On a `Socket<Dynamic>` of another kind than ", stringify!($k), " it is `InvalidArgument`: libzmq would take it on a REP, which it then aborts.")]
        )*
        #[doc(alias = $alias)]
        $(#[$attr])*
        #[inline]
        pub fn $set(&self, value: opt_ty!($codec, set)) -> Result<()> $(where K: $($bound)+)? {
            $( require_kind(self, crate::SocketType::$k)?; )*
            <codec::$codec as codec::SetCodec>::set(self, zmq_sys::$c, opt_arg!($codec, value))
        }
    };
}

/// For a `checked(...)` row: a `Socket<Dynamic>` must be of `kind`
/// (`ZMQ_TYPE`), else `InvalidArgument`; a typed kind passed the bound at
/// compile time, and the check compiles away.
#[inline]
fn require_kind<K: SocketKind>(socket: &Socket<K>, kind: crate::SocketType) -> Result<()> {
    if K::DYNAMIC && socket.socket_type()? != kind {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}

/// Expands one row: `all` kinds, `bound(Trait + ...)`, or
/// `checked(Trait: Kind)` (as `bound(Trait)`, and the `Socket<Dynamic>`
/// setter checks the kind itself).
macro_rules! opt_row {
    ($attrs:tt ($c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, $access:ident, all, $doc:literal)) => {
        opt_methods!($attrs $c $alias, $get, $set, $codec, $access, [], [], $doc);
    };
    ($attrs:tt ($c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, $access:ident, bound($($bound:tt)+), $doc:literal)) => {
        opt_methods!($attrs $c $alias, $get, $set, $codec, $access, [($($bound)+)], [], $doc);
    };
    ($attrs:tt ($c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, $access:ident, checked($bound:ident: $k:ident), $doc:literal)) => {
        opt_methods!($attrs $c $alias, $get, $set, $codec, $access, [($bound)], [$k], $doc);
    };
}

macro_rules! sockopts {
    ($(
        $(#[$group:meta])*
        { $( $(#[$attr:meta])* ($c:ident $alias:literal, $get:tt, $set:tt, $codec:ident, $($rest:tt)*) ),* $(,)? }
    )*) => {
        $(
            $(#[$group])*
            impl<K: SocketKind> Socket<K> {
                $( opt_row!([$(#[$attr])*] ($c $alias, $get, $set, $codec, $($rest)*)); )*
            }
            $(
                const _: () = assert!(crate::table::same_name(stringify!($c), $alias), "alias differs from the C name");
            )*
        )*

        /// The C names of every socket option the table covers (draft ones
        /// included, whether or not the `draft` feature is on), for the
        /// coverage test (src/coverage.rs).
        #[cfg(test)]
        pub(crate) const COVERED_SOCKET_OPTIONS: &[&str] = &[$($( $alias, )*)*];

        /// Each row's getter, setter (`_` for none) and codec, for the
        /// unit tests below.
        #[cfg(test)]
        const ROWS: &[(&str, &str, &str)] =
            &[$($( (stringify!($get), stringify!($set), stringify!($codec)), )*)*];
    };
}

sockopts! {
    /// # Options: State
    ///
    /// What libzmq reports about the socket; read-only.
    {
        (ZMQ_RCVMORE "ZMQ_RCVMORE", rcvmore, _, Bool, ro, bound(CanRecv + CanMultipart),
            "whether the last frame received has more frames after it."),
        (ZMQ_FD "ZMQ_FD", fd, _, Fd, ro, all,
            "a descriptor that becomes readable when the socket may have events to report: then read `events()` (edge-triggered). The thread-safe draft kinds have none (`InvalidArgument`)."),
        (ZMQ_EVENTS "ZMQ_EVENTS", events, _, Events, ro, all,
            "whether a message can be received now (`Events::IN`) or sent without blocking (`Events::OUT`); reading it also processes the socket's pending commands."),
        (ZMQ_TYPE "ZMQ_TYPE", socket_type, _, Type, ro, all,
            "the socket's kind as libzmq reports it."),
        (ZMQ_LAST_ENDPOINT "ZMQ_LAST_ENDPOINT", last_endpoint, _, Str, ro, all,
            "the endpoint of the last `bind` or `connect`, with wildcards resolved (`tcp://127.0.0.1:43567`); empty before any."),
        (ZMQ_THREAD_SAFE "ZMQ_THREAD_SAFE", thread_safe, _, Bool, ro, all,
            "whether the socket may be used from several threads at once (true for the thread-safe draft kinds only)."),
        #[cfg(feature = "draft")]
        (ZMQ_TOPICS_COUNT "ZMQ_TOPICS_COUNT", topics_count, _, Int, ro, bound(CanCountTopics),
            "(draft) the number of distinct subscription prefixes the socket holds."),
    }
    /// # Options: Queues, limits and timeouts
    ///
    /// How many messages wait, how long calls and closing wait, what is dropped.
    {
        (ZMQ_AFFINITY "ZMQ_AFFINITY", affinity, set_affinity, UInt64, rw, all,
            "which I/O threads handle the socket's new connections, as a bitmask (bit n = thread n; 0, the default: any)."),
        (ZMQ_SNDBUF "ZMQ_SNDBUF", sndbuf, set_sndbuf, Int, rw, all,
            "the kernel send buffer size (`SO_SNDBUF`) in bytes; -1, the default, keeps the OS default."),
        (ZMQ_RCVBUF "ZMQ_RCVBUF", rcvbuf, set_rcvbuf, Int, rw, all,
            "the kernel receive buffer size (`SO_RCVBUF`) in bytes; -1, the default, keeps the OS default."),
        /// ```
        /// # use std::time::Duration;
        /// let ctx = zmq::Context::new();
        /// let push = ctx.socket::<zmq::Push>()?;
        /// push.set_linger(Some(Duration::ZERO))?; // closing never waits
        /// assert_eq!(push.linger()?, Some(Duration::ZERO));
        /// push.set_linger(None)?; // wait until everything is delivered
        /// assert_eq!(push.linger()?, None);
        /// # Ok::<(), zmq::Error>(())
        /// ```
        (ZMQ_LINGER "ZMQ_LINGER", linger, set_linger, Timeout, rw, all,
            "how long undelivered messages are kept after the socket is closed, holding up the context's termination (`None` = until delivered, libzmq's default unless the context is not blocky; zero = drop them at once)."),
        (ZMQ_MAXMSGSIZE "ZMQ_MAXMSGSIZE", maxmsgsize, set_maxmsgsize, Int64, rw, all,
            "the largest inbound message in bytes: a peer that sends a larger one is disconnected (-1, the default: no limit)."),
        (ZMQ_SNDHWM "ZMQ_SNDHWM", sndhwm, set_sndhwm, Int, rw, all,
            "the high-water mark for outgoing messages per peer: once reached, the socket blocks or drops, by kind (default 1000; 0 = no limit). Set it before `bind`/`connect`: a system libzmq 4.3 can crash when it changes after an inproc pipe of the socket was refused (the vendored one is patched; vendor/README.md)."),
        (ZMQ_RCVHWM "ZMQ_RCVHWM", rcvhwm, set_rcvhwm, Int, rw, all,
            "the high-water mark for incoming messages per peer (default 1000; 0 = no limit). Set it before `bind`/`connect` (see `set_sndhwm`)."),
        (ZMQ_RCVTIMEO "ZMQ_RCVTIMEO", rcvtimeo, set_rcvtimeo, Timeout, rw, all,
            "how long a receive blocks before failing with `Again` (`None`, the default = forever; zero = never block)."),
        (ZMQ_SNDTIMEO "ZMQ_SNDTIMEO", sndtimeo, set_sndtimeo, Timeout, rw, all,
            "how long a send blocks before failing with `Again` (`None`, the default = forever; zero = never block)."),
        (ZMQ_IMMEDIATE "ZMQ_IMMEDIATE", immediate, set_immediate, Bool, rw, all,
            "queue messages only to completed connections: with no completed connection a send blocks (or fails with `Again`) instead of queueing for a peer that may never come (default false)."),
        (ZMQ_CONFLATE "ZMQ_CONFLATE", conflate, set_conflate, Bool, rw, bound(CanConflate),
            "keep only the last message in each queue, dropping older ones (single-part messages only; the high-water marks no longer apply; default false). With a system libzmq 4.3, bind an inproc endpoint before a conflated socket connects to it: a pending one can abort the process (the vendored libzmq is patched; vendor/README.md)."),
        #[cfg(feature = "draft")]
        (ZMQ_IN_BATCH_SIZE "ZMQ_IN_BATCH_SIZE", in_batch_size, set_in_batch_size, Int, rw, all,
            "(draft) the most bytes read from the kernel at once per connection (default 8192)."),
        #[cfg(feature = "draft")]
        (ZMQ_OUT_BATCH_SIZE "ZMQ_OUT_BATCH_SIZE", out_batch_size, set_out_batch_size, Int, rw, all,
            "(draft) the most bytes written to the kernel at once per connection (default 8192)."),
    }
    /// # Options: Identity and routing
    ///
    /// Routing ids, ROUTER, REQ and STREAM behaviour, and the messages a socket sends its peers on its own.
    {
        /// ```
        /// let ctx = zmq::Context::new();
        /// let dealer = ctx.socket::<zmq::Dealer>()?;
        /// dealer.set_routing_id("worker-1")?;
        /// assert_eq!(dealer.routing_id()?, b"worker-1");
        /// # Ok::<(), zmq::Error>(())
        /// ```
        (ZMQ_ROUTING_ID "ZMQ_ROUTING_ID", routing_id, set_routing_id, Bytes, rw, all,
            "the identity this socket presents to ROUTER peers (1 to 255 bytes, not starting with a zero byte; empty, the default: the ROUTER makes one up)."),
        /// ```
        /// let ctx = zmq::Context::new();
        /// let router = ctx.socket::<zmq::Router>()?;
        /// router.set_router_mandatory(true)?;
        /// // No peer has this routing id: the first frame fails at once.
        /// assert_eq!(router.send_more("nobody"), Err(zmq::Error::HostUnreachable));
        /// # Ok::<(), zmq::Error>(())
        /// ```
        (ZMQ_ROUTER_MANDATORY "ZMQ_ROUTER_MANDATORY", _, set_router_mandatory, Bool, wo, checked(RouterOptions: Router),
            "report a message to an unknown routing id as `HostUnreachable` (and block or fail with `Again` at a peer's high-water mark) instead of dropping it silently (default false)."),
        #[deprecated(note = "use a `Socket<Stream>` for raw TCP")]
        (ZMQ_ROUTER_RAW "ZMQ_ROUTER_RAW", _, set_router_raw, Bool, wo, checked(RouterOptions: Router),
            "raw mode: the ROUTER talks plain TCP, without ZMTP framing or handshake (deprecated: use a STREAM socket)."),
        (ZMQ_PROBE_ROUTER "ZMQ_PROBE_ROUTER", _, set_probe_router, Bool, wo, bound(CanProbeRouter),
            "send an empty message to each new peer when connecting, so that a ROUTER peer learns this socket's routing id at once (default false)."),
        (ZMQ_REQ_CORRELATE "ZMQ_REQ_CORRELATE", _, set_req_correlate, Bool, wo, bound(ReqOptions),
            "prefix each request with a request id and drop replies that do not carry the last one (default false)."),
        (ZMQ_REQ_RELAXED "ZMQ_REQ_RELAXED", _, set_req_relaxed, Bool, wo, bound(ReqOptions),
            "allow a new request before the reply to the last one arrived; that reply is then dropped (use with `req_correlate`; default false)."),
        (ZMQ_ROUTER_HANDOVER "ZMQ_ROUTER_HANDOVER", _, set_router_handover, Bool, wo, bound(RouterOptions),
            "let a new connection whose routing id is in use take it over, closing the old one, instead of being refused (default false)."),
        (ZMQ_CONNECT_ROUTING_ID "ZMQ_CONNECT_ROUTING_ID", _, set_connect_routing_id, Bytes, wo, bound(CanConnectRoutingId),
            "the routing id given to the peer of the next `connect` (instead of one the peer sends or a generated one; 1 to 255 bytes)."),
        (ZMQ_STREAM_NOTIFY "ZMQ_STREAM_NOTIFY", _, set_stream_notify, Bool, wo, bound(StreamOptions),
            "deliver an empty message with the peer's id when a peer connects or disconnects (default true)."),
        #[cfg(feature = "draft")]
        (ZMQ_ROUTER_NOTIFY "ZMQ_ROUTER_NOTIFY", router_notify, set_router_notify, NotifyBits, rw, bound(RouterOptions),
            "(draft) deliver a message with a peer's routing id and an empty body when a peer connects ([`RouterNotify::CONNECT`]) and/or disconnects ([`RouterNotify::DISCONNECT`]); empty, the default: neither."),
        #[cfg(feature = "draft")]
        (ZMQ_HELLO_MSG "ZMQ_HELLO_MSG", _, set_hello_msg, Bytes, wo, bound(CanHelloMsg),
            "(draft) a message sent to each new peer when it connects (empty, the default: none)."),
        #[cfg(feature = "draft")]
        (ZMQ_DISCONNECT_MSG "ZMQ_DISCONNECT_MSG", _, set_disconnect_msg, Bytes, wo, bound(CanDisconnectMsg),
            "(draft) a message this socket receives, as if from the peer, when a peer disconnects (empty, the default: none)."),
        #[cfg(feature = "draft")]
        (ZMQ_HICCUP_MSG "ZMQ_HICCUP_MSG", _, set_hiccup_msg, Bytes, wo, bound(CanHiccupMsg),
            "(draft) a message this socket receives, as if from the peer, when a connection is re-established (empty, the default: none)."),
    }
    /// # Options: Publish-subscribe
    ///
    /// Subscriptions and the XPUB/XSUB modes.
    {
        /// ```
        /// let ctx = zmq::Context::new();
        /// let sub = ctx.socket::<zmq::Sub>()?;
        /// sub.subscribe("weather.")?;
        /// sub.unsubscribe("weather.")?;
        /// # Ok::<(), zmq::Error>(())
        /// ```
        (ZMQ_SUBSCRIBE "ZMQ_SUBSCRIBE", _, subscribe, Prefix, wo, bound(CanSubscribe),
            "subscribes to messages starting with the given prefix; the empty prefix matches everything. A prefix longer than [`MAX_SUBSCRIPTION_LEN`](crate::MAX_SUBSCRIPTION_LEN) bytes is `InvalidArgument`."),
        (ZMQ_UNSUBSCRIBE "ZMQ_UNSUBSCRIBE", _, unsubscribe, Prefix, wo, bound(CanSubscribe),
            "removes one subscription made with the same prefix (`InvalidArgument` past [`MAX_SUBSCRIPTION_LEN`](crate::MAX_SUBSCRIPTION_LEN) bytes, as no such subscription can exist)."),
        (ZMQ_XPUB_VERBOSE "ZMQ_XPUB_VERBOSE", _, set_xpub_verbose, Bool, wo, bound(XPubOptions),
            "pass every subscription message to the application, duplicates included (default false: only new subscriptions)."),
        (ZMQ_XPUB_NODROP "ZMQ_XPUB_NODROP", _, set_xpub_nodrop, Bool, wo, bound(CanNoDrop),
            "at a subscriber's high-water mark, fail sends with `Again` instead of dropping messages (default false)."),
        (ZMQ_XPUB_MANUAL "ZMQ_XPUB_MANUAL", _, set_xpub_manual, Bool, wo, bound(XPubOptions),
            "manual subscriptions: subscription messages go to the application, which applies them itself with `ZMQ_SUBSCRIBE`/`ZMQ_UNSUBSCRIBE` on this socket (default false)."),
        (ZMQ_XPUB_WELCOME_MSG "ZMQ_XPUB_WELCOME_MSG", _, set_xpub_welcome_msg, Bytes, wo, bound(XPubOptions),
            "a message sent to each new subscriber (empty, the default: none)."),
        (ZMQ_INVERT_MATCHING "ZMQ_INVERT_MATCHING", invert_matching, set_invert_matching, Bool, rw, bound(CanInvertMatching),
            "invert prefix matching: deliver the messages that match no subscription (set it on the publishing and the subscribing side alike; default false)."),
        (ZMQ_XPUB_VERBOSER "ZMQ_XPUB_VERBOSER", _, set_xpub_verboser, Bool, wo, bound(XPubOptions),
            "pass every subscription and unsubscription message to the application, duplicates included (default false)."),
        #[cfg(feature = "draft")]
        (ZMQ_XPUB_MANUAL_LAST_VALUE "ZMQ_XPUB_MANUAL_LAST_VALUE", _, set_xpub_manual_last_value, Bool, wo, bound(XPubOptions),
            "(draft) as `ZMQ_XPUB_MANUAL`, and the first message sent after a `ZMQ_SUBSCRIBE` goes only to the subscriber that asked (last value caching; default false)."),
        #[cfg(feature = "draft")]
        (ZMQ_ONLY_FIRST_SUBSCRIBE "ZMQ_ONLY_FIRST_SUBSCRIBE", _, set_only_first_subscribe, Bool, wo, bound(CanOnlyFirstSubscribe),
            "(draft) only the first frame of a multipart message is a (un)subscription; the other frames pass as ordinary data (default false)."),
        #[cfg(feature = "draft")]
        (ZMQ_XSUB_VERBOSE_UNSUBSCRIBE "ZMQ_XSUB_VERBOSE_UNSUBSCRIBE", _, set_xsub_verbose_unsubscribe, Bool, wo, bound(XSubOptions),
            "(draft) pass every unsubscription upstream, not only the one that removes a topic's last subscription (default false)."),
    }
    /// # Options: Connections
    ///
    /// Reconnecting, handshakes, heartbeats and the listening socket.
    {
        (ZMQ_RECONNECT_IVL "ZMQ_RECONNECT_IVL", reconnect_ivl, set_reconnect_ivl, Timeout, rw, all,
            "the wait before a failed or lost connection is retried (default 100 ms; with `reconnect_ivl_max` 0 each wait adds a random part of up to as much again); `None` (-1) or zero: never reconnect."),
        (ZMQ_BACKLOG "ZMQ_BACKLOG", backlog, set_backlog, Int, rw, all,
            "the length of the queue of pending incoming connections (the `listen` backlog; default 100)."),
        (ZMQ_RECONNECT_IVL_MAX "ZMQ_RECONNECT_IVL_MAX", reconnect_ivl_max, set_reconnect_ivl_max, Millis, rw, all,
            "the cap of the exponential backoff of reconnection waits, which double from `reconnect_ivl` (zero, the default: no backoff)."),
        (ZMQ_HANDSHAKE_IVL "ZMQ_HANDSHAKE_IVL", handshake_ivl, set_handshake_ivl, Millis, rw, all,
            "the longest the ZMTP handshake of a new connection may take before the connection is dropped (default 30 s; zero: no limit)."),
        (ZMQ_HEARTBEAT_IVL "ZMQ_HEARTBEAT_IVL", heartbeat_ivl, set_heartbeat_ivl, Millis, rw, all,
            "the interval between ZMTP PING heartbeats on each connection (zero, the default: no heartbeats)."),
        (ZMQ_HEARTBEAT_TTL "ZMQ_HEARTBEAT_TTL", heartbeat_ttl, set_heartbeat_ttl, Millis, rw, all,
            "the time-to-live that PINGs ask the peer to apply: the peer drops the connection after this long without traffic (rounded down to 100 ms, at most 6553.5 s; zero, the default: none)."),
        (ZMQ_HEARTBEAT_TIMEOUT "ZMQ_HEARTBEAT_TIMEOUT", heartbeat_timeout, set_heartbeat_timeout, HeartbeatTimeout, rw, all,
            "how long to wait for traffic after a PING before dropping the connection (zero: never). Until set it reads `None`: each connection waits its `heartbeat_ivl`."),
        (ZMQ_CONNECT_TIMEOUT "ZMQ_CONNECT_TIMEOUT", connect_timeout, set_connect_timeout, Millis, rw, all,
            "the longest a TCP connect may take before it is abandoned and retried (zero, the default: the OS limit)."),
        (ZMQ_USE_FD "ZMQ_USE_FD", use_fd, _, OptInt, ro, all,
            "the listening descriptor that `bind` adopts instead of making a socket of its own (`None`, -1, the default: make one); set it with the unsafe `set_use_fd`."),
        #[cfg(feature = "draft")]
        (ZMQ_METADATA "ZMQ_METADATA", _, set_metadata, WoStr, wo, all,
            "(draft) adds an application property `X-name:value` (the name must start with `X-`) that the handshake sends to peers, who read it with `Message::property`."),
        #[cfg(feature = "draft")]
        (ZMQ_RECONNECT_STOP "ZMQ_RECONNECT_STOP", reconnect_stop, set_reconnect_stop, ReconnectStopBits, rw, all,
            "(draft) when to stop reconnecting: a [`ReconnectStop`] set (empty, the default: never)."),
    }
    /// # Options: TCP and IP
    ///
    /// Addresses, interfaces, kernel socket options and SOCKS proxies.
    {
        (ZMQ_TCP_KEEPALIVE "ZMQ_TCP_KEEPALIVE", tcp_keepalive, set_tcp_keepalive, OptBool, rw, all,
            "whether TCP connections send keepalive probes (`SO_KEEPALIVE`); `None` (-1, the default) keeps the OS default."),
        (ZMQ_TCP_KEEPALIVE_CNT "ZMQ_TCP_KEEPALIVE_CNT", tcp_keepalive_cnt, set_tcp_keepalive_cnt, OptInt, rw, all,
            "how many unanswered keepalive probes drop a TCP connection (`TCP_KEEPCNT`); `None` (-1, the default) keeps the OS default."),
        (ZMQ_TCP_KEEPALIVE_IDLE "ZMQ_TCP_KEEPALIVE_IDLE", tcp_keepalive_idle, set_tcp_keepalive_idle, OptSecs, rw, all,
            "how long a TCP connection is idle before the first keepalive probe (`TCP_KEEPIDLE`, whole seconds: a fraction is `InvalidArgument`); `None` (-1, the default) keeps the OS default."),
        (ZMQ_TCP_KEEPALIVE_INTVL "ZMQ_TCP_KEEPALIVE_INTVL", tcp_keepalive_intvl, set_tcp_keepalive_intvl, OptSecs, rw, all,
            "the interval between TCP keepalive probes (`TCP_KEEPINTVL`, whole seconds: a fraction is `InvalidArgument`); `None` (-1, the default) keeps the OS default."),
        (ZMQ_IPV6 "ZMQ_IPV6", ipv6, set_ipv6, Bool, rw, all,
            "whether TCP uses IPv6 as well as IPv4 (default: the context's `ipv6`, false: IPv4 only, and IPv6 addresses fail)."),
        (ZMQ_TOS "ZMQ_TOS", tos, set_tos, Int, rw, all,
            "the IP type-of-service byte (DSCP and ECN) of outgoing packets (default 0)."),
        (ZMQ_SOCKS_PROXY "ZMQ_SOCKS_PROXY", socks_proxy, set_socks_proxy, Str, rw, all,
            "the SOCKS5 proxy (`host:port`) that TCP connections go through (empty, the default: none)."),
        (ZMQ_TCP_MAXRT "ZMQ_TCP_MAXRT", tcp_maxrt, set_tcp_maxrt, Millis, rw, all,
            "the longest sent data may stay unacknowledged before the connection is dropped (`TCP_USER_TIMEOUT`; zero, the default: the OS default)."),
        (ZMQ_BINDTODEVICE "ZMQ_BINDTODEVICE", bindtodevice, set_bindtodevice, Str, rw, all,
            "the network interface (`eth0`) that TCP and UDP sockets are bound to with `SO_BINDTODEVICE`, which needs `CAP_NET_RAW` when used (empty, the default: any)."),
        #[cfg(feature = "draft")]
        (ZMQ_LOOPBACK_FASTPATH "ZMQ_LOOPBACK_FASTPATH", loopback_fastpath, set_loopback_fastpath, Bool, rw, all,
            "(draft) use Windows' `SIO_LOOPBACK_FAST_PATH` for loopback TCP (no effect elsewhere; default false)."),
        #[cfg(feature = "draft")]
        (ZMQ_SOCKS_USERNAME "ZMQ_SOCKS_USERNAME", socks_username, set_socks_username, Str, rw, all,
            "(draft) the username for the SOCKS5 proxy (at most 255 bytes; empty, the default: no authentication)."),
        #[cfg(feature = "draft")]
        (ZMQ_SOCKS_PASSWORD "ZMQ_SOCKS_PASSWORD", socks_password, set_socks_password, Str, rw, all,
            "(draft) the password for the SOCKS5 proxy (at most 255 bytes; empty, the default: none)."),
        #[cfg(feature = "draft")]
        (ZMQ_PRIORITY "ZMQ_PRIORITY", priority, set_priority, Priority, rw, all,
            "(draft) the `SO_PRIORITY` of the socket's connections, 0 to 6 (default 0): libzmq aborts the process when the kernel refuses a value on a connection, as Linux does above 6 without `CAP_NET_ADMIN`, so larger values are `InvalidArgument`."),
        #[cfg(feature = "draft")]
        (ZMQ_BUSY_POLL "ZMQ_BUSY_POLL", _, set_busy_poll, Int, wo, all,
            "(draft) busy polling of TCP connections: the value goes to `SO_BUSY_POLL`, in microseconds (libzmq documents it as 0/1; 0, the default: off). libzmq 4.3.5 cannot read it back."),
    }
    /// # Options: Security
    ///
    /// The PLAIN, CURVE and GSSAPI mechanisms, ZAP, and TLS for `wss://`.
    {
        (ZMQ_MECHANISM "ZMQ_MECHANISM", mechanism, _, Mech, ro, all,
            "the security mechanism, which the PLAIN, CURVE and GSSAPI options choose (default `Mechanism::Null`)."),
        (ZMQ_PLAIN_SERVER "ZMQ_PLAIN_SERVER", plain_server, set_plain_server, Bool, rw, all,
            "act as a PLAIN server: the mechanism becomes PLAIN (false returns it to NULL)."),
        (ZMQ_PLAIN_USERNAME "ZMQ_PLAIN_USERNAME", plain_username, set_plain_username, Str, rw, all,
            "the username a PLAIN client sends (1 to 255 bytes; the mechanism becomes PLAIN; the empty string returns it to NULL)."),
        (ZMQ_PLAIN_PASSWORD "ZMQ_PLAIN_PASSWORD", plain_password, set_plain_password, Str, rw, all,
            "the password a PLAIN client sends (1 to 255 bytes; the mechanism becomes PLAIN; the empty string returns it to NULL)."),
        (ZMQ_CURVE_SERVER "ZMQ_CURVE_SERVER", curve_server, set_curve_server, Bool, rw, all,
            "act as a CURVE server, with the key set by `set_curve_secretkey` (the mechanism becomes CURVE; false returns it to NULL)."),
        (ZMQ_CURVE_PUBLICKEY "ZMQ_CURVE_PUBLICKEY", curve_publickey, set_curve_publickey, Key, rw, all,
            "the long-term public key of a CURVE client (the mechanism becomes CURVE)."),
        /// ```
        /// # if zmq::has("curve") {
        /// let pair = zmq::curve::KeyPair::generate()?;
        /// let ctx = zmq::Context::new();
        /// let server = ctx.socket::<zmq::Rep>()?;
        /// server.set_curve_server(true)?;
        /// server.set_curve_secretkey(&pair.secret)?;
        /// assert!(server.curve_secretkey()?.is_secret());
        /// # }
        /// # Ok::<(), zmq::Error>(())
        /// ```
        (ZMQ_CURVE_SECRETKEY "ZMQ_CURVE_SECRETKEY", curve_secretkey, set_curve_secretkey, SecretKey, rw, all,
            "the long-term secret key of this socket, server or client (read back marked secret; the mechanism becomes CURVE)."),
        (ZMQ_CURVE_SERVERKEY "ZMQ_CURVE_SERVERKEY", curve_serverkey, set_curve_serverkey, Key, rw, all,
            "the public key of the CURVE server this socket connects to, which makes it a CURVE client."),
        (ZMQ_ZAP_DOMAIN "ZMQ_ZAP_DOMAIN", zap_domain, set_zap_domain, Str, rw, all,
            "the ZAP authentication domain a server socket passes to its ZAP handler (1 to 255 bytes; empty, the default: none)."),
        (ZMQ_GSSAPI_SERVER "ZMQ_GSSAPI_SERVER", gssapi_server, set_gssapi_server, Bool, rw, all,
            "act as a GSSAPI (Kerberos) server; the mechanism becomes GSSAPI (needs a libzmq built with GSSAPI: otherwise `InvalidArgument`)."),
        (ZMQ_GSSAPI_PRINCIPAL "ZMQ_GSSAPI_PRINCIPAL", gssapi_principal, set_gssapi_principal, Str, rw, all,
            "the name of this socket's own GSSAPI principal (needs GSSAPI: otherwise `InvalidArgument`)."),
        (ZMQ_GSSAPI_SERVICE_PRINCIPAL "ZMQ_GSSAPI_SERVICE_PRINCIPAL", gssapi_service_principal, set_gssapi_service_principal, Str, rw, all,
            "the principal of the GSSAPI server this socket connects to, which makes it a GSSAPI client (needs GSSAPI: otherwise `InvalidArgument`)."),
        (ZMQ_GSSAPI_PLAINTEXT "ZMQ_GSSAPI_PLAINTEXT", gssapi_plaintext, set_gssapi_plaintext, Bool, rw, all,
            "send GSSAPI-authenticated traffic unencrypted (default false; needs GSSAPI: otherwise `InvalidArgument`)."),
        (ZMQ_GSSAPI_PRINCIPAL_NAMETYPE "ZMQ_GSSAPI_PRINCIPAL_NAMETYPE", gssapi_principal_nametype, set_gssapi_principal_nametype, Int, rw, all,
            "the name type of `gssapi_principal`: `ZMQ_GSSAPI_NT_HOSTBASED` (0, the default), `ZMQ_GSSAPI_NT_USER_NAME` (1) or `ZMQ_GSSAPI_NT_KRB5_PRINCIPAL` (2) (needs GSSAPI: otherwise `InvalidArgument`)."),
        (ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE "ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE", gssapi_service_principal_nametype, set_gssapi_service_principal_nametype, Int, rw, all,
            "the name type of `gssapi_service_principal`, as for `gssapi_principal_nametype` (needs GSSAPI: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_ZAP_ENFORCE_DOMAIN "ZMQ_ZAP_ENFORCE_DOMAIN", zap_enforce_domain, set_zap_enforce_domain, Bool, rw, all,
            "(draft) follow the ZAP RFC strictly: a handshake that needs ZAP fails when no ZAP domain or handler is set (default false: lenient, as older libzmq)."),
        #[cfg(feature = "draft")]
        (ZMQ_WSS_KEY_PEM "ZMQ_WSS_KEY_PEM", _, set_wss_key_pem, WoStr, wo, all,
            "(draft) the PEM private key of a WSS server (needs a libzmq built with WSS: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_WSS_CERT_PEM "ZMQ_WSS_CERT_PEM", _, set_wss_cert_pem, WoStr, wo, all,
            "(draft) the PEM certificate of a WSS server (needs WSS: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_WSS_TRUST_PEM "ZMQ_WSS_TRUST_PEM", _, set_wss_trust_pem, WoStr, wo, all,
            "(draft) the PEM certificate a WSS client trusts for the server (needs WSS: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_WSS_HOSTNAME "ZMQ_WSS_HOSTNAME", _, set_wss_hostname, WoStr, wo, all,
            "(draft) the host name a WSS client checks the server's certificate against (needs WSS: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_WSS_TRUST_SYSTEM "ZMQ_WSS_TRUST_SYSTEM", _, set_wss_trust_system, Bool, wo, all,
            "(draft) whether a WSS client trusts the system's certificate authorities (default false; needs WSS: otherwise `InvalidArgument`)."),
    }
    /// # Options: Multicast, VMCI and NORM
    ///
    /// Options of the PGM, VMCI and NORM transports (a libzmq built without them refuses them).
    {
        (ZMQ_RATE "ZMQ_RATE", rate, set_rate, Int, rw, all,
            "the maximum multicast (PGM) send rate in kilobits per second (default 100)."),
        (ZMQ_RECOVERY_IVL "ZMQ_RECOVERY_IVL", recovery_ivl, set_recovery_ivl, Millis, rw, all,
            "how long a multicast (PGM) receiver may be absent and still recover the data it missed (default 10 s)."),
        (ZMQ_MULTICAST_HOPS "ZMQ_MULTICAST_HOPS", multicast_hops, set_multicast_hops, Int, rw, all,
            "the time-to-live of outgoing multicast packets (default 1: the local network only)."),
        (ZMQ_MULTICAST_MAXTPDU "ZMQ_MULTICAST_MAXTPDU", multicast_maxtpdu, set_multicast_maxtpdu, Int, rw, all,
            "the largest multicast transport data unit in bytes (default 1500)."),
        (ZMQ_VMCI_BUFFER_SIZE "ZMQ_VMCI_BUFFER_SIZE", _, set_vmci_buffer_size, UInt64, wo, all,
            "the buffer size of VMCI connections in bytes (needs a libzmq built with VMCI: otherwise `InvalidArgument`; libzmq 4.3.5 cannot read it back)."),
        (ZMQ_VMCI_BUFFER_MIN_SIZE "ZMQ_VMCI_BUFFER_MIN_SIZE", _, set_vmci_buffer_min_size, UInt64, wo, all,
            "the smallest buffer size of VMCI connections in bytes (needs VMCI: otherwise `InvalidArgument`)."),
        (ZMQ_VMCI_BUFFER_MAX_SIZE "ZMQ_VMCI_BUFFER_MAX_SIZE", _, set_vmci_buffer_max_size, UInt64, wo, all,
            "the largest buffer size of VMCI connections in bytes (needs VMCI: otherwise `InvalidArgument`)."),
        (ZMQ_VMCI_CONNECT_TIMEOUT "ZMQ_VMCI_CONNECT_TIMEOUT", _, set_vmci_connect_timeout, Timeout, wo, all,
            "the connect timeout of VMCI connections (`None`, the default: none; needs VMCI: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_MULTICAST_LOOP "ZMQ_MULTICAST_LOOP", multicast_loop, set_multicast_loop, Bool, rw, bound(CanMulticastLoop),
            "(draft) whether UDP multicast packets this socket sends also reach the local host (default true)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_MODE "ZMQ_NORM_MODE", norm_mode, set_norm_mode, Int, rw, all,
            "(draft) NORM congestion control: `ZMQ_NORM_FIXED` (0), `ZMQ_NORM_CC` (1, the default), `ZMQ_NORM_CCL` (2), `ZMQ_NORM_CCE` (3), `ZMQ_NORM_CCE_ECNONLY` (4) (needs a libzmq built with NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_UNICAST_NACK "ZMQ_NORM_UNICAST_NACK", norm_unicast_nack, set_norm_unicast_nack, Bool, rw, all,
            "(draft) send NORM NACKs by unicast instead of multicast (default false; needs NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_BUFFER_SIZE "ZMQ_NORM_BUFFER_SIZE", norm_buffer_size, set_norm_buffer_size, Int, rw, all,
            "(draft) the NORM buffer size in kilobytes (default 2048; needs NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_SEGMENT_SIZE "ZMQ_NORM_SEGMENT_SIZE", norm_segment_size, set_norm_segment_size, Int, rw, all,
            "(draft) the NORM segment size in bytes (default 1400; needs NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_BLOCK_SIZE "ZMQ_NORM_BLOCK_SIZE", norm_block_size, set_norm_block_size, Int, rw, all,
            "(draft) the NORM FEC block size in segments, 1 to 255 (default 16; needs NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_NUM_PARITY "ZMQ_NORM_NUM_PARITY", norm_num_parity, set_norm_num_parity, Int, rw, all,
            "(draft) the NORM parity segments computed per block (default 4; needs NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_NUM_AUTOPARITY "ZMQ_NORM_NUM_AUTOPARITY", norm_num_autoparity, set_norm_num_autoparity, Int, rw, all,
            "(draft) the NORM parity segments sent proactively per block (default 0; needs NORM: otherwise `InvalidArgument`)."),
        #[cfg(feature = "draft")]
        (ZMQ_NORM_PUSH "ZMQ_NORM_PUSH", norm_push, set_norm_push, Bool, rw, all,
            "(draft) NORM push mode: a sender that falls behind drops old data instead of blocking (default false; needs NORM: otherwise `InvalidArgument`)."),
    }
    /// # Options: Deprecated names
    ///
    /// Old names and filters zmq.h keeps for compatibility.
    {
        #[deprecated(note = "use `routing_id`/`set_routing_id`")]
        (ZMQ_IDENTITY "ZMQ_IDENTITY", identity, set_identity, Bytes, rw, all,
            "the old name of `ZMQ_ROUTING_ID`."),
        #[deprecated(note = "use `set_connect_routing_id`")]
        (ZMQ_CONNECT_RID "ZMQ_CONNECT_RID", _, set_connect_rid, Bytes, wo, bound(CanConnectRoutingId),
            "the old name of `ZMQ_CONNECT_ROUTING_ID`."),
        #[deprecated(note = "use ZAP: `zmq::zap::Authenticator::allow`/`deny`")]
        (ZMQ_TCP_ACCEPT_FILTER "ZMQ_TCP_ACCEPT_FILTER", _, set_tcp_accept_filter, WoStr, wo, all,
            "adds an address or CIDR range (`192.168.1.0/24`) that new TCP connections are accepted from; the empty string clears the list (empty, the default: accept all)."),
        #[deprecated(note = "use ZAP authentication")]
        (ZMQ_IPC_FILTER_PID "ZMQ_IPC_FILTER_PID", _, set_ipc_filter_pid, FilterI32, wo, all,
            "adds a process id that IPC connections are accepted from; `None` clears the list (empty, the default: accept all; needs `SO_PEERCRED`, otherwise `InvalidArgument`)."),
        #[deprecated(note = "use ZAP authentication")]
        (ZMQ_IPC_FILTER_UID "ZMQ_IPC_FILTER_UID", _, set_ipc_filter_uid, FilterU32, wo, all,
            "adds a user id that IPC connections are accepted from; `None` clears the list (empty, the default: accept all; needs peer credentials, otherwise `InvalidArgument`)."),
        #[deprecated(note = "use ZAP authentication")]
        (ZMQ_IPC_FILTER_GID "ZMQ_IPC_FILTER_GID", _, set_ipc_filter_gid, FilterU32, wo, all,
            "adds a group id that IPC connections are accepted from; `None` clears the list (empty, the default: accept all; needs peer credentials, otherwise `InvalidArgument`)."),
        #[deprecated(note = "use `ipv6`/`set_ipv6` (the inverse)")]
        (ZMQ_IPV4ONLY "ZMQ_IPV4ONLY", ipv4only, set_ipv4only, Bool, rw, all,
            "the inverse of `ZMQ_IPV6` (default true)."),
        #[deprecated(note = "use `immediate`/`set_immediate`")]
        (ZMQ_DELAY_ATTACH_ON_CONNECT "ZMQ_DELAY_ATTACH_ON_CONNECT", delay_attach_on_connect, set_delay_attach_on_connect, Bool, rw, all,
            "the old name of `ZMQ_IMMEDIATE`."),
        #[deprecated(note = "use `set_router_mandatory`")]
        (ZMQ_FAIL_UNROUTABLE "ZMQ_FAIL_UNROUTABLE", _, set_fail_unroutable, Bool, wo, checked(RouterOptions: Router),
            "an old name of `ZMQ_ROUTER_MANDATORY`."),
        #[deprecated(note = "use `set_router_mandatory`")]
        (ZMQ_ROUTER_BEHAVIOR "ZMQ_ROUTER_BEHAVIOR", _, set_router_behavior, Bool, wo, checked(RouterOptions: Router),
            "an old name of `ZMQ_ROUTER_MANDATORY`."),
    }
}

/// # Options: an adopted listening descriptor, CURVE in one call
impl<K: SocketKind> Socket<K> {
    /// Sets `ZMQ_USE_FD`: a descriptor, already bound and listening, that
    /// `bind` adopts instead of making a socket of its own (the endpoint's
    /// address is then ignored); `None` (-1, the default) makes one again.
    ///
    /// It is `unsafe` because libzmq takes ownership of the descriptor:
    /// the listener it makes at `bind` closes the descriptor when it is
    /// unbound or the socket is closed. On Unix a descriptor that is not a
    /// listening socket (which libzmq would abort on) is `InvalidArgument`.
    ///
    /// # Safety
    ///
    /// `fd` must be a listening stream socket of the family the endpoint's
    /// transport uses (TCP for `tcp://`, Unix-domain for `ipc://`), and
    /// from the next `bind` on nothing else may use or close it: give up
    /// ownership first (`into_raw_fd`). Bind at most once while it is set
    /// (each `bind` would adopt, and later close, the same descriptor):
    /// [`clear_use_fd`](Self::clear_use_fd) after that bind. Until a `bind`,
    /// the caller still owns it.
    ///
    /// ```
    /// use std::os::fd::IntoRawFd;
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let port = listener.local_addr().unwrap().port();
    /// let ctx = zmq::Context::new();
    /// let rep = ctx.socket::<zmq::Rep>()?;
    /// // SAFETY: a listening TCP socket whose ownership is given up here,
    /// // adopted by the single bind below.
    /// unsafe { rep.set_use_fd(Some(listener.into_raw_fd()))? };
    /// rep.bind(&format!("tcp://127.0.0.1:{port}"))?;
    /// rep.clear_use_fd()?; // later binds make their own socket
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "ZMQ_USE_FD")]
    #[cfg(unix)]
    pub unsafe fn set_use_fd(&self, fd: Option<std::os::fd::RawFd>) -> Result<()> {
        if let Some(fd) = fd {
            if !is_listening_socket(fd) {
                return Err(Error::InvalidArgument);
            }
        }
        <codec::OptInt as codec::SetCodec>::set(self, zmq_sys::ZMQ_USE_FD, fd)
    }

    /// Makes this socket a CURVE server with the given secret key
    /// (`ZMQ_CURVE_SERVER` = 1, `ZMQ_CURVE_SECRETKEY`). Clients need the
    /// matching public key.
    pub fn make_curve_server(&self, secret: &crate::curve::CurveKey) -> Result<()> {
        self.set_bytes(zmq_sys::ZMQ_CURVE_SECRETKEY, secret.as_bytes())?;
        self.set_bytes(zmq_sys::ZMQ_CURVE_SERVER, &1i32.to_ne_bytes())
    }

    /// Makes this socket a CURVE client of the server with public key
    /// `server`, authenticating with its own key pair
    /// (`ZMQ_CURVE_SERVERKEY`, `ZMQ_CURVE_PUBLICKEY`, `ZMQ_CURVE_SECRETKEY`).
    pub fn make_curve_client(
        &self,
        server: &crate::curve::CurveKey,
        own: &crate::curve::KeyPair,
    ) -> Result<()> {
        self.set_bytes(zmq_sys::ZMQ_CURVE_SERVERKEY, server.as_bytes())?;
        self.set_bytes(zmq_sys::ZMQ_CURVE_PUBLICKEY, own.public.as_bytes())?;
        self.set_bytes(zmq_sys::ZMQ_CURVE_SECRETKEY, own.secret.as_bytes())
    }

    /// Sets `ZMQ_USE_FD` back to -1: `bind` makes its own sockets again.
    /// Safe, unlike giving a descriptor.
    #[doc(alias = "ZMQ_USE_FD")]
    pub fn clear_use_fd(&self) -> Result<()> {
        self.set_int(zmq_sys::ZMQ_USE_FD, -1)
    }
}

/// Whether `fd` is a socket in the listening state (`SO_ACCEPTCONN`).
#[cfg(unix)]
fn is_listening_socket(fd: std::os::fd::RawFd) -> bool {
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: getsockopt writes at most `len` bytes into `value`; on a
    // descriptor that is not an open socket it fails (EBADF, ENOTSOCK).
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ACCEPTCONN,
            &mut value as *mut libc::c_int as *mut libc::c_void,
            &mut len,
        )
    };
    rc == 0 && value != 0
}

#[cfg(test)]
mod tests {
    use super::ROWS;

    /// The codecs whose Rust type is an `Option`: libzmq's -1 (or null).
    const NONE_CODECS: &[&str] = &[
        "Timeout",
        "HeartbeatTimeout",
        "OptBool",
        "OptInt",
        "OptSecs",
        "FilterU32",
        "FilterI32",
    ];

    /// The "What `None` means" table of the module docs.
    fn none_table() -> &'static str {
        let docs = include_str!("options.rs");
        let start = docs
            .find("//! # What `None` means")
            .expect("the table's heading");
        let end = start + docs[start..].find("\n\n").expect("the table's end");
        &docs[start..end]
    }

    #[test]
    fn every_option_typed_with_none_is_in_the_none_table() {
        let table = none_table();
        let missing: Vec<&str> = ROWS
            .iter()
            .filter(|(_, _, codec)| NONE_CODECS.contains(codec))
            .map(|&(get, set, _)| if get == "_" { set } else { get })
            .filter(|name| !table.contains(&format!("`{name}`")))
            .collect();
        assert!(
            missing.is_empty(),
            "options with None missing from the table: {missing:?}"
        );
    }

    #[test]
    fn the_none_table_names_only_options_typed_with_none() {
        for (line, name) in none_table()
            .lines()
            .filter(|l| l.starts_with("//! | `"))
            .flat_map(|l| {
                let first = l.split(" | ").nth(1).unwrap_or("");
                first.split('`').skip(1).step_by(2).map(move |n| (l, n))
            })
        {
            let row = ROWS
                .iter()
                .find(|&&(get, set, _)| get == name || set == name);
            assert!(
                matches!(row, Some((_, _, codec)) if NONE_CODECS.contains(codec)),
                "{name} in the None table is not an option typed with None: {line}"
            );
        }
    }
}
