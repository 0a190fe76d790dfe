//! Async sockets on tokio (feature `tokio`): no zguide C counterpart (C has
//! no async runtime); the sockets are those of the guide's chapter 3, a
//! ROUTER server and DEALER clients, each a task instead of a thread.
//!
//! `cargo run --example tokio_async --features tokio`
//!
//! A ROUTER echo server is one line: its `AsyncSocket` is a
//! `futures::Stream` of received messages and a `Sink` of messages to send,
//! so `split` + `forward` sends each request, envelope and all, back where
//! it came from. DEALER clients use the async `send` and `recv_multipart`.
//! What to look at: nothing blocks a thread (a current-thread runtime runs
//! everything), and `Context::shutdown` ends the server's stream with
//! `Terminated`, as it ends a blocking server.

use futures::StreamExt;
use std::time::Duration;
use zmq::tokio::AsyncSocket;
use zmq::Context;

const CLIENTS: usize = 3;
const REQUESTS: usize = 3;

/// Any error, as tasks hand them over (`Send`).
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Sends `REQUESTS` requests one after the other, awaiting each echo.
async fn client(ctx: Context, endpoint: String, id: usize) -> Result<(), BoxError> {
    let mut dealer = AsyncSocket::new(ctx.socket::<zmq::Dealer>()?)?;
    dealer.get_ref().connect(&endpoint)?;
    for n in 1..=REQUESTS {
        let request = format!("client {id}, request {n}");
        dealer.send(request.as_str()).await?;
        let reply = dealer.recv_multipart().await?;
        match reply.first().and_then(|frame| frame.as_str()) {
            Some(echo) if echo == request => println!("client {id}: echo {echo:?}"),
            _ => return Err(format!("client {id}: wrong echo {reply:?}").into()),
        }
    }
    Ok(())
}

async fn run() -> Result<(), BoxError> {
    let ctx = Context::builder().blocky(false).build()?;

    let router = ctx.socket::<zmq::Router>()?;
    router.bind("tcp://127.0.0.1:*")?;
    let endpoint = router.last_endpoint()?;
    println!("server: ROUTER echo on {endpoint}");
    let router = AsyncSocket::new(router)?;
    let server = tokio::spawn(async move {
        // Every received [identity, request] goes back as it came.
        let (replies, requests) = router.split();
        requests.forward(replies).await
    });

    let clients: Vec<_> = (0..CLIENTS)
        .map(|id| tokio::spawn(client(ctx.clone(), endpoint.clone(), id)))
        .collect();
    for c in clients {
        c.await??;
    }

    ctx.shutdown()?;
    let ended = server.await?;
    println!("server: stream ended with {ended:?}");
    match ended {
        Err(e) if e.is_terminated() => Ok(()),
        other => Err(format!("the server ended with {other:?}").into()),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    // A bound on the whole run, so that a bug shows as an error, not a hang.
    tokio::time::timeout(Duration::from_secs(20), run()).await?
}
