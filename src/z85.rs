//! Z85 (ZeroMQ RFC 32), the printable encoding of CURVE keys:
//! `zmq_z85_encode` / `zmq_z85_decode` with their preconditions checked.

use crate::error::{Error, Result};
use std::ffi::{c_char, CString};

/// Encodes bytes as Z85 text. The length must be a multiple of 4
/// (`InvalidArgument` otherwise); 32 bytes give 40 characters.
///
/// ```
/// let text = zmq::z85::encode(&[0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B])?;
/// assert_eq!(text, "HelloWorld");
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_z85_encode")]
pub fn encode(data: &[u8]) -> Result<String> {
    if data.len() % 4 != 0 {
        return Err(Error::InvalidArgument);
    }
    let mut out = vec![0u8; data.len() / 4 * 5 + 1];
    // SAFETY: out has room for len*5/4 characters and the NUL, as
    // zmq_z85_encode requires; data is valid for data.len() bytes.
    let rc = unsafe {
        zmq_sys::zmq_z85_encode(out.as_mut_ptr() as *mut c_char, data.as_ptr(), data.len())
    };
    if rc.is_null() {
        return Err(Error::last());
    }
    out.pop(); // the NUL
    String::from_utf8(out).map_err(|_| Error::InvalidArgument)
}

/// Decodes Z85 text. The length must be a multiple of 5 and every character
/// from the Z85 alphabet (`InvalidArgument` otherwise).
///
/// ```
/// assert_eq!(zmq::z85::decode("HelloWorld")?, [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]);
/// assert!(zmq::z85::decode("Hello").is_ok());
/// assert_eq!(zmq::z85::decode("Hell"), Err(zmq::Error::InvalidArgument));
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_z85_decode")]
pub fn decode(text: &str) -> Result<Vec<u8>> {
    if text.len() % 5 != 0 {
        return Err(Error::InvalidArgument);
    }
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let c_text = CString::new(text).map_err(|_| Error::InvalidArgument)?;
    let mut out = vec![0u8; text.len() / 5 * 4];
    // SAFETY: c_text is NUL-terminated with no interior NUL, so strlen is
    // text.len(); out has the strlen*4/5 bytes zmq_z85_decode writes at most.
    let rc = unsafe { zmq_sys::zmq_z85_decode(out.as_mut_ptr(), c_text.as_ptr()) };
    if rc.is_null() {
        return Err(Error::InvalidArgument);
    }
    Ok(out)
}
