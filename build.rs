//! Turns zmq-sys's build metadata (DEP_ZMQ_*) into cfgs for the safe crate:
//! `zmq_curve` when libzmq has CURVE, `zmq_draft` when the draft API is on,
//! `zmq_vendored` when libzmq is the vendored 4.3.5 build. It also passes on
//! the path of the record of the platform defines of a vendored build
//! (`ZMQ_PLATFORM_DEFINES`, for the tests' failure messages).

fn main() {
    println!("cargo:rustc-check-cfg=cfg(zmq_curve)");
    println!("cargo:rustc-check-cfg=cfg(zmq_draft)");
    println!("cargo:rustc-check-cfg=cfg(zmq_vendored)");
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_VENDORED");
    if std::env::var("DEP_ZMQ_VENDORED").as_deref() == Ok("true") {
        println!("cargo:rustc-cfg=zmq_vendored");
    }
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_CURVE");
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_DRAFT");
    if std::env::var("DEP_ZMQ_CURVE").as_deref() == Ok("true") {
        println!("cargo:rustc-cfg=zmq_curve");
    }
    if std::env::var("DEP_ZMQ_DRAFT").as_deref() == Ok("true") {
        println!("cargo:rustc-cfg=zmq_draft");
    }
    if let Ok(include) = std::env::var("DEP_ZMQ_INCLUDE") {
        println!("cargo:rustc-env=ZMQ_INCLUDE_DIR={include}");
    }
    println!("cargo:rerun-if-env-changed=DEP_ZMQ_PLATFORM_DEFINES");
    if let Ok(path) = std::env::var("DEP_ZMQ_PLATFORM_DEFINES") {
        println!("cargo:rustc-env=ZMQ_PLATFORM_DEFINES={path}");
    }
    if let Ok(version) = std::env::var("DEP_ZMQ_VERSION") {
        println!("cargo:rustc-env=ZMQ_BUILD_VERSION={version}");
    }
}
