//! Throughput and latency of this crate, in one process.
//!
//! ```text
//! cargo run --release --example perf -- thr --transport inproc|ipc|tcp --size BYTES --count N [--owned] [--throughput]
//! cargo run --release --example perf -- lat --transport inproc|ipc|tcp --size BYTES --count N [--throughput]
//! cargo run --release --example perf --features draft -- thr ... --throughput
//! ```
//!
//! `thr`: a PUSH socket in one thread sends N messages of BYTES bytes to a
//! PULL socket in another, which times from the first message received to
//! the last. By default the sender sends the same borrowed buffer each time
//! (`send(&buf[..])`, copied into the message as `zmq_send` does in C); with
//! `--owned` it fills a fresh `Vec<u8>` for each message and hands it over
//! (`send(vec)`: zero-copy above [`zmq::ZERO_COPY_THRESHOLD`] bytes).
//!
//! `lat`: REQ/REP ping-pong of N round trips of BYTES bytes between two
//! threads; the REP side echoes the very message it received.
//!
//! The last line printed is `RESULT thr <transport> <bytes> <messages/s>` or
//! `RESULT lat <transport> <bytes> <mean round trip in µs>`, the format of
//! the C reference (`benches/cperf`) and of the rust-zmq tool
//! (`benches/rustzmq-perf`) that `benches/compare.sh` runs beside it.
//!
//! The receiving side reuses one [`zmq::Message`] (`recv_into`), so nothing
//! is allocated per message on the Rust side.
//!
//! `--throughput` applies the throughput profile of docs/performance.md:
//! - on every socket, 256 KiB input batches per connection
//!   (`ZMQ_IN_BATCH_SIZE`), and 256 KiB output batches (`ZMQ_OUT_BATCH_SIZE`)
//!   for messages below 64 KiB; from 64 KiB up the output batch stays at
//!   libzmq's 8 KiB, so that libzmq writes most of each body straight from
//!   the message instead of copying it into the batch;
//! - in `thr` with messages below 1 KiB, two I/O threads, the receiving
//!   connection on one and the sending connection on the other
//!   (`ZMQ_IO_THREADS`, `ZMQ_AFFINITY`): this process holds both ends, and
//!   at small sizes one I/O thread encoding and decoding every message is
//!   the limit;
//! - in `thr` (without `--owned`), the one buffer is sent without a copy
//!   (`Message::from_static`, C's `zmq_send_const`), as the zmq.rs tool
//!   shares one `Bytes`;
//! - on glibc, this program's choice of fixed malloc thresholds (`mallopt`,
//!   process-wide, so never set by the crate itself), which spares the
//!   page faults of libzmq's input buffers.
//!
//! The batch options are draft in libzmq 4.3.5, which rejects them unless it
//! is built with the draft API, so `--throughput` needs `--features draft`:
//! without it the tool says so and exits.

use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: perf thr --transport inproc|ipc|tcp --size BYTES --count N [--owned] [--throughput]
       perf lat --transport inproc|ipc|tcp --size BYTES --count N [--throughput]

  thr      PUSH -> PULL throughput between two threads; prints messages/s
  lat      REQ <-> REP round trips between two threads; prints the mean in µs
  --owned  (thr) send a freshly filled Vec<u8> per message instead of a
           borrowed buffer
  --throughput  the throughput profile: 256 KiB I/O batches, zero-copy
           sends, fixed malloc thresholds (needs --features draft)

The last line is `RESULT thr|lat <transport> <bytes> <value>`.";

#[path = "../benches/perf_args.rs"]
mod perf_args;
use perf_args::{bind_endpoint, cleanup, parse_args, Args, Test};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The I/O batch of the throughput profile, in bytes.
const BATCH: i32 = 256 * 1024;

/// From this message size up the profile keeps libzmq's output batch
/// (8 KiB): libzmq's encoder writes a body straight from the message when
/// what is left of it fills a whole batch, which a 256 KiB batch never
/// allows below 512 KiB (docs/performance.md).
const LARGE: usize = 64 * 1024;

/// Below this message size `thr --throughput` gives each end of the
/// connection its own I/O thread; from 1 KiB up one thread was as fast or
/// faster (docs/performance.md).
const SPLIT_BELOW: usize = 1024;

/// Whether this run gives the sending and the receiving connection
/// separate I/O threads (I/O thread 0 receives, 1 sends).
fn split_io(args: &Args, throughput: bool) -> bool {
    throughput && args.test == Test::Thr && args.size < SPLIT_BELOW
}

/// Applies the throughput profile's socket options for messages of `size`
/// bytes (before bind/connect: libzmq reads them when it sets up a
/// connection).
fn profile<K: zmq::SocketKind>(
    socket: &zmq::Socket<K>,
    size: usize,
    on: bool,
) -> Result<(), Error> {
    if !on {
        return Ok(());
    }
    #[cfg(feature = "draft")]
    {
        socket.set_in_batch_size(BATCH)?;
        if size < LARGE {
            socket.set_out_batch_size(BATCH)?;
        }
        Ok(())
    }
    #[cfg(not(feature = "draft"))]
    {
        let _ = (socket, size, BATCH, LARGE);
        Err(
            "--throughput sets ZMQ_IN_BATCH_SIZE and ZMQ_OUT_BATCH_SIZE, draft options \
             libzmq accepts only when built with the draft API: build with --features draft"
                .into(),
        )
    }
}

/// Checks the length of a received message: inline in the receive loop,
/// as the C tool's one comparison is, with the error out of line.
#[inline(always)]
fn check_len(msg: &zmq::Message, size: usize) -> Result<(), Error> {
    #[cold]
    #[inline(never)]
    fn wrong(got: usize, size: usize) -> Error {
        format!("received {got} bytes, expected {size}").into()
    }
    match msg.len() {
        len if len == size => Ok(()),
        len => Err(wrong(len, size)),
    }
}

/// Joins a thread of the test; on an error of either side the context is
/// shut down so that the other side stops waiting, and the first error (not
/// the `Terminated` it causes) is reported.
fn finish<T>(
    ctx: &zmq::Context,
    mine: Result<T, Error>,
    theirs: std::thread::ScopedJoinHandle<'_, Result<(), Error>>,
) -> Result<T, Error> {
    if mine.is_err() {
        let _ = ctx.shutdown();
    }
    let theirs = match theirs.join() {
        Ok(r) => r,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let terminated = |e: &Error| matches!(e.downcast_ref(), Some(zmq::Error::Terminated));
    match (mine, theirs) {
        (Ok(v), Ok(())) => Ok(v),
        (Err(e), Ok(())) => Err(e),
        (Ok(_), Err(e)) => Err(e),
        (Err(a), Err(b)) => Err(if terminated(&a) { b } else { a }),
    }
}

/// Messages per second; the clock runs from the first message received to
/// the last, so it covers `count - 1` messages.
fn thr(ctx: &zmq::Context, args: &Args, throughput: bool) -> Result<f64, Error> {
    let pull = ctx.socket::<zmq::Pull>()?;
    profile(&pull, args.size, throughput)?;
    let split = split_io(args, throughput);
    if split {
        pull.set_affinity(1)?;
    }
    pull.bind(&bind_endpoint(args.transport))?;
    let endpoint = pull.last_endpoint()?;
    let (size, count, owned) = (args.size, args.count, args.owned);

    // The sender keeps its socket open until the receiver has every
    // message: libzmq may drop what is still queued when a PUSH socket
    // closes early over ipc, whatever the linger (libzmq issue #4660).
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let elapsed = std::thread::scope(|scope| {
        let endpoint = &endpoint;
        let sender = scope.spawn(move || {
            let send = || -> Result<(), Error> {
                let push = ctx.socket::<zmq::Push>()?;
                profile(&push, size, throughput)?;
                if split {
                    push.set_affinity(2)?;
                }
                push.connect(endpoint)?;
                if owned {
                    for _ in 0..count {
                        // A new buffer each time, as a producer of data makes it.
                        push.send(vec![1u8; size])?;
                    }
                } else if throughput {
                    // Zero copy: one buffer for the whole run, never freed
                    // (no allocation per message either: libzmq keeps a
                    // pointer to it).
                    let buf: &'static [u8] = Vec::leak(vec![1u8; size]);
                    for _ in 0..count {
                        push.send(zmq::Message::from_static(buf))?;
                    }
                } else {
                    let buf = vec![1u8; size];
                    for _ in 0..count {
                        push.send(&buf[..])?;
                    }
                }
                // Ok or dropped: either way the receiver is done.
                let _ = done_rx.recv();
                Ok(())
            };
            let result = send();
            if result.is_err() {
                let _ = ctx.shutdown();
            }
            result
        });

        let receive = move || -> Result<Duration, Error> {
            let _done = done_tx;
            let mut msg = zmq::Message::new();
            pull.recv_into(&mut msg)?;
            check_len(&msg, size)?;
            let start = Instant::now();
            for _ in 1..count {
                pull.recv_into(&mut msg)?;
                check_len(&msg, size)?;
            }
            Ok(start.elapsed())
        };
        finish(ctx, receive(), sender)
    });
    cleanup(&endpoint);
    Ok((count - 1) as f64 / elapsed?.as_secs_f64().max(1e-9))
}

/// Mean round trip in microseconds, after one untimed round trip that
/// includes connecting.
fn lat(ctx: &zmq::Context, args: &Args, throughput: bool) -> Result<f64, Error> {
    let rep = ctx.socket::<zmq::Rep>()?;
    profile(&rep, args.size, throughput)?;
    rep.bind(&bind_endpoint(args.transport))?;
    let endpoint = rep.last_endpoint()?;
    let (size, count) = (args.size, args.count);

    let elapsed = std::thread::scope(|scope| {
        let echo = scope.spawn(move || {
            let echo = || -> Result<(), Error> {
                let mut msg = zmq::Message::new();
                // One more than timed: the first round trip connects. (A
                // half-open range: `0..=count` adds a flag test per turn.)
                for _ in 0..count + 1 {
                    rep.recv_into(&mut msg)?;
                    // Send the received message itself back, without a
                    // copy; libzmq leaves `msg` empty for the next receive.
                    rep.send_msg(&mut msg, zmq::SendFlags::empty())?;
                }
                Ok(())
            };
            let result = echo();
            if result.is_err() {
                let _ = ctx.shutdown();
            }
            result
        });

        let ping = || -> Result<Duration, Error> {
            let req = ctx.socket::<zmq::Req>()?;
            profile(&req, size, throughput)?;
            req.connect(&endpoint)?;
            let buf = vec![1u8; size];
            let mut msg = zmq::Message::new();
            // The first round trip includes connecting: untimed.
            req.send(&buf[..])?;
            req.recv_into(&mut msg)?;
            check_len(&msg, size)?;
            let start = Instant::now();
            for _ in 0..count {
                req.send(&buf[..])?;
                req.recv_into(&mut msg)?;
                check_len(&msg, size)?;
            }
            Ok(start.elapsed())
        };
        finish(ctx, ping(), echo)
    });
    cleanup(&endpoint);
    Ok(elapsed?.as_secs_f64() * 1e6 / count as f64)
}

fn main() -> ExitCode {
    // --throughput is this tool's own; the rest is the shared command line.
    let mut throughput = false;
    let argv = std::env::args().skip(1).filter(|a| {
        let on = a == "--throughput";
        throughput |= on;
        !on
    });
    let args = match parse_args(argv.collect::<Vec<_>>().into_iter()) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("perf: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if throughput {
        fixed_malloc_thresholds();
    }
    let (major, minor, patch) = zmq::version();
    let ctx = if split_io(&args, throughput) {
        match zmq::Context::builder().io_threads(2).build() {
            Ok(ctx) => ctx,
            Err(e) => {
                eprintln!("perf: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        zmq::Context::new()
    };
    let what = match (args.owned, throughput) {
        (false, false) => "",
        (true, false) => " (owned buffers)",
        (false, true) => " (throughput profile)",
        (true, true) => " (owned buffers, throughput profile)",
    };
    println!(
        "zmq (this crate) on libzmq {major}.{minor}.{patch}: {:?} over {}, {} B x {}{what}",
        args.test, args.transport, args.size, args.count
    );
    let result = match args.test {
        Test::Thr => thr(&ctx, &args, throughput).map(|mps| {
            let mbps = mps * args.size as f64 * 8.0 / 1e6;
            println!("throughput: {mps:.0} msg/s, {mbps:.1} Mb/s");
            format!("{mps:.0}")
        }),
        Test::Lat => lat(&ctx, &args, throughput).map(|us| {
            println!("mean round trip: {us:.3} us");
            format!("{us:.3}")
        }),
    };
    match result {
        Ok(value) => {
            let test = match args.test {
                Test::Thr => "thr",
                Test::Lat => "lat",
            };
            println!("RESULT {test} {} {} {value}", args.transport, args.size);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("perf: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The profile's allocator setting, this program's own choice: fixed glibc
/// malloc thresholds. libzmq allocates a 256 KiB input buffer per batch on
/// its I/O thread and the receiving thread frees it; glibc would serve
/// those with fresh pages (`mmap`, or a heap it trims), each page a fault.
/// Process-wide, so the crate never does this on a program's behalf.
fn fixed_malloc_thresholds() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's malloc parameters; called before
    // any other thread of this program exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
    }
}
