//! Multithreaded server: the zguide's mtserver.c (with hwclient.c as its
//! client) in one program. A ROUTER frontend takes the clients' requests
//! over TCP, `zmq::proxy` passes them to a DEALER backend bound on inproc,
//! and REP worker threads connected to it answer; replies travel back the
//! same way.
//!
//! Look at: the proxy and the workers need no stop signal of their own:
//! `Context::shutdown` makes `zmq::proxy` return `Err(Terminated)` and each
//! worker's `recv_string` too, and each thread says how it ended.

use std::thread;
use std::time::Duration;

const WORKERS: usize = 5;
const REQUESTS: usize = 10;

fn main() -> zmq::Result<()> {
    let ctx = zmq::Context::new();
    let clients = ctx.socket::<zmq::Router>()?;
    clients.bind("tcp://127.0.0.1:*")?;
    let endpoint = clients.last_endpoint()?;
    let workers = ctx.socket::<zmq::Dealer>()?;
    workers.bind("inproc://workers")?;

    let proxy = thread::spawn(move || zmq::proxy(&clients, &workers));

    let workers: Vec<_> = (0..WORKERS)
        .map(|id| {
            // Made here, not in the thread: a thread that started only
            // after the shutdown below would get `Terminated` from
            // `ctx.socket`.
            let worker = ctx.socket::<zmq::Rep>()?;
            worker.connect("inproc://workers")?;
            Ok(thread::spawn(move || -> zmq::Result<usize> {
                let mut served = 0;
                loop {
                    let request = match worker.recv_string() {
                        Err(e) if e.is_terminated() => return Ok(served),
                        other => other?,
                    };
                    thread::sleep(Duration::from_millis(10)); // do some "work"
                    worker.send(format!("World (worker {id}, for {request:?})"))?;
                    served += 1;
                }
            }))
        })
        .collect::<zmq::Result<_>>()?;

    // hwclient.c, over TCP.
    let client = ctx.socket::<zmq::Req>()?;
    client.set_rcvtimeo(Some(Duration::from_secs(5)))?;
    client.connect(&endpoint)?;
    for n in 1..=REQUESTS {
        client.send(format!("Hello {n}"))?;
        println!("client: {}", client.recv_string()?);
    }

    ctx.shutdown()?;
    match proxy.join().expect("proxy thread panicked") {
        Err(e) if e.is_terminated() => println!("proxy: ended by shutdown"),
        other => other?,
    }
    for (id, worker) in workers.into_iter().enumerate() {
        let served = worker.join().expect("worker thread panicked")?;
        println!("worker {id}: ended by shutdown after {served} requests");
    }
    Ok(())
}
