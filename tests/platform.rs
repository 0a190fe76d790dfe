//! The platform configuration of libzmq (zmq-sys/build/platform.rs) proved by
//! its effects, not by the presence of a flag: each test fails on a libzmq
//! built with zeromq-src's defines only (`ZMQ_SYS_NO_PLATFORM_DEFINES=1`).
//!
//! Linux only: the effects are read from /proc and from the kernel sockets.
//! The tests in this file run one at a time ([`serial`]) so that the
//! descriptors and threads one test sees appear are its own.
#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One test at a time in this process.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Where the build recorded the defines it passed, for failure messages.
fn record() -> &'static str {
    option_env!("ZMQ_PLATFORM_DEFINES").unwrap_or("(no record: not a vendored build)")
}

/// A monitor of `events` on `s`, with the test timeout.
fn monitor<K: zmq::SocketKind>(s: &zmq::Socket<K>, events: zmq::MonitorEvents) -> zmq::Monitor {
    let monitor = s.monitor(events).expect("monitor");
    monitor
        .set_timeout(Some(common::TIMEOUT))
        .expect("monitor timeout");
    monitor
}

/// Waits for the monitor event `kind` (CONNECTED or ACCEPTED) and returns
/// its value: the connection's descriptor.
fn descriptor(monitor: &mut zmq::Monitor, kind: zmq::EventKind) -> i32 {
    let event = monitor
        .wait_for(kind)
        .unwrap_or_else(|e| panic!("no {kind:?} event within the timeout: {e}"));
    event.value as i32
}

/// Turns TCP keepalive on with these count, idle and interval values.
fn set_keepalive<K: zmq::SocketKind>(s: &zmq::Socket<K>, cnt: i32, idle: u64, intvl: u64) {
    s.set_tcp_keepalive(Some(true)).expect("ZMQ_TCP_KEEPALIVE");
    s.set_tcp_keepalive_cnt(Some(cnt))
        .expect("ZMQ_TCP_KEEPALIVE_CNT");
    s.set_tcp_keepalive_idle(Some(Duration::from_secs(idle)))
        .expect("ZMQ_TCP_KEEPALIVE_IDLE");
    s.set_tcp_keepalive_intvl(Some(Duration::from_secs(intvl)))
        .expect("ZMQ_TCP_KEEPALIVE_INTVL");
}

fn getsockopt_int(fd: i32, level: i32, name: i32) -> i32 {
    let mut value: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `value` and `len` are valid for writes of their sizes; a stale
    // descriptor only makes getsockopt fail.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            level,
            name,
            (&mut value as *mut libc::c_int).cast(),
            &mut len,
        )
    };
    assert_eq!(
        rc,
        0,
        "getsockopt({fd}, {level}, {name}): {}",
        std::io::Error::last_os_error()
    );
    value
}

/// The descriptors open in this process, each with what it is
/// ("anon_inode:[eventfd]", "socket:[123]", a path...). Pairs, so that a
/// number closed and reused in between counts as new; without the descriptor
/// of /proc/self/fd itself.
fn open_fds() -> BTreeSet<(i32, String)> {
    fs::read_dir("/proc/self/fd")
        .expect("read /proc/self/fd")
        .filter_map(|e| {
            let fd: i32 = e.ok()?.file_name().to_str()?.parse().ok()?;
            Some((fd, fd_kind(fd)?))
        })
        .filter(|(_, kind)| !(kind.starts_with("/proc/") && kind.ends_with("/fd")))
        .collect()
}

/// What a descriptor is; `None` when it is closed by now.
fn fd_kind(fd: i32) -> Option<String> {
    fs::read_link(format!("/proc/self/fd/{fd}"))
        .ok()
        .map(|p| p.display().to_string())
}

/// Whether FD_CLOEXEC is set; `None` when the descriptor is closed by now.
fn cloexec(fd: i32) -> Option<bool> {
    // SAFETY: F_GETFD reads the descriptor flags; on a closed descriptor it
    // fails with EBADF and touches nothing.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    (flags != -1).then_some(flags & libc::FD_CLOEXEC != 0)
}

/// A REQ/REP round trip, so that both ends of the connection exist.
fn round_trip(req: &zmq::Socket<zmq::Req>, rep: &zmq::Socket<zmq::Rep>) {
    req.send("ping").expect("send ping");
    assert_eq!(rep.recv().expect("recv ping").as_str(), Some("ping"));
    rep.send("pong").expect("send pong");
    assert_eq!(req.recv().expect("recv pong").as_str(), Some("pong"));
}

fn port(endpoint: &str) -> &str {
    endpoint
        .rsplit(':')
        .next()
        .expect("an endpoint with a port")
}

#[test]
fn bind_and_connect_by_interface_name() {
    let _serial = serial();
    let ctx = zmq::Context::new();
    let rep = common::socket::<zmq::Rep>(&ctx);
    // ZMQ_HAVE_IFADDRS: the interface name resolves to its address.
    rep.bind("tcp://lo:*").unwrap_or_else(|e| {
        panic!(
            "bind tcp://lo:* failed: {e} (platform defines: {})",
            record()
        )
    });
    let endpoint = rep.last_endpoint().expect("last_endpoint");
    assert!(
        endpoint.starts_with("tcp://127.0.0.1:"),
        "lo resolved to {endpoint}"
    );

    // Connect from a source address given by interface name ("lo", any port).
    let req = common::socket::<zmq::Req>(&ctx);
    let source = format!("tcp://lo:0;127.0.0.1:{}", port(&endpoint));
    req.connect(&source)
        .unwrap_or_else(|e| panic!("connect {source} failed: {e}"));
    round_trip(&req, &rep);
}

#[test]
fn ipv6_zone_by_interface_name() {
    let _serial = serial();
    let ctx = zmq::Context::new();
    let rep = common::socket::<zmq::Rep>(&ctx);
    let req = common::socket::<zmq::Req>(&ctx);
    // SAFETY: ZMQ_IPV6 is an int flag of any value.
    for ipv6 in unsafe {
        [
            rep.set_option_raw(zmq::sys::ZMQ_IPV6, &1i32.to_ne_bytes()),
            req.set_option_raw(zmq::sys::ZMQ_IPV6, &1i32.to_ne_bytes()),
        ]
    } {
        ipv6.expect("set ZMQ_IPV6");
    }
    // HAVE_IF_NAMETOINDEX: the zone "%lo" becomes lo's interface index;
    // without it libzmq knows only numeric zones and fails.
    rep.bind("tcp://[::1%lo]:*").unwrap_or_else(|e| {
        panic!(
            "bind tcp://[::1%lo]:* failed: {e} (platform defines: {})",
            record()
        )
    });
    let endpoint = rep.last_endpoint().expect("last_endpoint");
    let zoned = format!("tcp://[::1%lo]:{}", port(&endpoint));
    req.connect(&zoned)
        .unwrap_or_else(|e| panic!("connect {zoned} failed: {e}"));
    round_trip(&req, &rep);
}

#[test]
fn tcp_keepalive_options_reach_the_kernel_socket() {
    let _serial = serial();
    let ctx = zmq::Context::new();
    let server = common::socket::<zmq::Rep>(&ctx);
    let client = common::socket::<zmq::Req>(&ctx);
    let (cnt, idle, intvl): (i32, u64, u64) = (5, 31, 7); // none is the kernel default
    set_keepalive(&server, cnt, idle, intvl);
    set_keepalive(&client, cnt, idle, intvl);
    let mut server_events = monitor(&server, zmq::MonitorEvents::ACCEPTED);
    let mut client_events = monitor(&client, zmq::MonitorEvents::CONNECTED);
    let endpoint = common::bind_any(&server, "tcp");
    client.connect(&endpoint).expect("connect");

    let accepted = descriptor(&mut server_events, zmq::EventKind::Accepted);
    let connected = descriptor(&mut client_events, zmq::EventKind::Connected);
    round_trip(&client, &server); // both connections are alive while we look
    for (side, fd) in [("accepted", accepted), ("connected", connected)] {
        let got = [
            getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE),
            getsockopt_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPCNT),
            getsockopt_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE),
            getsockopt_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPINTVL),
        ];
        assert_eq!(
            got,
            [1, cnt, idle as i32, intvl as i32],
            "{side} socket {fd}: [SO_KEEPALIVE, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL] \
             (platform defines: {})",
            record()
        );
    }
}

#[test]
fn no_descriptor_of_the_library_is_inherited_by_children() {
    let _serial = serial();
    let before = open_fds();
    let ctx = zmq::Context::new();
    let (tcp_rep, tcp_req) = (
        common::socket::<zmq::Rep>(&ctx),
        common::socket::<zmq::Req>(&ctx),
    );
    let (ipc_rep, ipc_req) = (
        common::socket::<zmq::Rep>(&ctx),
        common::socket::<zmq::Req>(&ctx),
    );
    tcp_req
        .connect(&common::bind_any(&tcp_rep, "tcp"))
        .expect("connect tcp");
    ipc_req
        .connect(&common::bind_any(&ipc_rep, "ipc"))
        .expect("connect ipc");
    round_trip(&tcp_req, &tcp_rep);
    round_trip(&ipc_req, &ipc_rep);

    let mut inherited = Vec::new();
    let mut kinds = Vec::new();
    for (fd, kind) in open_fds().difference(&before).cloned() {
        let Some(cloexec) = cloexec(fd) else {
            continue; // closed in the meantime
        };
        if !cloexec {
            inherited.push(format!("{fd} -> {kind}"));
        }
        kinds.push(kind);
    }
    // What the library opened: the epoll descriptors, the mailboxes, the two
    // listeners and the four ends of the two connections.
    let sockets = kinds.iter().filter(|k| k.starts_with("socket:")).count();
    assert!(
        kinds.iter().any(|k| k == "anon_inode:[eventpoll]"),
        "no epoll descriptor in {kinds:?}"
    );
    assert!(
        sockets >= 6,
        "expected listeners and connections among {kinds:?}"
    );
    assert!(
        inherited.is_empty(),
        "descriptors without FD_CLOEXEC: {inherited:?} (platform defines: {})",
        record()
    );
}

#[test]
fn each_mailbox_is_one_eventfd() {
    let _serial = serial();
    let before = open_fds();
    // One I/O thread (the default): mailboxes of the context, the reaper,
    // the I/O thread and each socket.
    let ctx = zmq::Context::new();
    let sockets = [
        common::socket::<zmq::Pair>(&ctx),
        common::socket::<zmq::Pair>(&ctx),
    ];
    let mailboxes = 3 + sockets.len();

    let kinds: Vec<String> = open_fds()
        .difference(&before)
        .map(|(_, kind)| kind.clone())
        .collect();
    let eventfds = kinds
        .iter()
        .filter(|k| *k == "anon_inode:[eventfd]")
        .count();
    let socketpairs = kinds.iter().filter(|k| k.starts_with("socket:")).count();
    assert_eq!(
        (eventfds, socketpairs),
        (mailboxes, 0),
        "(eventfds, sockets) for {mailboxes} mailboxes; new descriptors: {kinds:?} \
         (platform defines: {})",
        record()
    );

    // ZMQ_FD is the socket's mailbox.
    for s in &sockets {
        let fd = i32::from_ne_bytes(
            s.option_raw(zmq::sys::ZMQ_FD, 4).expect("ZMQ_FD")[..4]
                .try_into()
                .expect("4 bytes"),
        );
        assert_eq!(
            fd_kind(fd).as_deref(),
            Some("anon_inode:[eventfd]"),
            "ZMQ_FD {fd}"
        );
    }
}

#[test]
fn io_and_reaper_threads_carry_libzmq_names() {
    let _serial = serial();
    let ctx = zmq::Context::new();
    let _socket = common::socket::<zmq::Pair>(&ctx); // starts the threads
    let wanted = ["ZMQbg/IO/0", "ZMQbg/Reaper"];
    // Each thread names itself when it starts running: give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let names: BTreeSet<String> = fs::read_dir("/proc/self/task")
            .expect("read /proc/self/task")
            .filter_map(|task| fs::read_to_string(task.ok()?.path().join("comm")).ok())
            .map(|comm| comm.trim_end().to_string())
            .collect();
        if wanted.iter().all(|w| names.contains(*w)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "threads named {wanted:?} expected among {names:?} (platform defines: {})",
            record()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn ipc_wildcard_binds_in_a_private_directory_removed_on_close() {
    let _serial = serial();
    let ctx = zmq::Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    pull.bind("ipc://*").expect("bind ipc://*");
    let endpoint = pull.last_endpoint().expect("last_endpoint");
    let path = PathBuf::from(endpoint.strip_prefix("ipc://").expect("an ipc endpoint"));
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let dir_name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string();
    let private = path.file_name().is_some_and(|n| n == "socket")
        && dir_name.starts_with("tmp")
        && fs::metadata(&dir).is_ok_and(|m| m.is_dir() && m.permissions().mode() & 0o777 == 0o700);
    if !private {
        let _ = fs::remove_file(&path); // do not leave the bare socket file behind
        panic!(
            "ipc://* bound {endpoint}, not a socket in a fresh 0700 directory \
             (platform defines: {})",
            record()
        );
    }
    let entries: Vec<_> = fs::read_dir(&dir)
        .expect("read the socket's directory")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(
        entries,
        ["socket"],
        "the directory {} holds only the socket",
        dir.display()
    );

    // Closing the socket (and the context, which waits for the I/O thread to
    // close the listener) removes the socket and its directory.
    drop(pull);
    drop(ctx);
    assert!(!path.exists(), "{} is still there", path.display());
    assert!(!dir.exists(), "{} is still there", dir.display());
}

/// ZMQ_PRIORITY (draft) reaches SO_PRIORITY of the connection.
#[cfg(feature = "draft")]
#[test]
fn priority_reaches_so_priority() {
    let _serial = serial();
    let ctx = zmq::Context::new();
    let server = common::socket::<zmq::Rep>(&ctx);
    let client = common::socket::<zmq::Req>(&ctx);
    let priority: i32 = 3; // 0..=6 needs no CAP_NET_ADMIN
    client.set_priority(priority).expect("ZMQ_PRIORITY");
    let mut events = monitor(&client, zmq::MonitorEvents::CONNECTED);
    client
        .connect(&common::bind_any(&server, "tcp"))
        .expect("connect");
    let fd = descriptor(&mut events, zmq::EventKind::Connected);
    round_trip(&client, &server);
    assert_eq!(
        getsockopt_int(fd, libc::SOL_SOCKET, libc::SO_PRIORITY),
        priority,
        "SO_PRIORITY of the connection (platform defines: {})",
        record()
    );
}
