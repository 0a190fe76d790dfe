//! Request-reply, "Hello World": the zguide's hwserver.c + hwclient.c in one
//! program. A REP server thread answers "World" to each "Hello"; a REQ client
//! sends 5 requests and waits for each reply.
//!
//! Look at: `recv_string` (one call, text or `Error::InvalidUtf8`), the
//! server loop ending on `Error::is_terminated()` after `Context::shutdown`,
//! and the client's receive timeout, so a lost server is an error, not a hang.

use std::thread;
use std::time::Duration;

fn main() -> zmq::Result<()> {
    let ctx = zmq::Context::new();

    // hwserver.c: bind, then answer every request.
    let server = ctx.socket::<zmq::Rep>()?;
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.last_endpoint()?;
    let server = thread::spawn(move || -> zmq::Result<usize> {
        let mut served = 0;
        loop {
            let request = match server.recv_string() {
                Err(e) if e.is_terminated() => return Ok(served),
                other => other?,
            };
            println!("server: received {request:?}");
            thread::sleep(Duration::from_millis(10)); // do some "work"
            server.send("World")?;
            served += 1;
        }
    });

    // hwclient.c: connect, then 5 requests, each waiting for its reply.
    let client = ctx.socket::<zmq::Req>()?;
    client.set_rcvtimeo(Some(Duration::from_secs(5)))?;
    client.connect(&endpoint)?;
    for n in 1..=5 {
        client.send("Hello")?;
        let reply = client.recv_string()?;
        println!("client: reply {n}: {reply:?}");
    }

    // The server blocks in recv: shutting the context down wakes it with
    // `Terminated`, and its loop ends.
    ctx.shutdown()?;
    let served = server.join().expect("server thread panicked")?;
    println!("server: context shut down after {served} requests");
    Ok(())
}
