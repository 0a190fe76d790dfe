// Cloning a Message updates the source's reference state, so a Message must
// not be shared between threads (it may be sent to one).
fn assert_sync<T: Sync>() {}
fn main() {
    assert_sync::<zmq::Message>();
}
