//! Reading zmq.h's option blocks: shared by the crate's unit test
//! (src/coverage.rs) and the option tests (tests/api/options.rs, which
//! include this file by path), so that both read the header the same way.

/// The zmq.h this crate was built against (DEP_ZMQ_INCLUDE of zmq-sys).
pub fn zmq_h() -> String {
    let path = std::path::Path::new(env!("ZMQ_INCLUDE_DIR")).join("zmq.h");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `ZMQ_*` names `#define`d in the block of zmq.h that starts with the
/// comment line `header`, up to the next blank line.
pub fn block(h: &str, header: &str) -> Vec<String> {
    let start = h
        .lines()
        .position(|l| l.trim_start().starts_with(header))
        .unwrap_or_else(|| panic!("zmq.h has no block {header:?}"));
    let names: Vec<String> = h
        .lines()
        .skip(start + 1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.trim().strip_prefix("#define "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(!names.is_empty(), "block {header:?} of zmq.h is empty");
    names
}
