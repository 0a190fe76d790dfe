//! The vendored build: libzmq 4.3.5 from the `zeromq-src` crate, CURVE through
//! the static libsodium of `libsodium-sys-stable`, both linked statically.

use crate::{checksum, configure, env_flag, flags, patch, Located};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

pub fn build(draft: bool) -> Located {
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let manifest = checksum::Manifest::load();

    // libzmq is not the code a user of this crate debugs, and an unoptimised
    // libzmq makes the test suite several times slower: compile it at
    // opt-level 2 even in debug profiles unless LIBZMQ_DEBUG=1 asks for -O0.
    // cc reads OPT_LEVEL from the environment of this build script.
    let opt = env::var("OPT_LEVEL").unwrap_or_default();
    if (opt == "0" || opt.is_empty()) && !env_flag("LIBZMQ_DEBUG") {
        env::set_var("OPT_LEVEL", "2");
    }

    // libzmq's own sources warn under cc's default -Wall -Wextra; that is
    // upstream's business and only buries our own output.
    flags::append(&["-w".to_string()]);

    // The defines libzmq's own build would put in platform.hpp (keepalive,
    // CLOEXEC, eventfd, thread names, ...); see build/platform.rs.
    let platform_defines = configure::run(&out_dir);

    let sodium_include = env::var("DEP_SODIUM_INCLUDE")
        .expect("libsodium-sys-stable did not report DEP_SODIUM_INCLUDE");
    let sodium_lib =
        env::var("DEP_SODIUM_LIB").expect("libsodium-sys-stable did not report DEP_SODIUM_LIB");

    let mut build = zeromq_src::Build::new();
    build
        .enable_draft(draft)
        .with_libsodium(Some(zeromq_src::LibLocation::new(
            sodium_lib,
            sodium_include,
        )));
    build.build();

    // zeromq-src copies the sources it compiled to OUT_DIR/source; check them
    // against the pinned checksum so that a changed source tree is a build
    // error rather than a surprise.
    let source = out_dir.join("source");
    manifest.verify(&source);

    // Our own recorded changes (vendor/patches/): recompile the patched
    // files and swap their objects into libzmq.a.
    patch::apply_all(&manifest, &out_dir, draft);

    // Give dependents a conventional root: ROOT/include and ROOT/lib.
    let include = out_dir.join("include");
    fs::create_dir_all(&include).expect("create OUT_DIR/include");
    for header in ["zmq.h", "zmq_utils.h"] {
        copy(&source.join("include").join(header), &include.join(header));
    }

    Located {
        include,
        root: Some(out_dir),
        version: manifest.libzmq_version.clone(),
        curve: true,
        platform_defines: Some(platform_defines),
    }
}

fn copy(from: &Path, to: &Path) {
    if let Err(e) = fs::copy(from, to) {
        panic!("copy {} to {}: {e}", from.display(), to.display());
    }
}
