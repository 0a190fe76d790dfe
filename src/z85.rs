//! Z85 (ZeroMQ RFC 32), the printable encoding of CURVE keys:
//! `zmq_z85_encode` / `zmq_z85_decode` with their preconditions checked.
//!
//! libzmq counts characters and bytes in `unsigned int`, so one call on 4 GiB
//! or more would wrap around and never return; these functions hand libzmq
//! at most `CHUNK` (1 GiB) bytes (or their characters) at a time. Z85 maps every
//! 4-byte group to 5 characters on its own, so encoding the chunks one after
//! the other gives exactly the text of a single call.

use crate::curve::wipe;
use crate::error::{Error, Result};
use std::ffi::c_char;

/// Input bytes per libzmq call: a multiple of 4 whose 5/4 is well below
/// `u32::MAX`.
const CHUNK: usize = 1 << 30;
const _: () = assert!(CHUNK % 4 == 0 && CHUNK / 4 * 5 < u32::MAX as usize);

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
    encode_chunked(data, CHUNK)
}

fn encode_chunked(data: &[u8], chunk: usize) -> Result<String> {
    if data.len() % 4 != 0 {
        return Err(Error::InvalidArgument);
    }
    let mut out = vec![0u8; data.len() / 4 * 5 + 1];
    encode_into_chunked(data, &mut out, chunk)?;
    out.pop(); // the NUL
    String::from_utf8(out).map_err(|_| Error::InvalidArgument)
}

/// Encodes `data` (a multiple of 4 bytes) into `out`, which must hold
/// exactly its 5/4 characters and a NUL: lets callers keep secret text in a
/// buffer they wipe.
pub(crate) fn encode_into(data: &[u8], out: &mut [u8]) -> Result<()> {
    encode_into_chunked(data, out, CHUNK)
}

fn encode_into_chunked(data: &[u8], out: &mut [u8], chunk: usize) -> Result<()> {
    if data.len() % 4 != 0 || out.len() != data.len() / 4 * 5 + 1 || chunk % 4 != 0 {
        return Err(Error::InvalidArgument);
    }
    out[0] = 0;
    let out_ptr = out.as_mut_ptr() as *mut c_char;
    for (i, piece) in data.chunks(chunk).enumerate() {
        // SAFETY: piece is valid for piece.len() bytes (a multiple of 4, at
        // most `chunk`, below 4 GiB); libzmq writes piece.len() * 5 / 4
        // characters and a NUL from the chunk's start in `out`, which the
        // length check above makes end within `out`: the NUL lands on the
        // next chunk's first character (overwritten next) or on the last byte.
        let rc = unsafe {
            zmq_sys::zmq_z85_encode(
                out_ptr.add(i * (chunk / 4 * 5)),
                piece.as_ptr(),
                piece.len(),
            )
        };
        if rc.is_null() {
            return Err(Error::last());
        }
    }
    Ok(())
}

/// Decodes Z85 text. The length must be a multiple of 5 and every character
/// from the Z85 alphabet (`InvalidArgument` otherwise). Temporary copies of
/// the text (and the output, on error) are wiped, so decoding a secret key
/// leaves it nowhere but in the result.
///
/// ```
/// assert_eq!(zmq::z85::decode("HelloWorld")?, [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]);
/// assert!(zmq::z85::decode("Hello").is_ok());
/// assert_eq!(zmq::z85::decode("Hell"), Err(zmq::Error::InvalidArgument));
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_z85_decode")]
pub fn decode(text: &str) -> Result<Vec<u8>> {
    decode_chunked(text.as_bytes(), CHUNK / 4 * 5)
}

fn decode_chunked(text: &[u8], chunk: usize) -> Result<Vec<u8>> {
    // libzmq would stop at a NUL, so one must not pass for the end.
    if text.len() % 5 != 0 || chunk % 5 != 0 || text.contains(&0) {
        return Err(Error::InvalidArgument);
    }
    let mut out = vec![0u8; text.len() / 5 * 4];
    // One NUL-terminated chunk of the text at a time, as libzmq needs.
    let mut c_text = vec![0u8; chunk.min(text.len()) + 1];
    let mut result = Ok(());
    for (piece, dest) in text.chunks(chunk).zip(out.chunks_mut(chunk / 5 * 4)) {
        c_text[..piece.len()].copy_from_slice(piece);
        c_text[piece.len()] = 0;
        // SAFETY: c_text holds piece (no NUL in it) and a NUL, so strlen is
        // piece.len(), a non-zero multiple of 5; dest has the piece.len() *
        // 4 / 5 bytes zmq_z85_decode writes at most.
        let rc =
            unsafe { zmq_sys::zmq_z85_decode(dest.as_mut_ptr(), c_text.as_ptr() as *const c_char) };
        if rc.is_null() {
            result = Err(Error::InvalidArgument);
            break;
        }
    }
    wipe(&mut c_text);
    if let Err(e) = result {
        wipe(&mut out);
        return Err(e);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunked calls concatenate to exactly one call's text, for every size
    /// around several chunk boundaries, and decode back the same way.
    #[test]
    fn chunks_concatenate_exactly() {
        let data: Vec<u8> = (0..400u32).map(|i| (i * 37 + 11) as u8).collect();
        for len in (0..=data.len()).step_by(4) {
            let data = &data[..len];
            let whole = encode_chunked(data, 1 << 20).unwrap();
            assert_eq!(whole.len(), len / 4 * 5);
            for chunk in [4, 8, 12, 40, 64, 400] {
                assert_eq!(
                    encode_chunked(data, chunk).unwrap(),
                    whole,
                    "len {len} chunk {chunk}"
                );
                let chars = chunk / 4 * 5;
                assert_eq!(
                    decode_chunked(whole.as_bytes(), chars).unwrap(),
                    data,
                    "len {len} chunk {chunk}"
                );
            }
        }
    }

    #[test]
    fn bad_input_in_a_later_chunk_is_rejected_and_wiped() {
        let mut text = encode(&[0xAB; 40]).unwrap().into_bytes();
        text[47] = b'"'; // not in the alphabet
        assert_eq!(decode_chunked(&text, 10), Err(Error::InvalidArgument));
        text[47] = 0;
        assert_eq!(decode_chunked(&text, 10), Err(Error::InvalidArgument));
        assert_eq!(encode_chunked(&[0; 8], 6), Err(Error::InvalidArgument));
    }
}
