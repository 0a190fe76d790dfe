fn main() {
    let ctx = zmq::Context::new();
    let radio = ctx.socket::<zmq::Radio>().unwrap();
    let _ = radio.recv();
}
