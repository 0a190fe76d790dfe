//! The ZAP authenticator logs each decision through the `log` facade
//! (feature `log`): `cargo test --features log --test zap_log`.
#![cfg(feature = "log")]

mod common;

use std::sync::Mutex;
use zmq::zap::Authenticator;

/// Collects the records of target `zmq::zap`.
struct Recorder(Mutex<Vec<(log::Level, String)>>);

impl log::Log for Recorder {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        if record.target() == "zmq::zap" {
            let mut records = self.0.lock().unwrap_or_else(|e| e.into_inner());
            records.push((record.level(), record.args().to_string()));
        }
    }
    fn flush(&self) {}
}

static RECORDER: Recorder = Recorder(Mutex::new(Vec::new()));

#[test]
fn each_zap_decision_is_logged_at_debug_level() {
    log::set_logger(&RECORDER).unwrap();
    log::set_max_level(log::LevelFilter::Debug);

    let ctx = zmq::Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    auth.configure_plain("realm", [("alice", "wonderland")]);
    auth.deny("10.9.9.9");
    let zap = common::socket::<zmq::Req>(&ctx);
    zap.connect(zmq::zap::ZAP_ENDPOINT).unwrap();
    let ask = |frames: [&str; 8]| {
        zap.send_multipart(frames).unwrap();
        zap.recv_multipart().unwrap()[2]
            .as_str()
            .unwrap()
            .to_string()
    };
    let ok = ask([
        "1.0",
        "1",
        "realm",
        "127.0.0.1",
        "peer-7",
        "PLAIN",
        "alice",
        "wonderland",
    ]);
    let denied = ask([
        "1.0",
        "2",
        "realm",
        "10.9.9.9",
        "peer-8",
        "PLAIN",
        "alice",
        "wonderland",
    ]);
    assert_eq!((ok.as_str(), denied.as_str()), ("200", "400"));
    drop(auth);

    let records = RECORDER.0.lock().unwrap().clone();
    assert_eq!(records.len(), 2, "one record per decision: {records:?}");
    for (level, _) in &records {
        assert_eq!(*level, log::Level::Debug);
    }
    let (first, second) = (&records[0].1, &records[1].1);
    for needle in [
        "200",
        "\"realm\"",
        "\"127.0.0.1\"",
        "\"PLAIN\"",
        "\"peer-7\"",
        "\"alice\"",
    ] {
        assert!(first.contains(needle), "{needle} missing in {first}");
    }
    for needle in ["400", "\"10.9.9.9\"", "address denied", "\"peer-8\""] {
        assert!(second.contains(needle), "{needle} missing in {second}");
    }
    assert!(
        !first.contains("wonderland"),
        "passwords are never logged: {first}"
    );
}
