// set_option_raw passes any option to libzmq without the typed setters'
// checks (ZMQ_USE_FD gives a descriptor away): calling it is unsafe.
fn main() {
    let ctx = zmq::Context::new();
    let rep = ctx.socket::<zmq::Rep>().unwrap();
    let _ = rep.set_option_raw(zmq::sys::ZMQ_USE_FD, &0i32.to_ne_bytes());
}
