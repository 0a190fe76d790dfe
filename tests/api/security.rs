//! Security: CURVE, PLAIN, the ZAP authenticator, certificates, Z85.

use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use zmq::curve::{CurveKey, KeyPair};
use zmq::zap::Authenticator;
use zmq::{Context, Error, EventKind, MonitorEvents};

const SHORT: Duration = Duration::from_millis(500);

fn curve_pair(
    ctx: &Context,
    server_keys: &KeyPair,
    client_keys: &KeyPair,
    server_key_for_client: &CurveKey,
) -> (zmq::Socket<zmq::Rep>, zmq::Socket<zmq::Req>, String) {
    let server = common::socket::<zmq::Rep>(ctx);
    server.make_curve_server(&server_keys.secret).unwrap();
    let endpoint = common::bind_any(&server, "tcp");
    let client = common::socket::<zmq::Req>(ctx);
    client
        .make_curve_client(server_key_for_client, client_keys)
        .unwrap();
    client.connect(&endpoint).unwrap();
    (server, client, endpoint)
}

#[test]
fn curve_req_rep_works() {
    let ctx = Context::new();
    let (server_keys, client_keys) = (KeyPair::generate().unwrap(), KeyPair::generate().unwrap());
    let (server, client, _) = curve_pair(&ctx, &server_keys, &client_keys, &server_keys.public);
    assert!(server.curve_server().unwrap());
    assert_eq!(client.curve_serverkey().unwrap(), server_keys.public);
    client.send("secret hello").unwrap();
    let msg = server.recv().unwrap();
    assert_eq!(msg, "secret hello");
    // Without a ZAP handler the User-Id is not set; the mechanism is CURVE.
    assert_eq!(server.mechanism().unwrap(), zmq::Mechanism::Curve);
    server.send("secret reply").unwrap();
    assert_eq!(client.recv().unwrap(), "secret reply");
}

#[test]
fn a_wrong_server_key_gets_no_reply_and_the_server_reports_it() {
    let ctx = Context::new();
    let (server_keys, client_keys) = (KeyPair::generate().unwrap(), KeyPair::generate().unwrap());
    let impostor = KeyPair::generate().unwrap();
    let server = common::socket::<zmq::Rep>(&ctx);
    server.make_curve_server(&server_keys.secret).unwrap();
    let mut events = server.monitor(MonitorEvents::ALL).unwrap();
    events.set_timeout(Some(common::TIMEOUT)).unwrap();
    let endpoint = common::bind_any(&server, "tcp");

    let client = common::socket::<zmq::Req>(&ctx);
    client
        .make_curve_client(&impostor.public, &client_keys)
        .unwrap();
    client.set_rcvtimeo(Some(SHORT)).unwrap();
    client.connect(&endpoint).unwrap();
    client.send("hello?").unwrap();

    let failed = events
        .wait_for(EventKind::HandshakeFailedProtocol)
        .expect("the server reports the failed handshake");
    assert_eq!(
        failed.protocol_error(),
        Some(zmq::ProtocolError::ZmtpCryptographic)
    );
    assert_eq!(
        client.recv(),
        Err(Error::Again),
        "no reply within the timeout"
    );
    server.set_rcvtimeo(Some(Duration::ZERO)).unwrap();
    assert_eq!(
        server.recv(),
        Err(Error::Again),
        "nothing reached the server"
    );
}

/// A TCP relay that records every byte it forwards.
struct Tap {
    endpoint: String,
    seen: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
}

impl Tap {
    fn new(target: &str) -> Tap {
        let target = target.trim_start_matches("tcp://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let endpoint = format!("tcp://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen2, stop2) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        let server = TcpStream::connect(&target).unwrap();
                        for (mut from, mut to) in [
                            (client.try_clone().unwrap(), server.try_clone().unwrap()),
                            (server, client),
                        ] {
                            let (seen, stop) = (seen2.clone(), stop2.clone());
                            from.set_read_timeout(Some(Duration::from_millis(50)))
                                .unwrap();
                            std::thread::spawn(move || {
                                let mut buf = [0u8; 4096];
                                while !stop.load(Ordering::Relaxed) {
                                    match from.read(&mut buf) {
                                        Ok(0) => break,
                                        Ok(n) => {
                                            seen.lock().unwrap().extend_from_slice(&buf[..n]);
                                            if to.write_all(&buf[..n]).is_err() {
                                                break;
                                            }
                                        }
                                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                                        Err(_) => break,
                                    }
                                }
                            });
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Tap {
            endpoint,
            seen,
            stop,
        }
    }

    fn saw(&self, needle: &[u8]) -> bool {
        self.seen
            .lock()
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[test]
fn curve_traffic_on_the_wire_hides_the_plaintext() {
    const PLAINTEXT: &[u8] = b"the eagle lands at midnight, bring the blue folder";
    let ctx = Context::new();

    // Control: without CURVE the tap does see the plaintext.
    let server = common::socket::<zmq::Rep>(&ctx);
    let endpoint = common::bind_any(&server, "tcp");
    let tap = Tap::new(&endpoint);
    let client = common::socket::<zmq::Req>(&ctx);
    client.connect(&tap.endpoint).unwrap();
    client.send(PLAINTEXT).unwrap();
    assert_eq!(server.recv().unwrap(), PLAINTEXT);
    server.send(PLAINTEXT).unwrap();
    assert_eq!(client.recv().unwrap(), PLAINTEXT);
    assert!(tap.saw(PLAINTEXT), "the tap must see clear traffic");

    // With CURVE the same exchange is unreadable on the wire.
    let (server_keys, client_keys) = (KeyPair::generate().unwrap(), KeyPair::generate().unwrap());
    let server = common::socket::<zmq::Rep>(&ctx);
    server.make_curve_server(&server_keys.secret).unwrap();
    let endpoint = common::bind_any(&server, "tcp");
    let tap = Tap::new(&endpoint);
    let client = common::socket::<zmq::Req>(&ctx);
    client
        .make_curve_client(&server_keys.public, &client_keys)
        .unwrap();
    client.connect(&tap.endpoint).unwrap();
    client.send(PLAINTEXT).unwrap();
    assert_eq!(server.recv().unwrap(), PLAINTEXT);
    server.send(PLAINTEXT).unwrap();
    assert_eq!(client.recv().unwrap(), PLAINTEXT);
    assert!(
        tap.seen.lock().unwrap().len() > 2 * PLAINTEXT.len(),
        "the tap saw the traffic"
    );
    assert!(!tap.saw(PLAINTEXT), "CURVE traffic contains the plaintext");
    assert!(!tap.saw(&PLAINTEXT[..16]));
}

/// A server that needs the authenticator, and a monitor on it.
fn guarded_server<K: zmq::KnownKind>(
    ctx: &Context,
    setup: impl Fn(&zmq::Socket<K>),
) -> (zmq::Socket<K>, zmq::Monitor, String) {
    let server = common::socket::<K>(ctx);
    setup(&server);
    let monitor = server.monitor(MonitorEvents::ALL).unwrap();
    monitor.set_timeout(Some(common::TIMEOUT)).unwrap();
    let endpoint = common::bind_any(&server, "tcp");
    (server, monitor, endpoint)
}

/// Connects a client and expects the authenticator's verdict: `Some(user)`
/// when the message gets through (with that User-Id), `None` when the
/// server reports an authentication failure.
fn attempt(
    ctx: &Context,
    endpoint: &str,
    monitor: &mut zmq::Monitor,
    server: &zmq::Socket<zmq::Pull>,
    setup: impl Fn(&zmq::Socket<zmq::Push>),
) -> Option<String> {
    let client = common::socket::<zmq::Push>(ctx);
    setup(&client);
    client.connect(endpoint).unwrap();
    loop {
        let event = monitor.recv_event().expect("a handshake verdict");
        match event.kind {
            EventKind::HandshakeSucceeded => break,
            EventKind::HandshakeFailedAuth => {
                assert_eq!(event.value, 400, "ZAP status");
                return None;
            }
            _ => {}
        }
    }
    client.send("let me in").unwrap();
    let msg = server.recv().unwrap();
    assert_eq!(msg, "let me in");
    Some(msg.property("User-Id").unwrap_or("").to_string())
}

#[test]
fn authenticator_enforces_addresses_plain_and_curve() {
    let ctx = Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    assert_eq!(
        Authenticator::start(&ctx).unwrap_err(),
        Error::AddrInUse,
        "one ZAP handler per context"
    );

    // PLAIN: right password passes with its User-Id, wrong one is refused.
    auth.configure_plain("*", [("alice", "wonderland")]);
    let (server, mut monitor, endpoint) =
        guarded_server::<zmq::Pull>(&ctx, |s| s.set_plain_server(true).unwrap());
    let user = |name: &'static str, password: &'static str| {
        move |c: &zmq::Socket<zmq::Push>| {
            c.set_plain_username(name).unwrap();
            c.set_plain_password(password).unwrap();
        }
    };
    let mut plain = |setup| attempt(&ctx, &endpoint, &mut monitor, &server, setup);
    assert_eq!(
        plain(user("alice", "wonderland")),
        Some("alice".to_string())
    );
    assert_eq!(plain(user("alice", "guess")), None);
    assert_eq!(plain(user("mallory", "wonderland")), None);

    // Reconfigured while running: in force when the call returns.
    auth.configure_plain("*", [("bob", "builder")]);
    assert_eq!(plain(user("alice", "wonderland")), None);
    assert_eq!(plain(user("bob", "builder")), Some("bob".to_string()));

    // A named ZAP domain has its own users.
    let (named, mut named_monitor, named_endpoint) = guarded_server::<zmq::Pull>(&ctx, |s| {
        s.set_plain_server(true).unwrap();
        s.set_zap_domain("admin").unwrap();
    });
    let mut named_plain = |setup| attempt(&ctx, &named_endpoint, &mut named_monitor, &named, setup);
    assert_eq!(named_plain(user("bob", "builder")), None);
    auth.configure_plain("admin", [("root", "toor")]);
    assert_eq!(named_plain(user("root", "toor")), Some("root".to_string()));

    // CURVE: an allowed client key passes, with its Z85 as User-Id.
    let server_keys = KeyPair::generate().unwrap();
    let (known, unknown) = (KeyPair::generate().unwrap(), KeyPair::generate().unwrap());
    auth.configure_curve("*", [known.public.clone()]);
    let (curve_server, mut curve_monitor, curve_endpoint) =
        guarded_server::<zmq::Pull>(&ctx, |s| s.make_curve_server(&server_keys.secret).unwrap());
    let as_client = |keys: &KeyPair| {
        let (server_public, keys) = (server_keys.public.clone(), keys.clone());
        move |c: &zmq::Socket<zmq::Push>| c.make_curve_client(&server_public, &keys).unwrap()
    };
    let mut curve = |setup| {
        attempt(
            &ctx,
            &curve_endpoint,
            &mut curve_monitor,
            &curve_server,
            setup,
        )
    };
    assert_eq!(curve(as_client(&known)), Some(known.public.to_z85()));
    assert_eq!(curve(as_client(&unknown)), None);
    auth.configure_curve_any("*");
    assert_eq!(curve(as_client(&unknown)), Some(unknown.public.to_z85()));

    // Addresses: a denied IP is refused even with the right password.
    auth.deny(["127.0.0.1"]);
    assert_eq!(plain(user("bob", "builder")), None);
    // An allow list admits only its addresses (and overrides the deny list).
    auth.allow(["127.0.0.1"]);
    assert_eq!(plain(user("bob", "builder")), Some("bob".to_string()));
    drop(auth);
}

#[test]
fn malformed_zap_requests_get_an_error_reply() {
    let ctx = Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    let zap = common::socket::<zmq::Req>(&ctx);
    zap.connect(zmq::zap::ZAP_ENDPOINT).unwrap();
    zap.send_multipart(["garbage"]).unwrap();
    let reply = zap.recv_multipart().unwrap();
    assert_eq!(reply.len(), 6);
    assert_eq!(reply[0], "1.0");
    assert_eq!(reply[2], "500");
    zap.send_multipart([
        "1.0",
        "7",
        "",
        "127.0.0.1",
        "",
        "PLAIN",
        "only-one-credential",
    ])
    .unwrap();
    let reply = zap.recv_multipart().unwrap();
    assert_eq!(reply[1], "7");
    assert_eq!(reply[2], "500");
    zap.send_multipart(["1.0", "8", "", "127.0.0.1", "", "NULL"])
        .unwrap();
    assert_eq!(zap.recv_multipart().unwrap()[2], "200");
    // Still serving after the bad requests, and it stops cleanly.
    common::within(common::TIMEOUT, move || drop(auth));
}

#[test]
fn the_authenticator_ends_with_its_context() {
    let ctx = Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    ctx.shutdown().unwrap();
    common::within(common::TIMEOUT, move || drop(auth));
}

#[test]
fn z85_test_vector_and_round_trips() {
    // ZeroMQ RFC 32's test vector.
    let bytes = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B];
    assert_eq!(zmq::z85::encode(&bytes).unwrap(), "HelloWorld");
    assert_eq!(zmq::z85::decode("HelloWorld").unwrap(), bytes);
    for _ in 0..50 {
        let keys = KeyPair::generate().unwrap();
        let text = zmq::z85::encode(keys.public.as_bytes()).unwrap();
        assert_eq!(text.len(), 40);
        assert_eq!(zmq::z85::decode(&text).unwrap(), keys.public.as_bytes());
        assert_eq!(CurveKey::from_z85(&text).unwrap(), keys.public);
        assert_eq!(zmq::curve::public_key(&keys.secret).unwrap(), keys.public);
    }
    assert_eq!(zmq::z85::encode(&[1, 2, 3]), Err(Error::InvalidArgument));
    assert_eq!(zmq::z85::decode("abcd"), Err(Error::InvalidArgument));
    assert_eq!(
        zmq::z85::decode("abc\"e"),
        Err(Error::InvalidArgument),
        "bad character"
    );
    assert_eq!(
        zmq::z85::decode("#####"),
        Err(Error::InvalidArgument),
        "value overflow"
    );
    assert_eq!(zmq::z85::decode("ab\0de"), Err(Error::InvalidArgument));
    assert_eq!(zmq::z85::decode("abcdé"), Err(Error::InvalidArgument));
    assert_eq!(zmq::z85::decode("").unwrap(), Vec::<u8>::new());
    assert!(
        CurveKey::from_z85("HelloWorld").is_err(),
        "a key is 40 characters"
    );
    assert!("not a key".parse::<CurveKey>().is_err());
}

#[test]
fn secret_keys_never_show_in_debug() {
    let keys = KeyPair::generate().unwrap();
    let secret_text = keys.secret.to_z85();
    for shown in [format!("{keys:?}"), format!("{:?}", keys.secret)] {
        assert!(!shown.contains(&secret_text), "{shown}");
    }
    assert!(format!("{:?}", keys.public).contains(&keys.public.to_z85()));
    assert!(keys.secret.is_secret());
    assert!(!keys.public.is_secret());
    assert_eq!(
        keys.secret.to_string(),
        secret_text,
        "Display is an explicit request"
    );
}

#[test]
fn certificates_round_trip() {
    let dir = std::env::temp_dir().join(format!("zmq-certs-{}", common::unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let keys = KeyPair::generate().unwrap();
    let (public, secret) = zmq::curve::write_certificates(&dir, "server", &keys).unwrap();
    let cert = zmq::curve::Certificate::load(&secret).unwrap();
    assert_eq!(cert.public, keys.public);
    assert_eq!(cert.secret.as_ref(), Some(&keys.secret));
    let cert = zmq::curve::Certificate::load(&public).unwrap();
    assert_eq!(cert.secret, None);
    assert_eq!(
        zmq::curve::load_public_keys(&dir).unwrap(),
        vec![keys.public.clone()]
    );
    std::fs::write(
        dir.join("broken.key"),
        "curve\n    public-key = \"short\"\n",
    )
    .unwrap();
    assert!(zmq::curve::load_public_keys(&dir).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Key, certificate, file and Z85 calls all return `zmq::Result`, so one
/// function can `?` them together.
fn certificate_workflow(dir: &std::path::Path) -> zmq::Result<CurveKey> {
    let keys = KeyPair::generate()?;
    let (public, _secret) = zmq::curve::write_certificates(dir, "a", &keys)?;
    let cert = zmq::curve::Certificate::load(&public)?;
    let parsed = zmq::curve::Certificate::parse(&cert.to_text(false))?;
    let text = zmq::z85::encode(parsed.public.as_bytes())?;
    assert_eq!(zmq::curve::public_key(&keys.secret)?, keys.public);
    assert_eq!(
        zmq::curve::load_public_keys(dir)?,
        std::slice::from_ref(&parsed.public)
    );
    CurveKey::from_z85(&text)
}

#[test]
fn security_calls_share_one_error_type() {
    let dir = std::env::temp_dir().join(format!("zmq-certs-{}", common::unique()));
    std::fs::create_dir_all(&dir).unwrap();
    certificate_workflow(&dir).unwrap();

    // File errors keep their OS meaning.
    let missing = dir.join("missing");
    assert_eq!(
        zmq::curve::Certificate::load(&missing),
        Err(Error::NotFound)
    );
    assert_eq!(zmq::curve::load_public_keys(&missing), Err(Error::NotFound));
    let keys = KeyPair::generate().unwrap();
    assert_eq!(
        zmq::curve::write_certificates(&missing, "x", &keys).unwrap_err(),
        Error::NotFound
    );
    // Malformed text is InvalidCertificate, with its own words and io kind.
    let invalid = [
        "",
        "curve\n",
        "curve\n    public-key = \"short\"\n",
        "curve\n    secret-key = \"rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7\"\n",
    ];
    for text in invalid {
        assert_eq!(
            zmq::curve::Certificate::parse(text),
            Err(Error::InvalidCertificate),
            "{text:?}"
        );
    }
    std::fs::write(dir.join("binary.key"), [0xFFu8, 0xFE, 0]).unwrap();
    assert_eq!(
        zmq::curve::Certificate::load(dir.join("binary.key")),
        Err(Error::InvalidCertificate)
    );
    assert_eq!(
        zmq::curve::load_public_keys(&dir),
        Err(Error::InvalidCertificate)
    );
    assert_eq!(
        Error::InvalidCertificate.to_string(),
        "invalid CURVE certificate"
    );
    let io: std::io::Error = Error::InvalidCertificate.into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidData);
    let io: std::io::Error = Error::NotFound.into();
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// czmq's `zcert_save_public`/`zcert_save_secret` text for a key pair.
fn czmq_certificate(name: &str, keys: &KeyPair, secret: bool) -> String {
    let mut text = format!(
        "#   ****  Generated on 2026-12-04 by CZMQ  ****\n\
         #   ZeroMQ CURVE {} Certificate\n\
         #   Exchange securely, or use a secure mechanism to verify the contents\n\
         #   of this file after exchange. Store public certificates in your home\n\
         #   directory, in the .curve subdirectory.\n\
         \n\
         metadata\n    name = \"{name}\"\n    email = \"{name}@example.com\"\n\
         curve\n    public-key = \"{}\"\n",
        if secret { "**Secret**" } else { "Public" },
        keys.public.to_z85()
    );
    if secret {
        text.push_str(&format!("    secret-key = \"{}\"\n", keys.secret.to_z85()));
    }
    text
}

/// Asks the authenticator directly, as libzmq would: the status code.
fn zap_verdict(zap: &zmq::Socket<zmq::Req>, address: &str, mechanism: &str, cred: &[u8]) -> String {
    let mut request: Vec<&[u8]> = vec![
        b"1.0",
        b"1",
        b"",
        address.as_bytes(),
        b"",
        mechanism.as_bytes(),
    ];
    if mechanism != "NULL" {
        request.push(cred);
    }
    zap.send_multipart(request).unwrap();
    let reply = zap.recv_multipart().unwrap();
    reply[2].as_str().unwrap().to_string()
}

#[test]
fn czmq_and_pyzmq_certificate_stores_load_and_secret_files_never_authorise() {
    let dir = std::env::temp_dir().join(format!("zmq-store-{}", common::unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let pair = || KeyPair::generate().unwrap();
    let (alice, bob, carol, mallory, eve, trent) = (pair(), pair(), pair(), pair(), pair(), pair());
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    // czmq: `name` and `name_secret`; zguide style `name.txt` + `name.txt_secret`.
    write("alice", czmq_certificate("alice", &alice, false));
    write("alice_secret", czmq_certificate("alice", &alice, true));
    write("bob.txt", czmq_certificate("bob", &bob, false));
    write("bob.txt_secret", czmq_certificate("bob", &bob, true));
    // pyzmq: `name.key` + `name.key_secret`.
    zmq::curve::write_certificates(&dir, "carol", &carol).unwrap();
    // Secret files whose public key is not listed anywhere else.
    write(
        "mallory_secret",
        czmq_certificate("mallory", &mallory, true),
    );
    write("eve.key_secret", czmq_certificate("eve", &eve, true));
    // A secret certificate under a public-looking name.
    write("trent.pub", czmq_certificate("trent", &trent, true));
    write(".hidden", "not a certificate".to_string());

    let cert = zmq::curve::Certificate::load(dir.join("alice")).unwrap();
    assert_eq!(cert.public, alice.public);
    assert_eq!(
        cert.metadata,
        [
            ("name".to_string(), "alice".to_string()),
            ("email".to_string(), "alice@example.com".to_string())
        ]
    );
    let cert = zmq::curve::Certificate::load(dir.join("alice_secret")).unwrap();
    assert_eq!(cert.secret.as_ref(), Some(&alice.secret));

    let keys = zmq::curve::load_public_keys(&dir).unwrap();
    assert_eq!(
        keys,
        [
            alice.public.clone(),
            bob.public.clone(),
            carol.public.clone()
        ]
    );

    // The authenticator loads the store; secret files authorise nobody.
    let ctx = Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    auth.configure_curve_certificates("*", &dir).unwrap();
    let zap = common::socket::<zmq::Req>(&ctx);
    zap.connect(zmq::zap::ZAP_ENDPOINT).unwrap();
    for allowed in [&alice, &bob, &carol] {
        assert_eq!(
            zap_verdict(&zap, "127.0.0.1", "CURVE", allowed.public.as_bytes()),
            "200"
        );
    }
    for refused in [&mallory, &eve, &trent] {
        assert_eq!(
            zap_verdict(&zap, "127.0.0.1", "CURVE", refused.public.as_bytes()),
            "400"
        );
    }
    assert_eq!(
        auth.configure_curve_certificates("*", dir.join("missing")),
        Err(Error::NotFound)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn allow_and_deny_take_one_address_or_many() {
    let ctx = Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    let zap = common::socket::<zmq::Req>(&ctx);
    zap.connect(zmq::zap::ZAP_ENDPOINT).unwrap();
    let verdict = |address: &str| zap_verdict(&zap, address, "NULL", b"");
    assert_eq!(verdict("10.0.0.1"), "200");

    auth.deny("10.0.0.1");
    auth.deny(String::from("10.0.0.2"));
    auth.deny(["10.0.0.3", "10.0.0.4"]);
    auth.deny(vec![String::from("10.0.0.5")]);
    auth.deny(&["10.0.0.6"][..]);
    auth.deny("10.0.0.7 10.0.0.8".split(' '));
    for i in 1..=8 {
        assert_eq!(verdict(&format!("10.0.0.{i}")), "400", "10.0.0.{i}");
    }
    assert_eq!(verdict("10.0.0.9"), "200");

    auth.allow("10.1.0.1");
    auth.allow(["10.1.0.2", "10.1.0.3"]);
    let listed = vec!["10.1.0.4".to_string()];
    auth.allow(&listed); // borrowed: the list stays the caller's
    assert_eq!(listed.len(), 1);
    auth.allow((5..=6).map(|i| format!("10.1.0.{i}")));
    for i in 1..=6 {
        assert_eq!(verdict(&format!("10.1.0.{i}")), "200", "10.1.0.{i}");
    }
    assert_eq!(verdict("10.0.0.9"), "400", "not on the allow list");
}

#[test]
fn null_security_consults_zap_only_with_a_zap_domain() {
    let ctx = Context::new();
    let auth = Authenticator::start(&ctx).unwrap();
    auth.deny("127.0.0.1");
    let nothing = |_: &zmq::Socket<zmq::Push>| {};
    let (server, mut monitor, endpoint) = guarded_server::<zmq::Pull>(&ctx, |_| {});
    assert_eq!(
        attempt(&ctx, &endpoint, &mut monitor, &server, nothing),
        Some(String::new()),
        "no ZAP domain: ZAP is not asked"
    );
    let (server, mut monitor, endpoint) =
        guarded_server::<zmq::Pull>(&ctx, |s| s.set_zap_domain("guarded").unwrap());
    assert_eq!(
        attempt(&ctx, &endpoint, &mut monitor, &server, nothing),
        None,
        "with a ZAP domain the deny list applies"
    );
}
