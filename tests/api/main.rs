//! The integration tests that can share a process, as one test binary: each
//! binary links libzmq (and libsodium) statically, so one binary instead of
//! one per file saves the links and the repeated compilation of the shared
//! code, and its tests run in parallel across files.
//!
//! Run one file's tests with its module name as the filter:
//! `cargo test --test api options::`.
//!
//! Separate binaries (tests/*.rs) are the tests that need the process to
//! themselves: a `#[global_allocator]` (alloc, secret_wipe), fork (fork),
//! process-wide signal handlers (faults, draft), a global logger (zap_log),
//! the process's descriptors, threads or resident memory measured (platform,
//! soak), and trybuild (compile_fail).

#[path = "../common/mod.rs"]
mod common;

mod context;
mod counterparts;
mod crashes;
mod errors;
mod harness;
mod interop;
mod ipc_close;
mod message;
mod monitor;
mod options;
mod patterns;
mod poll;
mod proptests;
mod proxy;
mod raw_interop;
mod security;
mod security_interop;
mod sendable;
mod subscriptions;
mod tokio;
