//! Asynchronous client/server: the zguide's `asyncsrv.c` (chapter 3,
//! "The Asynchronous Client/Server Pattern").
//!
//! Three DEALER clients, each with its own identity, send requests without
//! waiting for answers and poll for replies in between. The server is a
//! ROUTER frontend (tcp) and a DEALER backend (inproc) joined by
//! [`zmq::proxy`], with DEALER workers behind it that answer each request
//! with several replies. What to look at: the envelope (identity frame)
//! the ROUTER adds, which a worker takes off with `Multipart::pop_front`
//! and puts back on each reply with `zmq::frames!`; `recv_multipart_into`
//! reusing one `Multipart`; `Socket::poll` for a bounded wait; and the
//! shutdown: `Context::shutdown` ends the proxy and the workers
//! (`Error::is_terminated`).

use std::thread;
use std::time::{Duration, Instant};
use zmq::{Context, Events, Multipart};

const CLIENTS: usize = 3;
const WORKERS: usize = 2;
const REQUESTS: usize = 3;
const REPLIES_PER_REQUEST: usize = 2;

/// Sends `REQUESTS` requests, one every 50 ms, and collects every reply
/// while waiting; returns how many replies came back.
fn client(ctx: &Context, endpoint: &str, id: usize) -> zmq::Result<usize> {
    let dealer = ctx.socket::<zmq::Dealer>()?;
    let identity = format!("client-{id}");
    dealer.set_routing_id(&identity)?;
    dealer.connect(endpoint)?;
    let expected = REQUESTS * REPLIES_PER_REQUEST;
    let deadline = Instant::now() + Duration::from_secs(10);
    let (mut sent, mut received) = (0, 0);
    while received < expected && Instant::now() < deadline {
        if sent < REQUESTS {
            sent += 1;
            dealer.send(format!("request #{sent}"))?;
        }
        // Replies arrive whenever the workers send them: take what comes
        // for a while, then send the next request.
        let tick = Instant::now() + Duration::from_millis(50);
        while let Some(left) = tick.checked_duration_since(Instant::now()) {
            if !dealer.poll(Events::IN, Some(left))?.contains(Events::IN) {
                break;
            }
            let reply = dealer.recv_string()?;
            println!("{identity} got {reply:?}");
            received += 1;
        }
    }
    Ok(received)
}

/// Answers each request with several replies, until the context shuts down.
fn worker(dealer: zmq::Socket<zmq::Dealer>, n: usize) -> zmq::Result<()> {
    let mut request = Multipart::new();
    loop {
        match dealer.recv_multipart_into(&mut request) {
            Err(e) if e.is_terminated() => return Ok(()),
            other => other?,
        }
        // [identity, content]: keep the envelope, answer on it.
        let (Some(identity), Some(content)) = (request.pop_front(), request.pop_front()) else {
            continue;
        };
        let content = String::from_utf8_lossy(&content).into_owned();
        for i in 1..=REPLIES_PER_REQUEST {
            thread::sleep(Duration::from_millis(5 * (n as u64 + 1)));
            let reply = format!("worker {n}: reply {i} to {content}");
            match dealer.send_multipart(zmq::frames![&identity, reply]) {
                Err(e) if e.is_terminated() => return Ok(()),
                other => other?,
            }
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Linger 0 everywhere: at the end nobody waits for undelivered replies.
    let ctx = Context::builder().blocky(false).build()?;

    let frontend = ctx.socket::<zmq::Router>()?;
    frontend.bind("tcp://127.0.0.1:*")?;
    let endpoint = frontend.last_endpoint()?;
    let backend = ctx.socket::<zmq::Dealer>()?;
    backend.bind("inproc://backend")?;
    println!("server: ROUTER on {endpoint}, DEALER on inproc://backend");

    let server = thread::spawn(move || {
        // Returns Err(Terminated) once the context is shut down.
        let ended = zmq::proxy(&frontend, &backend);
        println!("server: proxy ended ({ended:?})");
    });
    let workers: Vec<_> = (0..WORKERS)
        .map(|n| {
            // Made here, not in the thread: a thread that started only
            // after the shutdown below would get `Terminated` from
            // `ctx.socket`.
            let dealer = ctx.socket::<zmq::Dealer>()?;
            dealer.connect("inproc://backend")?;
            Ok(thread::spawn(move || worker(dealer, n)))
        })
        .collect::<zmq::Result<_>>()?;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let (ctx, endpoint) = (ctx.clone(), endpoint.clone());
            thread::spawn(move || client(&ctx, &endpoint, id))
        })
        .collect();

    let mut replies = 0;
    for c in clients {
        replies += c.join().map_err(|_| "a client panicked")??;
    }
    println!(
        "clients: {replies} replies to {} requests",
        CLIENTS * REQUESTS
    );

    ctx.shutdown()?;
    for w in workers {
        w.join().map_err(|_| "a worker panicked")??;
    }
    server.join().map_err(|_| "the server panicked")?;
    if replies != CLIENTS * REQUESTS * REPLIES_PER_REQUEST {
        return Err("some replies never came".into());
    }
    Ok(())
}
