// The thread-safe draft kinds send and receive single frames only.
fn main() {
    let ctx = zmq::Context::new();
    let server = ctx.socket::<zmq::Server>().unwrap();
    let _ = server.send_multipart(["a", "b"]);
    let _ = server.recv_multipart();
}
