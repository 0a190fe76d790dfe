//! Message: constructors, zero copy, sharing, properties, Multipart.

use crate::common;
use crate::common::child;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use zmq::{Message, Multipart};

fn inproc_pair(ctx: &zmq::Context) -> (zmq::Socket<zmq::Push>, zmq::Socket<zmq::Pull>) {
    let pull = common::socket::<zmq::Pull>(ctx);
    let endpoint = common::bind_any(&pull, "inproc");
    let push = common::socket::<zmq::Push>(ctx);
    push.connect(&endpoint).unwrap();
    (push, pull)
}

#[test]
fn a_large_vec_travels_without_a_copy() {
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    let data = vec![0xA5u8; 1 << 20];
    let address = data.as_ptr();
    push.send(data).unwrap();
    let received = pull.recv().unwrap();
    assert_eq!(received.len(), 1 << 20);
    assert_eq!(
        received.as_ptr(),
        address,
        "the receiver must see the sender's buffer"
    );
    assert!(received.iter().all(|&b| b == 0xA5));

    // Same for String and Box<[u8]>.
    let text = "x".repeat(4096);
    let address = text.as_ptr();
    push.send(text).unwrap();
    assert_eq!(pull.recv().unwrap().as_ptr(), address);
    let boxed: Box<[u8]> = vec![1u8; 4096].into_boxed_slice();
    let address = boxed.as_ptr();
    push.send(boxed).unwrap();
    assert_eq!(pull.recv().unwrap().as_ptr(), address);
}

#[test]
fn small_payloads_are_copied() {
    // Below the threshold a copy is cheaper; the buffer is released at once.
    let data = vec![3u8; zmq::ZERO_COPY_THRESHOLD];
    let address = data.as_ptr();
    let m = Message::from(data);
    assert_ne!(m.as_ptr(), address);
    assert_eq!(&m[..], &[3u8; zmq::ZERO_COPY_THRESHOLD][..]);
}

static DROPS: AtomicUsize = AtomicUsize::new(0);

struct Owner(Vec<u8>);

impl AsRef<[u8]> for Owner {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn the_owner_is_freed_exactly_once_after_the_receiver_drops_it() {
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    let owner = Owner(vec![9u8; 100_000]);
    let address = owner.0.as_ptr();
    push.send(Message::from_owner(owner)).unwrap();
    assert_eq!(DROPS.load(Ordering::SeqCst), 0, "freed while in flight");
    let received = pull.recv().unwrap();
    assert_eq!(received.as_ptr(), address);
    let clone = received.clone();
    drop(received);
    assert_eq!(
        DROPS.load(Ordering::SeqCst),
        0,
        "freed while a clone holds it"
    );
    assert_eq!(clone.len(), 100_000);
    drop(clone);
    assert_eq!(DROPS.load(Ordering::SeqCst), 1);
}

#[test]
fn from_static_never_copies_nor_frees() {
    static DATA: [u8; 1000] = [42; 1000];
    let m = Message::from_static(&DATA);
    assert_eq!(m.as_ptr(), DATA.as_ptr());
    assert!(m.is_shared(), "static content must count as shared");
    let mut copy = m.clone();
    // Writing copies first: the static data stays intact.
    copy[0] = 1;
    assert_eq!(DATA[0], 42);
    assert_eq!(copy[0], 1);
    assert_ne!(copy.as_ptr(), DATA.as_ptr());
}

#[test]
fn clone_shares_and_writes_copy_on_write() {
    let original = Message::from(vec![5u8; 10_000]);
    let mut clone = original.clone();
    assert_eq!(
        clone.as_ptr(),
        original.as_ptr(),
        "a clone shares the buffer"
    );
    clone[0] = 6;
    assert_eq!(
        original[0], 5,
        "writing to a clone must not change the original"
    );
    assert_eq!(clone[0], 6);
    assert_eq!(clone[1..], original[1..]);

    // An unshared message is written in place.
    let mut own = Message::from(vec![1u8; 10_000]);
    let address = own.as_ptr();
    own[5] = 2;
    assert_eq!(own.as_ptr(), address);
    assert_eq!(own[5], 2);
}

#[test]
fn from_owner_content_is_never_written_in_place() {
    let shared: Arc<[u8]> = vec![7u8; 4096].into();
    let mut m = Message::from_owner(shared.clone());
    assert_eq!(m.as_ptr(), shared.as_ptr());
    m[0] = 8;
    assert_eq!(shared[0], 7, "an Arc owner may be read elsewhere");
    assert_eq!(m[0], 8);
}

#[test]
fn constructors_and_accessors() {
    let empty = Message::new();
    assert!(empty.is_empty());
    assert_eq!(&empty[..], b"");
    assert!(!empty.more());

    let zeroed = Message::with_size(100);
    assert_eq!(zeroed.len(), 100);
    assert!(zeroed.iter().all(|&b| b == 0));

    let mut filled = Message::with_size(4);
    filled.copy_from_slice(b"abcd");
    assert_eq!(filled, "abcd");

    assert_eq!(Message::from("text").as_str(), Some("text"));
    assert_eq!(Message::from(&[0xffu8, 0xfe][..]).as_str(), None);
    assert_eq!(Message::from(String::from("owned")), "owned");
    assert_eq!(Message::from(b"bytes"), b"bytes");
    assert_eq!(Vec::<u8>::from(Message::from("v")), b"v".to_vec());
    assert_eq!(Message::from("a"), Message::from(vec![b'a']));
    assert_ne!(Message::from("a"), Message::from("b"));
    assert!(zmq::Message::try_with_size(usize::MAX).is_err());
}

#[test]
fn debug_shows_a_short_preview() {
    let text = format!("{:?}", Message::from("hello"));
    assert_eq!(text, r#"Message(len=5, more=false, "hello")"#);
    let long = format!("{:?}", Message::from("z".repeat(1000)));
    assert!(long.contains("len=1000"));
    assert!(long.contains("..."));
    assert!(long.len() < 100, "{long}");
    let binary = format!("{:?}", Message::from(&[0u8, 1, 255][..]));
    assert!(binary.contains("0x0001ff"), "{binary}");
}

#[test]
fn messages_are_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Message>();
    assert_send::<Multipart>();
    let m = Message::from(vec![1u8; 1000]);
    let back = std::thread::spawn(move || m).join().unwrap();
    assert_eq!(back.len(), 1000);
}

#[test]
fn received_messages_carry_properties() {
    let ctx = zmq::Context::new();
    let pull = common::socket::<zmq::Pull>(&ctx);
    let endpoint = common::bind_any(&pull, "tcp");
    let push = common::socket::<zmq::Push>(&ctx);
    push.connect(&endpoint).unwrap();
    push.send("with metadata").unwrap();
    let m = pull.recv().unwrap();
    assert_eq!(m.property("Socket-Type"), Some("PUSH"));
    assert_eq!(m.property("Peer-Address"), Some("127.0.0.1"));
    assert_eq!(m.property("No-Such-Property"), None);
    assert_eq!(m.property("bad\0name"), None);
}

#[test]
fn recv_into_reuses_one_message() {
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    let mut m = Message::new();
    for i in 0..10 {
        push.send(format!("n{i}")).unwrap();
        pull.recv_into(&mut m).unwrap();
        assert_eq!(m.as_str(), Some(format!("n{i}").as_str()));
    }
}

#[test]
fn recv_slice_reports_truncation() {
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    push.send("0123456789").unwrap();
    let mut buf = [0u8; 4];
    let r = pull.recv_slice(&mut buf).unwrap();
    assert_eq!(r.len, 4);
    assert_eq!(r.message_len, 10);
    assert!(r.is_truncated());
    assert_eq!(&buf, b"0123");
    push.send("ab").unwrap();
    let r = pull.recv_slice(&mut buf).unwrap();
    assert!(!r.is_truncated());
    assert_eq!(&buf[..r.len], b"ab");
}

#[test]
fn multipart_conveniences() {
    let mut parts: Multipart = vec!["b", "c"].into_iter().collect();
    parts.push_front("a");
    parts.push(vec![b'd']);
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0], "a");
    assert_eq!(parts.iter().map(|m| m.len()).sum::<usize>(), 4);
    assert_eq!(parts.pop_front().unwrap(), "a");
    assert_eq!(parts.pop().unwrap(), "d");
    parts.insert(1, "x");
    assert_eq!(parts.remove(9), None);
    parts.insert(9, "e"); // past the end: appended, no panic
    let bytes: Vec<Vec<u8>> = parts.clone().into();
    assert_eq!(
        bytes,
        vec![b"b".to_vec(), b"x".to_vec(), b"c".to_vec(), b"e".to_vec()]
    );
    let messages: Vec<Message> = parts.into();
    assert_eq!(messages.len(), 4);
    assert_eq!(Multipart::new().pop_front(), None);

    // A Multipart goes back out whole, by value or by reference.
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    let parts: Multipart = ["1", "2", "3"].into_iter().collect();
    push.send_multipart(&parts).unwrap();
    push.send_multipart(parts).unwrap();
    assert_eq!(
        pull.recv_multipart().unwrap(),
        pull.recv_multipart().unwrap()
    );
}

#[cfg(feature = "bytes")]
#[test]
fn bytes_conversions_do_not_copy() {
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    let data = bytes::Bytes::from(vec![4u8; 100_000]);
    let address = data.as_ptr();
    push.send(data.clone()).unwrap();
    let received = pull.recv().unwrap();
    assert_eq!(received.as_ptr(), address, "Bytes -> Message copied");
    let back = bytes::Bytes::from(received);
    assert_eq!(back.as_ptr(), address, "Message -> Bytes copied");
    assert_eq!(back, data);
    // A short message (stored inside the zmq_msg_t) stays valid once boxed.
    let short = bytes::Bytes::from(Message::from("tiny"));
    let shared = short.clone();
    drop(short);
    assert_eq!(&shared[..], b"tiny");
    let moved = std::thread::spawn(move || shared).join().unwrap();
    assert_eq!(&moved[..], b"tiny");
}

static PANICKY_DROPS: AtomicUsize = AtomicUsize::new(0);

/// An owner whose `as_ref` panics.
struct PanickyOwner;

impl AsRef<[u8]> for PanickyOwner {
    fn as_ref(&self) -> &[u8] {
        panic!("as_ref fails");
    }
}

impl Drop for PanickyOwner {
    fn drop(&mut self) {
        PANICKY_DROPS.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn an_owner_whose_as_ref_panics_is_dropped_not_leaked() {
    let result = std::panic::catch_unwind(|| Message::from_owner(PanickyOwner));
    assert!(result.is_err(), "the panic goes on to the caller");
    assert_eq!(PANICKY_DROPS.load(Ordering::SeqCst), 1, "the owner leaked");
}

/// An owner that holds a context handle and reports the thread that drops it.
struct ContextOwner {
    data: Vec<u8>,
    ctx: Option<zmq::Context>,
    dropped: std::sync::mpsc::Sender<Option<String>>,
}

impl AsRef<[u8]> for ContextOwner {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

impl Drop for ContextOwner {
    fn drop(&mut self) {
        // When this is the last handle, the context terminates here.
        drop(self.ctx.take());
        let thread = std::thread::current().name().map(str::to_string);
        let _ = self.dropped.send(thread);
    }
}

/// libzmq's I/O thread releases a message once it is written to a tcp peer;
/// an owner holding the last context handle used to be dropped right there,
/// and zmq_ctx_term on that I/O thread waits for the thread itself forever.
#[test]
fn an_owner_holding_the_last_context_is_not_dropped_on_a_libzmq_thread() {
    child::isolated(
        module_path!(),
        "an_owner_holding_the_last_context_is_not_dropped_on_a_libzmq_thread",
        std::time::Duration::from_secs(40),
        owner_with_the_last_context_scenario,
    );
}

fn owner_with_the_last_context_scenario() {
    // A free port, so the message can be queued before the peer exists.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let endpoint = format!("tcp://127.0.0.1:{port}");

    let (dropped_tx, dropped_rx) = std::sync::mpsc::channel();
    let ctx = zmq::Context::new();
    let push = ctx.socket::<zmq::Push>().unwrap();
    push.set_linger(Some(common::TIMEOUT)).unwrap();
    push.connect(&endpoint).unwrap();
    push.send(Message::from_owner(ContextOwner {
        data: vec![7; 1000],
        ctx: Some(ctx.clone()),
        dropped: dropped_tx,
    }))
    .unwrap();
    // From here the owner holds the context's last handle.
    drop(push);
    drop(ctx);

    let other = zmq::Context::new();
    let pull = common::socket::<zmq::Pull>(&other);
    pull.bind(&endpoint).unwrap();
    assert_eq!(pull.recv().unwrap(), [7u8; 1000]);
    let thread = dropped_rx
        .recv_timeout(common::TIMEOUT)
        .expect("the owner (and its context) was never dropped");
    let thread = thread.unwrap_or_default();
    assert!(!thread.starts_with("ZMQbg"), "dropped on {thread}");
}

#[test]
fn string_try_from_message_gives_the_text_or_the_message_back() {
    let text = "x".repeat(1000);
    let m = Message::from(text.clone());
    assert_eq!(String::try_from(m).unwrap(), text);
    assert_eq!(String::try_from(Message::new()).unwrap(), "");

    // Invalid UTF-8: the very message comes back, buffer and all.
    let mut bytes = vec![b'a'; 1000];
    bytes[500] = 0xFF;
    let m = Message::from(bytes.clone());
    let address = m.as_ptr();
    let err = String::try_from(m).unwrap_err();
    assert_eq!(err.utf8_error().valid_up_to(), 500);
    assert_eq!(err.as_bytes(), &bytes[..]);
    assert!(err.to_string().contains("UTF-8"), "{err}");
    let back = err.clone().into_message();
    assert_eq!(back.as_ptr(), address, "the message itself is given back");
    assert_eq!(back, &bytes[..]);
    // `?` turns it into the crate's error.
    let as_zmq: zmq::Error = err.into();
    assert_eq!(as_zmq, zmq::Error::InvalidUtf8);
    assert_eq!(as_zmq.errno(), libc::EILSEQ);
    assert_eq!(
        std::io::Error::from(as_zmq).kind(),
        std::io::ErrorKind::InvalidData
    );
}

#[test]
fn messages_compare_with_strings() {
    let owned = String::from("hello");
    let m = Message::from("hello");
    assert_eq!(m, owned);
    assert_eq!(m, &owned);
    assert_ne!(Message::from("hell"), owned);
    let owned_text: String = String::try_from(m.clone()).unwrap();
    assert!(m == owned_text);
}

#[test]
fn recv_string_and_try_recv_string() {
    let ctx = zmq::Context::new();
    let (push, pull) = inproc_pair(&ctx);
    assert_eq!(pull.try_recv_string(), Err(zmq::Error::Again));
    push.send("grüße").unwrap();
    assert_eq!(pull.recv_string().unwrap(), "grüße");
    push.send(&b"\xC3\x28"[..]).unwrap();
    assert_eq!(pull.recv_string(), Err(zmq::Error::InvalidUtf8));
    push.send("next").unwrap();
    push.send(&b"\xFF"[..]).unwrap();
    // The bad frame was consumed; the stream goes on (the socket has a
    // receive timeout).
    assert_eq!(pull.recv_string().unwrap(), "next");
    assert_eq!(pull.recv_string(), Err(zmq::Error::InvalidUtf8));
    assert_eq!(pull.try_recv_string(), Err(zmq::Error::Again));
}

#[test]
fn a_raw_round_trip_keeps_content_flags_and_the_zero_copy_buffer() {
    // Zero copy (an adopted Vec), kept across the round trip.
    let data = vec![0x5Au8; 4096];
    let address = data.as_ptr();
    let m = Message::from(data);
    assert_eq!(m.as_ptr(), address);
    let raw = m.into_raw();
    // SAFETY: `raw` came from into_raw and nothing else owns it.
    let back = unsafe { Message::from_raw(raw) };
    assert_eq!(back.as_ptr(), address);
    assert_eq!(back.len(), 4096);
    assert!(back.iter().all(|&b| b == 0x5A));

    // A short message lives inside the zmq_msg_t and moves with it.
    let raw = Message::from("tiny").into_raw();
    // SAFETY: as above.
    let back = unsafe { Message::from_raw(raw) };
    assert_eq!(back, "tiny");

    // The shared mark survives: writing still copies static content.
    static STATIC: [u8; 300] = [1; 300];
    let raw = Message::from_static(&STATIC).into_raw();
    // SAFETY: as above.
    let mut back = unsafe { Message::from_raw(raw) };
    assert!(back.is_shared());
    assert_eq!(back.as_ptr(), STATIC.as_ptr());
    back[0] = 2;
    assert_ne!(back.as_ptr(), STATIC.as_ptr());
    assert_eq!(STATIC[0], 1);

    // `more` and properties of a received frame survive.
    let ctx = zmq::Context::new();
    let (pull, push) = common::bound_and_connected::<zmq::Pull, zmq::Push>(&ctx, "tcp");
    push.send_multipart(["a", "b"]).unwrap();
    let raw = pull.recv().unwrap().into_raw();
    // SAFETY: as above.
    let back = unsafe { Message::from_raw(raw) };
    assert!(back.more());
    assert_eq!(back.property("Socket-Type"), Some("PUSH"));
}

/// A message made by C calls alone, adopted and dropped once. Run under
/// valgrind: `valgrind --leak-check=full --error-exitcode=99
/// target/debug/deps/message-* --exact a_message_built_in_c_is_adopted_and_closed_once`.
#[test]
fn a_message_built_in_c_is_adopted_and_closed_once() {
    use zmq::sys;
    for len in [5usize, 1000] {
        let mut raw = std::mem::MaybeUninit::<sys::zmq_msg_t>::uninit();
        // SAFETY: zmq_msg_init_size initialises the struct on success.
        let rc = unsafe { sys::zmq_msg_init_size(raw.as_mut_ptr(), len) };
        assert_eq!(rc, 0);
        // SAFETY: initialised above.
        let mut raw = unsafe { raw.assume_init() };
        // SAFETY: the message owns `len` writable bytes.
        unsafe {
            let data = sys::zmq_msg_data(&mut raw) as *mut u8;
            for i in 0..len {
                *data.add(i) = (i % 251) as u8;
            }
        }
        // SAFETY: initialised, not closed, owned by nothing else from here.
        let m = unsafe { Message::from_raw(raw) };
        assert_eq!(m.len(), len);
        assert!(m.iter().enumerate().all(|(i, &b)| b == (i % 251) as u8));
        drop(m);
    }
}
