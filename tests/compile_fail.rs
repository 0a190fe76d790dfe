//! Compile-fail tests: operations a socket kind does not support, and
//! sharing a thread-unsafe socket between threads, must not compile.
//! Each case is a file in tests/ui/ with the compiler's expected message.

/// Run without the draft feature: with it, rustc's messages list the draft
/// kinds too, so the expected output differs (tests/ui-draft covers that
/// build).
#[cfg(not(feature = "draft"))]
#[test]
fn compile_fail() {
    one_dependency_build();
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// The draft kinds' restrictions (only with the `draft` feature).
#[cfg(feature = "draft")]
#[test]
fn compile_fail_draft() {
    one_dependency_build();
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-draft/*.rs");
}

/// trybuild builds the dependencies in one cargo call and the cases in a
/// second one with other rustflags (`--diagnostic-width=140` added), so
/// cargo built the whole dependency tree twice in target/tests/trybuild,
/// libzmq and libsodium from source included: minutes of CI per feature
/// set. `CARGO_ENCODED_RUSTFLAGS` takes precedence over the `--config`
/// rustflags trybuild passes, so both calls get the same flags, those
/// trybuild 1.0 gives the second call, and the first build serves both.
/// Left alone when the caller sets rustflags (trybuild handles those).
fn one_dependency_build() {
    const FLAGS: [&str; 6] = [
        "--cfg",
        "trybuild",
        "--verbose",
        "-A",
        "dead_code",
        "--diagnostic-width=140",
    ];
    if std::env::var_os("RUSTFLAGS").is_none()
        && std::env::var_os("CARGO_ENCODED_RUSTFLAGS").is_none()
    {
        // The only test of this binary (per feature set): nothing else
        // reads the environment meanwhile.
        std::env::set_var("CARGO_ENCODED_RUSTFLAGS", FLAGS.join("\x1f"));
    }
}
