// A classic libzmq socket must not be used from two threads at once: sharing
// a reference between threads must not compile.
fn main() {
    let ctx = zmq::Context::new();
    let req = ctx.socket::<zmq::Req>().unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            let _ = req.send("from another thread");
        });
    });
}
