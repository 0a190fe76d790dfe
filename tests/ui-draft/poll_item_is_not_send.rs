// A poll item uses its socket when polled: it must not move to another thread
// while the socket's owner keeps using the socket.
fn main() {
    let ctx = zmq::Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    let mut items = [pull.as_poll_item(zmq::Events::IN)];
    std::thread::scope(|s| {
        s.spawn(move || zmq::poll(&mut items, None));
        let _ = pull.recv();
    });
}
