//! zmq_setsockopt / zmq_getsockopt at their C types, and the public escape
//! hatch for options this crate does not know yet.

use super::{Socket, SocketKind};
use crate::error::{check, Error, Result};
use std::ffi::c_void;

/// # Options by number, as bytes
impl<K: SocketKind> Socket<K> {
    /// Sets an option from raw bytes (`zmq_setsockopt`), for options this
    /// crate has no typed method for. `value` is the option's C value as
    /// bytes (e.g. `42i32.to_ne_bytes()`). A value of the wrong size or an
    /// unknown option is [`Error::InvalidArgument`], as libzmq says.
    ///
    /// # Safety
    ///
    /// libzmq takes the value as it is: none of the checks of the typed
    /// setters apply. Some options then break memory safety or abort the
    /// process, and the caller must rule them out:
    ///
    /// - `ZMQ_USE_FD` makes libzmq adopt, and later close, a descriptor
    ///   (see [`set_use_fd`](Self::set_use_fd));
    /// - options libzmq asserts on later: `ZMQ_ROUTER_MANDATORY` or
    ///   `ZMQ_ROUTER_RAW` on a kind other than ROUTER, a subscription longer
    ///   than [`MAX_SUBSCRIPTION_LEN`](crate::MAX_SUBSCRIPTION_LEN) with a
    ///   system libzmq, a `ZMQ_PRIORITY` the kernel refuses (above 6 without
    ///   `CAP_NET_ADMIN`).
    ///
    /// ```
    /// # let ctx = zmq::Context::new();
    /// let push = ctx.socket::<zmq::Push>()?;
    /// // SAFETY: ZMQ_SNDHWM is an int of any value >= 0.
    /// unsafe { push.set_option_raw(zmq::sys::ZMQ_SNDHWM, &500i32.to_ne_bytes())? };
    /// assert_eq!(push.sndhwm()?, 500);
    /// # Ok::<(), zmq::Error>(())
    /// ```
    #[doc(alias = "zmq_setsockopt")]
    pub unsafe fn set_option_raw(&self, option: i32, value: &[u8]) -> Result<()> {
        self.set_bytes(option, value)
    }

    /// Reads an option as raw bytes (`zmq_getsockopt`) into a buffer of at
    /// most `max_len` bytes; returns the bytes libzmq wrote.
    #[doc(alias = "zmq_getsockopt")]
    pub fn option_raw(&self, option: i32, max_len: usize) -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        buf.try_reserve_exact(max_len)
            .map_err(|_| Error::NoMemory)?;
        buf.resize(max_len, 0);
        let mut len = max_len;
        // SAFETY: live socket; buf is valid for `len` writable bytes and
        // libzmq writes at most that many, reporting the count in len.
        check(unsafe {
            zmq_sys::zmq_getsockopt(
                self.live()?,
                option,
                buf.as_mut_ptr() as *mut c_void,
                &mut len,
            )
        })?;
        buf.truncate(len.min(max_len));
        Ok(buf)
    }

    pub(crate) fn set_bytes(&self, option: i32, value: &[u8]) -> Result<()> {
        // SAFETY: live socket; value is valid for value.len() bytes, which
        // libzmq copies.
        check(unsafe {
            zmq_sys::zmq_setsockopt(
                self.live()?,
                option,
                value.as_ptr() as *const c_void,
                value.len(),
            )
        })
        .map(drop)
    }

    /// Reads a fixed-size value; `T` must be the option's exact C type.
    pub(crate) fn get_pod<T: Copy + Default>(&self, option: i32) -> Result<T> {
        let mut value = T::default();
        let mut len = std::mem::size_of::<T>();
        // SAFETY: live socket; value is valid for size_of::<T>() writable
        // bytes, and every bit pattern is a valid T for the integer types
        // this is used with.
        check(unsafe {
            zmq_sys::zmq_getsockopt(
                self.live()?,
                option,
                &mut value as *mut T as *mut c_void,
                &mut len,
            )
        })?;
        if len != std::mem::size_of::<T>() {
            return Err(Error::InvalidArgument);
        }
        Ok(value)
    }

    pub(crate) fn get_int(&self, option: i32) -> Result<i32> {
        self.get_pod::<i32>(option)
    }

    pub(crate) fn set_int(&self, option: i32, value: i32) -> Result<()> {
        self.set_bytes(option, &value.to_ne_bytes())
    }

    pub(crate) fn get_i64(&self, option: i32) -> Result<i64> {
        self.get_pod::<i64>(option)
    }

    pub(crate) fn set_i64(&self, option: i32, value: i64) -> Result<()> {
        self.set_bytes(option, &value.to_ne_bytes())
    }

    pub(crate) fn get_u64(&self, option: i32) -> Result<u64> {
        self.get_pod::<u64>(option)
    }

    pub(crate) fn set_u64(&self, option: i32, value: u64) -> Result<()> {
        self.set_bytes(option, &value.to_ne_bytes())
    }

    /// Reads a blob of at most `max_len` bytes.
    pub(crate) fn get_bytes(&self, option: i32, max_len: usize) -> Result<Vec<u8>> {
        self.option_raw(option, max_len)
    }

    /// Reads a NUL-terminated string option of at most `max_len` bytes.
    pub(crate) fn get_string(&self, option: i32, max_len: usize) -> Result<String> {
        let mut bytes = self.get_bytes(option, max_len + 1)?;
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            bytes.truncate(nul);
        }
        String::from_utf8(bytes).map_err(|_| Error::InvalidArgument)
    }

    /// Sets a string option; libzmq takes it without the NUL.
    pub(crate) fn set_string(&self, option: i32, value: &str) -> Result<()> {
        if value.as_bytes().contains(&0) {
            return Err(Error::InvalidArgument);
        }
        self.set_bytes(option, value.as_bytes())
    }
}
