//! CURVE keys: generation, derivation, and the [`CurveKey`] type.

use crate::error::{Error, Result};
use std::ffi::{c_char, CStr};
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

    /// The 40-character Z85 text of the key.
    pub fn to_z85(&self) -> String {
        match crate::z85::encode(&self.bytes) {
            Ok(text) => text,
            // 32 is a multiple of 4, so encoding cannot fail.
            Err(_) => String::new(),
        }
    }

    /// Whether the key is marked secret (hidden from `Debug`).
    pub fn is_secret(&self) -> bool {
        self.secret
    }
}

/// Overwrites bytes in a way the optimiser keeps.
fn wipe(bytes: &mut [u8]) {
    for b in bytes.iter_mut() {
        // SAFETY: b is a valid, exclusive reference to one byte.
        unsafe { std::ptr::write_volatile(b, 0) };
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
            write!(f, "CurveKey({:?})", self.to_z85())
        }
    }
}

impl fmt::Display for CurveKey {
    /// The Z85 text (also of a secret key: displaying is asking for it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_z85())
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
        let mut public = [0 as c_char; 41];
        let mut secret = [0 as c_char; 41];
        // SAFETY: both buffers hold the 40 characters and NUL that
        // zmq_curve_keypair writes.
        let rc = unsafe { zmq_sys::zmq_curve_keypair(public.as_mut_ptr(), secret.as_mut_ptr()) };
        let result = if rc == 0 {
            key_from_c(&public, false).and_then(|p| Ok((p, key_from_c(&secret, true)?)))
        } else {
            Err(Error::last())
        };
        wipe_c(&mut secret);
        let (public, secret) = result?;
        Ok(KeyPair { public, secret })
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
    let mut secret_text = [0 as c_char; 41];
    for (dst, src) in secret_text.iter_mut().zip(secret.to_z85().bytes()) {
        *dst = src as c_char;
    }
    let mut public = [0 as c_char; 41];
    // SAFETY: secret_text is a NUL-terminated 40-character Z85 string;
    // public has room for 40 characters and the NUL.
    let rc = unsafe { zmq_sys::zmq_curve_public(public.as_mut_ptr(), secret_text.as_ptr()) };
    wipe_c(&mut secret_text);
    if rc != 0 {
        return Err(Error::last());
    }
    key_from_c(&public, false)
}

fn key_from_c(text: &[c_char; 41], secret: bool) -> Result<CurveKey> {
    // SAFETY: the buffer is NUL-terminated (its last byte is never written
    // by libzmq beyond the 40 characters and the NUL).
    let text = unsafe { CStr::from_ptr(text.as_ptr()) };
    let text = text.to_str().map_err(|_| Error::InvalidArgument)?;
    let mut key = CurveKey::from_z85(text)?;
    key.secret = secret;
    Ok(key)
}

fn wipe_c(text: &mut [c_char; 41]) {
    for c in text.iter_mut() {
        // SAFETY: c is a valid, exclusive reference.
        unsafe { std::ptr::write_volatile(c, 0) };
    }
}
