//! A short tour: REQ/REP over TCP.

fn main() -> Result<(), zmq::Error> {
    let (major, minor, patch) = zmq::version();
    println!(
        "libzmq {major}.{minor}.{patch}, curve: {}",
        zmq::has("curve")
    );

    let ctx = zmq::Context::new();
    let rep = ctx.socket::<zmq::Rep>()?;
    rep.bind("tcp://127.0.0.1:*")?;
    let endpoint = rep.last_endpoint()?;

    let req = ctx.socket::<zmq::Req>()?;
    req.connect(&endpoint)?;
    req.send("Hello")?;

    let request = rep.recv()?;
    println!(
        "REP received {:?} on {endpoint}",
        request.as_str().unwrap_or("<binary>")
    );
    rep.send("World")?;

    let reply = req.recv()?;
    println!("REQ received {:?}", reply.as_str().unwrap_or("<binary>"));
    Ok(())
}
