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

/// One IP address or several, for [`Authenticator::allow`] and
/// [`Authenticator::deny`]: a `&str` or `String`, or an array, `Vec` or
/// slice of them, or the common iterators over them (`map`, `filter`,
/// `chain`, `split`, `lines`, a `Vec`'s or set's `into_iter`, ...). Another
/// iterator can be `collect`ed into a `Vec` first. (A blanket impl for every
/// iterator would overlap with the one for `&str` under Rust's coherence
/// rules.)
///
/// ```
/// # let ctx = zmq::Context::new();
/// let auth = zmq::zap::Authenticator::start(&ctx)?;
/// auth.allow("127.0.0.1");
/// auth.allow(["10.0.0.1", "10.0.0.2"]);
/// auth.allow(vec![String::from("10.0.0.3")]);
/// auth.deny("192.168.1.1 192.168.1.2".split(' '));
/// # Ok::<(), zmq::Error>(())
/// ```
pub trait Addresses {
    /// The addresses, as owned strings.
    fn into_addresses(self) -> Vec<String>;
}

impl Addresses for &str {
    fn into_addresses(self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl Addresses for String {
    fn into_addresses(self) -> Vec<String> {
        vec![self]
    }
}

impl Addresses for &String {
    fn into_addresses(self) -> Vec<String> {
        vec![self.clone()]
    }
}

impl<S: Into<String>, const N: usize> Addresses for [S; N] {
    fn into_addresses(self) -> Vec<String> {
        self.into_iter().map(Into::into).collect()
    }
}

impl<S: Into<String>> Addresses for Vec<S> {
    fn into_addresses(self) -> Vec<String> {
        self.into_iter().map(Into::into).collect()
    }
}

impl<S: AsRef<str>, const N: usize> Addresses for &[S; N] {
    fn into_addresses(self) -> Vec<String> {
        self.iter().map(|a| a.as_ref().to_string()).collect()
    }
}

impl<S: AsRef<str>> Addresses for &[S] {
    fn into_addresses(self) -> Vec<String> {
        self.iter().map(|a| a.as_ref().to_string()).collect()
    }
}

impl<S: AsRef<str>> Addresses for &Vec<S> {
    fn into_addresses(self) -> Vec<String> {
        self.as_slice().into_addresses()
    }
}

/// `Addresses` for iterator types of the standard library whose items
/// convert into `String`.
macro_rules! iterator_addresses {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {$(
        impl<$($generics)*> Addresses for $ty
        where
            $ty: Iterator,
            <$ty as Iterator>::Item: Into<String>,
        {
            fn into_addresses(self) -> Vec<String> {
                self.map(Into::into).collect()
            }
        }
    )*};
}

iterator_addresses!(
    [I, F] std::iter::Map<I, F>,
    [I, P] std::iter::Filter<I, P>,
    [I, F] std::iter::FilterMap<I, F>,
    [A, B] std::iter::Chain<A, B>,
    [I] std::iter::Cloned<I>,
    [I] std::iter::Copied<I>,
    [I] std::iter::Take<I>,
    [I] std::iter::Skip<I>,
    [T] std::iter::Once<T>,
    [T] std::option::IntoIter<T>,
    [T] std::vec::IntoIter<T>,
    [T, const N: usize] std::array::IntoIter<T, N>,
    [T] std::collections::hash_set::IntoIter<T>,
    [T] std::collections::btree_set::IntoIter<T>,
    ['a] std::str::Split<'a, char>,
    ['a, 'b] std::str::Split<'a, &'b str>,
    ['a] std::str::SplitWhitespace<'a>,
    ['a] std::str::Lines<'a>,
);

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
///
/// NULL security: libzmq asks ZAP about a NULL-security socket (the default
/// mechanism) only when the socket sets a ZAP domain
/// ([`Socket::set_zap_domain`](crate::Socket::set_zap_domain)); without
/// one, its peers are never checked, not even against
/// [`deny`](Self::deny). PLAIN and CURVE servers always ask.
///
/// With the cargo feature `log`, every decision (domain, address,
/// mechanism, the peer's routing id, status code and reason, User-Id) is
/// logged through the [`log`](https://docs.rs/log) facade at debug level,
/// with target `zmq::zap`; nothing is ever printed otherwise.
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

    /// Allows connections from this IP address, or these, only (adds to
    /// the list): `allow("127.0.0.1")`, `allow(["10.0.0.1", "10.0.0.2"])`
    /// (see [`Addresses`]).
    pub fn allow(&self, addresses: impl Addresses) {
        let addresses = addresses.into_addresses();
        self.with_policy(|p| p.allow.extend(addresses))
    }

    /// Refuses connections from this IP address, or these, when no address
    /// is allowed explicitly (adds to the list); takes what
    /// [`allow`](Self::allow) takes.
    pub fn deny(&self, addresses: impl Addresses) {
        let addresses = addresses.into_addresses();
        self.with_policy(|p| p.deny.extend(addresses))
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

    /// Sets the CURVE client keys of a domain (replacing earlier ones) to
    /// the public certificates in a folder: pyzmq's `*.key` files, or
    /// czmq's certificate store; see [`curve::load_public_keys`](crate::curve::load_public_keys)
    /// (secret certificates never authorise). On error the domain's keys
    /// are left as they were.
    pub fn configure_curve_certificates(
        &self,
        domain: &str,
        dir: impl AsRef<std::path::Path>,
    ) -> Result<()> {
        let keys = crate::curve::load_public_keys(dir)?;
        self.configure_curve(domain, keys);
        Ok(())
    }

    /// Accepts any CURVE client key in a domain (encryption without client
    /// authentication).
    pub fn configure_curve_any(&self, domain: &str) {
        self.with_policy(|p| p.curve.insert(domain.to_string(), Curve::Any));
    }
}

impl Drop for Authenticator {
    fn drop(&mut self) {
        let control = self
            .control
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if control.live().is_err() {
            // Inherited across fork(): the handler thread exists only in the
            // parent, so joining it would wait forever. Leave it.
            std::mem::forget(self.thread.take());
            return;
        }
        // Fails only if the context is shut down, which ends the handler's
        // wait by itself.
        let _ = control.send("STOP");
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
    let (code, text, user) = decide(request, policy);
    #[cfg(feature = "log")]
    {
        let frame = |i: usize| request.get(i).map(|m| String::from_utf8_lossy(m));
        log::debug!(
            target: "zmq::zap",
            "ZAP {code} {text:?}: domain={:?} address={:?} mechanism={:?} identity={:?} user_id={user:?}",
            frame(2).unwrap_or_default(),
            frame(3).unwrap_or_default(),
            frame(5).unwrap_or_default(),
            frame(4).unwrap_or_default(),
        );
    }
    let request_id = request.get(1).map(|m| m.to_vec()).unwrap_or_default();
    [
        b"1.0".to_vec(),
        request_id,
        code.as_bytes().to_vec(),
        text.as_bytes().to_vec(),
        user.into_bytes(),
        Vec::new(),
    ]
    .into_iter()
    .collect()
}

/// The verdict on a request: status code, status text, User-Id.
fn decide(request: &Multipart, policy: &Policy) -> (&'static str, &'static str, String) {
    let reply = |code, text, user: &str| (code, text, user.to_string());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(mechanism: &str, credentials: &[&[u8]]) -> Multipart {
        let mut frames: Vec<Vec<u8>> = ["1.0", "7", "", "10.0.0.1", "", mechanism]
            .iter()
            .map(|f| f.as_bytes().to_vec())
            .collect();
        frames.extend(credentials.iter().map(|c| c.to_vec()));
        frames.into_iter().collect()
    }

    fn verdict(request: &Multipart, policy: &Policy) -> (&'static str, String) {
        let (code, _, user) = decide(request, policy);
        (code, user)
    }

    #[test]
    fn the_reply_echoes_the_request_id_in_six_frames() {
        let reply = answer(&request("NULL", &[]), &Policy::default());
        let frames: Vec<&[u8]> = reply.iter().map(|m| &m[..]).collect();
        assert_eq!(frames, [&b"1.0"[..], b"7", b"200", b"OK", b"", b""]);
    }

    #[test]
    fn a_malformed_request_gets_500() {
        let short: Multipart = ["1.0", "7"].into_iter().collect();
        assert_eq!(verdict(&short, &Policy::default()).0, "500");
        let mut wrong_version = request("NULL", &[]);
        wrong_version[0] = crate::Message::from("2.0");
        assert_eq!(verdict(&wrong_version, &Policy::default()).0, "500");
        assert_eq!(
            verdict(&request("PLAIN", &[b"u"]), &Policy::default()).0,
            "500"
        );
        assert_eq!(
            verdict(&request("CURVE", &[b"short"]), &Policy::default()).0,
            "500"
        );
        assert_eq!(
            verdict(&request("GSSAPI", &[]), &Policy::default()).0,
            "400"
        );
    }

    #[test]
    fn addresses_are_checked_before_the_mechanism() {
        let mut policy = Policy::default();
        policy.deny.insert("10.0.0.1".into());
        assert_eq!(verdict(&request("NULL", &[]), &policy).0, "400");
        // An allow list wins over the deny list.
        policy.allow.insert("10.0.0.1".into());
        assert_eq!(verdict(&request("NULL", &[]), &policy).0, "200");
        policy.allow = ["10.0.0.2".to_string()].into_iter().collect();
        assert_eq!(verdict(&request("NULL", &[]), &policy).0, "400");
    }

    #[test]
    fn plain_checks_the_password_of_the_star_domain() {
        let mut policy = Policy::default();
        let users = [("admin".to_string(), "secret".to_string())];
        policy.plain.insert("*".into(), users.into_iter().collect());
        assert_eq!(
            verdict(&request("PLAIN", &[b"admin", b"secret"]), &policy),
            ("200", "admin".to_string())
        );
        assert_eq!(
            verdict(&request("PLAIN", &[b"admin", b"wrong"]), &policy).0,
            "400"
        );
        assert_eq!(
            verdict(&request("PLAIN", &[b"admin", b"\xff"]), &policy).0,
            "400"
        );
    }

    #[test]
    fn curve_returns_the_client_key_in_z85() {
        let key = CurveKey::from_bytes([7; 32]);
        let mut policy = Policy::default();
        policy
            .curve
            .insert("*".into(), Curve::Keys(vec![key.clone()]));
        assert_eq!(
            verdict(&request("CURVE", &[key.as_bytes()]), &policy),
            ("200", key.to_z85())
        );
        let other = CurveKey::from_bytes([8; 32]);
        assert_eq!(
            verdict(&request("CURVE", &[other.as_bytes()]), &policy).0,
            "400"
        );
        policy.curve.insert("*".into(), Curve::Any);
        assert_eq!(
            verdict(&request("CURVE", &[other.as_bytes()]), &policy).0,
            "200"
        );
    }
}
