//! Compile-fail tests: operations a socket kind does not support, and
//! sharing a thread-unsafe socket between threads, must not compile.
//! Each case is a file in tests/ui/ with the compiler's expected message.

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
