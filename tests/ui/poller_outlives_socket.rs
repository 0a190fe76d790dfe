// A poller must not outlive a socket it registered: destroying libzmq's
// zmq_poller (draft backend) reads every registered socket.
fn closed_while_registered() {
    let ctx = zmq::Context::new();
    let mut poller = zmq::Poller::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    poller.add(&pull, zmq::Events::IN, 0).unwrap();
    drop(pull);
    // `poller` is dropped here.
}

fn declared_after_the_poller() {
    let ctx = zmq::Context::new();
    let mut poller = zmq::Poller::new();
    let pull = ctx.socket::<zmq::Pull>().unwrap();
    poller.add(&pull, zmq::Events::IN, 0).unwrap();
    // `pull` is dropped before `poller`.
}

fn main() {
    closed_while_registered();
    declared_after_the_poller();
}
