//! Every socket option: one table row each, expanded by `sockopts!` into a
//! typed getter `<name>()` and setter `set_<name>(value)` on the socket kinds
//! libzmq accepts the option on, each with its C name as a doc alias.
//!
//! A row is
//! `$(#[attr])* (C_NAME, getter, setter, Codec, access, kinds, "doc"),`
//! - attributes (`#[cfg(feature = "draft")]`, `#[deprecated(...)]`) go on the
//!   generated methods;
//! - `Codec` (see [`codec`]) says how the Rust type maps to the C value;
//! - `access` is `rw`, `ro` (getter only) or `wo` (setter only);
//! - `kinds` is `all` (every `Socket<K>`) or `[Router, Dealer, ...]` (those
//!   kinds and `Socket<Dynamic>`).

use super::kind::SocketKind;
use super::Socket;
use crate::error::{Error, Result};
use std::time::Duration;

/// How each option type travels through `zmq_setsockopt`/`zmq_getsockopt`.
pub(crate) mod codec {
    use super::*;

    /// Converts between an option's Rust types and its C representation.
    pub(crate) trait Codec {
        /// What the getter returns.
        type Get;
        /// What the setter takes.
        type Set<'a>;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get>;
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()>;
    }

    /// Milliseconds as an `int`, checked against `int`'s range.
    pub(crate) fn millis(d: Duration) -> Result<i32> {
        i32::try_from(d.as_millis()).map_err(|_| Error::InvalidArgument)
    }

    /// A non-negative `int` as milliseconds.
    pub(crate) fn from_millis(ms: i32) -> Duration {
        Duration::from_millis(u64::try_from(ms).unwrap_or(0))
    }

    /// `int` 0/1 as `bool`.
    pub(crate) enum Bool {}
    impl Codec for Bool {
        type Get = bool;
        type Set<'a> = bool;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<bool> {
            s.get_int(option).map(|v| v != 0)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: bool) -> Result<()> {
            s.set_int(option, i32::from(value))
        }
    }

    /// `int` as `i32`.
    pub(crate) enum Int {}
    impl Codec for Int {
        type Get = i32;
        type Set<'a> = i32;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<i32> {
            s.get_int(option)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: i32) -> Result<()> {
            s.set_int(option, value)
        }
    }

    /// `int64_t` as `i64`.
    pub(crate) enum Int64 {}
    impl Codec for Int64 {
        type Get = i64;
        type Set<'a> = i64;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<i64> {
            s.get_i64(option)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: i64) -> Result<()> {
            s.set_i64(option, value)
        }
    }

    /// `uint64_t` as `u64`.
    pub(crate) enum UInt64 {}
    impl Codec for UInt64 {
        type Get = u64;
        type Set<'a> = u64;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<u64> {
            s.get_u64(option)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: u64) -> Result<()> {
            s.set_u64(option, value)
        }
    }

    /// An `int` of milliseconds as a `Duration` (0 usually means "off").
    pub(crate) enum Millis {}
    impl Codec for Millis {
        type Get = Duration;
        type Set<'a> = Duration;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Duration> {
            s.get_int(option).map(from_millis)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Duration) -> Result<()> {
            s.set_int(option, millis(value)?)
        }
    }

    /// An `int` of milliseconds where -1 means "forever": `None`.
    pub(crate) enum Timeout {}
    impl Codec for Timeout {
        type Get = Option<Duration>;
        type Set<'a> = Option<Duration>;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Option<Duration>> {
            s.get_int(option)
                .map(|ms| if ms < 0 { None } else { Some(from_millis(ms)) })
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Option<Duration>) -> Result<()> {
            s.set_int(option, value.map_or(Ok(-1), millis)?)
        }
    }

    /// A string (`char *` without NUL when set; NUL-terminated when read).
    pub(crate) enum Str {}
    impl Codec for Str {
        type Get = String;
        type Set<'a> = &'a str;
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<String> {
            s.get_string(option, 1024)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: &str) -> Result<()> {
            s.set_string(option, value)
        }
    }

    /// A binary blob of at most 255 bytes (routing ids, welcome messages).
    pub(crate) enum Bytes {}
    impl Codec for Bytes {
        type Get = Vec<u8>;
        type Set<'a> = &'a [u8];
        fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Vec<u8>> {
            s.get_bytes(option, 255)
        }
        fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: &[u8]) -> Result<()> {
            s.set_bytes(option, value)
        }
    }
}

/// The Rust type a codec's getter returns / setter takes, for signatures.
macro_rules! opt_ty {
    (Bool, get) => { bool };
    (Bool, set) => { bool };
    (Int, get) => { i32 };
    (Int, set) => { i32 };
    (Int64, get) => { i64 };
    (Int64, set) => { i64 };
    (UInt64, get) => { u64 };
    (UInt64, set) => { u64 };
    (Millis, get) => { Duration };
    (Millis, set) => { Duration };
    (Timeout, get) => { Option<Duration> };
    (Timeout, set) => { Option<Duration> };
    (Str, get) => { String };
    (Str, set) => { &str };
    (Bytes, get) => { Vec<u8> };
    (Bytes, set) => { impl AsRef<[u8]> };
}

/// How the setter's argument becomes the codec's `Set` value.
macro_rules! opt_arg {
    (Bytes, $v:ident) => {
        $v.as_ref()
    };
    ($codec:ident, $v:ident) => {
        $v
    };
}

/// Puts items in an `impl Socket<Kind>` block; draft kinds get their cfg.
macro_rules! on_kind {
    (@draft $k:ident { $($item:tt)* }) => {
        #[cfg(feature = "draft")]
        impl Socket<crate::$k> { $($item)* }
    };
    (Server { $($item:tt)* }) => { on_kind!(@draft Server { $($item)* }); };
    (Client { $($item:tt)* }) => { on_kind!(@draft Client { $($item)* }); };
    (Radio { $($item:tt)* }) => { on_kind!(@draft Radio { $($item)* }); };
    (Dish { $($item:tt)* }) => { on_kind!(@draft Dish { $($item)* }); };
    (Gather { $($item:tt)* }) => { on_kind!(@draft Gather { $($item)* }); };
    (Scatter { $($item:tt)* }) => { on_kind!(@draft Scatter { $($item)* }); };
    (Dgram { $($item:tt)* }) => { on_kind!(@draft Dgram { $($item)* }); };
    (Peer { $($item:tt)* }) => { on_kind!(@draft Peer { $($item)* }); };
    (Channel { $($item:tt)* }) => { on_kind!(@draft Channel { $($item)* }); };
    ($k:ident { $($item:tt)* }) => {
        impl Socket<crate::$k> { $($item)* }
    };
}

/// The getter and/or setter of one row, as items of an impl block. The
/// row's attributes arrive as one bracketed token tree.
macro_rules! opt_methods {
    ($attrs:tt $c:ident $alias:literal, $get:ident, $set:ident, $codec:ident, rw, $doc:literal) => {
        opt_methods!($attrs $c $alias, $get, $set, $codec, ro, $doc);
        opt_methods!($attrs $c $alias, $get, $set, $codec, wo, $doc);
    };
    ([$(#[$attr:meta])*] $c:ident $alias:literal, $get:ident, $set:ident, $codec:ident, ro, $doc:literal) => {
        #[doc = concat!("Reads `", $alias, "`: ", $doc)]
        #[doc(alias = $alias)]
        $(#[$attr])*
        pub fn $get(&self) -> Result<opt_ty!($codec, get)> {
            <codec::$codec as codec::Codec>::get(self, zmq_sys::$c)
        }
    };
    ([$(#[$attr:meta])*] $c:ident $alias:literal, $get:ident, $set:ident, $codec:ident, wo, $doc:literal) => {
        #[doc = concat!("Sets `", $alias, "`: ", $doc)]
        #[doc(alias = $alias)]
        $(#[$attr])*
        pub fn $set(&self, value: opt_ty!($codec, set)) -> Result<()> {
            <codec::$codec as codec::Codec>::set(self, zmq_sys::$c, opt_arg!($codec, value))
        }
    };
}

/// Expands one row on its kinds.
macro_rules! opt_row {
    ($attrs:tt ($c:ident $alias:literal, $get:ident, $set:ident, $codec:ident, $access:ident, all, $doc:literal)) => {
        impl<K: SocketKind> Socket<K> {
            opt_methods!($attrs $c $alias, $get, $set, $codec, $access, $doc);
        }
    };
    ($attrs:tt ($c:ident $alias:literal, $get:ident, $set:ident, $codec:ident, $access:ident, [$($k:ident),+], $doc:literal)) => {
        $( on_kind!($k { opt_methods!($attrs $c $alias, $get, $set, $codec, $access, $doc); }); )+
        impl Socket<super::Dynamic> {
            opt_methods!($attrs $c $alias, $get, $set, $codec, $access, $doc);
        }
    };
}

/// Compile-time string equality, to check each row's alias literal against
/// its constant's name.
pub(crate) const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! sockopts {
    ($( $(#[$attr:meta])* ($c:ident $alias:literal, $($rest:tt)*) ),* $(,)?) => {
        $(
            opt_row!([$(#[$attr])*] ($c $alias, $($rest)*));
            const _: () = assert!(same_name(stringify!($c), $alias), "alias differs from the C name");
        )*

        /// The C names of every socket option the table covers (draft ones
        /// included, whether or not the `draft` feature is on).
        pub const COVERED_SOCKET_OPTIONS: &[&str] = &[$( $alias ),*];
    };
}

sockopts! {
    (ZMQ_SNDHWM "ZMQ_SNDHWM", sndhwm, set_sndhwm, Int, rw, all,
        "the high-water mark for outgoing messages per peer (default 1000; 0 = no limit)."),
    (ZMQ_RCVHWM "ZMQ_RCVHWM", rcvhwm, set_rcvhwm, Int, rw, all,
        "the high-water mark for incoming messages per peer (default 1000; 0 = no limit)."),
    (ZMQ_LINGER "ZMQ_LINGER", linger, set_linger, Timeout, rw, all,
        "how long undelivered messages are kept after the socket is closed (`None` = until delivered)."),
    (ZMQ_RCVTIMEO "ZMQ_RCVTIMEO", rcvtimeo, set_rcvtimeo, Timeout, rw, all,
        "how long a receive blocks before failing with `Again` (`None` = forever)."),
    (ZMQ_SNDTIMEO "ZMQ_SNDTIMEO", sndtimeo, set_sndtimeo, Timeout, rw, all,
        "how long a send blocks before failing with `Again` (`None` = forever)."),
    (ZMQ_ROUTING_ID "ZMQ_ROUTING_ID", routing_id, set_routing_id, Bytes, rw, all,
        "the identity this socket presents to ROUTER peers (1 to 255 bytes, not starting with a zero byte)."),
    (ZMQ_CONNECT_ROUTING_ID "ZMQ_CONNECT_ROUTING_ID", connect_routing_id, set_connect_routing_id, Bytes, wo, [Router, Stream],
        "the routing id given to the peer of the next `connect` (instead of one the peer sends or a generated one)."),
    (ZMQ_ROUTER_MANDATORY "ZMQ_ROUTER_MANDATORY", router_mandatory, set_router_mandatory, Bool, wo, [Router],
        "report unroutable messages with `HostUnreachable` instead of dropping them silently."),
    (ZMQ_IMMEDIATE "ZMQ_IMMEDIATE", immediate, set_immediate, Bool, rw, all,
        "queue messages only to completed connections."),
    (ZMQ_CONFLATE "ZMQ_CONFLATE", conflate, set_conflate, Bool, rw, [Pub, Sub, Dealer, Push, Pull, Pair],
        "keep only the last message in the queues (single-part messages only)."),
    (ZMQ_XPUB_VERBOSE "ZMQ_XPUB_VERBOSE", xpub_verbose, set_xpub_verbose, Bool, wo, [XPub, Pub],
        "pass every subscription to the application, not only new ones."),
}
