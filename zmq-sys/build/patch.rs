//! Our own small changes to the vendored libzmq (vendor/patches/*.patch, each
//! listed with its SHA-256 in vendor/manifest.toml; see vendor/README.md).
//!
//! zeromq-src compiles libzmq from its own crate directory, which a build
//! script must not modify, so the patches are applied afterwards: each
//! patched file is written to OUT_DIR/patched, compiled with the settings
//! zeromq-src (pinned to =0.3.6) gives every libzmq file, and its object
//! replaces the original one in OUT_DIR/lib/libzmq.a.

use crate::checksum::{sha256_hex, Manifest};
use std::env;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Applies every patch of the manifest to the built `libzmq.a`.
pub fn apply_all(manifest: &Manifest, out_dir: &Path, draft: bool) {
    if crate::env_flag("ZMQ_SYS_NO_PATCHES") {
        // For checking that the tests of the patches fail without them.
        println!("cargo:warning=zmq-sys: ZMQ_SYS_NO_PATCHES is set: libzmq is not patched");
        return;
    }
    let target = env::var("TARGET").expect("cargo sets TARGET");
    if target.contains("msvc") {
        println!(
            "cargo:warning=zmq-sys: the libzmq patches of vendor/patches are not applied \
             on MSVC targets (no `ar`); see vendor/README.md"
        );
        return;
    }
    let source = out_dir.join("source");
    let patched_dir = out_dir.join("patched");
    let mut objects = Vec::new();
    for patch in &manifest.patches {
        let text = fs::read_to_string(&patch.diff)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", patch.diff.display()));
        println!("cargo:rerun-if-changed={}", patch.diff.display());
        let actual = sha256_hex(text.as_bytes());
        if actual != patch.sha256 {
            panic!(
                "\n\n{}: sha256 {actual}, but vendor/manifest.toml records {} for patch `{}`.\n\
                 Review the change, then record the new hash (see vendor/README.md).\n",
                patch.diff.display(),
                patch.sha256,
                patch.name
            );
        }
        let original = fs::read_to_string(source.join(&patch.file))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", patch.file));
        let result = apply_diff(&original, &text)
            .unwrap_or_else(|e| panic!("patch `{}` does not apply: {e}", patch.name));
        let dest = patched_dir.join(&patch.file);
        fs::create_dir_all(dest.parent().expect("a file in a folder")).expect("create patched/");
        fs::write(&dest, result).expect("write the patched file");
        objects.push((dest, patch));
    }
    if objects.is_empty() {
        return;
    }

    let mut build = libzmq_build(&source, out_dir, &target, draft);
    build.out_dir(patched_dir.join("obj"));
    for (file, _) in &objects {
        build.file(file);
    }
    let compiled = build.compile_intermediates();
    let archive = out_dir.join("lib").join("libzmq.a");
    let members = run_output(build.get_archiver().arg("t").arg(&archive));
    for (file, patch) in &objects {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name");
        let object = compiled
            .iter()
            .find(|o| object_of(o, stem))
            .unwrap_or_else(|| panic!("no object compiled for {}", file.display()));
        let old: Vec<&str> = members
            .lines()
            .filter(|m| object_of(Path::new(m), stem))
            .collect();
        if old.len() != 1 {
            panic!(
                "expected one `{stem}` object in {}, found {old:?}",
                archive.display()
            );
        }
        // A distinct member name, so that the archive shows what was patched.
        let renamed = patched_dir.join(format!("zmq-sys-patched-{}-{stem}.o", patch.name));
        fs::copy(object, &renamed).expect("copy the patched object");
        run(build.get_archiver().arg("d").arg(&archive).arg(old[0]));
        run(build.get_archiver().arg("q").arg(&archive).arg(&renamed));
    }
    run(build.get_archiver().arg("s").arg(&archive));
}

/// Whether `path` is cc's object for source `stem` (`<hash>-<stem>.o`).
fn object_of(path: &Path, stem: &str) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == format!("{stem}.o") || name.ends_with(&format!("-{stem}.o"))
}

/// The compiler settings zeromq-src 0.3.6 (`Build::build`) gives every
/// libzmq file, for the same target. They must match: a patched file sees
/// the same class layouts as the rest of libzmq only with the same defines.
/// Our platform defines reach it the same way, through `CXXFLAGS_<target>`.
fn libzmq_build(source: &Path, out_dir: &Path, target: &str, draft: bool) -> cc::Build {
    let mut b = cc::Build::new();
    b.cpp(true)
        .define("ZMQ_BUILD_TESTS", "OFF")
        .include(source.join("include"))
        .include(source.join("src"))
        .include(source.join("external/sha1"));
    if draft {
        b.define("ZMQ_BUILD_DRAFT_API", "1");
    }
    b.define("ZMQ_USE_CV_IMPL_STL11", "1")
        .define("ZMQ_STATIC", "1")
        .define("ZMQ_USE_BUILTIN_SHA1", "1")
        .define("ZMQ_HAVE_WS", "1")
        .define("ZMQ_USE_LIBSODIUM", "1")
        .define("ZMQ_HAVE_CURVE", "1");
    if let Ok(sodium) = env::var("DEP_SODIUM_INCLUDE") {
        b.include(sodium);
    }
    // zeromq-src's empty platform.hpp, in OUT_DIR.
    b.include(out_dir);
    let mut strlcpy = false;
    if target.contains("windows") {
        b.define("ZMQ_HAVE_WINDOWS", "1")
            .define("ZMQ_IOTHREAD_POLLER_USE_EPOLL", "1")
            .define("ZMQ_POLL_BASED_ON_POLL", "1")
            .define("_WIN32_WINNT", "0x0600")
            .define("ZMQ_HAVE_STRUCT_SOCKADDR_UN", "1")
            .define("HAVE_STRNLEN", "1");
        // zeromq-src's probe for the ipc headers left its output behind.
        if !target.contains("uwp") && out_dir.join("has_windows_ipc_headers").exists() {
            b.define("ZMQ_HAVE_IPC", "1");
        }
    } else if target.contains("linux") {
        b.define("ZMQ_HAVE_LINUX", "1")
            .define("ZMQ_IOTHREAD_POLLER_USE_EPOLL", "1")
            .define("ZMQ_POLL_BASED_ON_POLL", "1")
            .define("ZMQ_HAVE_IPC", "1")
            .define("HAVE_STRNLEN", "1")
            .define("ZMQ_HAVE_UIO", "1")
            .define("ZMQ_HAVE_STRUCT_SOCKADDR_UN", "1");
        strlcpy = target.contains("android") || target.contains("musl");
    } else if target.contains("apple") || target.contains("freebsd") {
        b.define("ZMQ_IOTHREAD_POLLER_USE_KQUEUE", "1")
            .define("ZMQ_POLL_BASED_ON_POLL", "1")
            .define("HAVE_STRNLEN", "1")
            .define("ZMQ_HAVE_UIO", "1")
            .define("ZMQ_HAVE_IPC", "1")
            .define("ZMQ_HAVE_STRUCT_SOCKADDR_UN", "1");
        strlcpy = true;
    }
    // zeromq-src's strlcpy and C++11 probes leave their binaries in OUT_DIR
    // when they succeed.
    let gnu = env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|e| e == "gnu");
    if strlcpy || (gnu && out_dir.join("has_strlcpy").exists()) {
        b.define("ZMQ_HAVE_STRLCPY", "1");
    }
    if out_dir.join("has_cxx11").exists() {
        b.std("c++11");
    }
    b
}

fn run(cmd: &mut Command) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if !status.success() {
        panic!("{cmd:?} failed: {status}");
    }
}

fn run_output(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Applies a unified diff of one file strictly: every hunk's context and
/// removed lines must be found exactly where the hunk header says (the
/// source is the checksummed release, so there is no drift to allow for).
fn apply_diff(original: &str, diff: &str) -> Result<String, String> {
    let lines: Vec<&str> = original.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut next = 0; // index in `lines` of the first line not yet copied
    let mut hunk: Option<(usize, Vec<&str>, Vec<&str>)> = None;
    let mut hunks = Vec::new();
    for line in diff.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("@@ -") {
            hunks.extend(hunk.take());
            let start: usize = header
                .split([',', ' '])
                .next()
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("bad hunk header {line:?}"))?;
            hunk = Some((start.max(1) - 1, Vec::new(), Vec::new()));
        } else if let Some((_, old, new)) = hunk.as_mut() {
            match line.as_bytes().first() {
                Some(b' ') => {
                    old.push(&line[1..]);
                    new.push(&line[1..]);
                }
                Some(b'-') => old.push(&line[1..]),
                Some(b'+') => new.push(&line[1..]),
                Some(b'\\') => {}
                _ => return Err(format!("unexpected line in hunk: {line:?}")),
            }
        }
    }
    hunks.extend(hunk.take());
    if hunks.is_empty() {
        return Err("no hunks".to_string());
    }
    for (start, old, new) in hunks {
        if start < next || start + old.len() > lines.len() {
            return Err(format!(
                "hunk at line {} is out of order or range",
                start + 1
            ));
        }
        if lines[start..start + old.len()] != old[..] {
            return Err(format!("hunk at line {} does not match", start + 1));
        }
        out.extend(lines[next..start].iter().copied());
        out.extend(new);
        next = start + old.len();
    }
    out.extend(lines[next..].iter().copied());
    Ok(out)
}
