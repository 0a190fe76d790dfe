//! Context options: one table row each, expanded into `ContextBuilder`
//! methods and `Context` getters and setters.

use crate::context::{Context, ContextBuilder};
use crate::error::{Error, Result};

/// The most I/O threads a context accepts. libzmq picks I/O threads by bit
/// in the 64-bit `ZMQ_AFFINITY` mask (`1 << i`, undefined past bit 63), and
/// each thread costs a thread, an epoll descriptor and a mailbox.
pub const MAX_IO_THREADS: i32 = 64;

/// Refuses, before libzmq sees them, the values it would accept but then
/// fail on: `ZMQ_MAX_SOCKETS` and `ZMQ_IO_THREADS` size the slot array
/// (`max_sockets + io_threads + 2` as an `int`, which overflows into a
/// `std::length_error` thrown through the C API, or allocates gigabytes);
/// a CPU past `CPU_SETSIZE` or an unknown scheduling policy makes libzmq
/// abort when its I/O threads start.
fn validate(ctx: &Context, option: i32, value: i32) -> Result<()> {
    let ok = match option {
        // libzmq's own bound (65535 with epoll), reported as ZMQ_SOCKET_LIMIT.
        zmq_sys::ZMQ_MAX_SOCKETS => value <= ctx.get_int(zmq_sys::ZMQ_SOCKET_LIMIT)?,
        zmq_sys::ZMQ_IO_THREADS => value <= MAX_IO_THREADS,
        // glibc's CPU_SET ignores such a CPU: the set may end up empty, and
        // pthread_setaffinity_np's EINVAL is an abort in libzmq.
        #[cfg(target_os = "linux")]
        zmq_sys::ZMQ_THREAD_AFFINITY_CPU_ADD => value < libc::CPU_SETSIZE,
        // pthread_setschedparam's EINVAL for an unknown policy is an abort.
        #[cfg(unix)]
        zmq_sys::ZMQ_THREAD_SCHED_POLICY => {
            // SAFETY: sched_get_priority_max only reads its argument.
            let max = unsafe { libc::sched_get_priority_max(value) };
            max != -1
        }
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}

/// Sets an integer option after [`validate`].
fn set(ctx: &Context, option: i32, value: i32) -> Result<()> {
    validate(ctx, option, value)?;
    ctx.set_int(option, value)
}

/// One option recorded by a [`ContextBuilder`], applied by `build`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CtxOption {
    option: i32,
    value: i32,
}

impl CtxOption {
    pub(crate) fn apply(&self, ctx: &Context) -> Result<()> {
        set(ctx, self.option, self.value)
    }
}

/// Conversion between an option's Rust type and libzmq's `int`.
trait CtxValue: Sized {
    fn to_int(self) -> i32;
    /// Reads the option (`zmq_ctx_get`, which returns -1 with `errno` set on
    /// failure, the value otherwise).
    fn get(ctx: &Context, option: i32) -> Result<Self>;
}

impl CtxValue for i32 {
    fn to_int(self) -> i32 {
        self
    }
    /// `zmq_ctx_get` cannot tell the value -1 from a failure, and -1 is a
    /// real value of the integer options (`ZMQ_THREAD_SCHED_POLICY`'s
    /// default). Every integer option of this table exists in every libzmq
    /// 4.3, and the context pointer is always live, so -1 here is the value.
    fn get(ctx: &Context, option: i32) -> Result<i32> {
        // SAFETY: the context pointer is live while `ctx` is; zmq_ctx_get
        // is thread-safe and only reads the option.
        Ok(unsafe { zmq_sys::zmq_ctx_get(ctx.live()?, option) })
    }
}

impl CtxValue for bool {
    fn to_int(self) -> i32 {
        i32::from(self)
    }
    /// A flag is 0 or 1, so -1 is a failure (`ZMQ_ZERO_COPY_RECV` on a
    /// libzmq without it).
    fn get(ctx: &Context, option: i32) -> Result<bool> {
        ctx.get_int(option).map(|v| v != 0)
    }
}

macro_rules! ctx_options {
    ($( $(#[$cfg:meta])* ($c:ident $alias:literal, $name:ident, $set:ident, $ty:ty, $access:ident, $doc:literal) ),* $(,)?) => {
        $(
            ctx_options!(@one $(#[$cfg])* $c $alias, $name, $set, $ty, $access, $doc);
            const _: () = assert!(crate::table::same_name(stringify!($c), $alias));
        )*

        /// The C names of every context option this table covers, for the
        /// coverage test (src/coverage.rs).
        #[cfg(test)]
        pub(crate) const COVERED_CONTEXT_OPTIONS: &[&str] = &[$( $alias ),*];
    };
    (@one $(#[$cfg:meta])* $c:ident $alias:literal, $name:ident, $set:ident, $ty:ty, rw, $doc:literal) => {
        ctx_options!(@get $(#[$cfg])* $c $alias, $name, $ty, $doc);
        ctx_options!(@set $(#[$cfg])* $c $alias, $name, $set, $ty, $doc);
    };
    (@one $(#[$cfg:meta])* $c:ident $alias:literal, $name:ident, $set:ident, $ty:ty, ro, $doc:literal) => {
        ctx_options!(@get $(#[$cfg])* $c $alias, $name, $ty, $doc);
    };
    (@one $(#[$cfg:meta])* $c:ident $alias:literal, $name:ident, $set:ident, $ty:ty, wo, $doc:literal) => {
        ctx_options!(@set $(#[$cfg])* $c $alias, $name, $set, $ty, $doc);
    };
    (@get $(#[$cfg:meta])* $c:ident $alias:literal, $name:ident, $ty:ty, $doc:literal) => {
        $(#[$cfg])*
        impl Context {
            #[doc = concat!("Reads `", $alias, "`: ", $doc)]
            #[doc(alias = $alias)]
            #[doc(alias = "zmq_ctx_get")]
            pub fn $name(&self) -> Result<$ty> {
                <$ty as CtxValue>::get(self, zmq_sys::$c)
            }
        }
    };
    (@set $(#[$cfg:meta])* $c:ident $alias:literal, $name:ident, $set:ident, $ty:ty, $doc:literal) => {
        $(#[$cfg])*
        impl Context {
            #[doc = concat!("Sets `", $alias, "`: ", $doc)]
            #[doc(alias = $alias)]
            #[doc(alias = "zmq_ctx_set")]
            pub fn $set(&self, value: $ty) -> Result<()> {
                set(self, zmq_sys::$c, value.to_int())
            }
        }
        $(#[$cfg])*
        impl ContextBuilder {
            #[doc = concat!("Sets `", $alias, "` on the new context: ", $doc)]
            #[doc(alias = $alias)]
            pub fn $name(mut self, value: $ty) -> Self {
                self.options.push(CtxOption { option: zmq_sys::$c, value: value.to_int() });
                self
            }
        }
    };
}

ctx_options! {
    (ZMQ_IO_THREADS "ZMQ_IO_THREADS", io_threads, set_io_threads, i32, rw,
        "the number of I/O threads (default 1; 0 for inproc-only programs; at most `MAX_IO_THREADS`, 64, else `InvalidArgument`). Set it before the first socket."),
    (ZMQ_MAX_SOCKETS "ZMQ_MAX_SOCKETS", max_sockets, set_max_sockets, i32, rw,
        "the largest number of sockets the context may hold (default 1023; from 1 to `socket_limit()`, 65535 on Linux, else `InvalidArgument`)."),
    (ZMQ_SOCKET_LIMIT "ZMQ_SOCKET_LIMIT", socket_limit, set_socket_limit, i32, ro,
        "the largest value `ZMQ_MAX_SOCKETS` accepts."),
    (ZMQ_THREAD_PRIORITY "ZMQ_THREAD_PRIORITY", thread_priority, set_thread_priority, i32, wo,
        "the scheduling priority of the I/O threads (OS-specific, at least 0). Warning: when the I/O threads start, libzmq aborts the process if the OS refuses it (on Linux a priority above 0 needs `CAP_SYS_NICE`)."),
    (ZMQ_THREAD_SCHED_POLICY "ZMQ_THREAD_SCHED_POLICY", thread_sched_policy, set_thread_sched_policy, i32, rw,
        "the scheduling policy of the I/O threads (a `SCHED_*` value the OS knows, else `InvalidArgument`; reads -1, the OS default, until set). Warning: when the I/O threads start, libzmq aborts the process if the OS refuses it (`SCHED_FIFO`/`SCHED_RR` need `CAP_SYS_NICE` on Linux)."),
    (ZMQ_MAX_MSGSZ "ZMQ_MAX_MSGSZ", max_msgsz, set_max_msgsz, i32, rw,
        "the largest message size the context accepts (default `i32::MAX`)."),
    (ZMQ_MSG_T_SIZE "ZMQ_MSG_T_SIZE", msg_t_size, set_msg_t_size, i32, ro,
        "the size of `zmq_msg_t` in this libzmq build (64)."),
    (ZMQ_THREAD_AFFINITY_CPU_ADD "ZMQ_THREAD_AFFINITY_CPU_ADD", thread_affinity_cpu_add, set_thread_affinity_cpu_add, i32, wo,
        "adds a CPU (numbered from 0, below `CPU_SETSIZE` (1024) on Linux, else `InvalidArgument`) to the set the I/O threads run on (default: all CPUs). Warning: where libzmq applies it (`pthread_setaffinity_np`), a CPU the machine lacks makes libzmq abort the process when the I/O threads start."),
    (ZMQ_THREAD_AFFINITY_CPU_REMOVE "ZMQ_THREAD_AFFINITY_CPU_REMOVE", thread_affinity_cpu_remove, set_thread_affinity_cpu_remove, i32, wo,
        "removes a CPU added with `ZMQ_THREAD_AFFINITY_CPU_ADD` (`InvalidArgument` if it was not added)."),
    (ZMQ_THREAD_NAME_PREFIX "ZMQ_THREAD_NAME_PREFIX", thread_name_prefix, set_thread_name_prefix, i32, rw,
        "a number put before the names of the I/O threads (`<prefix>/ZMQbg/IO/0`); libzmq's stable API takes an integer."),
    (ZMQ_IPV6 "ZMQ_IPV6", ipv6, set_ipv6, bool, rw,
        "whether new sockets use IPv6 (and IPv4-mapped addresses)."),
    (ZMQ_BLOCKY "ZMQ_BLOCKY", blocky, set_blocky, bool, rw,
        "whether new sockets default to an infinite linger (true, libzmq's default) or to 0 (false: dropping the context never waits for undelivered messages)."),
    #[cfg(feature = "draft")]
    (ZMQ_ZERO_COPY_RECV "ZMQ_ZERO_COPY_RECV", zero_copy_recv, set_zero_copy_recv, bool, rw,
        "(draft) whether TCP receives decode messages in place in shared buffers (default true)."),
}
