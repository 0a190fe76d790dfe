//! Runs a test's scenario in a child process, for scenarios whose failure
//! mode is a crash, an abort or a hang: the test binary re-runs itself with
//! `--exact NAME` and an environment variable naming the scenario, and the
//! parent kills it after a time limit.
//!
//! Include with `#[path = "common/child.rs"] mod child;`.
#![allow(dead_code)]

use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The variable that tells a re-run test binary which scenario to play.
const VAR: &str = "ZMQ_RS_TEST_CHILD_SCENARIO";

/// How a child ended.
#[derive(Debug)]
pub enum Outcome {
    /// It exited by itself (a signal shows as a non-success status).
    Exited(ExitStatus, String),
    /// It was still running at the limit and was killed.
    TimedOut(String),
}

impl Outcome {
    /// Panics with the child's output unless it exited successfully.
    pub fn assert_success(&self) {
        match self {
            Outcome::Exited(status, _) if status.success() => {}
            Outcome::Exited(status, out) => {
                panic!("the child process failed ({status}); its output:\n{out}")
            }
            Outcome::TimedOut(out) => {
                panic!("the child process hung and was killed; its output:\n{out}")
            }
        }
    }
}

/// True in the child that must play `test`'s scenario.
pub fn is_child(test: &str) -> bool {
    std::env::var(VAR).is_ok_and(|v| v == test)
}

/// Runs `scenario` in a child process and fails unless the child exits
/// successfully within `limit`: it is killed at the limit (a hang), and a
/// crash, an abort or a failed assertion shows as a failed exit.
///
/// `test` is the calling test's own name: the child is this test binary run
/// with `--exact test`, and there the call runs `scenario` itself.
///
/// ```ignore
/// #[test]
/// fn my_test() {
///     child::isolated("my_test", Duration::from_secs(20), || { /* may crash */ });
/// }
/// ```
pub fn isolated(test: &str, limit: Duration, scenario: impl FnOnce()) {
    if is_child(test) {
        scenario();
    } else {
        spawn(test, limit).assert_success();
    }
}

/// In the parent, runs `test` in a child process and returns how it ended.
pub fn spawn(test: &str, limit: Duration) -> Outcome {
    let exe = std::env::current_exe().expect("the test binary's path");
    let out =
        std::env::temp_dir().join(format!("zmq-rs-child-{}-{}.log", std::process::id(), test));
    let log = std::fs::File::create(&out).expect("create the child's log file");
    let mut child = Command::new(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(VAR, test)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("clone log handle"))
        .stderr(log)
        .spawn()
        .expect("spawn the test binary");
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait().expect("wait for the child") {
            Some(status) => break Some(status),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    match status {
        Some(status) => Outcome::Exited(status, text),
        None => Outcome::TimedOut(text),
    }
}
