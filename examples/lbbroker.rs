//! Load-balancing broker: the zguide's lbbroker.c in one program. Clients
//! (REQ) talk to a ROUTER frontend, workers (REQ) to a ROUTER backend. A
//! worker says READY, then gets one request at a time; the broker keeps a
//! queue of free workers and gives each request to the one that has waited
//! longest.
//!
//! Look at: the broker listens to the frontend only while a worker is free,
//! switching it on and off with `Poller::modify` in the middle of the loop
//! over the ready events (`poll_into` puts them in a buffer of ours, so the
//! poller is not borrowed); and the envelopes, taken off and put back with
//! `Multipart::pop_front`/`push_front`.

use std::collections::VecDeque;
use std::thread;
use std::time::Duration;
use zmq::{Events, Message, Multipart};

const CLIENTS: usize = 10;
const WORKERS: usize = 3;
const BACKEND: usize = 0;
const FRONTEND: usize = 1;

fn main() -> zmq::Result<()> {
    let ctx = zmq::Context::new();
    let frontend = ctx.socket::<zmq::Router>()?;
    frontend.bind("inproc://frontend")?;
    let backend = ctx.socket::<zmq::Router>()?;
    backend.bind("inproc://backend")?;

    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| {
            let ctx = ctx.clone();
            thread::spawn(move || client(id, &ctx))
        })
        .collect();
    let workers: Vec<_> = (0..WORKERS)
        .map(|id| {
            // Made here, not in the thread: a thread that started only
            // after the shutdown below would get `Terminated` from
            // `ctx.socket`.
            let socket = ctx.socket::<zmq::Req>()?;
            socket.set_routing_id(format!("worker-{id}"))?;
            socket.connect("inproc://backend")?;
            Ok(thread::spawn(move || worker(id, socket)))
        })
        .collect::<zmq::Result<_>>()?;

    // The broker, until every client has its reply.
    let mut free_workers: VecDeque<Message> = VecDeque::new();
    let mut poller = zmq::Poller::new();
    poller.add(&backend, Events::IN, BACKEND)?;
    poller.add(&frontend, Events::empty(), FRONTEND)?; // no worker free yet
    let mut events = Vec::new();
    let mut replies = 0;
    while replies < CLIENTS {
        poller.poll_into(&mut events, Some(Duration::from_secs(5)))?;
        if events.is_empty() {
            return Err(zmq::Error::Again); // nothing for 5 s: something is stuck
        }
        for event in &events {
            match event.token {
                BACKEND => {
                    // [worker id, "", READY] or [worker id, "", client id, "", reply]
                    let mut msg = backend.recv_multipart()?;
                    let worker_id = msg.pop_front().ok_or(zmq::Error::InvalidArgument)?;
                    free_workers.push_back(worker_id);
                    if free_workers.len() == 1 {
                        poller.modify(&frontend, Events::IN)?; // a worker is free
                    }
                    msg.pop_front(); // the empty delimiter
                    if msg.first().is_some_and(|first| *first != "READY") {
                        frontend.send_multipart(msg)?; // [client id, "", reply]
                        replies += 1;
                    }
                }
                _ => {
                    // [client id, "", request] goes to the longest-waiting worker.
                    let Some(worker_id) = free_workers.pop_front() else {
                        continue;
                    };
                    let mut msg = frontend.recv_multipart()?;
                    msg.push_front("");
                    msg.push_front(worker_id);
                    backend.send_multipart(msg)?;
                    if free_workers.is_empty() {
                        poller.modify(&frontend, Events::empty())?; // none free
                    }
                }
            }
        }
    }
    println!("broker: all {CLIENTS} clients served");

    for client in clients {
        client.join().expect("client thread panicked")?;
    }
    // The workers wait for more work: shutting down ends them.
    ctx.shutdown()?;
    for (id, worker) in workers.into_iter().enumerate() {
        let done = worker.join().expect("worker thread panicked")?;
        println!("worker {id}: ended by shutdown after {done} requests");
    }
    Ok(())
}

/// A client: one request, one reply.
fn client(id: usize, ctx: &zmq::Context) -> zmq::Result<()> {
    let client = ctx.socket::<zmq::Req>()?;
    client.set_routing_id(format!("client-{id}"))?;
    client.set_rcvtimeo(Some(Duration::from_secs(5)))?;
    client.connect("inproc://frontend")?;
    client.send("HELLO")?;
    println!("client {id}: {}", client.recv_string()?);
    Ok(())
}

/// A worker: READY, then requests until the context is shut down; the
/// number of requests it served.
fn worker(id: usize, worker: zmq::Socket<zmq::Req>) -> zmq::Result<usize> {
    match worker.send("READY") {
        Err(e) if e.is_terminated() => return Ok(0), // started after the end
        other => other?,
    }
    let mut request = Multipart::new(); // [client id, "", request], reused
    let mut done = 0;
    loop {
        match worker.recv_multipart_into(&mut request) {
            Err(e) if e.is_terminated() => return Ok(done),
            other => other?,
        }
        thread::sleep(Duration::from_millis(20)); // do some "work"
        let client_id = request.pop_front().ok_or(zmq::Error::InvalidArgument)?;
        worker.send_multipart(zmq::frames![client_id, "", format!("OK from worker {id}")])?;
        done += 1;
    }
}
