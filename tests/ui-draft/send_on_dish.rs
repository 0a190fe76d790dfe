fn main() {
    let ctx = zmq::Context::new();
    let dish = ctx.socket::<zmq::Dish>().unwrap();
    let _ = dish.send("x");
}
