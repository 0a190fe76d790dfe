//! Runs a test's scenario in a child process, for scenarios whose failure
//! mode is a crash, an abort or a hang: the test binary re-runs itself with
//! `--exact NAME` and an environment variable naming the scenario, and the
//! parent kills it after a time limit.
//!
//! A test's name in a binary that groups several files (tests/api/main.rs)
//! is `module::function`; the callers pass `module_path!()` and the
//! function's name, from which [`full_name`] makes the name `--exact` needs.
//! A child that ran no test (a name that matched nothing) fails the parent.

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
    /// Panics with the child's output unless it exited successfully after
    /// running exactly one test; returns its output (stdout and stderr).
    pub fn assert_success(&self) -> &str {
        match self {
            Outcome::Exited(status, out) if status.success() => {
                // libtest's summary line: anything else (0 passed) means
                // the `--exact` name matched no test and nothing was tested.
                assert!(
                    out.contains("test result: ok. 1 passed"),
                    "the child process ran no test: its `--exact` name matched none; its output:\n{out}"
                );
                out
            }
            Outcome::Exited(status, out) => {
                panic!("the child process failed ({status}); its output:\n{out}")
            }
            Outcome::TimedOut(out) => {
                panic!("the child process hung and was killed; its output:\n{out}")
            }
        }
    }
}

/// The name libtest gives the test function `test` of the module `module`
/// (its `module_path!()`): the path without the crate's name.
pub fn full_name(module: &str, test: &str) -> String {
    match module.split_once("::") {
        Some((_crate, path)) => format!("{path}::{test}"),
        None => test.to_string(),
    }
}

/// True in the child that must play the scenario of `module`'s `test`.
pub fn is_child(module: &str, test: &str) -> bool {
    std::env::var(VAR).is_ok_and(|v| v == full_name(module, test))
}

/// Runs `scenario` in a child process and fails unless the child exits
/// successfully within `limit`: it is killed at the limit (a hang), and a
/// crash, an abort or a failed assertion shows as a failed exit. Returns
/// the child's output in the parent, `None` in the child.
///
/// `module` and `test` name the calling test: `module_path!()` and the
/// function's own name. The child is this test binary run with `--exact`
/// and that test's full name, and there the call runs `scenario` itself.
///
/// ```ignore
/// #[test]
/// fn my_test() {
///     child::isolated(module_path!(), "my_test", Duration::from_secs(20), || {
///         /* may crash */
///     });
/// }
/// ```
pub fn isolated(
    module: &str,
    test: &str,
    limit: Duration,
    scenario: impl FnOnce(),
) -> Option<String> {
    if is_child(module, test) {
        scenario();
        None
    } else {
        Some(spawn(module, test, limit).assert_success().to_string())
    }
}

/// In the parent, runs `module`'s `test` in a child process and returns how
/// it ended.
pub fn spawn(module: &str, test: &str, limit: Duration) -> Outcome {
    let name = full_name(module, test);
    let exe = std::env::current_exe().expect("the test binary's path");
    let out = std::env::temp_dir().join(format!(
        "zmq-rs-child-{}-{}.log",
        std::process::id(),
        name.replace("::", "-")
    ));
    let log = std::fs::File::create(&out).expect("create the child's log file");
    let mut child = Command::new(exe)
        .args([&name, "--exact", "--nocapture", "--test-threads=1"])
        .env(VAR, &name)
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
