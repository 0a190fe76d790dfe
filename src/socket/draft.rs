//! Methods of the draft socket kinds (feature `draft`): groups for
//! RADIO/DISH and peer connections for PEER.

use super::Socket;
use crate::error::{check, Error, Result};
use crate::ffi::c_string;
use crate::poll::Events;

impl Socket<crate::Router> {
    /// The state of the pipe to the peer with this routing id
    /// (`zmq_socket_get_peer_state`, draft): [`Events::OUT`] if a message
    /// to it would be queued now, empty if its pipe is full (so a send with
    /// `ZMQ_ROUTER_MANDATORY` would say `Again`); `HostUnreachable` if no
    /// such peer is connected.
    #[doc(alias = "zmq_socket_get_peer_state")]
    pub fn peer_state(&self, routing_id: impl AsRef<[u8]>) -> Result<Events> {
        let id = routing_id.as_ref();
        // SAFETY: live socket; the pointer and length describe `id`.
        let state = check(unsafe {
            zmq_sys::zmq_socket_get_peer_state(self.live()?, id.as_ptr().cast(), id.len())
        })?;
        Ok(Events::from_bits_retain(state as i16))
    }
}

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
