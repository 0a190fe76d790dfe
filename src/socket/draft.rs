//! Methods of the draft socket kinds (feature `draft`): groups for
//! RADIO/DISH and peer connections for PEER.

use super::{c_string, Socket};
use crate::error::{check, Error, Result};

impl Socket<crate::Dish> {
    /// Joins a group (`zmq_join`): messages a RADIO publishes to it arrive
    /// here. At most 255 bytes.
    #[doc(alias = "zmq_join")]
    pub fn join(&self, group: &str) -> Result<()> {
        let group = c_string(group)?;
        // SAFETY: live socket, NUL-terminated group name.
        check(unsafe { zmq_sys::zmq_join(self.live()?, group.as_ptr()) }).map(drop)
    }

    /// Leaves a group joined before (`zmq_leave`).
    #[doc(alias = "zmq_leave")]
    pub fn leave(&self, group: &str) -> Result<()> {
        let group = c_string(group)?;
        // SAFETY: live socket, NUL-terminated group name.
        check(unsafe { zmq_sys::zmq_leave(self.live()?, group.as_ptr()) }).map(drop)
    }
}

impl Socket<crate::Peer> {
    /// Connects to a PEER endpoint and returns the routing id to address it
    /// with (`zmq_connect_peer`).
    #[doc(alias = "zmq_connect_peer")]
    pub fn connect_peer(&self, endpoint: &str) -> Result<u32> {
        let endpoint = c_string(endpoint)?;
        // SAFETY: live socket, NUL-terminated endpoint.
        let id = unsafe { zmq_sys::zmq_connect_peer(self.live()?, endpoint.as_ptr()) };
        if id == 0 {
            Err(Error::last())
        } else {
            Ok(id)
        }
    }
}
