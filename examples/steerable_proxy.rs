//! A steerable proxy: `zmq_proxy_steerable(3)` (the zguide shows the plain
//! `zmq_proxy` in `msgqueue.c`, chapter 2, "ZeroMQ's Built-In Proxy
//! Function"; this adds the control socket).
//!
//! A producer PUSHes into the proxy's PULL frontend, the proxy PUSHes out
//! of its backend to a PULL consumer, and a `zmq::ProxyControl` steers it
//! over a PAIR control socket. What to look at: while the proxy is PAUSEd
//! nothing reaches the consumer (the messages wait in the frontend's
//! queue); after RESUME they all arrive; STATISTICS counts the frames and
//! bytes each side moved; TERMINATE makes `proxy_steerable` return
//! `Ok(())`. (`ProxyControl` sends the command that has the named effect
//! on the libzmq linked, whose 4.3.5 release swaps PAUSE and RESUME.)

use std::thread;
use std::time::Duration;
use zmq::{Context, Events};

/// Sends `messages` through the proxy.
fn produce(
    producer: &zmq::Socket<zmq::Push>,
    numbers: impl Iterator<Item = u32>,
) -> zmq::Result<()> {
    for i in numbers {
        producer.send(format!("message {i}"))?;
    }
    Ok(())
}

/// Receives `n` messages (the consumer's receive timeout bounds each wait).
fn consume(consumer: &zmq::Socket<zmq::Pull>, n: usize) -> zmq::Result<Vec<String>> {
    (0..n).map(|_| consumer.recv_string()).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ctx = Context::builder().blocky(false).build()?;

    let frontend = ctx.socket::<zmq::Pull>()?;
    frontend.bind("tcp://127.0.0.1:*")?;
    let frontend_endpoint = frontend.last_endpoint()?;
    let backend = ctx.socket::<zmq::Push>()?;
    backend.bind("inproc://backend")?;
    let control = ctx.socket::<zmq::Pair>()?;
    control.bind("inproc://control")?;
    let proxy = thread::spawn(move || zmq::proxy_steerable(&frontend, &backend, &control));
    let steer = zmq::ProxyControl::connect(&ctx, "inproc://control")?;

    let producer = ctx.socket::<zmq::Push>()?;
    producer.connect(&frontend_endpoint)?;
    let consumer = ctx.socket::<zmq::Pull>()?;
    consumer.connect("inproc://backend")?;
    consumer.set_rcvtimeo(Some(Duration::from_secs(5)))?; // never hang

    produce(&producer, 1..=3)?;
    println!("running: consumer got {:?}", consume(&consumer, 3)?);

    steer.pause()?;
    produce(&producer, 4..=6)?;
    // Nothing comes through while paused.
    let quiet = Duration::from_millis(300);
    let paused_quiet = consumer.poll(Events::IN, Some(quiet))?.is_empty();
    println!("paused:  nothing reached the consumer in {quiet:?}: {paused_quiet}");

    steer.resume()?;
    println!("resumed: consumer got {:?}", consume(&consumer, 3)?);

    let stats = steer.statistics()?;
    println!(
        "statistics: frontend received {} frames ({} bytes), backend sent {} frames ({} bytes)",
        stats.frontend_recv_messages,
        stats.frontend_recv_bytes,
        stats.backend_sent_messages,
        stats.backend_sent_bytes
    );

    steer.terminate()?;
    let ended = proxy.join().map_err(|_| "the proxy panicked")?;
    println!("terminated: proxy_steerable returned {ended:?}");
    ended?;
    if !paused_quiet || stats.backend_sent_messages != 6 {
        return Err("the proxy did not pause and resume as expected".into());
    }
    Ok(())
}
