//! The port of `tcp://`, `udp://`, `ws://` and `wss://` endpoints, checked
//! before libzmq sees it: libzmq reads it with `atoi` and keeps 16 bits, so
//! `:99999` would bind port 34463, `:-1` port 65535 and `:12abc` port 12.

use crate::error::{Error, Result};
use std::ffi::{c_char, c_int, c_void};

/// The four libzmq calls that take an endpoint.
#[derive(Clone, Copy)]
pub(crate) enum Endpoint {
    Bind,
    Unbind,
    Connect,
    Disconnect,
}

impl Endpoint {
    /// Whether the call may use the `*` port wildcard (the bind side).
    pub(crate) fn is_bind_side(self) -> bool {
        matches!(self, Endpoint::Bind | Endpoint::Unbind)
    }

    /// Whether the call gives the socket an endpoint (rather than taking
    /// one away).
    pub(crate) fn attaches(self) -> bool {
        matches!(self, Endpoint::Bind | Endpoint::Connect)
    }

    /// The libzmq function.
    pub(crate) fn function(self) -> unsafe extern "C" fn(*mut c_void, *const c_char) -> c_int {
        match self {
            Endpoint::Bind => zmq_sys::zmq_bind,
            Endpoint::Unbind => zmq_sys::zmq_unbind,
            Endpoint::Connect => zmq_sys::zmq_connect,
            Endpoint::Disconnect => zmq_sys::zmq_disconnect,
        }
    }
}

/// `InvalidArgument` when `endpoint` has a port that is not a decimal number
/// from 0 to 65535 (or `*` where `wildcard`: bind and unbind). Endpoints of
/// other transports, and addresses without a port (which libzmq refuses
/// itself), pass unchanged.
pub(crate) fn check_port(endpoint: &str, wildcard: bool) -> Result<()> {
    let Some((transport, address)) = endpoint.split_once("://") else {
        return Ok(());
    };
    match transport {
        // `[source:port;]host:port`: a source address, as libzmq finds it
        // (the last `;`), may always use the `*` wildcard.
        "tcp" => match address.rsplit_once(';') {
            Some((source, destination)) => {
                port_is_valid(source, true)?;
                port_is_valid(destination, wildcard)
            }
            None => port_is_valid(address, wildcard),
        },
        // `[interface;]host:port`: the interface has no port.
        "udp" => {
            let destination = address.rsplit_once(';').map_or(address, |(_, d)| d);
            port_is_valid(destination, wildcard)
        }
        // `host:port[/path]`
        "ws" | "wss" => {
            let authority = address.split_once('/').map_or(address, |(a, _)| a);
            port_is_valid(authority, wildcard)
        }
        _ => Ok(()),
    }
}

/// Checks what follows the last `:` of `host:port`, as libzmq splits it
/// (IPv6 addresses are in brackets or end before that colon anyway).
fn port_is_valid(host_port: &str, wildcard: bool) -> Result<()> {
    let Some((_, port)) = host_port.rsplit_once(':') else {
        return Ok(());
    };
    let valid = if port == "*" {
        wildcard
    } else {
        port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok()
    };
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidArgument)
    }
}
