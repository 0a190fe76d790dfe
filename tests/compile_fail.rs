//! Compile-fail tests: operations a socket kind does not support, and
//! sharing a thread-unsafe socket between threads, must not compile.
//! Each case is a file in tests/ui/ with the compiler's expected message.

/// Run without the draft feature: with it, rustc's messages list the draft
/// kinds too, so the expected output differs (tests/ui-draft covers that
/// build).
#[cfg(not(feature = "draft"))]
#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// The draft kinds' restrictions (only with the `draft` feature).
#[cfg(feature = "draft")]
#[test]
fn compile_fail_draft() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-draft/*.rs");
}
