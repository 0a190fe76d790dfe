//! Pipeline, "divide and conquer": the zguide's taskvent.c, taskwork2.c and
//! tasksink2.c in one program. The ventilator (main thread) PUSHes a batch of
//! tasks, each a workload in milliseconds; four workers PULL them, "work"
//! (sleep) and PUSH a result to the sink; the sink counts the batch, prints
//! the elapsed time and broadcasts KILL on a PUB socket, which ends the
//! workers.
//!
//! Look at: the fair distribution of PUSH (round-robin over the workers
//! connected when the batch starts, so the ventilator waits for them), and
//! the worker's `zmq::poll` over its task and control sockets. A worker
//! would also end on `Error::is_terminated()` if the context were shut down
//! instead.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

const WORKERS: usize = 4;
const TASKS: u64 = 40;

/// How a worker ended, and how many tasks it did.
#[derive(Debug)]
enum Ended {
    Killed(usize),
    Terminated(usize),
}

fn main() -> zmq::Result<()> {
    let ctx = zmq::Context::new();
    // inproc: every side is a thread of this process. Everything is bound
    // before a thread connects.
    let ventilator = ctx.socket::<zmq::Push>()?;
    ventilator.bind("inproc://tasks")?;
    let sink = ctx.socket::<zmq::Pull>()?;
    sink.bind("inproc://results")?;
    let controller = ctx.socket::<zmq::Pub>()?;
    controller.bind("inproc://control")?;

    // All workers are connected (and subscribed) before the first task is
    // sent, so that PUSH spreads the batch over all of them.
    let connected = Arc::new(Barrier::new(WORKERS + 1));
    let workers: Vec<_> = (0..WORKERS)
        .map(|id| {
            let (ctx, connected) = (ctx.clone(), connected.clone());
            thread::spawn(move || worker(id, &ctx, &connected))
        })
        .collect();

    // tasksink2.c: wait for the start of the batch, then for every result.
    let sink = thread::spawn(move || -> zmq::Result<()> {
        sink.recv()?; // the start-of-batch signal
        let start = Instant::now();
        for _ in 0..TASKS {
            sink.recv()?;
        }
        println!("sink: {TASKS} results in {:.0?}", start.elapsed());
        controller.send("KILL")?;
        Ok(())
    });

    // taskvent.c: signal the start of the batch to the sink, then send it.
    connected.wait();
    let start_of_batch = ctx.socket::<zmq::Push>()?;
    start_of_batch.connect("inproc://results")?;
    start_of_batch.send("0")?;
    let mut total_ms = 0;
    for task in 0..TASKS {
        let workload_ms = task * 37 % 50 + 1; // 1..=50, spread
        total_ms += workload_ms;
        ventilator.send(workload_ms.to_string())?;
    }
    println!("ventilator: sent {TASKS} tasks, {total_ms} ms of work in all");

    sink.join().expect("sink thread panicked")?;
    for (id, worker) in workers.into_iter().enumerate() {
        match worker.join().expect("worker thread panicked")? {
            Ended::Killed(n) => println!("worker {id}: did {n} tasks, ended by KILL"),
            Ended::Terminated(n) => println!("worker {id}: did {n} tasks, ended by shutdown"),
        }
    }
    Ok(())
}

/// taskwork2.c: tasks in, results out, until KILL arrives on the control
/// socket (or the context is shut down).
fn worker(id: usize, ctx: &zmq::Context, connected: &Barrier) -> zmq::Result<Ended> {
    let receiver = ctx.socket::<zmq::Pull>()?;
    receiver.connect("inproc://tasks")?;
    let sender = ctx.socket::<zmq::Push>()?;
    sender.connect("inproc://results")?;
    let control = ctx.socket::<zmq::Sub>()?;
    control.connect("inproc://control")?;
    control.subscribe("")?;
    connected.wait();

    let mut done = 0;
    loop {
        let mut items = [
            receiver.as_poll_item(zmq::Events::IN),
            control.as_poll_item(zmq::Events::IN),
        ];
        match zmq::poll(&mut items, None) {
            Err(e) if e.is_terminated() => return Ok(Ended::Terminated(done)),
            other => other?,
        };
        if items[1].is_readable() {
            return Ok(Ended::Killed(done));
        }
        if items[0].is_readable() {
            let task = receiver.recv_string()?;
            let workload_ms = task.parse().map_err(|_| zmq::Error::InvalidArgument)?;
            thread::sleep(Duration::from_millis(workload_ms));
            sender.send(format!("worker {id}"))?;
            done += 1;
        }
    }
}
