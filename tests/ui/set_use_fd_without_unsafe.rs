// libzmq adopts the descriptor given to ZMQ_USE_FD and closes it later:
// giving one away is unsafe.
fn main() {
    let ctx = zmq::Context::new();
    let rep = ctx.socket::<zmq::Rep>().unwrap();
    let _ = rep.set_use_fd(Some(0));
}
