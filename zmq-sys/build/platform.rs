//! The platform configuration of the vendored libzmq: the defines libzmq's own
//! CMake build writes into `platform.hpp`, decided for the target.
//!
//! zeromq-src compiles libzmq with an empty `platform.hpp` and about a dozen
//! defines of its own (the poller, IPC, `HAVE_STRNLEN`, ...). Without the rest
//! libzmq still compiles, but silently degrades: TCP keepalive options do
//! nothing, interface names and IPv6 zones fail, descriptors leak into child
//! processes, mailboxes take two descriptors, threads are unnamed, `ipc://*`
//! leaves files behind, timeouts follow the wall clock. [`TABLE`] lists, one
//! row per define, what CMake's configure finds for a target and why it
//! matters; [`decide`] turns it into the `-D` flags for one target.
//!
//! Tested: Linux (glibc and musl), on x86_64. The rows for Android, Apple,
//! FreeBSD and Windows are read off libzmq's CMakeLists.txt and
//! builds/cmake/Modules/ZMQSourceRunChecks.cmake and are UNTESTED: there, a row
//! is only given for a long-standing feature of that OS, because a wrong define
//! breaks the compile while a missing one only loses the feature. NetBSD,
//! OpenBSD and DragonFly have no rows: zeromq-src gives them no I/O poller, so
//! they do not build at all.
//!
//! Not in the table, on purpose: the defines that follow from cargo features
//! rather than the platform (`ZMQ_BUILD_DRAFT_API`, `ZMQ_HAVE_CURVE`,
//! `ZMQ_USE_LIBSODIUM`, `ZMQ_HAVE_WS`, all set by zeromq-src), and those CMake
//! computes but no libzmq 4.3.5 source reads (`ZMQ_HAVE_O_CLOEXEC`,
//! `ZMQ_HAVE_GETRANDOM`).
//!
//! This file is pure data and logic (no environment, no compiler): the build
//! script feeds it the target and the outcome of the probes, and
//! zmq-sys/tests/platform_table.rs includes it to compare the Linux rows with
//! vendor/platform-linux.txt, the list CMake's configure writes.

/// Target families, as a bit set (the `on` field of a [`Row`]).
pub const LINUX: u32 = 1 << 0; // target_os = "linux": glibc, musl, uclibc
pub const ANDROID: u32 = 1 << 1;
pub const APPLE: u32 = 1 << 2; // macos, ios, tvos, watchos, visionos
pub const FREEBSD: u32 = 1 << 3;
pub const WINDOWS: u32 = 1 << 4; // msvc and gnu
/// Everything with a Linux kernel.
pub const LINUX_KERNEL: u32 = LINUX | ANDROID;
/// The Unix targets the table knows.
pub const UNIX: u32 = LINUX_KERNEL | APPLE | FREEBSD;
/// Every target the table knows.
pub const ALL: u32 = UNIX | WINDOWS;

/// How a row is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Defined on the row's targets, as CMake's configure does there.
    Yes,
    /// Defined on the row's targets although CMake's configure on Linux
    /// misses it; `why` says why that is CMake's mistake.
    Extra,
    /// Defined when this C++ source compiles with the target's compiler
    /// (headers and libc differ between toolchains).
    Probe(&'static str),
    /// zeromq-src passes it already: listed so that the table is complete,
    /// not passed a second time.
    ZeromqSrc,
    /// CMake's configure may write it on Linux, we deliberately do not.
    Not,
}

/// One define of `platform.hpp`.
#[derive(Debug)]
pub struct Row {
    /// `NAME` or `NAME=VALUE`, as after `-D`.
    pub define: &'static str,
    /// The targets it applies to (bits above).
    pub on: u32,
    pub how: How,
    /// What libzmq does with it, or why it is decided this way.
    pub why: &'static str,
}

const fn row(define: &'static str, on: u32, how: How, why: &'static str) -> Row {
    Row {
        define,
        on,
        how,
        why,
    }
}

use How::*;

/// The table. Order: what zeromq-src already does, then the rows we add.
#[rustfmt::skip]
pub const TABLE: &[Row] = &[
    // Passed by zeromq-src (kept here so the comparison with CMake is complete).
    row("ZMQ_HAVE_LINUX", LINUX_KERNEL, ZeromqSrc, "platform.hpp sets it from __linux__; zeromq-src for every *linux* triple"),
    row("ZMQ_HAVE_WINDOWS", WINDOWS, ZeromqSrc, "Windows code paths"),
    row("ZMQ_IOTHREAD_POLLER_USE_EPOLL", LINUX_KERNEL | WINDOWS, ZeromqSrc, "epoll I/O threads (wepoll on Windows)"),
    row("ZMQ_IOTHREAD_POLLER_USE_KQUEUE", APPLE | FREEBSD, ZeromqSrc, "kqueue I/O threads"),
    row("ZMQ_POLL_BASED_ON_POLL", ALL, ZeromqSrc, "zmq_poll over poll()"),
    row("ZMQ_USE_CV_IMPL_STL11", ALL, ZeromqSrc, "std::condition_variable"),
    row("ZMQ_USE_BUILTIN_SHA1", ALL, ZeromqSrc, "WebSocket handshake hash without NSS/GnuTLS"),
    row("ZMQ_HAVE_IPC", ALL, ZeromqSrc, "ipc:// transport (on Windows when afunix.h exists)"),
    row("ZMQ_HAVE_STRUCT_SOCKADDR_UN", ALL, ZeromqSrc, "ipc:// addresses"),
    row("ZMQ_HAVE_UIO", UNIX, ZeromqSrc, "zmq_sendiov/zmq_recviov"),
    row("HAVE_STRNLEN", ALL, ZeromqSrc, "libc strnlen (on windows-msvc compat.hpp supplies one)"),
    row("ZMQ_HAVE_STRLCPY", UNIX, ZeromqSrc, "libc strlcpy: zeromq-src assumes it on musl, Android, Apple, FreeBSD and probes glibc (>= 2.38)"),

    // Which platform this is: platform.hpp derives these from the compiler's
    // macros, zeromq-src's empty platform.hpp does not.
    row("ZMQ_HAVE_ANDROID", ANDROID, Yes, "Android code paths: interface names by ioctl, no thread naming (EPERM on Android 5/6)"),
    row("ZMQ_HAVE_OSX", APPLE, Yes, "Apple code paths: clock, interface names, condition variables"),
    row("ZMQ_HAVE_FREEBSD", FREEBSD, Yes, "FreeBSD code paths: interface names"),

    // The I/O thread and its mailboxes.
    row("ZMQ_IOTHREAD_POLLER_USE_EPOLL_CLOEXEC", LINUX_KERNEL, Yes, "epoll_create1(EPOLL_CLOEXEC): the I/O threads' epoll descriptors are not inherited by child processes"),
    row("ZMQ_HAVE_EVENTFD", LINUX_KERNEL, Yes, "a mailbox is one eventfd instead of a socketpair (two descriptors)"),
    row("ZMQ_HAVE_EVENTFD_CLOEXEC", LINUX_KERNEL, Yes, "eventfd(EFD_CLOEXEC): mailboxes are not inherited by child processes"),
    row("ZMQ_HAVE_SOCK_CLOEXEC", LINUX_KERNEL | FREEBSD, Yes, "socket(SOCK_CLOEXEC): no window in which a fork inherits a new socket"),
    row("HAVE_ACCEPT4", LINUX_KERNEL | FREEBSD, Yes, "accept4(SOCK_CLOEXEC): accepted connections are close-on-exec (with SOCK_CLOEXEC)"),
    row("ZMQ_HAVE_PTHREAD_SETNAME_1", APPLE, Yes, "pthread_setname_np(name): I/O threads named ZMQbg/IO/n, ZMQbg/Reaper"),
    row("ZMQ_HAVE_PTHREAD_SETNAME_2", LINUX_KERNEL, Yes, "pthread_setname_np(thread, name): I/O threads named ZMQbg/IO/n, ZMQbg/Reaper (glibc >= 2.12, musl >= 1.1.16)"),
    row("ZMQ_HAVE_PTHREAD_SET_AFFINITY", LINUX, Yes, "ZMQ_THREAD_AFFINITY_CPU_ADD/REMOVE take effect (bionic has no pthread_setaffinity_np)"),
    row("HAVE_MKDTEMP", UNIX, Yes, "ipc://* binds inside a fresh 0700 directory that is removed on close, not a bare file in TMPDIR (or the cwd)"),
    row("HAVE_FORK", UNIX, Yes, "a context notices it is used in a forked child (getpid) and closes the parent's descriptors there"),
    row("HAVE_CLOCK_GETTIME", UNIX, Yes, "timeouts and reconnect intervals follow CLOCK_MONOTONIC, not the wall clock"),
    row("HAVE_POSIX_MEMALIGN=1", UNIX, Yes, "cache-line aligned command and message queues"),
    row("ZMQ_CACHELINE_SIZE=64", ALL, Yes, "alignment of the lock-free queues; CMake asks the build host's getconf (64 when it does not know): we take the target's arch instead, so a cross build does not read the host (128 on powerpc64, 256 on s390x)"),
    row("ZMQ_HAVE_NOEXCEPT", LINUX | APPLE | FREEBSD | WINDOWS, Yes, "noexcept on move operations (CMake does not check it on Android)"),
    row("ZMQ_HAVE_PPOLL", UNIX, Yes, "zmq_ppoll (pselect) instead of ENOTSUP"),

    // Addresses and TCP.
    row("ZMQ_HAVE_IFADDRS", LINUX | APPLE | FREEBSD, Yes, "getifaddrs: bind/connect by interface name (tcp://eth0:5555) instead of ENODEV"),
    row("HAVE_IF_NAMETOINDEX", ALL, Yes, "if_nametoindex: IPv6 zones by interface name (fe80::1%eth0)"),
    row("ZMQ_HAVE_SO_KEEPALIVE", UNIX, Yes, "ZMQ_TCP_KEEPALIVE reaches the socket (SO_KEEPALIVE)"),
    row("ZMQ_HAVE_TCP_KEEPCNT", LINUX_KERNEL | APPLE | FREEBSD, Yes, "ZMQ_TCP_KEEPALIVE_CNT reaches the socket"),
    row("ZMQ_HAVE_TCP_KEEPIDLE", LINUX_KERNEL | FREEBSD, Yes, "ZMQ_TCP_KEEPALIVE_IDLE reaches the socket"),
    row("ZMQ_HAVE_TCP_KEEPINTVL", LINUX_KERNEL | APPLE | FREEBSD, Yes, "ZMQ_TCP_KEEPALIVE_INTVL reaches the socket"),
    row("ZMQ_HAVE_TCP_KEEPALIVE", APPLE, Yes, "ZMQ_TCP_KEEPALIVE_IDLE on Apple (TCP_KEEPALIVE is its idle time)"),
    row("ZMQ_HAVE_SO_PEERCRED", LINUX_KERNEL, Yes, "ZMQ_IPC_FILTER_UID/GID/PID instead of EINVAL"),
    row("ZMQ_HAVE_SO_PRIORITY", LINUX_KERNEL, Extra, "ZMQ_PRIORITY reaches SO_PRIORITY; CMake's run-check is compiled with -std=c11, where glibc hides SO_PRIORITY (pyzmq's wheels and autotools have it)"),
    row("ZMQ_HAVE_SO_BINDTODEVICE", LINUX_KERNEL, Extra, "ZMQ_BINDTODEVICE instead of ENOTSUP; CMake's check misses it under -std=c11 like SO_PRIORITY"),
    row("ZMQ_HAVE_BUSY_POLL", LINUX_KERNEL, Probe(BUSY_POLL), "ZMQ_BUSY_POLL reaches SO_BUSY_POLL (kernel headers >= 3.11)"),
    row("ZMQ_HAVE_TIPC", LINUX, Probe(TIPC), "tipc:// transport (needs <linux/tipc.h> from the kernel headers)"),

    // Deliberately not what CMake may do.
    row("ZMQ_HAVE_LIBBSD", LINUX, Not, "CMake links libbsd for strlcpy when pkg-config finds it on the build machine; we add no such runtime dependency (compat.hpp has its own strlcpy)"),
];

/// `SO_BUSY_POLL` is visible through the target's C library.
const BUSY_POLL: &str = "#include <sys/socket.h>\nint probe = SO_BUSY_POLL;\n";

/// The TIPC address code libzmq compiles with `ZMQ_HAVE_TIPC`.
const TIPC: &str = "#include <sys/socket.h>\n#include <linux/tipc.h>\n\
    struct sockaddr_tipc probe_addr;\n\
    unsigned probe() { probe_addr.addrtype = TIPC_ADDR_NAME; return tipc_addr(1, 2, 3); }\n";

/// The target, from `CARGO_CFG_TARGET_OS` / `_ENV` / `_ARCH`.
#[derive(Clone, Debug)]
pub struct Target {
    pub os: String,
    pub env: String,
    pub arch: String,
}

impl Target {
    /// The family bit of the target, 0 for a target the table does not know.
    pub fn family(&self) -> u32 {
        match self.os.as_str() {
            "linux" => LINUX,
            "android" => ANDROID,
            "macos" | "ios" | "tvos" | "watchos" | "visionos" => APPLE,
            "freebsd" => FREEBSD,
            "windows" => WINDOWS,
            _ => 0,
        }
    }
}

/// What the table decides for one row on one target.
#[derive(Debug)]
pub struct Decision {
    pub row: &'static Row,
    /// `NAME` or `NAME=VALUE`.
    pub define: String,
    /// Whether we pass it to the compiler.
    pub pass: bool,
}

/// The decisions of every row that applies to `target`. `probe` compiles a
/// probe source with the target's compiler and says whether it succeeded.
pub fn decide(target: &Target, mut probe: impl FnMut(&str, &str) -> bool) -> Vec<Decision> {
    let family = target.family();
    TABLE
        .iter()
        .filter(|row| row.on & family != 0)
        .map(|row| {
            let pass = match row.how {
                Yes | Extra => true,
                Probe(source) => probe(name(row.define), source),
                ZeromqSrc | Not => false,
            };
            Decision {
                row,
                define: value_for(row.define, target),
                pass,
            }
        })
        .collect()
}

/// The name part of `NAME=VALUE`.
pub fn name(define: &str) -> &str {
    define.split('=').next().unwrap_or(define)
}

/// The cache line is the one value that depends on the architecture: what
/// getconf LEVEL1_DCACHE_LINESIZE says on such a machine (128 bytes on
/// POWER, 256 on s390x), 64 elsewhere.
fn value_for(define: &'static str, target: &Target) -> String {
    if name(define) != "ZMQ_CACHELINE_SIZE" {
        return define.to_string();
    }
    let size = match target.arch.as_str() {
        "powerpc64" => 128,
        "s390x" => 256,
        _ => 64,
    };
    format!("ZMQ_CACHELINE_SIZE={size}")
}
