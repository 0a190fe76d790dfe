//! A ZAP authenticator (ZeroMQ RFC 27): decides, for the PLAIN, CURVE and
//! NULL servers of a context, which peers may connect. (Security mechanisms
//! apply to connections over tcp, ipc and the other network transports, not
//! to inproc.)
//!
//! ```
//! use zmq::zap::Authenticator;
//! let ctx = zmq::Context::new();
//! let auth = Authenticator::start(&ctx)?;
//! auth.configure_plain("*", [("admin", "secret")]);
//!
//! let server = ctx.socket::<zmq::Rep>()?;
//! server.set_plain_server(true)?;
//! server.bind("tcp://127.0.0.1:*")?;
//! let client = ctx.socket::<zmq::Req>()?;
//! client.set_plain_username("admin")?;
//! client.set_plain_password("secret")?;
//! client.connect(&server.last_endpoint()?)?;
//! client.send("hi")?;
//! let msg = server.recv()?;
//! assert_eq!(msg.property("User-Id"), Some("admin"));
//! # Ok::<(), zmq::Error>(())
//! ```

use crate::context::Context;
use crate::curve::CurveKey;
use crate::error::{Error, Result};
use crate::multipart::Multipart;
use crate::poll::{poll, Events};
use crate::socket::Socket;
use crate::{Pair, Rep};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// The endpoint libzmq sends ZAP requests to.
pub const ZAP_ENDPOINT: &str = "inproc://zeromq.zap.01";

/// What the authenticator allows. Read by the handler thread for every
/// request, under the lock, so a change is in force when its method returns.
#[derive(Default)]
struct Policy {
    allow: HashSet<String>,
    deny: HashSet<String>,
    /// Domain to (username to password).
    plain: HashMap<String, HashMap<String, String>>,
    /// Domain to its allowed client keys.
    curve: HashMap<String, Curve>,
}

enum Curve {
    Any,
    Keys(Vec<CurveKey>),
}

/// A ZAP handler serving `inproc://zeromq.zap.01` in its own thread until
/// dropped.
///
/// Policy, as in pyzmq's authenticator: when addresses are allowed, only they
/// may connect; otherwise denied addresses may not. A peer that passes the
/// address check still has to authenticate under PLAIN (username and
/// password configured for the socket's ZAP domain) and CURVE (its public key
/// configured for the domain, or any key). Domain `"*"` serves sockets that
/// set no ZAP domain. The User-Id of a message (`Message::property("User-Id")`)
/// is the PLAIN username or the CURVE client key in Z85.
///
/// The methods take `&self`, may be called from any thread while the
/// handler runs, and are in force when they return.
pub struct Authenticator {
    policy: Arc<Mutex<Policy>>,
    control: Mutex<Socket<Pair>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator").finish_non_exhaustive()
    }
}

impl Authenticator {
    /// Binds the ZAP endpoint of `ctx` and starts the handler thread.
    /// Fails with `AddrInUse` if the context already has a ZAP handler.
    pub fn start(ctx: &Context) -> Result<Authenticator> {
        let handler = ctx.socket::<Rep>()?;
        handler.set_linger(Some(std::time::Duration::ZERO))?;
        handler.bind(ZAP_ENDPOINT)?;

        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let control_endpoint = format!(
            "inproc://zmq-rs.zap-control.{}.{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let inner = ctx.socket::<Pair>()?;
        inner.bind(&control_endpoint)?;
        let outer = ctx.socket::<Pair>()?;
        outer.set_linger(Some(std::time::Duration::ZERO))?;
        outer.connect(&control_endpoint)?;

        let policy = Arc::new(Mutex::new(Policy::default()));
        let shared = policy.clone();
        let thread = std::thread::Builder::new()
            .name("zmq-zap".into())
            .spawn(move || serve(&handler, &inner, &shared))
            .map_err(|_| Error::NoThread)?;
        Ok(Authenticator {
            policy,
            control: Mutex::new(outer),
            thread: Some(thread),
        })
    }

    fn with_policy<T>(&self, f: impl FnOnce(&mut Policy) -> T) -> T {
        f(&mut self.policy.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Allows connections from these IP addresses only (adds to the list).
    pub fn allow<I: IntoIterator<Item = S>, S: Into<String>>(&self, addresses: I) {
        self.with_policy(|p| p.allow.extend(addresses.into_iter().map(Into::into)))
    }

    /// Refuses connections from these IP addresses (when no address is
    /// allowed explicitly).
    pub fn deny<I: IntoIterator<Item = S>, S: Into<String>>(&self, addresses: I) {
        self.with_policy(|p| p.deny.extend(addresses.into_iter().map(Into::into)))
    }

    /// Sets the PLAIN users of a domain (replacing earlier ones).
    pub fn configure_plain<I, U, P>(&self, domain: &str, users: I)
    where
        I: IntoIterator<Item = (U, P)>,
        U: Into<String>,
        P: Into<String>,
    {
        let users = users
            .into_iter()
            .map(|(u, p)| (u.into(), p.into()))
            .collect();
        self.with_policy(|p| p.plain.insert(domain.to_string(), users));
    }

    /// Sets the CURVE client keys a domain accepts (replacing earlier ones).
    pub fn configure_curve<I: IntoIterator<Item = CurveKey>>(&self, domain: &str, keys: I) {
        let keys = Curve::Keys(keys.into_iter().collect());
        self.with_policy(|p| p.curve.insert(domain.to_string(), keys));
    }

    /// Accepts any CURVE client key in a domain (encryption without client
    /// authentication).
    pub fn configure_curve_any(&self, domain: &str) {
        self.with_policy(|p| p.curve.insert(domain.to_string(), Curve::Any));
    }
}

impl Drop for Authenticator {
    fn drop(&mut self) {
        if let Ok(control) = self.control.get_mut() {
            // Fails only if the context is shut down, which ends the
            // handler's wait by itself.
            let _ = control.send("STOP");
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The handler loop: answer ZAP requests until told to stop or the context
/// is shut down.
fn serve(handler: &Socket<Rep>, control: &Socket<Pair>, policy: &Mutex<Policy>) {
    loop {
        let mut items = [
            handler.as_poll_item(Events::IN),
            control.as_poll_item(Events::IN),
        ];
        match poll(&mut items, None) {
            Ok(_) => {}
            Err(Error::Interrupted) => continue,
            Err(_) => return,
        }
        if items[1].is_readable() {
            return;
        }
        if items[0].is_readable() {
            let request = match handler.recv_multipart() {
                Ok(r) => r,
                Err(Error::Interrupted | Error::Again) => continue,
                Err(_) => return,
            };
            let reply = {
                let policy = policy.lock().unwrap_or_else(PoisonError::into_inner);
                answer(&request, &policy)
            };
            if let Err(Error::Terminated) = handler.send_multipart(reply) {
                return;
            }
        }
    }
}

/// The ZAP reply to a request: always well-formed, so that a malformed
/// request gets an error reply rather than no reply.
fn answer(request: &Multipart, policy: &Policy) -> Multipart {
    let request_id = request.get(1).map(|m| m.to_vec()).unwrap_or_default();
    let reply = |code: &str, text: &str, user: &str| -> Multipart {
        [
            b"1.0".to_vec(),
            request_id.clone(),
            code.as_bytes().to_vec(),
            text.as_bytes().to_vec(),
            user.as_bytes().to_vec(),
            Vec::new(),
        ]
        .into_iter()
        .collect()
    };
    // version, request id, domain, address, identity, mechanism, credentials
    if request.len() < 6 || request[0] != "1.0" {
        return reply("500", "malformed ZAP request", "");
    }
    let text = |i: usize| request[i].as_str().unwrap_or("");
    let (domain, address, mechanism) = (text(2), text(3), &request[5]);
    let credentials = &request[6..];

    if !policy.allow.is_empty() {
        if !policy.allow.contains(address) {
            return reply("400", "address not allowed", "");
        }
    } else if policy.deny.contains(address) {
        return reply("400", "address denied", "");
    }
    // Sockets with no ZAP domain are served by "*".
    let domain = if domain.is_empty() { "*" } else { domain };

    match &mechanism[..] {
        b"NULL" => reply("200", "OK", ""),
        b"PLAIN" => {
            let [user, password] = credentials else {
                return reply("500", "malformed PLAIN credentials", "");
            };
            let (Some(user), Some(password)) = (user.as_str(), password.as_str()) else {
                return reply("400", "invalid credentials", "");
            };
            match policy.plain.get(domain).and_then(|users| users.get(user)) {
                Some(expected) if expected == password => reply("200", "OK", user),
                _ => reply("400", "invalid username or password", ""),
            }
        }
        b"CURVE" => {
            let [key] = credentials else {
                return reply("500", "malformed CURVE credentials", "");
            };
            let Ok(key) = CurveKey::from_slice(key) else {
                return reply("500", "malformed CURVE key", "");
            };
            let allowed = match policy.curve.get(domain) {
                Some(Curve::Any) => true,
                Some(Curve::Keys(keys)) => keys.contains(&key),
                None => false,
            };
            if allowed {
                reply("200", "OK", &key.to_z85())
            } else {
                reply("400", "unknown CURVE key", "")
            }
        }
        _ => reply("400", "unsupported mechanism", ""),
    }
}
