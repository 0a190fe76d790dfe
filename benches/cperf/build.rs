//! Compiles the C reference (src/cperf.c) against the headers of the libzmq
//! that zmq-sys built or found (`DEP_ZMQ_INCLUDE`), with the optimisation
//! zmq-sys gives libzmq itself: the profile's opt-level, and -O2 where the
//! profile says 0 (zmq-sys never builds libzmq unoptimised unless
//! LIBZMQ_DEBUG=1).

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=src/cperf.c");
    println!("cargo:rerun-if-env-changed=LIBZMQ_DEBUG");
    let include = env::var("DEP_ZMQ_INCLUDE")
        .expect("zmq-sys did not report DEP_ZMQ_INCLUDE (its `links = \"zmq\"` metadata)");
    let mut opt = env::var("OPT_LEVEL").unwrap_or_default();
    let debug_libzmq = matches!(
        env::var("LIBZMQ_DEBUG").as_deref(),
        Ok("1" | "true" | "yes" | "on")
    );
    if (opt.is_empty() || opt == "0") && !debug_libzmq {
        opt = "2".into();
    }
    cc::Build::new()
        .file("src/cperf.c")
        .include(&include)
        .opt_level_str(&opt)
        .flag("-pthread")
        .warnings(true)
        .extra_warnings(true)
        .compile("cperf");
    // The Rust main reports these in its banner line.
    println!("cargo:rustc-env=CPERF_OPT_LEVEL={opt}");
}
