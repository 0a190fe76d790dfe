//! Lazy Pirate, reliable request-reply on the client side: the zguide's
//! lpclient.c + lpserver.c in one program. The client waits a limited time
//! for each reply; when none comes it closes its REQ socket (a REQ cannot
//! send twice in a row), opens a new one and resends, a bounded number of
//! times, then gives up. The server thread answers slowly once (the client
//! retries and gets its reply; the server's late reply to the closed socket
//! is dropped) and later "crashes" (the client retries and abandons).
//!
//! Look at: `Socket::poll` with a timeout (no receive timeout to set and
//! reset), the fresh socket with linger 0 so that closing drops the lost
//! request at once, and the check that a reply matches its request.

use std::thread;
use std::time::Duration;
use zmq::{Events, Socket};

const REQUEST_TIMEOUT: Duration = Duration::from_millis(250);
const REQUEST_RETRIES: u32 = 3;
const REQUESTS: u32 = 10;

fn main() -> zmq::Result<()> {
    let ctx = zmq::Context::new();
    let server = ctx.socket::<zmq::Rep>()?;
    server.bind("tcp://127.0.0.1:*")?;
    let endpoint = server.last_endpoint()?;

    // lpserver.c: an echo server that is overloaded once, then crashes.
    let server = thread::spawn(move || -> zmq::Result<()> {
        for cycle in 1.. {
            let request = match server.recv_string() {
                Err(e) if e.is_terminated() => return Ok(()),
                other => other?,
            };
            if cycle == 3 {
                println!("server: simulating CPU overload on request {request}");
                thread::sleep(REQUEST_TIMEOUT * 3 / 2); // the client gives up waiting
            }
            if cycle == 7 {
                println!("server: simulating a crash");
                return Ok(()); // the socket closes; nobody answers any more
            }
            println!("server: replying to request {request}");
            server.send(request)?;
        }
        Ok(())
    });

    // lpclient.c
    let mut client = connect(&ctx, &endpoint)?;
    'requests: for sequence in 1..=REQUESTS {
        let request = sequence.to_string();
        client.send(request.as_str())?;
        let mut retries_left = REQUEST_RETRIES;
        loop {
            if client
                .poll(Events::IN, Some(REQUEST_TIMEOUT))?
                .contains(Events::IN)
            {
                let reply = client.recv_string()?;
                if reply == request {
                    println!("client: server replied OK ({reply})");
                    break;
                }
                println!("client: malformed reply from server: {reply}");
                continue;
            }
            retries_left -= 1;
            if retries_left == 0 {
                println!("client: server seems to be offline, abandoning request {request}");
                break 'requests;
            }
            println!("client: no response from server, retrying request {request}");
            // Close the old socket (linger 0: the request is dropped) and
            // send the request again on a new one.
            client = connect(&ctx, &endpoint)?;
            client.send(request.as_str())?;
        }
    }
    drop(client);

    ctx.shutdown()?; // ends the server if it has not crashed
    server.join().expect("server thread panicked")?;
    Ok(())
}

/// A new REQ socket connected to the server; closing it never waits.
fn connect(ctx: &zmq::Context, endpoint: &str) -> zmq::Result<Socket<zmq::Req>> {
    let client = ctx.socket::<zmq::Req>()?;
    client.set_linger(Some(Duration::ZERO))?;
    client.connect(endpoint)?;
    Ok(client)
}
