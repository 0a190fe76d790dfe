//! The Python interpreter with pyzmq that the interop tests run as a peer,
//! provisioned by the tests themselves.
//!
//! The first test that needs it makes a virtual environment under cargo's
//! target directory (`target/tmp/pyzmq-venv`) and installs pyzmq from the
//! package registry into it with pip; later runs reuse it. A virtual
//! environment leaves the system's Python alone (and is not refused by
//! PEP 668, as a system-wide `pip install` is on Debian). `ZMQ_TEST_PYTHON`
//! names an interpreter that already has pyzmq instead. A missing python3,
//! or a failed install, fails the test with what to do; nothing is skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// What pip installs: any pyzmq of the last years talks ZMTP 3.1.
const PYZMQ: &str = "pyzmq>=25";
/// The interpreter that creates the environment.
const SYSTEM_PYTHON: &str = "python3";
/// The longest a first-time install may take (a download and a wheel).
const INSTALL_LIMIT: Duration = Duration::from_secs(600);

/// The interpreter to run Python peers with; provisions it on first use.
///
/// # Panics
///
/// With an explanation, when no interpreter with pyzmq can be had.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let found = PYTHON.get_or_init(|| super::within(INSTALL_LIMIT, provision));
    match found {
        Ok(path) => path,
        Err(why) => panic!("{why}"),
    }
}

fn provision() -> Result<PathBuf, String> {
    if let Some(given) = std::env::var_os("ZMQ_TEST_PYTHON") {
        let given = PathBuf::from(given);
        return if imports_zmq(&given) {
            Ok(given)
        } else {
            Err(format!(
                "ZMQ_TEST_PYTHON={} cannot `import zmq`: install pyzmq there, or unset it \
                 to let the tests make their own environment",
                given.display()
            ))
        };
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pyzmq-venv");
    let python = venv.join("bin").join("python3");
    if imports_zmq(&python) {
        return Ok(python);
    }
    // Built under a private name and renamed into place, so that test
    // binaries running at the same time (nextest) never see half an
    // environment; the loser of a race removes its copy.
    let staging = venv.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let made = make_venv(&staging);
    let renamed = made.and_then(|()| match std::fs::rename(&staging, &venv) {
        Ok(()) => Ok(()),
        Err(_) if imports_zmq(&python) => Ok(()),
        Err(_) => {
            // A broken environment from an interrupted run: replace it.
            let _ = std::fs::remove_dir_all(&venv);
            std::fs::rename(&staging, &venv)
                .map_err(|e| format!("cannot move the environment into {}: {e}", venv.display()))
        }
    });
    let _ = std::fs::remove_dir_all(&staging);
    renamed?;
    if imports_zmq(&python) {
        Ok(python)
    } else {
        Err(format!(
            "pyzmq was installed in {} but `import zmq` still fails",
            venv.display()
        ))
    }
}

/// Creates a virtual environment at `dir` and installs pyzmq into it.
fn make_venv(dir: &Path) -> Result<(), String> {
    eprintln!(
        "interop tests: installing {PYZMQ} into {} (once; later runs reuse it)",
        dir.display()
    );
    run(
        Command::new(SYSTEM_PYTHON).args(["-m", "venv"]).arg(dir),
        "the interop tests run pyzmq as a peer and need Python 3 with its `venv` module \
         (Debian: apt-get install python3 python3-venv)",
    )?;
    let python = dir.join("bin").join("python3");
    run(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PYZMQ,
        ]),
        "pip could not install pyzmq from the package registry into the test environment",
    )
}

/// Runs a command to its end; on failure, says `hint` and what it printed.
fn run(command: &mut Command, hint: &str) -> Result<(), String> {
    let shown = format!("{command:?}");
    let out = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}; {hint}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown} failed ({}): {hint}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Whether `python` runs and imports pyzmq.
fn imports_zmq(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import zmq"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
