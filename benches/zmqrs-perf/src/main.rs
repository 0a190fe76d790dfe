//! `examples/perf.rs` written against zmq.rs, the pure-Rust ZeroMQ (the
//! `zeromq` crate 0.7 on crates.io), the way its users write it: async
//! sockets on tokio's multi-thread runtime (what `#[tokio::main]` builds, one
//! worker per CPU), the sender and the receiver each a spawned task (zmq.rs
//! adds one writer task per connection on the same workers). Same
//! command line and RESULT line as the other tools, over tcp and ipc only:
//! zmq.rs has no inproc transport, so `--transport inproc` exits with status
//! 3 and says so.
//!
//! Sending: a `ZmqMessage` is a list of `Bytes` frames, so the fastest way to
//! send one buffer again and again is `ZmqMessage::from(buf.clone())` with
//! `buf: Bytes`, a reference-count increment and no copy. With `--owned`,
//! every message is a freshly filled `Vec<u8>` handed over as
//! `ZmqMessage::from(vec)` (through `Bytes::from(Vec<u8>)`, no copy either).
//! Receiving: `recv()` returns a new `ZmqMessage` each time (zmq.rs has no
//! receive-into-a-reused-message call).
//!
//! A watchdog thread ends the process with status 1 if the test has not
//! finished after `ZMQRS_PERF_TIMEOUT` seconds (default 60), so a lost
//! message or a stuck runtime fails instead of hanging.

use bytes::Bytes;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use zeromq::prelude::*;
use zeromq::{PullSocket, PushSocket, RepSocket, ReqSocket, ZmqMessage};

const USAGE: &str = "\
usage: zmqrs-perf thr --transport ipc|tcp --size BYTES --count N [--owned]
       zmqrs-perf lat --transport ipc|tcp --size BYTES --count N

zmq.rs has no inproc transport. The last line is
`RESULT thr|lat <transport> <bytes> <value>`.
ZMQRS_PERF_TIMEOUT=SECONDS (default 60): fail after that long.";

/// Exit status for a transport zmq.rs does not implement (inproc).
const UNSUPPORTED: u8 = 3;

#[path = "../../perf_args.rs"]
mod perf_args;
use perf_args::{bind_endpoint, cleanup, parse_args, Args, Test, Transport};

type Error = Box<dyn std::error::Error + Send + Sync>;

fn check_len(msg: &ZmqMessage, size: usize) -> Result<(), Error> {
    match (msg.len(), msg.get(0)) {
        (1, Some(frame)) if frame.len() == size => Ok(()),
        (frames, first) => Err(format!(
            "received {frames} frame(s), the first of {} bytes; expected one of {size}",
            first.map_or(0, |f| f.len())
        )
        .into()),
    }
}

/// The endpoint to bind: perf_args's, with port 0 for "any port" (zmq.rs
/// does not take libzmq's `*`).
fn bind_address(transport: Transport) -> String {
    let endpoint = bind_endpoint(transport);
    match endpoint.strip_suffix(":*") {
        Some(host) => format!("{host}:0"),
        None => endpoint,
    }
}

/// A task's result, with a panic or cancellation as an error.
async fn flat<T>(task: tokio::task::JoinHandle<Result<T, Error>>) -> Result<T, Error> {
    task.await?
}

/// Awaits both tasks and returns the first error as soon as either fails,
/// so that a failing side does not leave the other waiting.
async fn join<T>(
    main: tokio::task::JoinHandle<Result<T, Error>>,
    other: tokio::task::JoinHandle<Result<(), Error>>,
) -> Result<T, Error> {
    let (value, ()) = tokio::try_join!(flat(main), flat(other))?;
    Ok(value)
}

async fn thr(args: &Args) -> Result<f64, Error> {
    let mut pull = PullSocket::new();
    let endpoint = pull.bind(&bind_address(args.transport)).await?.to_string();
    let (size, count, owned) = (args.size, args.count, args.owned);

    // The sender keeps its socket open until the receiver has every message:
    // zmq.rs writes to each peer from a background task fed by a queue, and
    // nothing may depend on that task flushing the queue after a close.
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
    let sender = {
        let endpoint = endpoint.clone();
        tokio::spawn(async move {
            let mut push = PushSocket::new();
            push.connect(&endpoint).await?;
            if owned {
                for _ in 0..count {
                    // A new buffer each time, as a producer of data makes it.
                    push.send(ZmqMessage::from(vec![1u8; size])).await?;
                }
            } else {
                // The fastest zmq.rs allows: every message shares this one
                // buffer (a reference count, no copy).
                let buf = Bytes::from(vec![1u8; size]);
                for _ in 0..count {
                    push.send(ZmqMessage::from(buf.clone())).await?;
                }
            }
            let _ = done_rx.await;
            Ok(())
        })
    };
    let receiver = tokio::spawn(async move {
        let _done = done_tx;
        let msg = pull.recv().await?;
        check_len(&msg, size)?;
        let start = Instant::now();
        for _ in 1..count {
            let msg = pull.recv().await?;
            check_len(&msg, size)?;
        }
        Ok(start.elapsed())
    });
    let elapsed: Duration = join(receiver, sender).await?;
    cleanup(&endpoint);
    Ok((count - 1) as f64 / elapsed.as_secs_f64().max(1e-9))
}

async fn lat(args: &Args) -> Result<f64, Error> {
    let mut rep = RepSocket::new();
    let endpoint = rep.bind(&bind_address(args.transport)).await?.to_string();
    let (size, count) = (args.size, args.count);

    // The REP side keeps its socket open until the REQ side has the last
    // reply, for the same reason as the PUSH side in `thr`.
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        for _ in 0..=count {
            let msg = rep.recv().await?;
            // Send the received message itself back, without a copy.
            rep.send(msg).await?;
        }
        let _ = done_rx.await;
        Ok(())
    });
    let client = {
        let endpoint = endpoint.clone();
        tokio::spawn(async move {
            let _done = done_tx;
            let mut req = ReqSocket::new();
            req.connect(&endpoint).await?;
            let buf = Bytes::from(vec![1u8; size]);
            let mut round_trip = async || -> Result<(), Error> {
                req.send(ZmqMessage::from(buf.clone())).await?;
                check_len(&req.recv().await?, size)
            };
            round_trip().await?;
            let start = Instant::now();
            for _ in 0..count {
                round_trip().await?;
            }
            Ok(start.elapsed())
        })
    };
    let elapsed: Duration = join(client, server).await?;
    cleanup(&endpoint);
    Ok(elapsed.as_secs_f64() * 1e6 / count as f64)
}

fn watchdog() {
    let secs = std::env::var("ZMQRS_PERF_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(60.0);
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs_f64(secs));
        eprintln!("zmqrs-perf: no result after {secs} s (watchdog, ZMQRS_PERF_TIMEOUT)");
        std::process::exit(1);
    });
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("zmqrs-perf: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.transport == Transport::Inproc {
        eprintln!("zmqrs-perf: zmq.rs has no inproc transport (only tcp and ipc)");
        return ExitCode::from(UNSUPPORTED);
    }
    watchdog();
    // The runtime `#[tokio::main]` builds: multi-thread, one worker per CPU.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("zmqrs-perf: cannot start the tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let what = if args.owned { " (owned buffers)" } else { "" };
    println!(
        "zmq.rs 0.7 on tokio (multi-thread, {} workers): {:?} over {}, {} B x {}{what}",
        runtime.metrics().num_workers(),
        args.test,
        args.transport,
        args.size,
        args.count
    );
    let (test, result) = match args.test {
        Test::Thr => ("thr", runtime.block_on(thr(&args))),
        Test::Lat => ("lat", runtime.block_on(lat(&args))),
    };
    // Do not wait for tasks a failure left behind.
    runtime.shutdown_background();
    match result {
        Ok(value) => {
            let value = match args.test {
                Test::Thr => {
                    let mbps = value * args.size as f64 * 8.0 / 1e6;
                    println!("throughput: {value:.0} msg/s, {mbps:.1} Mb/s");
                    format!("{value:.0}")
                }
                Test::Lat => {
                    println!("mean round trip: {value:.3} us");
                    format!("{value:.3}")
                }
            };
            println!("RESULT {test} {} {} {value}", args.transport, args.size);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("zmqrs-perf: {e}");
            ExitCode::FAILURE
        }
    }
}
