fn main() {
    let ctx = zmq::Context::new();
    let sub = ctx.socket::<zmq::Sub>().unwrap();
    let _ = sub.send("hello");
}
