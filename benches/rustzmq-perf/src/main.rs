//! `examples/perf.rs` written against rust-zmq 0.10 (the `zmq` crate on
//! crates.io), the way its users write fast code: one reused `Message` for
//! receiving, `send(&[u8])` for a borrowed buffer and `send(Vec<u8>)` (which
//! rust-zmq hands over without a copy, through `into_boxed_slice`) with
//! `--owned`. Same command line and RESULT line as the other two tools.

use rustzmq as zmq;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "\
usage: rustzmq-perf thr --transport inproc|ipc|tcp --size BYTES --count N [--owned]
       rustzmq-perf lat --transport inproc|ipc|tcp --size BYTES --count N

The last line is `RESULT thr|lat <transport> <bytes> <value>`.";

#[path = "../../perf_args.rs"]
mod perf_args;
use perf_args::{bind_endpoint, cleanup, parse_args, Args, Test};

type Error = Box<dyn std::error::Error + Send + Sync>;

fn check_len(msg: &zmq::Message, size: usize) -> Result<(), Error> {
    if msg.len() == size {
        Ok(())
    } else {
        Err(format!("received {} bytes, expected {size}", msg.len()).into())
    }
}

/// rust-zmq has no zmq_ctx_shutdown: a failing thread ends the process,
/// so that the other thread does not wait forever.
fn or_exit<T>(result: Result<T, Error>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => {
            eprintln!("rustzmq-perf: {e}");
            std::process::exit(1);
        }
    }
}

fn last_endpoint(socket: &zmq::Socket) -> Result<String, Error> {
    socket
        .get_last_endpoint()?
        .map_err(|_| "last endpoint is not UTF-8".into())
}

fn thr(ctx: &zmq::Context, args: &Args) -> Result<f64, Error> {
    let pull = ctx.socket(zmq::PULL)?;
    pull.bind(&bind_endpoint(args.transport))?;
    let endpoint = last_endpoint(&pull)?;
    let (size, count, owned) = (args.size, args.count, args.owned);

    // The sender keeps its socket open until the receiver has every
    // message: libzmq may drop what is still queued when a PUSH socket
    // closes early over ipc, whatever the linger (libzmq issue #4660).
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let elapsed = std::thread::scope(|scope| {
        let endpoint = &endpoint;
        scope.spawn(move || {
            or_exit((|| -> Result<(), Error> {
                let push = ctx.socket(zmq::PUSH)?;
                push.connect(endpoint)?;
                if owned {
                    for _ in 0..count {
                        // A new buffer each time, as a producer of data makes it.
                        push.send(vec![1u8; size], 0)?;
                    }
                } else {
                    let buf = vec![1u8; size];
                    for _ in 0..count {
                        push.send(&buf[..], 0)?;
                    }
                }
                let _ = done_rx.recv();
                Ok(())
            })())
        });

        or_exit((move || -> Result<Duration, Error> {
            let _done = done_tx;
            let mut msg = zmq::Message::new();
            pull.recv(&mut msg, 0)?;
            check_len(&msg, size)?;
            let start = Instant::now();
            for _ in 1..count {
                pull.recv(&mut msg, 0)?;
                check_len(&msg, size)?;
            }
            Ok(start.elapsed())
        })())
    });
    cleanup(&endpoint);
    Ok((count - 1) as f64 / elapsed.as_secs_f64().max(1e-9))
}

fn lat(ctx: &zmq::Context, args: &Args) -> Result<f64, Error> {
    let rep = ctx.socket(zmq::REP)?;
    rep.bind(&bind_endpoint(args.transport))?;
    let endpoint = last_endpoint(&rep)?;
    let (size, count) = (args.size, args.count);

    let elapsed = std::thread::scope(|scope| {
        scope.spawn(move || {
            or_exit((|| -> Result<(), Error> {
                let mut msg = zmq::Message::new();
                for _ in 0..=count {
                    rep.recv(&mut msg, 0)?;
                    // Send the received message itself back, without a copy.
                    rep.send(std::mem::replace(&mut msg, zmq::Message::new()), 0)?;
                }
                Ok(())
            })())
        });

        or_exit((|| -> Result<Duration, Error> {
            let req = ctx.socket(zmq::REQ)?;
            req.connect(&endpoint)?;
            let buf = vec![1u8; size];
            let mut msg = zmq::Message::new();
            let mut round_trip = || -> Result<(), Error> {
                req.send(&buf[..], 0)?;
                req.recv(&mut msg, 0)?;
                check_len(&msg, size)
            };
            round_trip()?;
            let start = Instant::now();
            for _ in 0..count {
                round_trip()?;
            }
            Ok(start.elapsed())
        })())
    });
    cleanup(&endpoint);
    Ok(elapsed.as_secs_f64() * 1e6 / count as f64)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("rustzmq-perf: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (major, minor, patch) = zmq::version();
    let ctx = zmq::Context::new();
    let what = if args.owned { " (owned buffers)" } else { "" };
    println!(
        "rust-zmq 0.10 on libzmq {major}.{minor}.{patch}: {:?} over {}, {} B x {}{what}",
        args.test, args.transport, args.size, args.count
    );
    let (test, result) = match args.test {
        Test::Thr => ("thr", thr(&ctx, &args)),
        Test::Lat => ("lat", lat(&ctx, &args)),
    };
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
            eprintln!("rustzmq-perf: {e}");
            ExitCode::FAILURE
        }
    }
}
