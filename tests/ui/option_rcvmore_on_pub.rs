// ZMQ_RCVMORE only makes sense on kinds that receive.
fn main() {
    let ctx = zmq::Context::new();
    let publisher = ctx.socket::<zmq::Pub>().unwrap();
    let _ = publisher.rcvmore();
}
