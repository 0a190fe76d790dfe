//! Socket and context options: coverage of every option zmq.h defines,
//! typed round trips, rejection of bad kinds and values, and the behaviour
//! of the options users rely on most.
// With a system libzmq the vendored-only tests are compiled out, leaving
// their helpers unused.
#![cfg_attr(not(zmq_vendored), allow(unused))]
// The deprecated aliases are options too, and are tested like the others.
#![allow(deprecated)]

use crate::common;

use common::{bind_any, socket, within, TIMEOUT};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zmq::curve::{CurveKey, KeyPair};
use zmq::{Context, Error, Events, SocketType};

const MS: Duration = Duration::from_millis(1);

// ---------------------------------------------------------------------------
// (a) Every option constant of zmq.h is covered by the tables.
// ---------------------------------------------------------------------------

#[path = "../../src/zmq_h.rs"]
mod zmq_h;
use zmq_h::{block, zmq_h};

fn socket_option_blocks(h: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    (
        block(h, "/*  Socket options."),
        block(h, "/*  Deprecated options and aliases"),
        block(h, "/*  DRAFT Socket options."),
    )
}

/// Checks the vendored libzmq 4.3.5 and its zmq.h (a system libzmq may be
/// another version, built with other transports and mechanisms).
#[cfg(zmq_vendored)]
#[test]
fn zmq_h_is_the_vendored_4_3_5() {
    let h = zmq_h();
    assert!(h.contains("#define ZMQ_VERSION_MAJOR 4"));
    assert!(h.contains("#define ZMQ_VERSION_MINOR 3"));
    assert!(h.contains("#define ZMQ_VERSION_PATCH 5"));
}

// That the tables cover every option constant of zmq.h, and nothing else,
// is checked inside the crate (src/coverage.rs), where the tables' lists of
// C names are visible; here, that every option is exercised.

/// Checks the vendored libzmq 4.3.5 and its zmq.h (a system libzmq may be
/// another version, built with other transports and mechanisms).
#[cfg(zmq_vendored)]
#[test]
fn version_and_capabilities() {
    assert_eq!(zmq::version(), (4, 3, 5));
    assert!(zmq::has("curve"));
    assert!(zmq::has("ipc"));
    assert!(!zmq::has("no-such-capability"));
    assert!(!zmq::has("cur\0ve"));
}

// ---------------------------------------------------------------------------
// (b) A non-default value for every option, read back where libzmq allows.
// ---------------------------------------------------------------------------

/// Sets a value that differs from the default and reads it back.
macro_rules! rw {
    ($seen:ident, $s:expr, $c:literal, $get:ident, $set:ident, $v:expr) => {
        rw!($seen, $s, $c, $get, $set, $v => $v)
    };
    ($seen:ident, $s:expr, $c:literal, $get:ident, $set:ident, $v:expr => $want:expr) => {{
        let s = $s;
        let before = s.$get().unwrap_or_else(|e| panic!("{}: get: {e}", $c));
        s.$set($v).unwrap_or_else(|e| panic!("{}: set: {e}", $c));
        let after = s.$get().unwrap_or_else(|e| panic!("{}: get after set: {e}", $c));
        assert_eq!(after, $want, "{} reads back what was set", $c);
        assert_ne!(before, after, "{}: the test value must differ from the default", $c);
        // The getter's type is the setter's (borrowed where it borrows):
        // what one reads, the other takes, and it reads back the same.
        s.$set(after.as_set_arg())
            .unwrap_or_else(|e| panic!("{}: set what the getter read: {e}", $c));
        let again = s.$get().unwrap_or_else(|e| panic!("{}: get: {e}", $c));
        assert_eq!(again, after, "{}: what the getter reads, the setter takes", $c);
        $seen.insert($c);
    }};
}

/// A getter's value as the argument of the same option's setter: the
/// value itself, or a borrow of it where the setter borrows (`&str` for
/// `String`, `&[u8]` for `Vec<u8>`, `&CurveKey`). `rw!` passes every
/// read-write option's value through it, so an option whose getter and
/// setter take different types does not compile.
trait AsSetArg {
    type Arg<'a>
    where
        Self: 'a;
    fn as_set_arg(&self) -> Self::Arg<'_>;
}

macro_rules! by_value {
    ($($t:ty),* $(,)?) => {$(
        impl AsSetArg for $t {
            type Arg<'a> = $t;
            fn as_set_arg(&self) -> $t {
                *self
            }
        }
    )*};
}
by_value!(
    bool,
    i32,
    i64,
    u64,
    Duration,
    Option<bool>,
    Option<i32>,
    Option<Duration>
);
#[cfg(feature = "draft")]
by_value!(zmq::RouterNotify, zmq::ReconnectStop);

impl AsSetArg for String {
    type Arg<'a> = &'a str;
    fn as_set_arg(&self) -> &str {
        self
    }
}

impl AsSetArg for Vec<u8> {
    type Arg<'a> = &'a [u8];
    fn as_set_arg(&self) -> &[u8] {
        self
    }
}

impl AsSetArg for CurveKey {
    type Arg<'a> = &'a CurveKey;
    fn as_set_arg(&self) -> &CurveKey {
        self
    }
}

/// Sets a write-only option.
macro_rules! wo {
    ($seen:ident, $s:expr, $c:literal, $set:ident, $v:expr) => {{
        $s.$set($v).unwrap_or_else(|e| panic!("{}: set: {e}", $c));
        $seen.insert($c);
    }};
}

/// Reads a read-only option and checks its value.
macro_rules! ro {
    ($seen:ident, $s:expr, $c:literal, $get:ident, $want:expr) => {{
        let value = $s.$get().unwrap_or_else(|e| panic!("{}: get: {e}", $c));
        assert_eq!(value, $want, "{}", $c);
        $seen.insert($c);
    }};
}

/// An option whose transport or mechanism this libzmq lacks: libzmq's
/// error, `InvalidArgument`, for every call.
macro_rules! lacking {
    ($seen:ident, $c:literal, $($call:expr),+) => {{
        $( assert_eq!($call, Err(Error::InvalidArgument), "{}: {}", $c, stringify!($call)); )+
        $seen.insert($c);
    }};
}

fn raw_int<K: zmq::SocketKind>(s: &zmq::Socket<K>, option: i32) -> i32 {
    let bytes = s.option_raw(option, 4).unwrap();
    i32::from_ne_bytes(bytes.try_into().unwrap())
}

/// Checks the vendored libzmq 4.3.5 and its zmq.h (a system libzmq may be
/// another version, built with other transports and mechanisms).
#[cfg(zmq_vendored)]
#[test]
fn every_option_round_trips() {
    let ctx = Context::new();
    let mut seen: BTreeSet<&'static str> = BTreeSet::new();
    let dealer = || ctx.socket::<zmq::Dealer>().unwrap();
    let router = || ctx.socket::<zmq::Router>().unwrap();
    let ms = |n: u64| Duration::from_millis(n);

    // Generic options, each on a fresh socket.
    rw!(seen, &dealer(), "ZMQ_AFFINITY", affinity, set_affinity, 1);
    rw!(seen, &dealer(), "ZMQ_ROUTING_ID", routing_id, set_routing_id, "id-1" => b"id-1");
    rw!(seen, &dealer(), "ZMQ_RATE", rate, set_rate, 200);
    rw!(
        seen,
        &dealer(),
        "ZMQ_RECOVERY_IVL",
        recovery_ivl,
        set_recovery_ivl,
        ms(5000)
    );
    rw!(seen, &dealer(), "ZMQ_SNDBUF", sndbuf, set_sndbuf, 65536);
    rw!(seen, &dealer(), "ZMQ_RCVBUF", rcvbuf, set_rcvbuf, 65536);
    rw!(
        seen,
        &dealer(),
        "ZMQ_LINGER",
        linger,
        set_linger,
        Some(ms(250))
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_RECONNECT_IVL",
        reconnect_ivl,
        set_reconnect_ivl,
        Some(ms(250))
    );
    rw!(seen, &dealer(), "ZMQ_BACKLOG", backlog, set_backlog, 50);
    rw!(
        seen,
        &dealer(),
        "ZMQ_RECONNECT_IVL_MAX",
        reconnect_ivl_max,
        set_reconnect_ivl_max,
        ms(5000)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_MAXMSGSIZE",
        maxmsgsize,
        set_maxmsgsize,
        1 << 20
    );
    rw!(seen, &dealer(), "ZMQ_SNDHWM", sndhwm, set_sndhwm, 5);
    rw!(seen, &dealer(), "ZMQ_RCVHWM", rcvhwm, set_rcvhwm, 5);
    rw!(
        seen,
        &dealer(),
        "ZMQ_MULTICAST_HOPS",
        multicast_hops,
        set_multicast_hops,
        4
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_RCVTIMEO",
        rcvtimeo,
        set_rcvtimeo,
        Some(ms(1500))
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_SNDTIMEO",
        sndtimeo,
        set_sndtimeo,
        Some(ms(1500))
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_TCP_KEEPALIVE",
        tcp_keepalive,
        set_tcp_keepalive,
        Some(true)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_TCP_KEEPALIVE_CNT",
        tcp_keepalive_cnt,
        set_tcp_keepalive_cnt,
        Some(5)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_TCP_KEEPALIVE_IDLE",
        tcp_keepalive_idle,
        set_tcp_keepalive_idle,
        Some(Duration::from_secs(30))
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_TCP_KEEPALIVE_INTVL",
        tcp_keepalive_intvl,
        set_tcp_keepalive_intvl,
        Some(Duration::from_secs(5))
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_IMMEDIATE",
        immediate,
        set_immediate,
        true
    );
    rw!(seen, &dealer(), "ZMQ_IPV6", ipv6, set_ipv6, true);
    rw!(
        seen,
        &dealer(),
        "ZMQ_PLAIN_SERVER",
        plain_server,
        set_plain_server,
        true
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_PLAIN_USERNAME",
        plain_username,
        set_plain_username,
        "user"
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_PLAIN_PASSWORD",
        plain_password,
        set_plain_password,
        "secret"
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_ZAP_DOMAIN",
        zap_domain,
        set_zap_domain,
        "global"
    );
    rw!(seen, &dealer(), "ZMQ_TOS", tos, set_tos, 0x28);
    rw!(
        seen,
        &dealer(),
        "ZMQ_HANDSHAKE_IVL",
        handshake_ivl,
        set_handshake_ivl,
        ms(5000)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_SOCKS_PROXY",
        socks_proxy,
        set_socks_proxy,
        "127.0.0.1:1080"
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_HEARTBEAT_IVL",
        heartbeat_ivl,
        set_heartbeat_ivl,
        ms(1000)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_HEARTBEAT_TTL",
        heartbeat_ttl,
        set_heartbeat_ttl,
        ms(2000)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_HEARTBEAT_TIMEOUT",
        heartbeat_timeout,
        set_heartbeat_timeout,
        Some(ms(3000))
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_CONNECT_TIMEOUT",
        connect_timeout,
        set_connect_timeout,
        ms(2000)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_TCP_MAXRT",
        tcp_maxrt,
        set_tcp_maxrt,
        ms(2000)
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_MULTICAST_MAXTPDU",
        multicast_maxtpdu,
        set_multicast_maxtpdu,
        1400
    );
    {
        // set_use_fd is unsafe (libzmq adopts the descriptor at bind) and
        // takes listening sockets only.
        use std::os::fd::AsRawFd;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let s = dealer();
        assert_eq!(s.use_fd(), Ok(None));
        // SAFETY: no bind follows, so libzmq never adopts the descriptor,
        // which `listener` keeps owning.
        unsafe { s.set_use_fd(Some(listener.as_raw_fd())) }.unwrap();
        assert_eq!(s.use_fd(), Ok(Some(listener.as_raw_fd())));
        s.clear_use_fd().unwrap();
        assert_eq!(s.use_fd(), Ok(None));
        seen.insert("ZMQ_USE_FD");
    }
    rw!(
        seen,
        &dealer(),
        "ZMQ_BINDTODEVICE",
        bindtodevice,
        set_bindtodevice,
        "lo"
    );

    // CURVE (this build has it: see version_and_capabilities).
    let server = KeyPair::generate().unwrap();
    let client = KeyPair::generate().unwrap();
    rw!(
        seen,
        &dealer(),
        "ZMQ_CURVE_SERVER",
        curve_server,
        set_curve_server,
        true
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_CURVE_PUBLICKEY",
        curve_publickey,
        set_curve_publickey,
        &client.public => client.public.clone()
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_CURVE_SECRETKEY",
        curve_secretkey,
        set_curve_secretkey,
        &client.secret => client.secret.clone()
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_CURVE_SERVERKEY",
        curve_serverkey,
        set_curve_serverkey,
        &server.public => server.public.clone()
    );

    // Read-only options.
    let s = dealer();
    ro!(seen, s, "ZMQ_TYPE", socket_type, SocketType::Dealer);
    ro!(seen, s, "ZMQ_EVENTS", events, Events::empty());
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_NULL);
    seen.insert("ZMQ_MECHANISM");
    ro!(seen, s, "ZMQ_THREAD_SAFE", thread_safe, false);
    ro!(seen, s, "ZMQ_LAST_ENDPOINT", last_endpoint, "");
    ro!(
        seen,
        ctx.socket::<zmq::Pull>().unwrap(),
        "ZMQ_RCVMORE",
        rcvmore,
        false
    );
    #[cfg(unix)]
    {
        let fd = s.fd().unwrap();
        assert!(fd >= 0, "ZMQ_FD: {fd}");
        seen.insert("ZMQ_FD");
    }
    #[cfg(windows)]
    {
        s.fd().unwrap();
        seen.insert("ZMQ_FD");
    }

    // Kind-specific options, on every kind that takes them.
    let sub = ctx.socket::<zmq::Sub>().unwrap();
    wo!(seen, sub, "ZMQ_SUBSCRIBE", subscribe, "topic");
    wo!(seen, sub, "ZMQ_UNSUBSCRIBE", unsubscribe, "topic");
    wo!(
        seen,
        router(),
        "ZMQ_ROUTER_MANDATORY",
        set_router_mandatory,
        true
    );
    wo!(
        seen,
        router(),
        "ZMQ_ROUTER_HANDOVER",
        set_router_handover,
        true
    );
    wo!(seen, router(), "ZMQ_ROUTER_RAW", set_router_raw, true);
    wo!(
        seen,
        router(),
        "ZMQ_CONNECT_ROUTING_ID",
        set_connect_routing_id,
        "peer"
    );
    wo!(
        seen,
        ctx.socket::<zmq::Stream>().unwrap(),
        "ZMQ_CONNECT_ROUTING_ID",
        set_connect_routing_id,
        "peer"
    );
    wo!(seen, router(), "ZMQ_PROBE_ROUTER", set_probe_router, true);
    wo!(seen, dealer(), "ZMQ_PROBE_ROUTER", set_probe_router, true);
    let req = ctx.socket::<zmq::Req>().unwrap();
    wo!(seen, req, "ZMQ_PROBE_ROUTER", set_probe_router, true);
    wo!(seen, req, "ZMQ_REQ_CORRELATE", set_req_correlate, true);
    wo!(seen, req, "ZMQ_REQ_RELAXED", set_req_relaxed, true);
    rw!(
        seen,
        &ctx.socket::<zmq::Pub>().unwrap(),
        "ZMQ_CONFLATE",
        conflate,
        set_conflate,
        true
    );
    rw!(
        seen,
        &ctx.socket::<zmq::Sub>().unwrap(),
        "ZMQ_CONFLATE",
        conflate,
        set_conflate,
        true
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_CONFLATE",
        conflate,
        set_conflate,
        true
    );
    rw!(
        seen,
        &ctx.socket::<zmq::Push>().unwrap(),
        "ZMQ_CONFLATE",
        conflate,
        set_conflate,
        true
    );
    rw!(
        seen,
        &ctx.socket::<zmq::Pull>().unwrap(),
        "ZMQ_CONFLATE",
        conflate,
        set_conflate,
        true
    );
    let xpub = ctx.socket::<zmq::XPub>().unwrap();
    wo!(seen, xpub, "ZMQ_XPUB_VERBOSE", set_xpub_verbose, true);
    wo!(seen, xpub, "ZMQ_XPUB_VERBOSER", set_xpub_verboser, true);
    wo!(seen, xpub, "ZMQ_XPUB_NODROP", set_xpub_nodrop, true);
    wo!(seen, xpub, "ZMQ_XPUB_MANUAL", set_xpub_manual, true);
    wo!(
        seen,
        xpub,
        "ZMQ_XPUB_WELCOME_MSG",
        set_xpub_welcome_msg,
        "welcome"
    );
    wo!(seen, xpub, "ZMQ_XPUB_WELCOME_MSG", set_xpub_welcome_msg, "");
    wo!(
        seen,
        ctx.socket::<zmq::Pub>().unwrap(),
        "ZMQ_XPUB_NODROP",
        set_xpub_nodrop,
        true
    );
    wo!(
        seen,
        ctx.socket::<zmq::Stream>().unwrap(),
        "ZMQ_STREAM_NOTIFY",
        set_stream_notify,
        false
    );
    for invert in [
        ctx.socket::<zmq::Pub>().unwrap().into_dynamic(),
        ctx.socket::<zmq::XPub>().unwrap().into_dynamic(),
        ctx.socket::<zmq::Sub>().unwrap().into_dynamic(),
    ] {
        rw!(
            seen,
            &invert,
            "ZMQ_INVERT_MATCHING",
            invert_matching,
            set_invert_matching,
            true
        );
    }
    let typed_sub = ctx.socket::<zmq::Sub>().unwrap();
    rw!(
        seen,
        &typed_sub,
        "ZMQ_INVERT_MATCHING",
        invert_matching,
        set_invert_matching,
        true
    );

    // Mechanisms and transports this libzmq is built without.
    assert!(!zmq::has("gssapi"));
    let s = dealer();
    lacking!(
        seen,
        "ZMQ_GSSAPI_SERVER",
        s.set_gssapi_server(true),
        s.gssapi_server()
    );
    lacking!(
        seen,
        "ZMQ_GSSAPI_PRINCIPAL",
        s.set_gssapi_principal("me"),
        s.gssapi_principal()
    );
    lacking!(
        seen,
        "ZMQ_GSSAPI_SERVICE_PRINCIPAL",
        s.set_gssapi_service_principal("svc"),
        s.gssapi_service_principal()
    );
    lacking!(
        seen,
        "ZMQ_GSSAPI_PLAINTEXT",
        s.set_gssapi_plaintext(true),
        s.gssapi_plaintext()
    );
    lacking!(
        seen,
        "ZMQ_GSSAPI_PRINCIPAL_NAMETYPE",
        s.set_gssapi_principal_nametype(1),
        s.gssapi_principal_nametype()
    );
    lacking!(
        seen,
        "ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE",
        s.set_gssapi_service_principal_nametype(1),
        s.gssapi_service_principal_nametype()
    );
    assert!(!zmq::has("vmci"));
    lacking!(
        seen,
        "ZMQ_VMCI_BUFFER_SIZE",
        s.set_vmci_buffer_size(1 << 16)
    );
    lacking!(
        seen,
        "ZMQ_VMCI_BUFFER_MIN_SIZE",
        s.set_vmci_buffer_min_size(1 << 10)
    );
    lacking!(
        seen,
        "ZMQ_VMCI_BUFFER_MAX_SIZE",
        s.set_vmci_buffer_max_size(1 << 20)
    );
    lacking!(
        seen,
        "ZMQ_VMCI_CONNECT_TIMEOUT",
        s.set_vmci_connect_timeout(Some(ms(100)))
    );

    // Deprecated aliases.
    rw!(seen, &dealer(), "ZMQ_IDENTITY", identity, set_identity, "old-id" => b"old-id");
    let s = dealer();
    s.set_identity("same").unwrap();
    assert_eq!(s.routing_id().unwrap(), b"same");
    wo!(seen, router(), "ZMQ_CONNECT_RID", set_connect_rid, "peer");
    let s = dealer();
    wo!(
        seen,
        s,
        "ZMQ_TCP_ACCEPT_FILTER",
        set_tcp_accept_filter,
        "127.0.0.1"
    );
    wo!(
        seen,
        s,
        "ZMQ_TCP_ACCEPT_FILTER",
        set_tcp_accept_filter,
        "10.0.0.0/8"
    );
    wo!(seen, s, "ZMQ_TCP_ACCEPT_FILTER", set_tcp_accept_filter, "");
    // The IPC filters need peer credentials (SO_PEERCRED), which the
    // platform configuration of the libzmq build decides: either they work,
    // or libzmq rejects them, consistently for adding and clearing.
    let s = dealer();
    let uid = s.set_ipc_filter_uid(Some(0));
    assert!(
        matches!(uid, Ok(()) | Err(Error::InvalidArgument)),
        "{uid:?}"
    );
    assert_eq!(s.set_ipc_filter_uid(None), uid);
    assert_eq!(s.set_ipc_filter_gid(Some(0)), uid);
    assert_eq!(s.set_ipc_filter_gid(None), uid);
    let pid = s.set_ipc_filter_pid(Some(std::process::id() as i32));
    assert!(
        matches!(pid, Ok(()) | Err(Error::InvalidArgument)),
        "{pid:?}"
    );
    assert_eq!(s.set_ipc_filter_pid(None), pid);
    seen.extend([
        "ZMQ_IPC_FILTER_UID",
        "ZMQ_IPC_FILTER_GID",
        "ZMQ_IPC_FILTER_PID",
    ]);
    rw!(
        seen,
        &dealer(),
        "ZMQ_IPV4ONLY",
        ipv4only,
        set_ipv4only,
        false
    );
    let s = dealer();
    s.set_ipv4only(false).unwrap();
    assert!(s.ipv6().unwrap(), "ZMQ_IPV4ONLY is the inverse of ZMQ_IPV6");
    rw!(
        seen,
        &dealer(),
        "ZMQ_DELAY_ATTACH_ON_CONNECT",
        delay_attach_on_connect,
        set_delay_attach_on_connect,
        true
    );
    wo!(
        seen,
        router(),
        "ZMQ_FAIL_UNROUTABLE",
        set_fail_unroutable,
        true
    );
    wo!(
        seen,
        router(),
        "ZMQ_ROUTER_BEHAVIOR",
        set_router_behavior,
        true
    );

    #[cfg(feature = "draft")]
    draft_round_trips(&ctx, &mut seen);

    // Every socket option of zmq.h (the set the tables cover, as
    // src/coverage.rs checks) was exercised; ZMQ_BLOCKY is a context option
    // and ZMQ_NOBLOCK a send flag.
    let h = zmq_h();
    let (stable, deprecated, draft) = socket_option_blocks(&h);
    let draft: BTreeSet<String> = draft.into_iter().collect();
    let missing: Vec<&String> = stable
        .iter()
        .chain(&deprecated)
        .chain(&draft)
        .filter(|n| !matches!(n.as_str(), "ZMQ_BLOCKY" | "ZMQ_NOBLOCK"))
        .filter(|n| !seen.contains(n.as_str()))
        .filter(|n| cfg!(feature = "draft") || !draft.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "options the table test does not exercise: {missing:?}"
    );
}

#[cfg(feature = "draft")]
fn draft_round_trips(ctx: &Context, seen: &mut BTreeSet<&'static str>) {
    let dealer = || ctx.socket::<zmq::Dealer>().unwrap();
    rw!(
        seen,
        &dealer(),
        "ZMQ_ZAP_ENFORCE_DOMAIN",
        zap_enforce_domain,
        set_zap_enforce_domain,
        true
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_LOOPBACK_FASTPATH",
        loopback_fastpath,
        set_loopback_fastpath,
        true
    );
    wo!(seen, dealer(), "ZMQ_METADATA", set_metadata, "X-color:blue");
    rw!(
        seen,
        &ctx.socket::<zmq::Radio>().unwrap(),
        "ZMQ_MULTICAST_LOOP",
        multicast_loop,
        set_multicast_loop,
        false
    );
    rw!(
        seen,
        &ctx.socket::<zmq::Router>().unwrap(),
        "ZMQ_ROUTER_NOTIFY",
        router_notify,
        set_router_notify,
        zmq::RouterNotify::CONNECT | zmq::RouterNotify::DISCONNECT
    );
    wo!(
        seen,
        ctx.socket::<zmq::XPub>().unwrap(),
        "ZMQ_XPUB_MANUAL_LAST_VALUE",
        set_xpub_manual_last_value,
        true
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_SOCKS_USERNAME",
        socks_username,
        set_socks_username,
        "user"
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_SOCKS_PASSWORD",
        socks_password,
        set_socks_password,
        "pass"
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_IN_BATCH_SIZE",
        in_batch_size,
        set_in_batch_size,
        4096
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_OUT_BATCH_SIZE",
        out_batch_size,
        set_out_batch_size,
        4096
    );
    assert!(!zmq::has("wss"));
    let s = dealer();
    lacking!(seen, "ZMQ_WSS_KEY_PEM", s.set_wss_key_pem("-----BEGIN"));
    lacking!(seen, "ZMQ_WSS_CERT_PEM", s.set_wss_cert_pem("-----BEGIN"));
    lacking!(seen, "ZMQ_WSS_TRUST_PEM", s.set_wss_trust_pem("-----BEGIN"));
    lacking!(seen, "ZMQ_WSS_HOSTNAME", s.set_wss_hostname("example.org"));
    lacking!(seen, "ZMQ_WSS_TRUST_SYSTEM", s.set_wss_trust_system(true));
    wo!(
        seen,
        ctx.socket::<zmq::XPub>().unwrap(),
        "ZMQ_ONLY_FIRST_SUBSCRIBE",
        set_only_first_subscribe,
        true
    );
    wo!(
        seen,
        ctx.socket::<zmq::XSub>().unwrap(),
        "ZMQ_ONLY_FIRST_SUBSCRIBE",
        set_only_first_subscribe,
        true
    );
    rw!(
        seen,
        &dealer(),
        "ZMQ_RECONNECT_STOP",
        reconnect_stop,
        set_reconnect_stop,
        zmq::ReconnectStop::CONN_REFUSED | zmq::ReconnectStop::AFTER_DISCONNECT
    );
    for (name, s) in [
        (
            "router",
            ctx.socket::<zmq::Router>().unwrap().into_dynamic(),
        ),
        ("dealer", dealer().into_dynamic()),
        (
            "client",
            ctx.socket::<zmq::Client>().unwrap().into_dynamic(),
        ),
        (
            "server",
            ctx.socket::<zmq::Server>().unwrap().into_dynamic(),
        ),
        ("peer", ctx.socket::<zmq::Peer>().unwrap().into_dynamic()),
    ] {
        s.set_hello_msg("hello")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    wo!(
        seen,
        ctx.socket::<zmq::Router>().unwrap(),
        "ZMQ_HELLO_MSG",
        set_hello_msg,
        "hello"
    );
    wo!(
        seen,
        ctx.socket::<zmq::Router>().unwrap(),
        "ZMQ_DISCONNECT_MSG",
        set_disconnect_msg,
        "bye"
    );
    wo!(
        seen,
        ctx.socket::<zmq::Server>().unwrap(),
        "ZMQ_DISCONNECT_MSG",
        set_disconnect_msg,
        "bye"
    );
    wo!(seen, dealer(), "ZMQ_HICCUP_MSG", set_hiccup_msg, "hiccup");
    wo!(
        seen,
        ctx.socket::<zmq::Client>().unwrap(),
        "ZMQ_HICCUP_MSG",
        set_hiccup_msg,
        "hiccup"
    );
    rw!(seen, &dealer(), "ZMQ_PRIORITY", priority, set_priority, 3);
    // Above 6 the kernel refuses SO_PRIORITY without CAP_NET_ADMIN, and
    // libzmq then aborts on the next connection: refused here.
    assert_eq!(dealer().set_priority(7), Err(Error::InvalidArgument));
    assert_eq!(dealer().set_priority(-1), Err(Error::InvalidArgument));
    wo!(seen, dealer(), "ZMQ_BUSY_POLL", set_busy_poll, 1);
    wo!(
        seen,
        ctx.socket::<zmq::XSub>().unwrap(),
        "ZMQ_XSUB_VERBOSE_UNSUBSCRIBE",
        set_xsub_verbose_unsubscribe,
        true
    );
    let sub = ctx.socket::<zmq::Sub>().unwrap();
    sub.subscribe("a").unwrap();
    sub.subscribe("b").unwrap();
    ro!(seen, sub, "ZMQ_TOPICS_COUNT", topics_count, 2);
    ro!(
        seen,
        ctx.socket::<zmq::XPub>().unwrap(),
        "ZMQ_TOPICS_COUNT",
        topics_count,
        0
    );
    assert!(!zmq::has("norm"));
    let s = dealer();
    lacking!(
        seen,
        "ZMQ_NORM_MODE",
        s.set_norm_mode(zmq::sys::ZMQ_NORM_FIXED),
        s.norm_mode()
    );
    lacking!(
        seen,
        "ZMQ_NORM_UNICAST_NACK",
        s.set_norm_unicast_nack(true),
        s.norm_unicast_nack()
    );
    lacking!(
        seen,
        "ZMQ_NORM_BUFFER_SIZE",
        s.set_norm_buffer_size(4096),
        s.norm_buffer_size()
    );
    lacking!(
        seen,
        "ZMQ_NORM_SEGMENT_SIZE",
        s.set_norm_segment_size(1000),
        s.norm_segment_size()
    );
    lacking!(
        seen,
        "ZMQ_NORM_BLOCK_SIZE",
        s.set_norm_block_size(8),
        s.norm_block_size()
    );
    lacking!(
        seen,
        "ZMQ_NORM_NUM_PARITY",
        s.set_norm_num_parity(2),
        s.norm_num_parity()
    );
    lacking!(
        seen,
        "ZMQ_NORM_NUM_AUTOPARITY",
        s.set_norm_num_autoparity(1),
        s.norm_num_autoparity()
    );
    lacking!(seen, "ZMQ_NORM_PUSH", s.set_norm_push(true), s.norm_push());

    // The thread-safe kinds have no ZMQ_FD, and say they are thread-safe.
    let server = ctx.socket::<zmq::Server>().unwrap();
    assert_eq!(server.fd(), Err(Error::InvalidArgument));
    assert_eq!(server.thread_safe(), Ok(true));
}

#[test]
fn time_options_round_trip_through_duration() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Dealer>().unwrap();
    // None is libzmq's -1, both ways.
    for (set, get, option) in [
        (
            zmq::Socket::set_linger
                as fn(&zmq::Socket<zmq::Dealer>, Option<Duration>) -> zmq::Result<()>,
            zmq::Socket::linger as fn(&zmq::Socket<zmq::Dealer>) -> zmq::Result<Option<Duration>>,
            zmq::sys::ZMQ_LINGER,
        ),
        (
            zmq::Socket::set_rcvtimeo,
            zmq::Socket::rcvtimeo,
            zmq::sys::ZMQ_RCVTIMEO,
        ),
        (
            zmq::Socket::set_sndtimeo,
            zmq::Socket::sndtimeo,
            zmq::sys::ZMQ_SNDTIMEO,
        ),
        (
            zmq::Socket::set_reconnect_ivl,
            zmq::Socket::reconnect_ivl,
            zmq::sys::ZMQ_RECONNECT_IVL,
        ),
    ] {
        set(&s, Some(Duration::from_millis(1234))).unwrap();
        assert_eq!(get(&s).unwrap(), Some(Duration::from_millis(1234)));
        assert_eq!(raw_int(&s, option), 1234);
        set(&s, None).unwrap();
        assert_eq!(get(&s).unwrap(), None);
        assert_eq!(raw_int(&s, option), -1);
        set(&s, Some(Duration::ZERO)).unwrap();
        assert_eq!(get(&s).unwrap(), Some(Duration::ZERO));
        assert_eq!(raw_int(&s, option), 0);
        // A fraction of a millisecond rounds up: a tiny timeout still waits.
        set(&s, Some(Duration::from_micros(1500))).unwrap();
        assert_eq!(raw_int(&s, option), 2);
        set(&s, Some(Duration::from_nanos(1))).unwrap();
        assert_eq!(raw_int(&s, option), 1);
    }
    // The OS-default options: None is -1.
    s.set_tcp_keepalive_idle(Some(Duration::from_secs(7)))
        .unwrap();
    assert_eq!(raw_int(&s, zmq::sys::ZMQ_TCP_KEEPALIVE_IDLE), 7);
    s.set_tcp_keepalive_idle(None).unwrap();
    assert_eq!(raw_int(&s, zmq::sys::ZMQ_TCP_KEEPALIVE_IDLE), -1);
    assert_eq!(s.tcp_keepalive_idle().unwrap(), None);
    s.set_tcp_keepalive(Some(false)).unwrap();
    assert_eq!(s.tcp_keepalive().unwrap(), Some(false));
    s.set_tcp_keepalive(None).unwrap();
    assert_eq!(raw_int(&s, zmq::sys::ZMQ_TCP_KEEPALIVE), -1);
    assert_eq!(s.tcp_keepalive().unwrap(), None);
    // Heartbeat timeout: unset (-1, "each connection waits its heartbeat
    // interval") is None, and writing None back changes nothing; once set,
    // libzmq cannot go back, so None is then refused and the value stays.
    assert_eq!(raw_int(&s, zmq::sys::ZMQ_HEARTBEAT_TIMEOUT), -1);
    assert_eq!(s.heartbeat_timeout().unwrap(), None);
    s.set_heartbeat_ivl(Duration::from_millis(300)).unwrap();
    s.set_heartbeat_timeout(s.heartbeat_timeout().unwrap())
        .unwrap();
    assert_eq!(raw_int(&s, zmq::sys::ZMQ_HEARTBEAT_TIMEOUT), -1);
    s.set_heartbeat_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    assert_eq!(
        s.heartbeat_timeout().unwrap(),
        Some(Duration::from_millis(700))
    );
    assert_eq!(s.set_heartbeat_timeout(None), Err(Error::InvalidArgument));
    assert_eq!(raw_int(&s, zmq::sys::ZMQ_HEARTBEAT_TIMEOUT), 700);
    // Heartbeat TTL travels in deciseconds.
    s.set_heartbeat_ttl(Duration::from_millis(1250)).unwrap();
    assert_eq!(s.heartbeat_ttl().unwrap(), Duration::from_millis(1200));
}

#[test]
fn string_and_blob_options() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Dealer>().unwrap();
    // The empty string clears a string option.
    s.set_socks_proxy("proxy:1080").unwrap();
    s.set_socks_proxy("").unwrap();
    assert_eq!(s.socks_proxy().unwrap(), "");
    // A long value is read back whole.
    let long = format!("{}:1080", "h".repeat(2000));
    s.set_socks_proxy(&long).unwrap();
    assert_eq!(s.socks_proxy().unwrap(), long);
    // An empty PLAIN username returns the socket to the NULL mechanism.
    s.set_plain_username("user").unwrap();
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_PLAIN);
    s.set_plain_username("").unwrap();
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_NULL);
    // Routing ids are binary.
    let id = [0x01, 0x00, 0xff, 0x7f];
    s.set_routing_id(id).unwrap();
    assert_eq!(s.routing_id().unwrap(), id);
    s.set_routing_id([7u8; 255]).unwrap();
    assert_eq!(s.routing_id().unwrap(), vec![7u8; 255]);
    s.set_routing_id(vec![1, 2, 3]).unwrap();
    assert_eq!(s.routing_id().unwrap(), [1, 2, 3]);
}

#[test]
fn security_options_choose_the_mechanism() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Rep>().unwrap();
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_NULL);
    assert_eq!(format!("{:?}", s.mechanism().unwrap()), "Null");
    s.set_plain_server(true).unwrap();
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_PLAIN);
    assert!(s.plain_server().unwrap());
    s.set_plain_server(false).unwrap();
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_NULL);

    let pair = KeyPair::generate().unwrap();
    s.set_curve_server(true).unwrap();
    s.set_curve_secretkey(&pair.secret).unwrap();
    assert_eq!(s.mechanism().unwrap().raw(), zmq::sys::ZMQ_CURVE);
    assert_eq!(format!("{:?}", s.mechanism().unwrap()), "Curve");
    assert!(s.curve_server().unwrap());
    let secret = s.curve_secretkey().unwrap();
    assert!(secret.is_secret(), "a secret key reads back marked secret");
    assert_eq!(secret, pair.secret);
    assert!(!format!("{secret:?}").contains(&pair.secret.to_z85()));
    // Public keys read back as public keys.
    let client = ctx.socket::<zmq::Req>().unwrap();
    client.set_curve_serverkey(&pair.public).unwrap();
    let key = client.curve_serverkey().unwrap();
    assert!(!key.is_secret());
    assert_eq!(key.to_z85(), pair.public.to_z85());
    let z85: CurveKey = pair.public.to_z85().parse().unwrap();
    client.set_curve_publickey(&z85).unwrap();
    assert_eq!(client.curve_publickey().unwrap(), pair.public);
}

#[test]
fn raw_escape_hatch() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Dealer>().unwrap();
    // SAFETY: ZMQ_SNDHWM with an int: a plain limit, nothing else changes.
    unsafe { s.set_option_raw(zmq::sys::ZMQ_SNDHWM, &7i32.to_ne_bytes()) }.unwrap();
    assert_eq!(s.sndhwm().unwrap(), 7);
    assert_eq!(
        s.option_raw(zmq::sys::ZMQ_SNDHWM, 4).unwrap(),
        7i32.to_ne_bytes()
    );
    assert_eq!(s.option_raw(9999, 4), Err(Error::InvalidArgument));
    assert_eq!(
        // SAFETY: an option libzmq does not know is refused (EINVAL).
        unsafe { s.set_option_raw(9999, &[0; 4]) },
        Err(Error::InvalidArgument)
    );
    // The wrong size for an int option.
    assert_eq!(
        s.option_raw(zmq::sys::ZMQ_SNDHWM, 2),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        // SAFETY: an int option of the wrong size is refused (EINVAL).
        unsafe { s.set_option_raw(zmq::sys::ZMQ_SNDHWM, &[1]) },
        Err(Error::InvalidArgument)
    );
}

// ---------------------------------------------------------------------------
// (c) Wrong kinds and out-of-range values are errors, never panics.
// ---------------------------------------------------------------------------

#[test]
fn options_on_kinds_that_reject_them_are_invalid_argument() {
    let ctx = Context::new();
    let dynamic = |t: SocketType| ctx.socket_of_type(t).unwrap();
    let req = dynamic(SocketType::Req);
    assert_eq!(req.set_router_mandatory(true), Err(Error::InvalidArgument));
    assert_eq!(req.set_router_handover(true), Err(Error::InvalidArgument));
    assert_eq!(req.set_connect_routing_id("x"), Err(Error::InvalidArgument));
    assert_eq!(req.set_xpub_verbose(true), Err(Error::InvalidArgument));
    assert_eq!(req.set_stream_notify(true), Err(Error::InvalidArgument));
    assert_eq!(req.subscribe("x"), Err(Error::InvalidArgument));
    let dealer = dynamic(SocketType::Dealer);
    assert_eq!(dealer.set_req_correlate(true), Err(Error::InvalidArgument));
    assert_eq!(dealer.set_req_relaxed(true), Err(Error::InvalidArgument));
    let publisher = dynamic(SocketType::Pub);
    assert_eq!(publisher.subscribe("x"), Err(Error::InvalidArgument));
    let sub = dynamic(SocketType::Sub);
    assert_eq!(sub.set_xpub_nodrop(true), Err(Error::InvalidArgument));
    let pull = dynamic(SocketType::Pull);
    assert_eq!(pull.set_probe_router(true), Err(Error::InvalidArgument));
    assert_eq!(pull.set_xpub_welcome_msg("hi"), Err(Error::InvalidArgument));
    // The same calls work on the kinds that take them.
    dynamic(SocketType::Router)
        .set_router_mandatory(true)
        .unwrap();
    dynamic(SocketType::Req).set_req_correlate(true).unwrap();
    dynamic(SocketType::Sub).subscribe("x").unwrap();
    #[cfg(feature = "draft")]
    {
        assert_eq!(req.topics_count(), Err(Error::InvalidArgument));
        assert_eq!(
            req.set_router_notify(zmq::RouterNotify::CONNECT),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            dealer.set_only_first_subscribe(true),
            Err(Error::InvalidArgument)
        );
        assert_eq!(
            sub.set_xsub_verbose_unsubscribe(true),
            Err(Error::InvalidArgument)
        );
    }
}

#[test]
fn out_of_range_values_are_invalid_argument() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Dealer>().unwrap();
    let invalid = Err(Error::InvalidArgument);
    assert_eq!(s.set_sndhwm(-1), invalid);
    assert_eq!(s.set_rcvhwm(-1), invalid);
    assert_eq!(s.set_rate(0), invalid);
    assert_eq!(s.set_backlog(-1), invalid);
    assert_eq!(s.set_tos(-1), invalid);
    assert_eq!(s.set_sndbuf(-2), invalid);
    assert_eq!(s.set_multicast_hops(0), invalid);
    assert_eq!(s.set_routing_id(""), invalid);
    assert_eq!(s.set_routing_id([1u8; 256]), invalid);
    // Durations beyond an int of milliseconds are refused here, not wrapped.
    assert_eq!(s.set_linger(Some(Duration::MAX)), invalid);
    assert_eq!(
        s.set_rcvtimeo(Some(Duration::from_secs(3_000_000))),
        invalid
    );
    assert_eq!(s.set_handshake_ivl(Duration::MAX), invalid);
    assert_eq!(s.set_heartbeat_ttl(Duration::from_secs(7000)), invalid);
    assert_eq!(
        s.set_tcp_keepalive_idle(Some(Duration::from_millis(1500))),
        invalid
    );
    assert_eq!(
        s.set_tcp_keepalive_intvl(Some(Duration::from_secs(u64::MAX))),
        invalid
    );
    assert_eq!(s.set_tcp_keepalive_cnt(Some(-2)), invalid);
    // SAFETY: refused before libzmq sees it (not a descriptor).
    assert_eq!(unsafe { s.set_use_fd(Some(-2)) }, invalid);
    assert_eq!(s.set_plain_username(&"u".repeat(256)), invalid);
    assert_eq!(s.set_plain_password("with\0nul"), invalid);
    assert_eq!(s.set_zap_domain(""), invalid);
    assert_eq!(s.set_bindtodevice(&"x".repeat(300)), invalid);
    assert_eq!(s.set_tcp_accept_filter("not an address"), invalid);
    let router = ctx.socket::<zmq::Router>().unwrap();
    assert_eq!(router.set_connect_routing_id(""), invalid);
    #[cfg(feature = "draft")]
    {
        assert_eq!(
            router.set_router_notify(zmq::RouterNotify::from_bits_retain(4)),
            invalid
        );
        assert_eq!(s.set_metadata("no-colon"), invalid);
        assert_eq!(s.set_metadata("Y-key:value"), invalid);
        assert_eq!(s.set_in_batch_size(0), invalid);
    }
    // Nothing was changed by the failed calls.
    assert_eq!(s.sndhwm(), Ok(1000));
    assert_eq!(s.linger(), Ok(None));
    assert_eq!(s.routing_id(), Ok(vec![]));
}

/// Every getter of the table, called on a socket of every kind: each call
/// returns (a value or libzmq's error), none panics; the generic options
/// read on every kind.
macro_rules! all_getters {
    ($s:expr; generic: $($g:ident),*; specific: $($k:ident),*) => {{
        let s = $s;
        $( s.$g().unwrap_or_else(|e| panic!("{} on {:?}: {e}", stringify!($g), s.socket_type())); )*
        $( let _ = s.$k(); )*
    }};
}

#[test]
fn every_getter_on_every_kind() {
    let ctx = Context::new();
    for kind in common::STABLE_KINDS {
        let s = ctx.socket_of_type(kind).unwrap();
        assert_eq!(s.socket_type().unwrap(), kind);
        all_getters!(&s;
            generic: affinity, routing_id, rate, recovery_ivl, sndbuf, rcvbuf, rcvmore, fd, events,
                socket_type, linger, reconnect_ivl, backlog, reconnect_ivl_max, maxmsgsize, sndhwm,
                rcvhwm, multicast_hops, rcvtimeo, sndtimeo, last_endpoint, tcp_keepalive,
                tcp_keepalive_cnt, tcp_keepalive_idle, tcp_keepalive_intvl, immediate, ipv6,
                mechanism, plain_server, plain_username, plain_password, curve_server,
                curve_publickey, curve_secretkey, curve_serverkey, conflate, zap_domain, tos,
                handshake_ivl, socks_proxy, invert_matching, heartbeat_ivl, heartbeat_ttl,
                heartbeat_timeout, connect_timeout, tcp_maxrt, thread_safe, multicast_maxtpdu,
                use_fd, bindtodevice, identity, ipv4only, delay_attach_on_connect;
            specific: gssapi_server, gssapi_principal, gssapi_service_principal, gssapi_plaintext,
                gssapi_principal_nametype, gssapi_service_principal_nametype);
        #[cfg(feature = "draft")]
        all_getters!(&s;
            generic: zap_enforce_domain, loopback_fastpath, multicast_loop, socks_username,
                socks_password, in_batch_size, out_batch_size, reconnect_stop, priority;
            specific: router_notify, topics_count, norm_mode, norm_unicast_nack, norm_buffer_size,
                norm_segment_size, norm_block_size, norm_num_parity, norm_num_autoparity, norm_push);
    }
}

// ---------------------------------------------------------------------------
// (d) Behaviour.
// ---------------------------------------------------------------------------

/// A TCP endpoint on 127.0.0.1 where nothing listens (a port the OS just
/// handed out and took back).
fn free_tcp_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    format!("tcp://{}", listener.local_addr().unwrap())
}

/// A monitor of every event of `s`.
fn monitor_all<K: zmq::SocketKind>(s: &zmq::Socket<K>) -> zmq::Monitor {
    s.monitor(zmq::MonitorEvents::ALL).unwrap()
}

/// Asserts that no `kind` event comes within `limit`.
#[track_caller]
fn assert_no_event(m: &mut zmq::Monitor, kind: zmq::EventKind, limit: Duration) {
    assert_eq!(wait_for(m, kind, limit), None);
}

/// The value of the first `kind` event within `limit` in all (other events
/// are skipped), or `None`.
fn wait_for(m: &mut zmq::Monitor, kind: zmq::EventKind, limit: Duration) -> Option<u32> {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        m.set_timeout(Some(left.max(MS))).unwrap();
        match m.recv_event() {
            Ok(e) if e.kind == kind => return Some(e.value),
            Ok(_) => {}
            Err(Error::Again) => return None,
            Err(e) => panic!("monitor: {e}"),
        }
    }
}

#[test]
fn sndhwm_makes_a_push_block_once_full() {
    let ctx = Context::new();
    let fill = |hwm: Option<i32>| -> usize {
        let push = socket::<zmq::Push>(&ctx);
        let pull = socket::<zmq::Pull>(&ctx);
        if let Some(hwm) = hwm {
            push.set_sndhwm(hwm).unwrap();
            pull.set_rcvhwm(hwm).unwrap();
        }
        let endpoint = bind_any(&pull, "inproc");
        push.connect(&endpoint).unwrap();
        let mut sent = 0;
        loop {
            match push.try_send("x") {
                Ok(()) => sent += 1,
                Err(Error::Again) => break,
                Err(e) => panic!("try_send: {e}"),
            }
            assert!(sent < 100_000, "the queue never filled");
        }
        if hwm.is_some() {
            // A blocking send waits for room, up to SNDTIMEO.
            push.set_sndtimeo(Some(Duration::from_millis(150))).unwrap();
            let start = Instant::now();
            assert_eq!(push.send("x"), Err(Error::Again));
            assert!(
                start.elapsed() >= Duration::from_millis(140),
                "{:?}",
                start.elapsed()
            );
            // Draining the receiver makes room again.
            for _ in 0..sent {
                pull.recv().unwrap();
            }
            push.send("again").unwrap();
            assert_eq!(pull.recv().unwrap(), "again");
        }
        sent
    };
    // Over inproc the queue holds the sender's and the receiver's marks.
    let small = fill(Some(2));
    assert!(
        (2..=4).contains(&small),
        "sent {small} with high-water marks of 2"
    );
    let default = fill(None);
    assert!(
        default >= 1000,
        "sent {default} with the default high-water marks"
    );
}

#[test]
fn sndhwm_makes_a_pub_drop_once_full() {
    let ctx = Context::new();
    let publisher = socket::<zmq::Pub>(&ctx);
    publisher.set_sndhwm(2).unwrap();
    let endpoint = bind_any(&publisher, "inproc");
    let sub = socket::<zmq::Sub>(&ctx);
    sub.set_rcvhwm(2).unwrap();
    sub.subscribe("").unwrap();
    sub.connect(&endpoint).unwrap();
    // Wait until the subscription reached the publisher.
    sub.set_rcvtimeo(Some(Duration::from_millis(20))).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        publisher.send("sync").unwrap();
        if sub.recv().is_ok() {
            break;
        }
        assert!(Instant::now() < deadline, "the subscription never arrived");
    }
    while sub.recv().is_ok() {}
    // A PUB never blocks: past the mark it drops.
    for i in 0..100 {
        assert_eq!(publisher.try_send(i.to_string()), Ok(()), "message {i}");
    }
    sub.set_rcvtimeo(Some(Duration::from_millis(200))).unwrap();
    let mut received = Vec::new();
    while let Ok(msg) = sub.recv() {
        received.push(msg.as_str().unwrap_or("?").to_string());
    }
    assert!((1..=4).contains(&received.len()), "received {received:?}");
    // The first messages got through; the rest were dropped.
    assert_eq!(received[0], "0");
}

#[test]
fn linger_zero_closes_at_once() {
    let ctx = Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_linger(Some(Duration::ZERO)).unwrap();
    push.connect(&free_tcp_endpoint()).unwrap();
    push.send("never delivered").unwrap();
    drop(push);
    let start = Instant::now();
    within(Duration::from_secs(5), move || drop(ctx));
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn linger_duration_bounds_the_wait() {
    let ctx = Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_linger(Some(Duration::from_millis(400))).unwrap();
    push.connect(&free_tcp_endpoint()).unwrap();
    push.send("never delivered").unwrap();
    drop(push);
    let start = Instant::now();
    within(Duration::from_secs(10), move || drop(ctx));
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(350), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[test]
fn linger_forever_waits_until_delivered() {
    let ctx = Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_linger(None).unwrap();
    let endpoint = free_tcp_endpoint();
    push.connect(&endpoint).unwrap();
    push.send("kept").unwrap();
    drop(push);
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(ctx);
        let _ = done_tx.send(());
    });
    assert!(
        done_rx.recv_timeout(Duration::from_millis(700)).is_err(),
        "the context terminated with a message undelivered and an infinite linger"
    );
    // A receiver appears: the message is delivered, and termination ends.
    let other = Context::new();
    let pull = socket::<zmq::Pull>(&other);
    pull.bind(&endpoint).unwrap();
    assert_eq!(pull.recv().unwrap(), "kept");
    done_rx
        .recv_timeout(TIMEOUT)
        .expect("termination did not end after delivery");
}

#[test]
fn rcvtimeo_and_sndtimeo_give_again() {
    let ctx = Context::new();
    let pull = socket::<zmq::Pull>(&ctx);
    bind_any(&pull, "tcp");
    pull.set_rcvtimeo(Some(Duration::from_millis(150))).unwrap();
    let start = Instant::now();
    assert_eq!(pull.recv().unwrap_err(), Error::Again);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(140) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    pull.set_rcvtimeo(Some(Duration::ZERO)).unwrap();
    let start = Instant::now();
    assert_eq!(pull.recv().unwrap_err(), Error::Again);
    assert!(start.elapsed() < Duration::from_millis(100));

    // A PUSH with no peer cannot send.
    let push = socket::<zmq::Push>(&ctx);
    bind_any(&push, "tcp");
    push.set_sndtimeo(Some(Duration::from_millis(150))).unwrap();
    let start = Instant::now();
    assert_eq!(push.send("x"), Err(Error::Again));
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(140) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[test]
fn routing_id_is_seen_by_the_router() {
    let ctx = Context::new();
    let router = socket::<zmq::Router>(&ctx);
    let endpoint = bind_any(&router, "tcp");
    let dealer = socket::<zmq::Dealer>(&ctx);
    dealer.set_routing_id("client-7").unwrap();
    dealer.connect(&endpoint).unwrap();
    dealer.send("hello").unwrap();
    let parts = router.recv_multipart().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0], "client-7");
    assert_eq!(parts[1], "hello");
    router.send_multipart(["client-7", "world"]).unwrap();
    assert_eq!(dealer.recv().unwrap(), "world");
}

#[test]
fn connect_routing_id_names_the_peer_for_the_router() {
    let ctx = Context::new();
    let dealer = socket::<zmq::Dealer>(&ctx);
    let endpoint = bind_any(&dealer, "tcp");
    let router = socket::<zmq::Router>(&ctx);
    router.set_router_mandatory(true).unwrap();
    router.set_connect_routing_id("server-a").unwrap();
    router.connect(&endpoint).unwrap();
    // The router addresses the peer by the id it chose, once connected.
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match router.send_multipart(["server-a", "ping"]) {
            Ok(()) => break,
            Err(Error::HostUnreachable) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(e) => panic!("send to server-a: {e}"),
        }
    }
    assert_eq!(dealer.recv().unwrap(), "ping");
    dealer.send("pong").unwrap();
    let parts = router.recv_multipart().unwrap();
    assert_eq!(parts[0], "server-a");
    assert_eq!(parts[1], "pong");
    // Other ids stay unroutable.
    assert_eq!(
        router.send_multipart(["server-b", "x"]),
        Err(Error::HostUnreachable)
    );
}

#[test]
fn conflate_keeps_only_the_last_message() {
    let ctx = Context::new();
    // inproc: the conflating pipe is shared, so the outcome is exact.
    let push = socket::<zmq::Push>(&ctx);
    let endpoint = bind_any(&push, "inproc");
    let pull = socket::<zmq::Pull>(&ctx);
    pull.set_conflate(true).unwrap();
    pull.connect(&endpoint).unwrap();
    for i in 0..100 {
        push.send(i.to_string()).unwrap();
    }
    assert_eq!(pull.recv().unwrap(), "99");
    assert_eq!(pull.try_recv().unwrap_err(), Error::Again);

    // tcp: the receiver's queue keeps one message, the latest to arrive.
    let pull = socket::<zmq::Pull>(&ctx);
    pull.set_conflate(true).unwrap();
    let endpoint = bind_any(&pull, "tcp");
    let push = socket::<zmq::Push>(&ctx);
    push.connect(&endpoint).unwrap();
    for i in 0..100 {
        push.send(i.to_string()).unwrap();
    }
    let mut received = 0;
    loop {
        let msg = pull.recv().unwrap();
        received += 1;
        if msg == "99" {
            break;
        }
    }
    assert!(
        received < 50,
        "received {received} of 100 conflated messages"
    );
    pull.set_rcvtimeo(Some(Duration::from_millis(200))).unwrap();
    assert_eq!(pull.recv().unwrap_err(), Error::Again);
}

#[test]
fn immediate_queues_nothing_to_an_incomplete_connection() {
    let ctx = Context::new();
    let endpoint = free_tcp_endpoint();
    let push = socket::<zmq::Push>(&ctx);
    push.set_immediate(true).unwrap();
    push.connect(&endpoint).unwrap();
    assert_eq!(push.try_send("early"), Err(Error::Again));
    // Without it, a connect queues at once for the peer to come.
    let eager = socket::<zmq::Push>(&ctx);
    eager.connect(&free_tcp_endpoint()).unwrap();
    assert_eq!(eager.try_send("queued"), Ok(()));
    // Once the peer is there, the immediate socket sends.
    let pull = socket::<zmq::Pull>(&ctx);
    pull.bind(&endpoint).unwrap();
    push.send("now").unwrap();
    assert_eq!(pull.recv().unwrap(), "now");
}

/// A TCP relay to `target` that can stop forwarding (dropping what it
/// reads) without closing: a peer that stops answering.
fn relay(target: &str) -> (String, Arc<AtomicBool>) {
    let target = target.trim_start_matches("tcp://").to_string();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("tcp://{}", listener.local_addr().unwrap());
    let paused = Arc::new(AtomicBool::new(false));
    let pause = paused.clone();
    std::thread::spawn(move || {
        let Ok((client, _)) = listener.accept() else {
            return;
        };
        drop(listener);
        let Ok(server) = TcpStream::connect(&target) else {
            return;
        };
        let pump = |mut from: TcpStream, mut to: TcpStream, paused: Arc<AtomicBool>| {
            std::thread::spawn(move || {
                let _ = from.set_read_timeout(Some(Duration::from_secs(30)));
                let mut buf = [0u8; 4096];
                while let Ok(n) = from.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if !paused.load(Ordering::SeqCst) && to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            })
        };
        pump(
            client.try_clone().unwrap(),
            server.try_clone().unwrap(),
            pause.clone(),
        );
        pump(server, client, pause);
    });
    (endpoint, paused)
}

#[test]
fn heartbeats_drop_a_peer_that_stops_answering() {
    let ctx = Context::new();
    let router = socket::<zmq::Router>(&ctx);
    let target = bind_any(&router, "tcp");
    let connect = |heartbeats: bool| {
        let (endpoint, paused) = relay(&target);
        let dealer = socket::<zmq::Dealer>(&ctx);
        if heartbeats {
            dealer
                .set_heartbeat_ivl(Duration::from_millis(100))
                .unwrap();
            dealer
                .set_heartbeat_timeout(Some(Duration::from_millis(400)))
                .unwrap();
        }
        let monitor = monitor_all(&dealer);
        dealer.connect(&endpoint).unwrap();
        dealer.send("hello").unwrap();
        let parts = router.recv_multipart().unwrap();
        assert_eq!(parts[1], "hello");
        (dealer, monitor, paused)
    };
    let (_dealer, mut monitor, paused) = connect(true);
    let (_quiet, mut quiet_monitor, quiet_paused) = connect(false);
    // While the peer answers its PINGs, the connection stays.
    assert_no_event(
        &mut monitor,
        zmq::EventKind::Disconnected,
        Duration::from_millis(1000),
    );
    paused.store(true, Ordering::SeqCst);
    quiet_paused.store(true, Ordering::SeqCst);
    let start = Instant::now();
    assert!(
        wait_for(&mut monitor, zmq::EventKind::Disconnected, TIMEOUT).is_some(),
        "no disconnect after the peer stopped answering heartbeats"
    );
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    // Without heartbeats nothing noticed.
    assert_no_event(
        &mut quiet_monitor,
        zmq::EventKind::Disconnected,
        Duration::from_millis(100),
    );
}

#[test]
fn reconnect_ivl_paces_the_retries() {
    let ctx = Context::new();
    let endpoint = free_tcp_endpoint();
    let dealer = socket::<zmq::Dealer>(&ctx);
    dealer
        .set_reconnect_ivl(Some(Duration::from_millis(50)))
        .unwrap();
    dealer
        .set_reconnect_ivl_max(Duration::from_millis(400))
        .unwrap();
    let mut monitor = monitor_all(&dealer);
    dealer.connect(&endpoint).unwrap();
    // Each retry reports the wait before it: doubling from 50 ms up to 400.
    let mut waits = Vec::new();
    while waits.len() < 5 {
        let wait = wait_for(&mut monitor, zmq::EventKind::ConnectRetried, TIMEOUT)
            .unwrap_or_else(|| panic!("no retry after {waits:?}"));
        waits.push(wait);
    }
    if cfg!(zmq_vendored) {
        assert_eq!(waits, [50, 100, 200, 400, 400]);
    } else {
        // libzmq before 4.3.5 adds a random part to each wait.
        for (wait, nominal) in waits.iter().zip([50, 100, 200, 400, 400]) {
            assert!(*wait >= nominal && *wait < 2 * nominal + 100, "{waits:?}");
        }
    }

    // None: a refused connection is never retried.
    let never = socket::<zmq::Dealer>(&ctx);
    never.set_reconnect_ivl(None).unwrap();
    let mut monitor = monitor_all(&never);
    never.connect(&free_tcp_endpoint()).unwrap();
    assert_no_event(
        &mut monitor,
        zmq::EventKind::ConnectRetried,
        Duration::from_millis(700),
    );
}

#[test]
fn maxmsgsize_disconnects_a_peer_that_sends_too_much() {
    let ctx = Context::new();
    let pull = socket::<zmq::Pull>(&ctx);
    pull.set_maxmsgsize(64).unwrap();
    let mut monitor = monitor_all(&pull);
    let endpoint = bind_any(&pull, "tcp");
    let push = socket::<zmq::Push>(&ctx);
    push.connect(&endpoint).unwrap();
    push.send(vec![0u8; 64]).unwrap();
    assert_eq!(
        pull.recv().unwrap().len(),
        64,
        "a message at the limit passes"
    );
    push.send(vec![1u8; 65]).unwrap();
    assert!(
        wait_for(&mut monitor, zmq::EventKind::Disconnected, TIMEOUT).is_some(),
        "no disconnect after an oversized message"
    );
    pull.set_rcvtimeo(Some(Duration::from_millis(300))).unwrap();
    assert_eq!(
        pull.recv().unwrap_err(),
        Error::Again,
        "the oversized message arrived"
    );
}

#[test]
fn tcp_keepalive_reads_back_and_connects() {
    let ctx = Context::new();
    let rep = socket::<zmq::Rep>(&ctx);
    assert_eq!(rep.tcp_keepalive(), Ok(None));
    rep.set_tcp_keepalive(Some(true)).unwrap();
    rep.set_tcp_keepalive_idle(Some(Duration::from_secs(60)))
        .unwrap();
    rep.set_tcp_keepalive_intvl(Some(Duration::from_secs(10)))
        .unwrap();
    rep.set_tcp_keepalive_cnt(Some(3)).unwrap();
    assert_eq!(rep.tcp_keepalive(), Ok(Some(true)));
    assert_eq!(rep.tcp_keepalive_idle(), Ok(Some(Duration::from_secs(60))));
    assert_eq!(rep.tcp_keepalive_intvl(), Ok(Some(Duration::from_secs(10))));
    assert_eq!(rep.tcp_keepalive_cnt(), Ok(Some(3)));
    let endpoint = bind_any(&rep, "tcp");
    let req = socket::<zmq::Req>(&ctx);
    req.set_tcp_keepalive(Some(false)).unwrap();
    assert_eq!(req.tcp_keepalive(), Ok(Some(false)));
    req.connect(&endpoint).unwrap();
    req.send("ping").unwrap();
    assert_eq!(rep.recv().unwrap(), "ping");
    rep.send("pong").unwrap();
    assert_eq!(req.recv().unwrap(), "pong");
}

#[test]
fn ipv6_binds_on_the_ipv6_loopback() {
    let ctx = Context::new();
    let rep = socket::<zmq::Rep>(&ctx);
    assert_eq!(rep.ipv6(), Ok(false));
    assert!(
        rep.bind("tcp://[::1]:*").is_err(),
        "an IPv4-only socket bound to [::1]"
    );
    rep.set_ipv6(true).unwrap();
    rep.bind("tcp://[::1]:*").unwrap();
    let endpoint = rep.last_endpoint().unwrap();
    assert!(endpoint.starts_with("tcp://[::1]:"), "{endpoint}");
    let req = socket::<zmq::Req>(&ctx);
    req.set_ipv6(true).unwrap();
    req.connect(&endpoint).unwrap();
    req.send("over ipv6").unwrap();
    let msg = rep.recv().unwrap();
    assert_eq!(msg, "over ipv6");
    assert_eq!(msg.property("Peer-Address"), Some("::1"));
    rep.send("ok").unwrap();
    assert_eq!(req.recv().unwrap(), "ok");
}

#[test]
fn events_report_readiness() {
    let ctx = Context::new();
    let a = socket::<zmq::Pair>(&ctx);
    let endpoint = bind_any(&a, "inproc");
    let b = socket::<zmq::Pair>(&ctx);
    assert_eq!(b.events().unwrap(), Events::empty());
    b.connect(&endpoint).unwrap();
    assert_eq!(b.events().unwrap(), Events::OUT);
    a.send("x").unwrap();
    assert_eq!(b.events().unwrap(), Events::IN | Events::OUT);
    b.recv().unwrap();
    assert!(!b.events().unwrap().contains(Events::IN));
    // rcvmore follows the frames of a multipart message.
    a.send_multipart(["1", "2"]).unwrap();
    b.recv().unwrap();
    assert_eq!(b.rcvmore(), Ok(true));
    b.recv().unwrap();
    assert_eq!(b.rcvmore(), Ok(false));
}

#[test]
fn last_endpoint_resolves_wildcards() {
    let ctx = Context::new();
    let s = socket::<zmq::Pull>(&ctx);
    assert_eq!(s.last_endpoint().unwrap(), "");
    s.bind("tcp://127.0.0.1:*").unwrap();
    let endpoint = s.last_endpoint().unwrap();
    let port: u16 = endpoint.rsplit(':').next().unwrap().parse().unwrap();
    assert!(
        endpoint.starts_with("tcp://127.0.0.1:") && port > 0,
        "{endpoint}"
    );
    let path = format!(
        "{}/zmq-options-{}.sock",
        std::env::temp_dir().display(),
        common::unique()
    );
    s.bind(&format!("ipc://{path}")).unwrap();
    assert_eq!(s.last_endpoint().unwrap(), format!("ipc://{path}"));
}

// ---------------------------------------------------------------------------
// Context options.
// ---------------------------------------------------------------------------

#[test]
fn context_options_round_trip() {
    let ctx = Context::new();
    assert_eq!(ctx.io_threads(), Ok(1));
    ctx.set_io_threads(2).unwrap();
    assert_eq!(ctx.io_threads(), Ok(2));
    assert_eq!(ctx.max_sockets(), Ok(1023));
    ctx.set_max_sockets(64).unwrap();
    assert_eq!(ctx.max_sockets(), Ok(64));
    assert!(ctx.socket_limit().unwrap() >= 1023);
    assert_eq!(ctx.msg_t_size(), Ok(64));
    assert_eq!(ctx.max_msgsz(), Ok(i32::MAX));
    ctx.set_max_msgsz(1 << 20).unwrap();
    assert_eq!(ctx.max_msgsz(), Ok(1 << 20));
    assert_eq!(ctx.ipv6(), Ok(false));
    ctx.set_ipv6(true).unwrap();
    assert_eq!(ctx.ipv6(), Ok(true));
    assert_eq!(ctx.blocky(), Ok(true));
    ctx.set_blocky(false).unwrap();
    assert_eq!(ctx.blocky(), Ok(false));
    assert_eq!(ctx.thread_name_prefix(), Ok(0));
    ctx.set_thread_name_prefix(42).unwrap();
    assert_eq!(ctx.thread_name_prefix(), Ok(42));
    #[cfg(feature = "draft")]
    {
        assert_eq!(ctx.zero_copy_recv(), Ok(true));
        ctx.set_zero_copy_recv(false).unwrap();
        assert_eq!(ctx.zero_copy_recv(), Ok(false));
    }
    // Out of range.
    assert_eq!(ctx.set_io_threads(-1), Err(Error::InvalidArgument));
    assert_eq!(ctx.set_max_sockets(0), Err(Error::InvalidArgument));
    // The new sockets inherit ipv6 and the non-blocky linger.
    let s = ctx.socket::<zmq::Dealer>().unwrap();
    assert_eq!(s.ipv6(), Ok(true));
    assert_eq!(s.linger(), Ok(Some(Duration::ZERO)));
}

#[test]
fn context_thread_options_are_stored() {
    // These apply when the I/O threads start, so this context never makes
    // a socket (libzmq aborts if the OS refuses a scheduling setting).
    let ctx = Context::new();
    // -1 is the real value of the OS default, not an error.
    assert_eq!(ctx.thread_sched_policy(), Ok(-1));
    ctx.set_thread_sched_policy(0).unwrap();
    assert_eq!(ctx.thread_sched_policy(), Ok(0));
    assert_eq!(ctx.set_thread_sched_policy(-1), Err(Error::InvalidArgument));
    ctx.set_thread_priority(0).unwrap();
    assert_eq!(ctx.set_thread_priority(-5), Err(Error::InvalidArgument));
    ctx.set_thread_affinity_cpu_add(0).unwrap();
    ctx.set_thread_affinity_cpu_remove(0).unwrap();
    assert_eq!(
        ctx.set_thread_affinity_cpu_remove(0),
        Err(Error::InvalidArgument)
    );
    assert_eq!(
        ctx.set_thread_affinity_cpu_add(-1),
        Err(Error::InvalidArgument)
    );
}

#[test]
fn context_builder_applies_options() {
    let ctx = Context::builder()
        .io_threads(2)
        .max_sockets(8)
        .ipv6(true)
        .blocky(false)
        .max_msgsz(4096)
        .thread_name_prefix(7)
        .build()
        .unwrap();
    assert_eq!(ctx.io_threads(), Ok(2));
    assert_eq!(ctx.max_sockets(), Ok(8));
    assert_eq!(ctx.ipv6(), Ok(true));
    assert_eq!(ctx.blocky(), Ok(false));
    assert_eq!(ctx.max_msgsz(), Ok(4096));
    assert_eq!(ctx.thread_name_prefix(), Ok(7));
    // max_sockets is enforced.
    let sockets: Vec<_> = (0..8).map(|_| ctx.socket::<zmq::Pair>().unwrap()).collect();
    assert_eq!(
        ctx.socket::<zmq::Pair>().unwrap_err(),
        Error::TooManyOpenFiles
    );
    drop(sockets);
    // A bad value fails the build instead of panicking.
    assert_eq!(
        Context::builder().io_threads(-3).build().unwrap_err(),
        Error::InvalidArgument
    );
}

/// `set_use_fd` hands a listening socket to libzmq, which binds on it (the
/// endpoint's address is ignored) and closes it with the socket; anything
/// but a listening socket, which libzmq would abort on at bind, is refused.
#[test]
fn use_fd_binds_on_a_listening_socket_given_away() {
    use std::os::fd::{AsRawFd, IntoRawFd};
    let ctx = Context::new();
    let rep = socket::<zmq::Rep>(&ctx);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let fd = listener.into_raw_fd();
    // SAFETY: a listening TCP socket given up by into_raw_fd, adopted by
    // the one bind below (cleared after it).
    unsafe { rep.set_use_fd(Some(fd)) }.unwrap();
    rep.bind(&format!("tcp://127.0.0.1:{port}")).unwrap();
    rep.clear_use_fd().unwrap();
    assert_eq!(
        rep.last_endpoint().unwrap(),
        format!("tcp://127.0.0.1:{port}")
    );
    let req = socket::<zmq::Req>(&ctx);
    req.connect(&format!("tcp://127.0.0.1:{port}")).unwrap();
    req.send("over the adopted descriptor").unwrap();
    assert_eq!(rep.recv().unwrap(), "over the adopted descriptor");
    rep.send("back").unwrap();
    assert_eq!(req.recv().unwrap(), "back");
    // Later binds make their own socket again.
    rep.bind("tcp://127.0.0.1:*").unwrap();
    assert_ne!(
        rep.last_endpoint().unwrap(),
        format!("tcp://127.0.0.1:{port}")
    );

    // Descriptors that are not listening sockets: a file, a UDP socket, a
    // TCP socket that is not listening, a closed descriptor.
    let file = std::fs::File::open("/dev/null").unwrap();
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let peer = TcpListener::bind("127.0.0.1:0").unwrap();
    let stream = TcpStream::connect(peer.local_addr().unwrap()).unwrap();
    let s = socket::<zmq::Rep>(&ctx);
    for fd in [
        file.as_raw_fd(),
        udp.as_raw_fd(),
        stream.as_raw_fd(),
        1_000_000,
    ] {
        // SAFETY: refused before libzmq sees it; the descriptors stay ours.
        assert_eq!(
            unsafe { s.set_use_fd(Some(fd)) },
            Err(Error::InvalidArgument),
            "fd {fd}"
        );
    }
    assert_eq!(s.use_fd(), Ok(None));
}

/// Every string option refuses a NUL byte (libzmq would keep the bytes
/// after it, and the getter would read the value cut short) and, where it
/// can be read back, a value longer than the getter's 65,536 bytes (set,
/// it could never be read); the longest accepted value reads back whole.
#[test]
fn string_options_refuse_nul_and_values_too_long_to_read_back() {
    let ctx = Context::new();
    let s = ctx.socket::<zmq::Dealer>().unwrap();
    let invalid = Err(Error::InvalidArgument);
    let too_long = "h".repeat((1 << 16) + 1);
    let longest = format!("{}:1080", "h".repeat((1 << 16) - 5));
    assert_eq!(longest.len(), 1 << 16);
    type Setter = fn(&zmq::Socket<zmq::Dealer>, &str) -> zmq::Result<()>;
    let readable: &[(&str, Setter)] = &[
        ("socks_proxy", |s, v| s.set_socks_proxy(v)),
        ("plain_username", |s, v| s.set_plain_username(v)),
        ("plain_password", |s, v| s.set_plain_password(v)),
        ("zap_domain", |s, v| s.set_zap_domain(v)),
        ("gssapi_principal", |s, v| s.set_gssapi_principal(v)),
        ("gssapi_service_principal", |s, v| {
            s.set_gssapi_service_principal(v)
        }),
        ("bindtodevice", |s, v| s.set_bindtodevice(v)),
        #[cfg(feature = "draft")]
        ("socks_username", |s, v| s.set_socks_username(v)),
        #[cfg(feature = "draft")]
        ("socks_password", |s, v| s.set_socks_password(v)),
    ];
    let write_only: &[(&str, Setter)] = &[
        ("tcp_accept_filter", |s, v| s.set_tcp_accept_filter(v)),
        #[cfg(feature = "draft")]
        ("metadata", |s, v| s.set_metadata(v)),
        #[cfg(feature = "draft")]
        ("wss_key_pem", |s, v| s.set_wss_key_pem(v)),
        #[cfg(feature = "draft")]
        ("wss_cert_pem", |s, v| s.set_wss_cert_pem(v)),
        #[cfg(feature = "draft")]
        ("wss_trust_pem", |s, v| s.set_wss_trust_pem(v)),
        #[cfg(feature = "draft")]
        ("wss_hostname", |s, v| s.set_wss_hostname(v)),
    ];
    for (name, set) in readable {
        assert_eq!(set(&s, "a\0b"), invalid, "{name} with a NUL");
        assert_eq!(set(&s, "\0"), invalid, "{name}: only a NUL");
        assert_eq!(set(&s, &too_long), invalid, "{name} too long");
    }
    for (name, set) in write_only {
        assert_eq!(set(&s, "127.0.0.1\0junk"), invalid, "{name} with a NUL");
    }
    // The SOCKS proxy address has no length limit in libzmq: the longest
    // value readable is accepted and reads back whole, one byte more is
    // refused and leaves the value as it was.
    s.set_socks_proxy(&longest).unwrap();
    assert_eq!(s.socks_proxy().unwrap(), longest);
    assert_eq!(s.set_socks_proxy(&too_long), invalid);
    assert_eq!(s.socks_proxy().unwrap(), longest);
}
