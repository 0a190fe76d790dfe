//! An XSUB/XPUB proxy: the zguide's `wuproxy.c` (chapter 2, "Transport
//! Bridging"), with its weather server (`wuserver.c`) and clients
//! (`wuclient.c`) in threads of the same program.
//!
//! The publisher binds a PUB socket; the proxy connects an XSUB to it and
//! binds an XPUB for the subscribers, and [`zmq::proxy`] forwards updates
//! one way and subscriptions the other, so each subscriber's filter
//! (`subscribe("10001 ")`) reaches the publisher through the proxy. What
//! to look at: the subscribers only see their zip code; the proxy,
//! publisher and context end with `Context::shutdown`
//! (`Error::is_terminated`).

use std::thread;
use std::time::Duration;
use zmq::Context;

const UPDATES_PER_SUBSCRIBER: usize = 5;

/// Publishes weather updates for a few zip codes until the context shuts
/// down; returns how many it sent.
fn weather_server(ctx: &Context, endpoint: &str) -> zmq::Result<u64> {
    let publisher = ctx.socket::<zmq::Pub>()?;
    publisher.bind(endpoint)?;
    let mut sent = 0u64;
    loop {
        let zipcode = 10000 + sent % 4;
        let temperature = 15 + (sent * 7) % 20;
        let update = format!("{zipcode} {temperature} 60");
        match publisher.send(update) {
            Err(e) if e.is_terminated() => return Ok(sent),
            other => other?,
        }
        sent += 1;
        thread::sleep(Duration::from_millis(2));
    }
}

/// Receives `UPDATES_PER_SUBSCRIBER` updates for one zip code.
fn subscriber(ctx: &Context, endpoint: &str, zipcode: &str) -> zmq::Result<Vec<String>> {
    let subscriber = ctx.socket::<zmq::Sub>()?;
    subscriber.set_rcvtimeo(Some(Duration::from_secs(5)))?; // never hang
    subscriber.connect(endpoint)?;
    // "10001 " with the space, so that 10001 does not also match 100010.
    subscriber.subscribe(format!("{zipcode} "))?;
    (0..UPDATES_PER_SUBSCRIBER)
        .map(|_| subscriber.recv_string())
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Linger 0: at the end nobody waits for updates no one will read.
    let ctx = Context::builder().blocky(false).build()?;
    let weather = "inproc://weather";

    let publisher = {
        let ctx = ctx.clone();
        thread::spawn(move || weather_server(&ctx, weather))
    };

    // The proxy: XSUB towards the publisher, XPUB for the subscribers.
    let frontend = ctx.socket::<zmq::XSub>()?;
    frontend.connect(weather)?;
    let backend = ctx.socket::<zmq::XPub>()?;
    backend.bind("tcp://127.0.0.1:*")?;
    let endpoint = backend.last_endpoint()?;
    println!("proxy: XSUB connected to {weather}, XPUB bound on {endpoint}");
    let proxy = thread::spawn(move || zmq::proxy(&frontend, &backend));

    let subscribers: Vec<_> = ["10001", "10003"]
        .into_iter()
        .map(|zipcode| {
            let (ctx, endpoint) = (ctx.clone(), endpoint.clone());
            thread::spawn(move || (zipcode, subscriber(&ctx, &endpoint, zipcode)))
        })
        .collect();
    for s in subscribers {
        let (zipcode, updates) = s.join().map_err(|_| "a subscriber panicked")?;
        let updates = updates?;
        println!("subscriber {zipcode}: {updates:?}");
        if !updates.iter().all(|u| u.starts_with(zipcode)) {
            return Err(format!("subscriber {zipcode} got another zip code").into());
        }
    }

    // Every blocking call on the context's sockets now fails with
    // Terminated: the proxy returns, the publisher's loop ends.
    ctx.shutdown()?;
    let ended = proxy.join().map_err(|_| "the proxy panicked")?;
    println!("proxy: ended with {ended:?}");
    if !matches!(ended, Err(e) if e.is_terminated()) {
        return Err("the proxy did not end with Terminated".into());
    }
    let sent = publisher.join().map_err(|_| "the publisher panicked")??;
    println!("publisher: sent {sent} updates, then the context shut down");
    Ok(())
}
