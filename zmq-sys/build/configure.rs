//! The platform step of the vendored build: decide the rows of
//! [`platform::TABLE`] for the target (running its probes with the target's
//! compiler), hand the defines to zeromq-src's compile through CXXFLAGS, and
//! record them in `OUT_DIR/platform-defines.txt` (one define per line, as
//! after `-D`, then `#` and the reason; lines that start with `#` are notes).
//!
//! `ZMQ_SYS_NO_PLATFORM_DEFINES=1` switches the step off: libzmq is then built
//! with zeromq-src's defines only, which is how the tests are shown to fail
//! without the step.

use crate::platform::{self, How, Target};
use crate::{env_flag, flags};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

/// Runs the step and returns the path of the record.
pub fn run(out_dir: &Path) -> PathBuf {
    let target = Target {
        os: cargo_cfg("CARGO_CFG_TARGET_OS"),
        env: cargo_cfg("CARGO_CFG_TARGET_ENV"),
        arch: cargo_cfg("CARGO_CFG_TARGET_ARCH"),
    };
    let record = out_dir.join("platform-defines.txt");
    let mut text = format!(
        "# -D flags zmq-sys passed to the libzmq compile for os={} env={} arch={}\n\
         # (the table and the reason for each row: zmq-sys/build/platform.rs)\n",
        target.os, target.env, target.arch
    );

    if env_flag("ZMQ_SYS_NO_PLATFORM_DEFINES") {
        text.push_str("# switched off by ZMQ_SYS_NO_PLATFORM_DEFINES: zeromq-src's defines only\n");
        write(&record, &text);
        return record;
    }
    if target.family() == 0 {
        text.push_str("# a target the table does not know: zeromq-src's defines only\n");
    }

    let probe_dir = out_dir.join("platform-probes");
    create_dir(&probe_dir);
    let started = Instant::now();
    let decisions = platform::decide(&target, |name, source| compiles(&probe_dir, name, source));
    let probe_time = started.elapsed();

    let mut flags = Vec::new();
    for d in &decisions {
        let line = match (d.pass, d.row.how) {
            (true, _) => {
                flags.push(format!("-D{}", d.define));
                format!("{:<40} # {}", d.define, d.row.why)
            }
            (false, How::ZeromqSrc) => format!("# {}: left to zeromq-src", d.define),
            (false, How::Probe(_)) => {
                println!(
                    "cargo:warning=libzmq is built without {}: its probe did not compile \
                     with the target's compiler (see {})",
                    d.define,
                    probe_dir.display()
                );
                format!("# {}: not defined, its probe did not compile", d.define)
            }
            (false, _) => format!("# {}: deliberately not defined: {}", d.define, d.row.why),
        };
        let _ = writeln!(text, "{line}");
    }
    let _ = writeln!(text, "# probes took {} ms", probe_time.as_millis());
    flags::append(&flags);
    write(&record, &text);
    record
}

/// Whether `source` compiles (syntax and headers only, no object, no link)
/// as C++ with the compiler and flags cc picks for the target, the ones that
/// compile libzmq.
fn compiles(dir: &Path, name: &str, source: &str) -> bool {
    let file = dir.join(format!("{name}.cpp"));
    write(&file, source);
    let compiler = cc::Build::new()
        .cpp(true)
        .cargo_metadata(false)
        .warnings(false)
        .get_compiler();
    let log = dir.join(format!("{name}.log"));
    let stderr = match fs::File::create(&log) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    compiler
        .to_command()
        .arg("-fsyntax-only")
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(stderr)
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn cargo_cfg(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| panic!("cargo sets {name} for build scripts"))
}

fn create_dir(dir: &Path) {
    if let Err(e) = fs::create_dir_all(dir) {
        panic!("create {}: {e}", dir.display());
    }
}

fn write(path: &Path, text: &str) {
    if let Err(e) = fs::write(path, text) {
        panic!("write {}: {e}", path.display());
    }
}
