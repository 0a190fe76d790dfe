// ZMQ_ROUTER_MANDATORY is a ROUTER option: a REQ socket has no such setter.
fn main() {
    let ctx = zmq::Context::new();
    let req = ctx.socket::<zmq::Req>().unwrap();
    let _ = req.set_router_mandatory(true);
}
