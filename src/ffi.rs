//! Text at the C boundary.

use crate::error::{Error, Result};
use std::ffi::CString;

/// A C string for libzmq, or `InvalidArgument` for text holding a NUL byte.
pub(crate) fn c_string(text: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::InvalidArgument)
}

#[cfg(test)]
mod tests {
    use super::c_string;
    use crate::Error;

    #[test]
    fn a_nul_byte_is_invalid_argument() {
        assert_eq!(c_string("tcp://a").unwrap().as_bytes(), b"tcp://a");
        assert_eq!(c_string("a\0b").unwrap_err(), Error::InvalidArgument);
    }
}
