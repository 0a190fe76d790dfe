// A poller uses its sockets when it polls: it must not move to another thread
// while the sockets' owner keeps using them.
fn main() {
    let ctx = zmq::Context::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    let mut poller = zmq::Poller::new();
    poller.add(&pull, zmq::Events::IN, 0).unwrap();
    std::thread::scope(|s| {
        s.spawn(move || poller.poll(None));
        let _ = pull.recv();
    });
}
