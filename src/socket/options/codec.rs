//! How each option type travels through `zmq_setsockopt`/`zmq_getsockopt`:
//! one marker type per C representation, with its Rust types.

use super::super::Socket;
use super::*;
use crate::curve::CurveKey;
use crate::error::{check, Error, Result};
use crate::socket::SocketType;
use std::time::Duration;

/// Each codec's Rust types, stated once: what its getter returns and what
/// its setter takes, as the methods' signatures show them (so that the docs
/// read `bool`, not a projection) and as the codec impls below name them
/// (`type Get = opt_ty!(Bool, get)`). A borrowed setter type takes the
/// impl's lifetime (`opt_ty!(Str, set 'a)`); a signature elides it.
macro_rules! opt_ty {
    (Bool, get) => { bool };
    (Bool, set) => { bool };
    (Int, get) => { i32 };
    (Int, set) => { i32 };
    (Priority, get) => { i32 };
    (Priority, set) => { i32 };
    (OptInt, get) => { Option<i32> };
    (OptInt, set) => { Option<i32> };
    (OptBool, get) => { Option<bool> };
    (OptBool, set) => { Option<bool> };
    (Int64, get) => { i64 };
    (Int64, set) => { i64 };
    (UInt64, get) => { u64 };
    (UInt64, set) => { u64 };
    (Millis, get) => { Duration };
    (Millis, set) => { Duration };
    (Timeout, get) => { Option<Duration> };
    (Timeout, set) => { Option<Duration> };
    (HeartbeatTimeout, get) => { Option<Duration> };
    (HeartbeatTimeout, set) => { Option<Duration> };
    (OptSecs, get) => { Option<Duration> };
    (OptSecs, set) => { Option<Duration> };
    (Str, get) => { String };
    (Str, set $($l:lifetime)?) => { &$($l)? str };
    (WoStr, set $($l:lifetime)?) => { &$($l)? str };
    (Bytes, get) => { Vec<u8> };
    (Bytes, set) => { impl AsRef<[u8]> };
    (Prefix, set) => { impl AsRef<[u8]> };
    (Key, get) => { crate::curve::CurveKey };
    (Key, set $($l:lifetime)?) => { &$($l)? crate::curve::CurveKey };
    (SecretKey, get) => { crate::curve::CurveKey };
    (SecretKey, set $($l:lifetime)?) => { &$($l)? crate::curve::CurveKey };
    (Events, get) => { crate::Events };
    (Fd, get) => { crate::RawFd };
    (Type, get) => { crate::SocketType };
    (Mech, get) => { Mechanism };
    (NotifyBits, get) => { RouterNotify };
    (NotifyBits, set) => { RouterNotify };
    (ReconnectStopBits, get) => { ReconnectStop };
    (ReconnectStopBits, set) => { ReconnectStop };
    (FilterU32, set) => { Option<u32> };
    (FilterI32, set) => { Option<i32> };
}

/// How the setter's argument becomes the codec's `Set` value.
macro_rules! opt_arg {
    (Bytes, $v:ident) => {
        $v.as_ref()
    };
    (Prefix, $v:ident) => {
        $v.as_ref()
    };
    ($codec:ident, $v:ident) => {
        $v
    };
}

/// Reads an option's C value as a Rust type.
pub(crate) trait GetCodec {
    /// What the getter returns.
    type Get;
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get>;
}

/// Writes a Rust value as an option's C value.
pub(crate) trait SetCodec {
    /// What the setter takes.
    type Set<'a>;
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()>;
}

/// Milliseconds as an `int`: a fraction of a millisecond rounds up (so
/// that a tiny timeout waits rather than becoming 0), and more than
/// `i32::MAX` ms is `InvalidArgument`.
pub(crate) fn millis(d: Duration) -> Result<i32> {
    i32::try_from(crate::time::ceil_millis(d)).map_err(|_| Error::InvalidArgument)
}

/// A non-negative `int` as milliseconds.
pub(crate) fn from_millis(ms: i32) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// Sets an option to libzmq's "no value": a null pointer and length 0.
pub(crate) fn set_null<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<()> {
    // SAFETY: live socket; with a length of 0 libzmq reads nothing
    // through the (null) value pointer, which is how its API clears
    // string and filter options.
    check(unsafe { zmq_sys::zmq_setsockopt(s.live()?, option, std::ptr::null(), 0) }).map(drop)
}

/// Declares a marker type implementing the codec traits.
macro_rules! codec {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        pub(crate) enum $name {}
    };
}

codec!(
    /// `int` 0/1 as `bool`.
    Bool
);
impl GetCodec for Bool {
    type Get = opt_ty!(Bool, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option).map(|v| v != 0)
    }
}
impl SetCodec for Bool {
    type Set<'a> = opt_ty!(Bool, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_int(option, i32::from(value))
    }
}

codec!(
    /// `int` as `i32`.
    Int
);
impl GetCodec for Int {
    type Get = opt_ty!(Int, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option)
    }
}
impl SetCodec for Int {
    type Set<'a> = opt_ty!(Int, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_int(option, value)
    }
}

codec!(
    /// `ZMQ_PRIORITY`: an `int` that libzmq hands to `setsockopt(SO_PRIORITY)`
    /// on every connection it makes or accepts, and aborts the process if
    /// the kernel refuses it (ip.cpp's `errno_assert`). Without
    /// `CAP_NET_ADMIN` Linux refuses anything above 6, so the setter takes
    /// 0 to 6 (`InvalidArgument` otherwise). A draft option.
    #[cfg_attr(not(feature = "draft"), allow(dead_code))]
    Priority
);
impl GetCodec for Priority {
    type Get = opt_ty!(Priority, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        Int::get(s, option)
    }
}
impl SetCodec for Priority {
    type Set<'a> = opt_ty!(Priority, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        if !(0..=6).contains(&value) {
            return Err(Error::InvalidArgument);
        }
        Int::set(s, option, value)
    }
}

codec!(
    /// `int` where -1 means "the default" (OS default, no descriptor):
    /// `None`.
    OptInt
);
impl GetCodec for OptInt {
    type Get = opt_ty!(OptInt, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option).map(|v| (v != -1).then_some(v))
    }
}
impl SetCodec for OptInt {
    type Set<'a> = opt_ty!(OptInt, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_int(option, value.unwrap_or(-1))
    }
}

codec!(
    /// `int` -1/0/1 as `Option<bool>`: -1 (the OS default) is `None`.
    OptBool
);
impl GetCodec for OptBool {
    type Get = opt_ty!(OptBool, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option).map(|v| (v >= 0).then_some(v != 0))
    }
}
impl SetCodec for OptBool {
    type Set<'a> = opt_ty!(OptBool, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_int(option, value.map_or(-1, i32::from))
    }
}

codec!(
    /// `int64_t` as `i64`.
    Int64
);
impl GetCodec for Int64 {
    type Get = opt_ty!(Int64, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_i64(option)
    }
}
impl SetCodec for Int64 {
    type Set<'a> = opt_ty!(Int64, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_i64(option, value)
    }
}

codec!(
    /// `uint64_t` as `u64`.
    UInt64
);
impl GetCodec for UInt64 {
    type Get = opt_ty!(UInt64, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_u64(option)
    }
}
impl SetCodec for UInt64 {
    type Set<'a> = opt_ty!(UInt64, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_u64(option, value)
    }
}

codec!(
    /// An `int` of milliseconds as a `Duration` (0 usually means "off").
    Millis
);
impl GetCodec for Millis {
    type Get = opt_ty!(Millis, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option).map(from_millis)
    }
}
impl SetCodec for Millis {
    type Set<'a> = opt_ty!(Millis, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_int(option, millis(value)?)
    }
}

codec!(
    /// An `int` of milliseconds where -1 has a meaning of its own
    /// ("forever", "never"): `None`.
    Timeout
);
impl GetCodec for Timeout {
    type Get = opt_ty!(Timeout, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option)
            .map(|ms| if ms < 0 { None } else { Some(from_millis(ms)) })
    }
}
impl SetCodec for Timeout {
    type Set<'a> = opt_ty!(Timeout, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_int(option, value.map_or(Ok(-1), millis)?)
    }
}

codec!(
    /// `ZMQ_HEARTBEAT_TIMEOUT`: an `int` of milliseconds that starts at -1,
    /// "use the `ZMQ_HEARTBEAT_IVL` of each connection's start", and cannot
    /// be set back to it. That state is `None`: reading it as the interval
    /// would turn "follow the interval" into a fixed value when written
    /// back (zero, the default interval, switches the timeout off). Setting
    /// `None` is accepted only while the option is unset, so what the
    /// getter reads the setter takes.
    HeartbeatTimeout
);
impl GetCodec for HeartbeatTimeout {
    type Get = opt_ty!(HeartbeatTimeout, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        match s.get_int(option)? {
            -1 => Ok(None),
            ms => Ok(Some(from_millis(ms))),
        }
    }
}
impl SetCodec for HeartbeatTimeout {
    type Set<'a> = opt_ty!(HeartbeatTimeout, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        match value {
            Some(timeout) => Millis::set(s, option, timeout),
            None if s.get_int(option)? == -1 => Ok(()),
            None => Err(Error::InvalidArgument),
        }
    }
}

codec!(
    /// An `int` of whole seconds where -1 is the OS default: `None`. A
    /// duration with a fraction of a second is `InvalidArgument`.
    OptSecs
);
impl GetCodec for OptSecs {
    type Get = opt_ty!(OptSecs, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option)
            .map(|v| u64::try_from(v).ok().map(Duration::from_secs))
    }
}
impl SetCodec for OptSecs {
    type Set<'a> = opt_ty!(OptSecs, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        let secs = match value {
            None => -1,
            Some(d) if d.subsec_nanos() != 0 => return Err(Error::InvalidArgument),
            Some(d) => i32::try_from(d.as_secs()).map_err(|_| Error::InvalidArgument)?,
        };
        s.set_int(option, secs)
    }
}

/// The longest string option value, in bytes, that the getters read
/// back; a readable string option refuses longer values when set.
pub(crate) const MAX_STR_LEN: usize = 1 << 16;

codec!(
    /// A string: set without its NUL (the empty string as a null
    /// pointer, libzmq's "no value"), read NUL-terminated. A value with
    /// a NUL byte (which would read back cut short) or longer than
    /// [`MAX_STR_LEN`] (which could not be read back) is refused.
    Str
);
impl GetCodec for Str {
    type Get = opt_ty!(Str, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        // libzmq fails with EINVAL when the buffer is too short, so a
        // long value (a SOCKS proxy address has no length limit of its
        // own) is read again with the largest buffer.
        match s.get_string(option, 255) {
            Err(Error::InvalidArgument) => s.get_string(option, MAX_STR_LEN),
            other => other,
        }
    }
}
impl SetCodec for Str {
    type Set<'a> = opt_ty!(Str, set 'a);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        if value.len() > MAX_STR_LEN {
            return Err(Error::InvalidArgument);
        }
        WoStr::set(s, option, value)
    }
}

codec!(
    /// A write-only string (no getter, so no length bound here): set
    /// as [`Str`] is; a NUL byte is refused.
    WoStr
);
impl SetCodec for WoStr {
    type Set<'a> = opt_ty!(WoStr, set 'a);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        if value.is_empty() {
            set_null(s, option)
        } else {
            s.set_string(option, value)
        }
    }
}

codec!(
    /// A binary blob: set as given, read as at most 255 bytes (a routing
    /// id's limit).
    Bytes
);
impl GetCodec for Bytes {
    type Get = opt_ty!(Bytes, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_bytes(option, 255)
    }
}
impl SetCodec for Bytes {
    type Set<'a> = &'a [u8];
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_bytes(option, value)
    }
}

codec!(
    /// A subscription prefix: a blob of at most
    /// [`MAX_SUBSCRIPTION_LEN`](crate::MAX_SUBSCRIPTION_LEN) bytes.
    Prefix
);
impl SetCodec for Prefix {
    type Set<'a> = &'a [u8];
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        // libzmq stores subscriptions in a trie that it walks
        // recursively, one stack frame per byte: a long enough prefix
        // overflows the stack on unsubscribe or close.
        if value.len() > crate::MAX_SUBSCRIPTION_LEN {
            return Err(Error::InvalidArgument);
        }
        s.set_bytes(option, value)
    }
}

codec!(
    /// A public CURVE key (32 binary bytes).
    Key
);
impl GetCodec for Key {
    type Get = opt_ty!(Key, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        // With a 32-byte buffer libzmq writes the binary key.
        s.get_pod::<[u8; 32]>(option).map(CurveKey::from_bytes)
    }
}
impl SetCodec for Key {
    type Set<'a> = opt_ty!(Key, set 'a);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        s.set_bytes(option, value.as_bytes())
    }
}

codec!(
    /// A secret CURVE key (32 binary bytes), read back marked secret and
    /// wiped from the read buffer.
    SecretKey
);
impl GetCodec for SecretKey {
    type Get = opt_ty!(SecretKey, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        let mut buf = s.get_pod::<[u8; 32]>(option)?;
        let key = CurveKey::secret_from_bytes(buf);
        crate::curve::wipe(&mut buf);
        Ok(key)
    }
}
impl SetCodec for SecretKey {
    type Set<'a> = opt_ty!(SecretKey, set 'a);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        Key::set(s, option, value)
    }
}

codec!(
    /// `ZMQ_EVENTS`: an `int` of `ZMQ_POLLIN`/`ZMQ_POLLOUT` bits.
    Events
);
impl GetCodec for Events {
    type Get = opt_ty!(Events, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        let bits = s.get_int(option)?;
        // Only the low bits are events; anything else is dropped.
        Ok(crate::Events::from_bits_truncate((bits & 0x7fff) as i16))
    }
}

codec!(
    /// `ZMQ_FD`: the socket's notification descriptor (`int` on POSIX,
    /// `SOCKET` on Windows).
    Fd
);
impl GetCodec for Fd {
    type Get = opt_ty!(Fd, get);
    #[cfg(not(windows))]
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option)
    }
    #[cfg(windows)]
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<crate::RawFd> {
        const N: usize = std::mem::size_of::<usize>();
        let bytes = s.option_raw(option, N)?;
        let bytes: [u8; N] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| Error::InvalidArgument)?;
        Ok(usize::from_ne_bytes(bytes) as crate::RawFd)
    }
}

/// An `int` of bits as a bitflags type; unknown bits read back kept.
#[cfg(feature = "draft")]
macro_rules! int_flags {
    ($(#[$doc:meta])* $name:ident) => {
        codec!($(#[$doc])* $name);
        impl GetCodec for $name {
            type Get = opt_ty!($name, get);
            fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
                s.get_int(option).map(<Self::Get>::from_bits_retain)
            }
        }
        impl SetCodec for $name {
            type Set<'a> = opt_ty!($name, set);
            fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
                s.set_int(option, value.bits())
            }
        }
    };
}

#[cfg(feature = "draft")]
int_flags!(
    /// `ZMQ_ROUTER_NOTIFY` as [`RouterNotify`].
    NotifyBits
);
#[cfg(feature = "draft")]
int_flags!(
    /// `ZMQ_RECONNECT_STOP` as [`ReconnectStop`].
    ReconnectStopBits
);

codec!(
    /// `ZMQ_TYPE` as a [`SocketType`].
    Type
);
impl GetCodec for Type {
    type Get = opt_ty!(Type, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option).map(SocketType::from_raw)
    }
}

codec!(
    /// `ZMQ_MECHANISM` as a [`Mechanism`].
    Mech
);
impl GetCodec for Mech {
    type Get = opt_ty!(Mech, get);
    fn get<K: SocketKind>(s: &Socket<K>, option: i32) -> Result<Self::Get> {
        s.get_int(option).map(Mechanism::from_raw)
    }
}

codec!(
    /// An IPC peer filter of `u32` ids (uid, gid): `Some` adds one,
    /// `None` clears the list.
    FilterU32
);
impl SetCodec for FilterU32 {
    type Set<'a> = opt_ty!(FilterU32, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        set_filter(s, option, value.map(u32::to_ne_bytes))
    }
}

codec!(
    /// An IPC peer filter of `i32` ids (process ids): `Some` adds one,
    /// `None` clears the list.
    FilterI32
);
impl SetCodec for FilterI32 {
    type Set<'a> = opt_ty!(FilterI32, set);
    fn set<K: SocketKind>(s: &Socket<K>, option: i32, value: Self::Set<'_>) -> Result<()> {
        set_filter(s, option, value.map(i32::to_ne_bytes))
    }
}

/// Adds an id to an IPC peer filter, or clears the filter for `None`.
fn set_filter<K: SocketKind>(s: &Socket<K>, option: i32, id: Option<[u8; 4]>) -> Result<()> {
    match id {
        Some(id) => s.set_bytes(option, &id),
        None => set_null(s, option),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Pair};

    #[test]
    fn millis_round_up_and_refuse_past_i32() {
        assert_eq!(millis(Duration::from_micros(1)), Ok(1));
        assert_eq!(millis(Duration::from_millis(i32::MAX as u64)), Ok(i32::MAX));
        assert_eq!(
            millis(Duration::from_millis(i32::MAX as u64 + 1)),
            Err(Error::InvalidArgument)
        );
        assert_eq!(from_millis(-5), Duration::ZERO);
        assert_eq!(from_millis(1500), Duration::from_millis(1500));
    }

    #[test]
    fn minus_one_travels_as_none() {
        let ctx = Context::new();
        let s = ctx.socket::<Pair>().unwrap();
        let o = zmq_sys::ZMQ_LINGER;
        Timeout::set(&s, o, None).unwrap();
        assert_eq!(s.get_int(o), Ok(-1));
        assert_eq!(Timeout::get(&s, o), Ok(None));
        Timeout::set(&s, o, Some(Duration::from_micros(1500))).unwrap();
        assert_eq!(s.get_int(o), Ok(2));

        let o = zmq_sys::ZMQ_TCP_KEEPALIVE;
        assert_eq!(OptBool::get(&s, o), Ok(None));
        OptBool::set(&s, o, Some(false)).unwrap();
        assert_eq!(
            (s.get_int(o), OptBool::get(&s, o)),
            (Ok(0), Ok(Some(false)))
        );

        let o = zmq_sys::ZMQ_TCP_KEEPALIVE_IDLE;
        assert_eq!(
            OptSecs::set(&s, o, Some(Duration::from_millis(1500))),
            Err(Error::InvalidArgument)
        );
        OptSecs::set(&s, o, Some(Duration::from_secs(7))).unwrap();
        assert_eq!(s.get_int(o), Ok(7));
        OptSecs::set(&s, o, None).unwrap();
        assert_eq!(OptSecs::get(&s, o), Ok(None));
    }

    #[test]
    fn strings_refuse_nul_and_clear_when_empty() {
        let ctx = Context::new();
        let s = ctx.socket::<Pair>().unwrap();
        let o = zmq_sys::ZMQ_SOCKS_PROXY;
        assert_eq!(Str::set(&s, o, "a\0b"), Err(Error::InvalidArgument));
        let long = "x".repeat(MAX_STR_LEN + 1);
        assert_eq!(Str::set(&s, o, &long), Err(Error::InvalidArgument));
        let longest = "x".repeat(MAX_STR_LEN);
        Str::set(&s, o, &longest).unwrap();
        assert_eq!(Str::get(&s, o).as_deref(), Ok(longest.as_str()));
        Str::set(&s, o, "").unwrap();
        assert_eq!(Str::get(&s, o).as_deref(), Ok(""));
    }
}
