//! CURVE keys: generation, derivation, and the [`CurveKey`] type.

use crate::error::{Error, Result};
use std::ffi::c_char;
use std::fmt;
use std::str::FromStr;

/// A 32-byte CURVE key (public or secret).
///
/// Text form is Z85 (40 characters): [`to_z85`](Self::to_z85),
/// [`from_z85`](Self::from_z85), `FromStr`, `Display`. Every key is wiped
/// from memory when dropped; a key marked secret (from
/// [`KeyPair::generate`], [`CurveKey::secret_from_z85`] or
/// [`CurveKey::secret_from_bytes`]) never shows in `Debug` output.
/// Equality runs in constant time.
///
/// ```
/// let pair = zmq::curve::KeyPair::generate()?;
/// let text = pair.public.to_z85();
/// assert_eq!(text.len(), 40);
/// assert_eq!(text.parse::<zmq::curve::CurveKey>()?, pair.public);
/// assert!(!format!("{pair:?}").contains(&pair.secret.to_z85()));
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Clone)]
pub struct CurveKey {
    bytes: [u8; 32],
    secret: bool,
}

impl CurveKey {
    /// A public key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> CurveKey {
        CurveKey {
            bytes,
            secret: false,
        }
    }

    /// A secret key from its 32 bytes (hidden from `Debug`).
    pub fn secret_from_bytes(bytes: [u8; 32]) -> CurveKey {
        CurveKey {
            bytes,
            secret: true,
        }
    }

    /// A key from a 32-byte slice; `InvalidArgument` for any other length.
    pub fn from_slice(bytes: &[u8]) -> Result<CurveKey> {
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| Error::InvalidArgument)?;
        Ok(CurveKey::from_bytes(bytes))
    }

    /// A key from its 40-character Z85 text; `InvalidArgument` otherwise.
    pub fn from_z85(text: &str) -> Result<CurveKey> {
        if text.len() != 40 {
            return Err(Error::InvalidArgument);
        }
        let mut bytes = crate::z85::decode(text)?;
        let key = CurveKey::from_slice(&bytes);
        wipe(&mut bytes);
        key
    }

    /// A secret key from its Z85 text (hidden from `Debug`).
    pub fn secret_from_z85(text: &str) -> Result<CurveKey> {
        let mut key = CurveKey::from_z85(text)?;
        key.secret = true;
        Ok(key)
    }

    /// The key's 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// The 40-character Z85 text of the key. For a secret key the text is
    /// then the caller's to wipe; [`Display`](fmt::Display) writes it
    /// without a temporary copy.
    pub fn to_z85(&self) -> String {
        self.with_z85(str::to_string)
    }

    /// Calls `f` with the Z85 text of the key, held in a buffer on the stack
    /// that is wiped afterwards.
    fn with_z85<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let mut text = Wiped([0u8; 41]);
        // 32 bytes into 40 characters and a NUL cannot fail; the text is
        // ASCII from the Z85 alphabet.
        let _ = crate::z85::encode_into(&self.bytes, &mut text.0);
        f(std::str::from_utf8(&text.0[..40]).unwrap_or_default())
    }

    /// Whether the key is marked secret (hidden from `Debug`).
    pub fn is_secret(&self) -> bool {
        self.secret
    }
}

/// A buffer of secret material, wiped when it goes out of scope (also on
/// unwinding).
struct Wiped<const N: usize>([u8; N]);

impl<const N: usize> Drop for Wiped<N> {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Overwrites bytes in a way the optimiser keeps.
pub(crate) fn wipe<T: Copy + Default>(bytes: &mut [T]) {
    for b in bytes.iter_mut() {
        // SAFETY: b is a valid, exclusive reference to one element.
        unsafe { std::ptr::write_volatile(b, T::default()) };
    }
    std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
}

impl Drop for CurveKey {
    fn drop(&mut self) {
        wipe(&mut self.bytes);
    }
}

impl PartialEq for CurveKey {
    /// Compares the bytes in constant time.
    fn eq(&self, other: &CurveKey) -> bool {
        let diff = self
            .bytes
            .iter()
            .zip(other.bytes.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(diff) == 0
    }
}

impl Eq for CurveKey {}

impl fmt::Debug for CurveKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret {
            f.write_str("CurveKey(<secret>)")
        } else {
            self.with_z85(|text| write!(f, "CurveKey({text:?})"))
        }
    }
}

impl fmt::Display for CurveKey {
    /// The Z85 text (also of a secret key: displaying is asking for it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_z85(|text| f.write_str(text))
    }
}

impl FromStr for CurveKey {
    type Err = Error;
    fn from_str(text: &str) -> Result<CurveKey> {
        CurveKey::from_z85(text)
    }
}

/// A CURVE key pair.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// The public key, given to peers.
    pub public: CurveKey,
    /// The secret key, kept by its owner (marked secret).
    pub secret: CurveKey,
}

impl KeyPair {
    /// A new random key pair (`zmq_curve_keypair`); `NotSupported` when
    /// libzmq was built without CURVE.
    #[doc(alias = "zmq_curve_keypair")]
    pub fn generate() -> Result<KeyPair> {
        let mut public = [0u8; 41];
        let mut secret = Wiped([0u8; 41]);
        // SAFETY: both buffers hold the 40 characters and NUL that
        // zmq_curve_keypair writes.
        let rc = unsafe {
            zmq_sys::zmq_curve_keypair(
                public.as_mut_ptr() as *mut c_char,
                secret.0.as_mut_ptr() as *mut c_char,
            )
        };
        if rc != 0 {
            return Err(Error::last());
        }
        Ok(KeyPair {
            public: key_from_c(&public, false)?,
            secret: key_from_c(&secret.0, true)?,
        })
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("public", &self.public)
            .field("secret", &"<secret>")
            .finish()
    }
}

/// The public key of a secret key (`zmq_curve_public`).
#[doc(alias = "zmq_curve_public")]
pub fn public_key(secret: &CurveKey) -> Result<CurveKey> {
    let mut secret_text = Wiped([0u8; 41]);
    crate::z85::encode_into(&secret.bytes, &mut secret_text.0)?;
    let mut public = [0u8; 41];
    // SAFETY: secret_text is a NUL-terminated 40-character Z85 string;
    // public has room for 40 characters and the NUL.
    let rc = unsafe {
        zmq_sys::zmq_curve_public(
            public.as_mut_ptr() as *mut c_char,
            secret_text.0.as_ptr() as *const c_char,
        )
    };
    if rc != 0 {
        return Err(Error::last());
    }
    key_from_c(&public, false)
}

/// The key whose Z85 text libzmq wrote into `text` (40 characters, NUL).
fn key_from_c(text: &[u8; 41], secret: bool) -> Result<CurveKey> {
    let text = std::str::from_utf8(&text[..40]).map_err(|_| Error::InvalidArgument)?;
    let mut key = CurveKey::from_z85(text)?;
    key.secret = secret;
    Ok(key)
}

/// A CURVE certificate as czmq and pyzmq (`zmq.auth.create_certificates`)
/// store it: a text file in ZPL with `curve/public-key` and, in the secret
/// file, `curve/secret-key`, both in Z85, plus optional metadata.
#[derive(Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The public key.
    pub public: CurveKey,
    /// The secret key, present in a `.key_secret` file.
    pub secret: Option<CurveKey>,
    /// The `metadata` section's entries, in file order.
    pub metadata: Vec<(String, String)>,
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("public", &self.public)
            .field("secret", &self.secret.as_ref().map(|_| "<secret>"))
            .field("metadata", &self.metadata)
            .finish()
    }
}

/// A file error as a [`zmq::Error`](Error): its OS error code maps to the
/// errno-based variants (`ENOENT` to [`Error::NotFound`], `EACCES` to
/// [`Error::PermissionDenied`], ...), so `?` mixes file and socket calls.
fn file_error(e: std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    match (e.raw_os_error(), e.kind()) {
        (Some(code), _) => Error::from_errno(code),
        (None, K::NotFound) => Error::NotFound,
        (None, K::PermissionDenied) => Error::PermissionDenied,
        (None, K::InvalidData) => Error::InvalidCertificate,
        (None, K::OutOfMemory) => Error::NoMemory,
        (None, _) => Error::Other(libc::EIO),
    }
}

/// Whether `name` is a ZPL name as czmq reads it: ASCII letters and digits
/// and `$-_@.&+/`, not starting or ending with `/`.
fn is_zpl_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.ends_with('/')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"$-_@.&+/".contains(&b))
}

/// The quote that holds `value` in ZPL, which has no escapes: `"`, or `'`
/// for a value with a `"` in it. `None` when nothing can: a value with both
/// quotes, or with a line break or a NUL byte (czmq reads C strings).
fn zpl_quote(value: &str) -> Option<char> {
    if value.contains(['\n', '\r', '\0']) {
        None
    } else if !value.contains('"') {
        Some('"')
    } else if !value.contains('\'') {
        Some('\'')
    } else {
        None
    }
}

/// A ZPL value without its quotes (`"..."` or `'...'`), as czmq writes it.
fn unquote(value: &str) -> &str {
    let value = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

impl Certificate {
    /// Reads a certificate file (see [`Certificate::parse`]). File errors
    /// keep their OS meaning ([`Error::NotFound`],
    /// [`Error::PermissionDenied`], ...); text that is not a certificate is
    /// [`Error::InvalidCertificate`].
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Certificate> {
        // A secret file's text is wiped once parsed.
        let mut text = std::fs::read(path).map_err(file_error)?;
        let cert = std::str::from_utf8(&text)
            .map_err(|_| Error::InvalidCertificate)
            .and_then(Certificate::parse);
        wipe(&mut text);
        cert
    }

    /// Parses a certificate's text, as czmq (`zcert_save`) and pyzmq
    /// (`zmq.auth.create_certificates`) write it: ZPL, i.e. section names on
    /// lines of their own and `name = "value"` entries indented below them
    /// (quotes optional), blank lines and `#` comments ignored.
    ///
    /// A valid certificate has a `curve` section with a `public-key` entry of
    /// 40 Z85 characters, and may have a `secret-key` entry of the same form
    /// there and a `metadata` section whose entries are kept; other sections
    /// and entries are ignored. Anything else (no public key, a key of the
    /// wrong length or alphabet) is [`Error::InvalidCertificate`].
    ///
    /// ```
    /// let text = "metadata\n    name = \"alice\"\ncurve\n    public-key = \"rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7\"\n";
    /// let cert = zmq::curve::Certificate::parse(text)?;
    /// assert_eq!(cert.metadata, [("name".to_string(), "alice".to_string())]);
    /// assert!(cert.secret.is_none());
    /// assert_eq!(
    ///     zmq::curve::Certificate::parse("curve\n"),
    ///     Err(zmq::Error::InvalidCertificate)
    /// );
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Certificate> {
        let mut section = "";
        let (mut public, mut secret, mut metadata) = (None, None, Vec::new());
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indented = line.starts_with(' ') || line.starts_with('\t');
            match trimmed.split_once('=') {
                None if !indented => section = trimmed,
                None => {}
                Some((name, value)) => {
                    // Borrowed, not copied: a secret key leaves no copy behind.
                    let value = unquote(value);
                    let bad = |_| Error::InvalidCertificate;
                    match (section, name.trim()) {
                        ("curve", "public-key") => {
                            public = Some(CurveKey::from_z85(value).map_err(bad)?)
                        }
                        ("curve", "secret-key") => {
                            secret = Some(CurveKey::secret_from_z85(value).map_err(bad)?)
                        }
                        ("metadata", name) => metadata.push((name.to_string(), value.to_string())),
                        _ => {}
                    }
                }
            }
        }
        Ok(Certificate {
            public: public.ok_or(Error::InvalidCertificate)?,
            secret,
            metadata,
        })
    }

    /// Adds a `metadata` entry, if the certificate format can hold it:
    /// otherwise [`Error::InvalidArgument`] and nothing is added. ZPL, the
    /// format czmq and pyzmq read, has no escapes: a name is ASCII letters
    /// and digits and `$-_@.&+/` (not starting or ending with `/`), and a
    /// value is one line, quoted with `"` or, if it has a `"` in it, `'`; so
    /// a value cannot hold both quotes, a line break or a NUL byte.
    ///
    /// ```
    /// # let keys = zmq::curve::KeyPair::generate()?;
    /// let mut cert = zmq::curve::Certificate { public: keys.public.clone(), secret: None, metadata: vec![] };
    /// cert.add_metadata("name", "Alice \"Al\" Smith")?;
    /// assert_eq!(cert.add_metadata("name", "two\nlines"), Err(zmq::Error::InvalidArgument));
    /// assert_eq!(cert.add_metadata("full name", "Alice"), Err(zmq::Error::InvalidArgument));
    /// let parsed = zmq::curve::Certificate::parse(&cert.try_to_text(false)?)?;
    /// assert_eq!(parsed.metadata, cert.metadata);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    pub fn add_metadata(&mut self, name: &str, value: &str) -> Result<()> {
        if !is_zpl_name(name) || zpl_quote(value).is_none() {
            return Err(Error::InvalidArgument);
        }
        self.metadata.push((name.to_string(), value.to_string()));
        Ok(())
    }

    /// As [`to_text`](Certificate::to_text), but [`Error::InvalidArgument`]
    /// if a `metadata` entry cannot be written so that it reads back the
    /// same (see [`add_metadata`](Certificate::add_metadata)), instead of
    /// leaving it out.
    pub fn try_to_text(&self, include_secret: bool) -> Result<String> {
        let writable =
            |(name, value): &(String, String)| is_zpl_name(name) && zpl_quote(value).is_some();
        if self.metadata.iter().all(writable) {
            Ok(self.to_text(include_secret))
        } else {
            Err(Error::InvalidArgument)
        }
    }

    /// The certificate as file text; with `include_secret`, the secret key
    /// too (the `.key_secret` form). No temporary copy of the secret key is
    /// left in memory; the returned text is then the caller's to wipe (e.g.
    /// overwrite `text.into_bytes()` with zeros once written).
    ///
    /// Each `metadata` value is quoted so that it reads back as it is
    /// (`"`, or `'` if it has a `"` in it). An entry the format cannot hold
    /// (see [`add_metadata`](Certificate::add_metadata)) is left out rather
    /// than written so that it reads back as something else;
    /// [`try_to_text`](Certificate::try_to_text) refuses it instead.
    pub fn to_text(&self, include_secret: bool) -> String {
        let kind = if include_secret { "Secret" } else { "Public" };
        let mut out = format!(
            "#   ****  Generated by zmq-rs  ****\n#   ZeroMQ CURVE {kind} Certificate\n\
             #   Exchange securely, or use a secure mechanism to verify the contents\n\
             #   of this file after exchange.\n\nmetadata\n"
        );
        for (name, value) in &self.metadata {
            if let (true, Some(q)) = (is_zpl_name(name), zpl_quote(value)) {
                out.push_str(&format!("    {name} = {q}{value}{q}\n"));
            }
        }
        self.public.with_z85(|key| {
            out.push_str("curve\n    public-key = \"");
            out.push_str(key);
            out.push_str("\"\n");
        });
        if include_secret {
            if let Some(secret) = &self.secret {
                const PREFIX: &str = "    secret-key = \"";
                // Room for the whole line first: growing `out` after the key
                // is in it would leave a copy in the freed buffer.
                out.reserve_exact(PREFIX.len() + 40 + 2);
                secret.with_z85(|key| {
                    out.push_str(PREFIX);
                    out.push_str(key);
                    out.push_str("\"\n");
                });
            }
        }
        out
    }
}

/// Writes `<name>.key` (public) and `<name>.key_secret` into `dir`, as
/// `zmq.auth.create_certificates` does; returns their paths. File errors
/// keep their OS meaning ([`Error::NotFound`], [`Error::PermissionDenied`],
/// ...).
pub fn write_certificates(
    dir: impl AsRef<std::path::Path>,
    name: &str,
    keys: &KeyPair,
) -> Result<(std::path::PathBuf, std::path::PathBuf)> {
    let cert = Certificate {
        public: keys.public.clone(),
        secret: Some(keys.secret.clone()),
        metadata: Vec::new(),
    };
    let public = dir.as_ref().join(format!("{name}.key"));
    let secret = dir.as_ref().join(format!("{name}.key_secret"));
    std::fs::write(&public, cert.to_text(false)).map_err(file_error)?;
    let mut text = cert.to_text(true).into_bytes();
    let written = std::fs::write(&secret, &text);
    wipe(&mut text);
    written.map_err(file_error)?;
    Ok((public, secret))
}

/// The public keys of a certificate store: a folder of public certificate
/// files, e.g. for
/// [`Authenticator::configure_curve`](crate::zap::Authenticator::configure_curve).
///
/// Reads the stores of pyzmq (`name.key` beside `name.key_secret`) and of
/// czmq and the zguide's tools (`zcert_save`: a public file `name`, often
/// `name.pub` or `name.txt`, beside `name_secret`): every file of the folder
/// (sorted by name) except hidden ones, subfolders, and secret files.
/// Secret certificates are never read as authorised keys: files whose name
/// ends in `_secret` are not opened, and a file that turns out to hold a
/// secret key, whatever its name, is left out. Every other file must be a
/// certificate ([`Certificate::parse`]), else the whole load fails with
/// [`Error::InvalidCertificate`], so a broken store is not silently
/// half-read.
pub fn load_public_keys(dir: impl AsRef<std::path::Path>) -> Result<Vec<CurveKey>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(file_error)? {
        let path = entry.map_err(file_error)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.ends_with("_secret") || !path.is_file() {
            continue;
        }
        paths.push(path);
    }
    paths.sort();
    let mut keys = Vec::new();
    for path in paths {
        let cert = Certificate::load(&path)?;
        if cert.secret.is_none() {
            keys.push(cert.public);
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_strips_one_pair_of_matching_quotes() {
        assert_eq!(unquote(" \"abc\" "), "abc");
        assert_eq!(unquote("'abc'"), "abc");
        assert_eq!(unquote("abc"), "abc");
        assert_eq!(unquote("\"abc'"), "\"abc'");
    }

    #[test]
    fn a_certificate_parses_back_from_its_text() {
        let cert = Certificate {
            public: CurveKey::from_bytes([1; 32]),
            secret: Some(CurveKey::secret_from_bytes([2; 32])),
            metadata: vec![("name".into(), "worker".into())],
        };
        let public_only = Certificate::parse(&cert.to_text(false)).unwrap();
        assert_eq!(public_only.public, cert.public);
        assert_eq!(public_only.secret, None);
        assert_eq!(public_only.metadata, cert.metadata);
        assert_eq!(Certificate::parse(&cert.to_text(true)).unwrap(), cert);
    }

    #[test]
    fn sections_comments_and_bad_keys() {
        let key = CurveKey::from_bytes([3; 32]).to_z85();
        let text =
            format!("# comment\nmetadata\n    a = \"1\"\ncurve\n    public-key = \"{key}\"\n");
        let cert = Certificate::parse(&text).unwrap();
        assert_eq!(cert.public.to_z85(), key);
        assert_eq!(cert.metadata, [("a".to_string(), "1".to_string())]);
        // A key outside the curve section does not count.
        let misplaced = format!("metadata\n    public-key = \"{key}\"\n");
        assert_eq!(
            Certificate::parse(&misplaced),
            Err(Error::InvalidCertificate)
        );
        let bad = "curve\n    public-key = \"not z85\"\n";
        assert_eq!(Certificate::parse(bad), Err(Error::InvalidCertificate));
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let secret = CurveKey::secret_from_bytes([4; 32]);
        assert_eq!(format!("{secret:?}"), "CurveKey(<secret>)");
        let cert = Certificate {
            public: CurveKey::from_bytes([5; 32]),
            secret: Some(secret.clone()),
            metadata: Vec::new(),
        };
        assert!(!format!("{cert:?}").contains(&secret.to_z85()));
    }
}
