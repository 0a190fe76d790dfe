//! Turns zmq-sys's build metadata (DEP_ZMQ_*) into what the safe crate and
//! its tests read: the cfg `zmq_vendored` when libzmq is the vendored 4.3.5
//! build, the directory of its zmq.h (`ZMQ_INCLUDE_DIR`, for the option
//! coverage tests) and the record of the platform defines of a vendored
//! build (`ZMQ_PLATFORM_DEFINES`, for the tests' failure messages).

fn main() {
    println!("cargo:rustc-check-cfg=cfg(zmq_vendored)");
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_VENDORED");
    if std::env::var("DEP_ZMQ_VENDORED").as_deref() == Ok("true") {
        println!("cargo:rustc-cfg=zmq_vendored");
    }
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_INCLUDE");
    if let Ok(include) = std::env::var("DEP_ZMQ_INCLUDE") {
        println!("cargo:rustc-env=ZMQ_INCLUDE_DIR={include}");
    }
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_PLATFORM_DEFINES");
    if let Ok(path) = std::env::var("DEP_ZMQ_PLATFORM_DEFINES") {
        println!("cargo:rustc-env=ZMQ_PLATFORM_DEFINES={path}");
    }
}
