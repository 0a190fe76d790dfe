//! Every option constant of the zmq.h this crate was built against has a
//! row in the option tables (and the tables name nothing else). A unit test,
//! so that the tables' lists of C names stay out of the public API.

use crate::context_options::COVERED_CONTEXT_OPTIONS;
use crate::socket::options::COVERED_SOCKET_OPTIONS;
use crate::zmq_h::{block, zmq_h};
use std::collections::BTreeSet;

/// Checks the vendored libzmq 4.3.5's zmq.h (a system libzmq may be
/// another version).
#[cfg(zmq_vendored)]
#[test]
fn every_socket_option_of_zmq_h_is_covered() {
    let h = zmq_h();
    let stable = block(&h, "/*  Socket options.");
    let deprecated = block(&h, "/*  Deprecated options and aliases");
    let draft = block(&h, "/*  DRAFT Socket options.");
    // Sanity: the parser found the ends of each block.
    assert_eq!(stable.first().map(String::as_str), Some("ZMQ_AFFINITY"));
    assert_eq!(stable.last().map(String::as_str), Some("ZMQ_BINDTODEVICE"));
    assert_eq!(deprecated.first().map(String::as_str), Some("ZMQ_IDENTITY"));
    assert_eq!(
        draft.first().map(String::as_str),
        Some("ZMQ_ZAP_ENFORCE_DOMAIN")
    );
    assert_eq!(draft.last().map(String::as_str), Some("ZMQ_NORM_PUSH"));

    let covered: BTreeSet<&str> = COVERED_SOCKET_OPTIONS.iter().copied().collect();
    assert_eq!(
        covered.len(),
        COVERED_SOCKET_OPTIONS.len(),
        "a C name is listed twice"
    );

    let mut expected = BTreeSet::new();
    for name in stable.iter().chain(&deprecated).chain(&draft) {
        match name.as_str() {
            // zmq.h lists ZMQ_BLOCKY among the socket options, but it is a
            // context option: libzmq's sockets reject it.
            "ZMQ_BLOCKY" => {
                assert!(COVERED_CONTEXT_OPTIONS.contains(&"ZMQ_BLOCKY"));
                let ctx = crate::Context::new();
                let s = ctx.socket::<crate::Pair>().unwrap();
                let one = 1i32.to_ne_bytes();
                assert_eq!(
                    // SAFETY: an int option libzmq's sockets refuse.
                    unsafe { s.set_option_raw(zmq_sys::ZMQ_BLOCKY, &one) },
                    Err(crate::Error::InvalidArgument)
                );
            }
            // A send flag (ZMQ_DONTWAIT), not an option.
            "ZMQ_NOBLOCK" => assert_eq!(zmq_sys::ZMQ_NOBLOCK, zmq_sys::ZMQ_DONTWAIT),
            other => {
                expected.insert(other.to_string());
            }
        }
    }
    assert_all_covered(&expected, &covered, "socket options");
    let unknown: Vec<&&str> = covered.iter().filter(|n| !expected.contains(**n)).collect();
    assert!(
        unknown.is_empty(),
        "covered names zmq.h does not define: {unknown:?}"
    );
}

#[test]
fn every_context_option_of_zmq_h_is_covered() {
    let h = zmq_h();
    let mut expected = block(&h, "/*  Context options");
    expected.extend(block(&h, "/*  DRAFT Context options"));
    assert!(expected.contains(&"ZMQ_THREAD_NAME_PREFIX".to_string()));
    assert!(expected.contains(&"ZMQ_ZERO_COPY_RECV".to_string()));
    let covered: BTreeSet<&str> = COVERED_CONTEXT_OPTIONS.iter().copied().collect();
    assert_all_covered(&expected, &covered, "context options");
    // ZMQ_IPV6 and ZMQ_BLOCKY are context options too (defined with the
    // socket options).
    assert!(covered.contains("ZMQ_IPV6") && covered.contains("ZMQ_BLOCKY"));
}

/// Fails naming every name of zmq.h's `expected` that the table lacks.
fn assert_all_covered<'a>(
    expected: impl IntoIterator<Item = &'a String>,
    covered: &BTreeSet<&str>,
    what: &str,
) {
    let missing: Vec<&String> = expected
        .into_iter()
        .filter(|n| !covered.contains(n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{what} without a typed method: {missing:?}"
    );
}
