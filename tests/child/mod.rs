//! Runs a test's scenario in a child process, for scenarios whose failure is
//! a hang or an abort: the child is this test binary, re-run on one test.
#![allow(dead_code)]

use std::time::{Duration, Instant};

/// The environment variable naming the test whose scenario runs in this
/// process (the child).
const CHILD: &str = "ZMQ_TEST_CHILD";

/// Whether this process is the child running test `name`'s scenario.
pub fn is_child(name: &str) -> bool {
    std::env::var(CHILD).as_deref() == Ok(name)
}

/// Runs test `name` of this binary in a child process (where [`is_child`]
/// is true) and asserts that it passes within `limit`; kills it otherwise.
pub fn run(name: &str, limit: Duration) {
    let exe = std::env::current_exe().expect("current_exe");
    let mut child = std::process::Command::new(exe)
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .spawn()
        .expect("spawn the child test process");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            assert!(status.success(), "{name} failed in the child: {status}");
            return;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name} did not finish: killed after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
