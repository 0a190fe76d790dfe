//! `cperf`: the C reference of `examples/perf.rs`. The tests themselves are
//! C (src/cperf.c, compiled by build.rs); this Rust main only hands the
//! command line to `cperf_main` and links libzmq through zmq-sys, the same
//! static libzmq that the `zmq` crate uses.
//!
//! ```text
//! cargo run --release -p cperf -- thr --transport inproc|ipc|tcp --size BYTES --count N [--owned]
//! cargo run --release -p cperf -- lat --transport inproc|ipc|tcp --size BYTES --count N
//! ```

use std::ffi::{c_char, c_int, CString};
use std::os::unix::ffi::OsStringExt;
use std::process::ExitCode;

// Links libzmq (and libsodium) into this program.
use zmq_sys as _;

extern "C" {
    /// The C program's main (src/cperf.c).
    fn cperf_main(argc: c_int, argv: *const *const c_char, opt_level: *const c_char) -> c_int;
}

fn main() -> ExitCode {
    // Command-line arguments on Unix never hold a NUL byte.
    let args: Result<Vec<CString>, _> = std::env::args_os()
        .map(|a| CString::new(a.into_vec()))
        .collect();
    let Ok(args) = args else {
        eprintln!("cperf: an argument holds a NUL byte");
        return ExitCode::from(2);
    };
    let Ok(argc) = c_int::try_from(args.len()) else {
        eprintln!("cperf: too many arguments");
        return ExitCode::from(2);
    };
    let mut argv: Vec<*const c_char> = args.iter().map(|a| a.as_ptr()).collect();
    argv.push(std::ptr::null());
    // The optimisation the C file was compiled with, for the banner line.
    let opt_level = concat!("-O", env!("CPERF_OPT_LEVEL"), "\0");
    // SAFETY: argv holds argc valid NUL-terminated strings followed by a
    // null pointer, as a C main expects; opt_level is NUL-terminated; `args`
    // outlives the call, and cperf_main does not keep the pointers.
    let rc = unsafe { cperf_main(argc, argv.as_ptr(), opt_level.as_ptr().cast()) };
    ExitCode::from(u8::try_from(rc).unwrap_or(1))
}
