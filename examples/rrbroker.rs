//! Request-reply broker: the zguide's rrbroker.c, rrclient.c and rrworker.c
//! in one program. Clients (REQ) connect to the broker's ROUTER frontend,
//! workers (REP) to its DEALER backend; the broker polls both and passes
//! each message on, frame by frame, envelope included, so neither side
//! knows the other exists.
//!
//! Look at: the broker's `Poller` over two sockets, and `forward`, which
//! moves every frame with one reused `Message`: `recv_into` fills it,
//! `send_msg` sends it and leaves it empty for the next frame, so the loop
//! allocates nothing per message.

use std::thread;
use std::time::Duration;
use zmq::{CanRecv, CanSend, Message, SendFlags, Socket};

const CLIENTS: usize = 3;
const REQUESTS: usize = 3;
const WORKERS: usize = 2;
const FRONTEND: usize = 0;
const BACKEND: usize = 1;

fn main() -> zmq::Result<()> {
    let ctx = zmq::Context::new();
    let frontend = ctx.socket::<zmq::Router>()?;
    frontend.bind("tcp://127.0.0.1:*")?;
    let backend = ctx.socket::<zmq::Dealer>()?;
    backend.bind("tcp://127.0.0.1:*")?;
    let (clients_at, workers_at) = (frontend.last_endpoint()?, backend.last_endpoint()?);

    // rrbroker.c: until the context is shut down.
    let broker = thread::spawn(move || -> zmq::Result<(usize, usize)> {
        let mut poller = zmq::Poller::new();
        poller.add(&frontend, zmq::Events::IN, FRONTEND)?;
        poller.add(&backend, zmq::Events::IN, BACKEND)?;
        let mut frame = Message::new();
        let (mut messages, mut frames) = (0, 0);
        loop {
            match poller.poll(None) {
                Err(e) if e.is_terminated() => return Ok((messages, frames)),
                other => other?,
            };
            for event in poller.ready() {
                frames += match event.token {
                    FRONTEND => forward(&frontend, &backend, &mut frame)?,
                    _ => forward(&backend, &frontend, &mut frame)?,
                };
                messages += 1;
            }
        }
    });

    // rrworker.c: answer each request.
    let workers: Vec<_> = (0..WORKERS)
        .map(|id| {
            // Made here, not in the thread: a thread that started only
            // after the shutdown below would get `Terminated` from
            // `ctx.socket`.
            let worker = ctx.socket::<zmq::Rep>()?;
            worker.connect(&workers_at)?;
            Ok(thread::spawn(move || -> zmq::Result<usize> {
                let mut served = 0;
                loop {
                    let request = match worker.recv_string() {
                        Err(e) if e.is_terminated() => return Ok(served),
                        other => other?,
                    };
                    worker.send(format!("World (worker {id}, for {request:?})"))?;
                    served += 1;
                }
            }))
        })
        .collect::<zmq::Result<_>>()?;

    // rrclient.c: a few requests each, every one waiting for its reply.
    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let (ctx, endpoint) = (ctx.clone(), clients_at.clone());
            thread::spawn(move || -> zmq::Result<()> {
                let client = ctx.socket::<zmq::Req>()?;
                client.set_rcvtimeo(Some(Duration::from_secs(5)))?;
                client.connect(&endpoint)?;
                for n in 0..REQUESTS {
                    client.send(format!("Hello {n} from client {id}"))?;
                    println!("client {id}: {}", client.recv_string()?);
                }
                Ok(())
            })
        })
        .collect();

    for client in clients {
        client.join().expect("client thread panicked")?;
    }
    // Every client has its replies: shut down, which ends the broker and
    // the workers (their blocking calls return `Terminated`).
    ctx.shutdown()?;
    let (messages, frames) = broker.join().expect("broker thread panicked")?;
    println!("broker: ended by shutdown after passing on {messages} messages ({frames} frames)");
    for (id, worker) in workers.into_iter().enumerate() {
        let served = worker.join().expect("worker thread panicked")?;
        println!("worker {id}: ended by shutdown after {served} requests");
    }
    Ok(())
}

/// Passes one whole message from `from` to `to` with the one `frame`
/// buffer; returns the number of frames.
fn forward<A: CanRecv, B: CanSend>(
    from: &Socket<A>,
    to: &Socket<B>,
    frame: &mut Message,
) -> zmq::Result<usize> {
    let mut frames = 0;
    loop {
        from.recv_into(frame)?;
        frames += 1;
        // Read `more` before sending: the send empties the message.
        let more = frame.more();
        let flags = if more {
            SendFlags::SNDMORE
        } else {
            SendFlags::empty()
        };
        to.send_msg(frame, flags)?;
        if !more {
            return Ok(frames);
        }
    }
}
