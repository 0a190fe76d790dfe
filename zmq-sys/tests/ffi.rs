//! The raw library works: version, capabilities, and a PUSH/PULL round
//! trip over tcp through the bare C API.

use std::ffi::{c_void, CStr};
use zmq_sys::*;

#[test]
fn version_is_the_vendored_one() {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: three valid int pointers.
    unsafe { zmq_version(&mut major, &mut minor, &mut patch) };
    #[cfg(zmq_sys_vendored)]
    assert_eq!((major, minor, patch), (4, 3, 5));
    assert!(
        (major, minor) >= (4, 3),
        "libzmq {major}.{minor}.{patch} is too old"
    );
    // The committed bindings come from 4.3.5's zmq.h; a system libzmq may be
    // an older 4.3 (its header constants then differ from the library).
    #[cfg(zmq_sys_vendored)]
    assert_eq!(
        (major, minor, patch),
        (ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH),
        "the bindings' zmq.h and the linked library differ"
    );
}

#[test]
fn curve_is_built_in() {
    // SAFETY: a NUL-terminated string.
    let curve = unsafe { zmq_has(c"curve".as_ptr()) };
    #[cfg(zmq_sys_vendored)]
    assert_eq!(curve, 1, "the vendored build must have CURVE (libsodium)");
    let _ = curve;
    // SAFETY: as above.
    assert_eq!(unsafe { zmq_has(c"no-such-capability".as_ptr()) }, 0);
}

#[test]
#[cfg(feature = "draft")]
fn draft_api_is_exposed() {
    // SAFETY: zmq_poller_new has no preconditions.
    let mut poller = unsafe { zmq_poller_new() };
    assert!(!poller.is_null());
    // SAFETY: a live poller, destroyed once.
    assert_eq!(unsafe { zmq_poller_destroy(&mut poller) }, 0);
    // SAFETY: a NUL-terminated string.
    assert_eq!(unsafe { zmq_has(c"draft".as_ptr()) }, 1);
}

fn check(rc: i32, what: &str) {
    if rc == -1 {
        // SAFETY: zmq_strerror returns a static NUL-terminated string.
        let msg = unsafe { CStr::from_ptr(zmq_strerror(zmq_errno())) };
        panic!("{what}: {msg:?}");
    }
}

#[test]
fn push_pull_round_trip_over_tcp() {
    // SAFETY: the raw API used as documented: every handle is created
    // before use and closed once; buffers are valid for the given lengths.
    unsafe {
        let ctx = zmq_ctx_new();
        assert!(!ctx.is_null());
        let pull = zmq_socket(ctx, ZMQ_PULL);
        let push = zmq_socket(ctx, ZMQ_PUSH);
        assert!(!pull.is_null() && !push.is_null());
        let timeout: i32 = 10_000;
        check(
            zmq_setsockopt(pull, ZMQ_RCVTIMEO, (&timeout as *const i32).cast(), 4),
            "rcvtimeo",
        );
        check(zmq_bind(pull, c"tcp://127.0.0.1:*".as_ptr()), "bind");
        let mut endpoint = [0u8; 256];
        let mut len = endpoint.len();
        check(
            zmq_getsockopt(
                pull,
                ZMQ_LAST_ENDPOINT,
                endpoint.as_mut_ptr().cast(),
                &mut len,
            ),
            "last endpoint",
        );
        check(zmq_connect(push, endpoint.as_ptr().cast()), "connect");

        let payload = b"over the wire";
        assert_eq!(
            zmq_send(push, payload.as_ptr().cast(), payload.len(), 0),
            payload.len() as i32
        );

        let mut msg: zmq_msg_t = std::mem::zeroed();
        check(zmq_msg_init(&mut msg), "msg init");
        let n = zmq_msg_recv(&mut msg, pull, 0);
        check(n, "recv");
        let data =
            std::slice::from_raw_parts(zmq_msg_data(&mut msg) as *const u8, zmq_msg_size(&msg));
        assert_eq!(data, payload);
        check(zmq_msg_close(&mut msg), "msg close");

        let linger: i32 = 0;
        for s in [push, pull] {
            check(
                zmq_setsockopt(s, ZMQ_LINGER, (&linger as *const i32).cast::<c_void>(), 4),
                "linger",
            );
            check(zmq_close(s), "close");
        }
        check(zmq_ctx_term(ctx), "term");
    }
}
