// A SocketRef borrows a socket C owns: nothing reachable from it may take
// the Socket out (to drop, close or give it away).
fn main() {
    let ctx = zmq::Context::new();
    let owner = ctx.socket::<zmq::Pair>().unwrap();
    // SAFETY: `owner` keeps the socket open while `borrowed` lives.
    let borrowed = unsafe { zmq::SocketRef::<zmq::Pair>::from_raw(&ctx, owner.as_raw()) }.unwrap();
    let _raw = (*borrowed).into_raw();
}
