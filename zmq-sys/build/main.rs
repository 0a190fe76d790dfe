//! Build script of zmq-sys: find or build libzmq, then hand its location and
//! capabilities to dependents through the `links = "zmq"` metadata
//! (`DEP_ZMQ_INCLUDE`, `DEP_ZMQ_ROOT`, `DEP_ZMQ_VERSION`, `DEP_ZMQ_CURVE`,
//! `DEP_ZMQ_DRAFT`, and for a vendored build `DEP_ZMQ_PLATFORM_DEFINES`).
//!
//! Target facts come from `CARGO_CFG_*` and `TARGET`, never from `cfg!`: the
//! build script runs on the host, which is not the target in a cross build.

mod checksum;
#[cfg(feature = "vendored")]
mod configure;
#[cfg(feature = "vendored")]
mod flags;
#[cfg(feature = "bindgen")]
mod gen;
#[cfg(feature = "vendored")]
mod patch;
#[cfg(feature = "vendored")]
mod platform;
mod system;
#[cfg(feature = "vendored")]
mod vendored;

use std::env;
use std::path::PathBuf;

/// What the build found or made, handed on to dependents.
pub struct Located {
    /// Directory holding zmq.h.
    pub include: PathBuf,
    /// Directory with `include/` and `lib/` below it, when there is one.
    pub root: Option<PathBuf>,
    /// Version of the libzmq linked, "major.minor.patch".
    pub version: String,
    /// Whether CURVE security is compiled in.
    pub curve: bool,
    /// The record of the platform defines of a vendored build
    /// (build/configure.rs); `None` for a system libzmq.
    pub platform_defines: Option<PathBuf>,
}

/// Reads an environment variable and tells cargo to rerun when it changes.
pub fn env_var(name: &str) -> Option<String> {
    println!("cargo:rerun-if-env-changed={name}");
    env::var(name).ok().filter(|v| !v.is_empty())
}

/// True when an environment variable is set to a true-ish value.
pub fn env_flag(name: &str) -> bool {
    matches!(env_var(name).as_deref(), Some("1" | "true" | "yes" | "on"))
}

fn main() {
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rustc-check-cfg=cfg(zmq_sys_generated)");
    println!("cargo:rustc-check-cfg=cfg(zmq_sys_platform_defines)");
    let draft = env::var_os("CARGO_FEATURE_DRAFT").is_some();
    // `vendored` wins over `system` when both are on (features are additive
    // and a dependent cannot switch `vendored` off); the environment can
    // still ask for the system library, as with openssl-sys and git2.
    let vendored = env::var_os("CARGO_FEATURE_VENDORED").is_some()
        && !env_flag("LIBZMQ_NO_VENDOR")
        && env_var("LIBZMQ_LIB_DIR").is_none();
    println!("cargo:rustc-check-cfg=cfg(zmq_sys_vendored)");
    let located = if vendored {
        println!("cargo:rustc-cfg=zmq_sys_vendored");
        build_vendored(draft)
    } else {
        system::locate(draft)
    };
    println!("cargo:vendored={vendored}");

    println!("cargo:include={}", located.include.display());
    // For zmq-sys's own tests, which check the bindings against this zmq.h.
    println!(
        "cargo:rustc-env=ZMQ_SYS_INCLUDE_DIR={}",
        located.include.display()
    );
    if let Some(root) = &located.root {
        println!("cargo:root={}", root.display());
    }
    println!("cargo:version={}", located.version);
    println!("cargo:curve={}", located.curve);
    println!("cargo:draft={draft}");
    if let Some(record) = &located.platform_defines {
        // For dependents (DEP_ZMQ_PLATFORM_DEFINES) and for zmq-sys's own tests.
        println!("cargo:platform_defines={}", record.display());
        println!(
            "cargo:rustc-env=ZMQ_SYS_PLATFORM_DEFINES={}",
            record.display()
        );
        println!("cargo:rustc-cfg=zmq_sys_platform_defines");
    }

    bindings(&located, draft);
}

#[cfg(feature = "vendored")]
fn build_vendored(draft: bool) -> Located {
    vendored::build(draft)
}

#[cfg(not(feature = "vendored"))]
fn build_vendored(_draft: bool) -> Located {
    unreachable!("main() only calls build_vendored when the vendored feature is on")
}

#[cfg(feature = "bindgen")]
fn bindings(located: &Located, _draft: bool) {
    gen::generate(&located.include);
    println!("cargo:rustc-cfg=zmq_sys_generated");
}

#[cfg(not(feature = "bindgen"))]
fn bindings(_located: &Located, _draft: bool) {}
