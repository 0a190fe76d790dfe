fn main() {
    let ctx = zmq::Context::new();
    let req = ctx.socket::<zmq::Req>().unwrap();
    let _ = req.subscribe("topic");
}
