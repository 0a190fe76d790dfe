//! Socket monitoring (`zmq_socket_monitor`): a [`Monitor`] yields typed
//! [`MonitorEvent`]s about a socket's connections.

use crate::error::{check, Error, Result};
use crate::ffi::c_string;
use crate::message::Message;
use crate::poll::{Events, PollItem};
use crate::socket::kind::SocketKind;
use crate::socket::{RecvFlags, Socket};
use crate::table::{left_of, right_of};
use crate::Pair;
use std::ffi::c_void;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

bitflags::bitflags! {
    /// The events a monitor reports (`ZMQ_EVENT_*`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct MonitorEvents: u32 {
        /// `ZMQ_EVENT_CONNECTED`
        const CONNECTED = zmq_sys::ZMQ_EVENT_CONNECTED as u32;
        /// `ZMQ_EVENT_CONNECT_DELAYED`
        const CONNECT_DELAYED = zmq_sys::ZMQ_EVENT_CONNECT_DELAYED as u32;
        /// `ZMQ_EVENT_CONNECT_RETRIED`
        const CONNECT_RETRIED = zmq_sys::ZMQ_EVENT_CONNECT_RETRIED as u32;
        /// `ZMQ_EVENT_LISTENING`
        const LISTENING = zmq_sys::ZMQ_EVENT_LISTENING as u32;
        /// `ZMQ_EVENT_BIND_FAILED`
        const BIND_FAILED = zmq_sys::ZMQ_EVENT_BIND_FAILED as u32;
        /// `ZMQ_EVENT_ACCEPTED`
        const ACCEPTED = zmq_sys::ZMQ_EVENT_ACCEPTED as u32;
        /// `ZMQ_EVENT_ACCEPT_FAILED`
        const ACCEPT_FAILED = zmq_sys::ZMQ_EVENT_ACCEPT_FAILED as u32;
        /// `ZMQ_EVENT_CLOSED`
        const CLOSED = zmq_sys::ZMQ_EVENT_CLOSED as u32;
        /// `ZMQ_EVENT_CLOSE_FAILED`
        const CLOSE_FAILED = zmq_sys::ZMQ_EVENT_CLOSE_FAILED as u32;
        /// `ZMQ_EVENT_DISCONNECTED`
        const DISCONNECTED = zmq_sys::ZMQ_EVENT_DISCONNECTED as u32;
        /// `ZMQ_EVENT_MONITOR_STOPPED`
        const MONITOR_STOPPED = zmq_sys::ZMQ_EVENT_MONITOR_STOPPED as u32;
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL`
        const HANDSHAKE_FAILED_NO_DETAIL = zmq_sys::ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL as u32;
        /// `ZMQ_EVENT_HANDSHAKE_SUCCEEDED`
        const HANDSHAKE_SUCCEEDED = zmq_sys::ZMQ_EVENT_HANDSHAKE_SUCCEEDED as u32;
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL`
        const HANDSHAKE_FAILED_PROTOCOL = zmq_sys::ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL as u32;
        /// `ZMQ_EVENT_HANDSHAKE_FAILED_AUTH`
        const HANDSHAKE_FAILED_AUTH = zmq_sys::ZMQ_EVENT_HANDSHAKE_FAILED_AUTH as u32;
        /// `ZMQ_EVENT_PIPES_STATS` (draft, version-2 monitors only): the
        /// queue lengths of each pipe, reported on
        /// [`Socket::monitor_pipes_stats`].
        #[cfg(feature = "draft")]
        const PIPES_STATS = zmq_sys::ZMQ_EVENT_PIPES_STATS as u32;
        /// `ZMQ_EVENT_ALL`: every event of a version-1 monitor
        /// (`ZMQ_EVENT_ALL_V1`; a version-2 monitor also takes
        /// `PIPES_STATS`).
        const ALL = zmq_sys::ZMQ_EVENT_ALL as u32;
    }
}

/// The kind of a [`MonitorEvent`]; events this crate does not know arrive
/// as `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventKind {
    /// A connection was made; the value is its file descriptor.
    Connected,
    /// A connect is pending (non-blocking connect in progress); the value is
    /// an errno.
    ConnectDelayed,
    /// A reconnect was scheduled; the value is the interval in ms.
    ConnectRetried,
    /// The socket is listening; the value is the listener's descriptor.
    Listening,
    /// A bind failed; the value is an errno.
    BindFailed,
    /// A connection was accepted; the value is its file descriptor.
    Accepted,
    /// An accept failed; the value is an errno.
    AcceptFailed,
    /// A connection or listener was closed; the value is its descriptor.
    Closed,
    /// A close failed; the value is an errno.
    CloseFailed,
    /// A connection was lost; the value is its descriptor.
    Disconnected,
    /// Monitoring stopped (the socket closed or a new monitor replaced this
    /// one).
    MonitorStopped,
    /// A handshake failed for a system reason; the value is an errno.
    HandshakeFailedNoDetail,
    /// A handshake (and authentication, if any) succeeded.
    HandshakeSucceeded,
    /// A handshake failed on a protocol error; the value is a
    /// [`ProtocolError`] code ([`MonitorEvent::protocol_error`]).
    HandshakeFailedProtocol,
    /// Authentication failed; the value is the ZAP status code (e.g. 400).
    HandshakeFailedAuth,
    /// The queue lengths of a pipe (version-2 monitors, draft): values
    /// outbound then inbound, in messages.
    PipesStats,
    /// An event number this crate does not know.
    Unknown(u16),
}

const KINDS: &[(EventKind, MonitorEvents)] = &[
    (EventKind::Connected, MonitorEvents::CONNECTED),
    (EventKind::ConnectDelayed, MonitorEvents::CONNECT_DELAYED),
    (EventKind::ConnectRetried, MonitorEvents::CONNECT_RETRIED),
    (EventKind::Listening, MonitorEvents::LISTENING),
    (EventKind::BindFailed, MonitorEvents::BIND_FAILED),
    (EventKind::Accepted, MonitorEvents::ACCEPTED),
    (EventKind::AcceptFailed, MonitorEvents::ACCEPT_FAILED),
    (EventKind::Closed, MonitorEvents::CLOSED),
    (EventKind::CloseFailed, MonitorEvents::CLOSE_FAILED),
    (EventKind::Disconnected, MonitorEvents::DISCONNECTED),
    (EventKind::MonitorStopped, MonitorEvents::MONITOR_STOPPED),
    (
        EventKind::HandshakeFailedNoDetail,
        MonitorEvents::HANDSHAKE_FAILED_NO_DETAIL,
    ),
    (
        EventKind::HandshakeSucceeded,
        MonitorEvents::HANDSHAKE_SUCCEEDED,
    ),
    (
        EventKind::HandshakeFailedProtocol,
        MonitorEvents::HANDSHAKE_FAILED_PROTOCOL,
    ),
    (
        EventKind::HandshakeFailedAuth,
        MonitorEvents::HANDSHAKE_FAILED_AUTH,
    ),
    #[cfg(feature = "draft")]
    (EventKind::PipesStats, MonitorEvents::PIPES_STATS),
];

impl EventKind {
    /// The kind of a `ZMQ_EVENT_*` number.
    pub fn from_raw(raw: u16) -> EventKind {
        MonitorEvents::from_bits(u32::from(raw))
            .and_then(|bit| left_of(KINDS, &bit))
            .unwrap_or(EventKind::Unknown(raw))
    }

    /// The `ZMQ_EVENT_*` number of this kind (0 for `PipesStats`, whose
    /// number does not fit: see [`raw_v2`](Self::raw_v2)).
    pub fn raw(self) -> u16 {
        u16::try_from(self.raw_v2()).unwrap_or(0)
    }

    /// The kind of a version-2 (64-bit) `ZMQ_EVENT_*` number (an unknown
    /// one keeps its low 16 bits in `Unknown`).
    pub fn from_raw_v2(raw: u64) -> EventKind {
        u32::try_from(raw)
            .ok()
            .and_then(MonitorEvents::from_bits)
            .and_then(|bit| left_of(KINDS, &bit))
            .unwrap_or(EventKind::Unknown(raw as u16))
    }

    /// The 64-bit `ZMQ_EVENT_*` number of this kind.
    pub fn raw_v2(self) -> u64 {
        match self {
            EventKind::Unknown(raw) => u64::from(raw),
            k => right_of(KINDS, &k).map_or(0, |bit| u64::from(bit.bits())),
        }
    }
}

/// Why a handshake failed (`ZMQ_PROTOCOL_ERROR_*`), the value of a
/// [`EventKind::HandshakeFailedProtocol`] event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is its C name
pub enum ProtocolError {
    ZmtpUnspecified,
    ZmtpUnexpectedCommand,
    ZmtpInvalidSequence,
    ZmtpKeyExchange,
    ZmtpMalformedCommandUnspecified,
    ZmtpMalformedCommandMessage,
    ZmtpMalformedCommandHello,
    ZmtpMalformedCommandInitiate,
    ZmtpMalformedCommandError,
    ZmtpMalformedCommandReady,
    ZmtpMalformedCommandWelcome,
    ZmtpInvalidMetadata,
    ZmtpCryptographic,
    ZmtpMechanismMismatch,
    ZapUnspecified,
    ZapMalformedReply,
    ZapBadRequestId,
    ZapBadVersion,
    ZapInvalidStatusCode,
    ZapInvalidMetadata,
    WsUnspecified,
    /// A code this crate does not know.
    Unknown(u32),
}

const PROTOCOL_ERRORS: &[(ProtocolError, i32)] = &[
    (
        ProtocolError::ZmtpUnspecified,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
    ),
    (
        ProtocolError::ZmtpUnexpectedCommand,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
    ),
    (
        ProtocolError::ZmtpInvalidSequence,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE,
    ),
    (
        ProtocolError::ZmtpKeyExchange,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE,
    ),
    (
        ProtocolError::ZmtpMalformedCommandUnspecified,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
    ),
    (
        ProtocolError::ZmtpMalformedCommandMessage,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE,
    ),
    (
        ProtocolError::ZmtpMalformedCommandHello,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
    ),
    (
        ProtocolError::ZmtpMalformedCommandInitiate,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE,
    ),
    (
        ProtocolError::ZmtpMalformedCommandError,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
    ),
    (
        ProtocolError::ZmtpMalformedCommandReady,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY,
    ),
    (
        ProtocolError::ZmtpMalformedCommandWelcome,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
    ),
    (
        ProtocolError::ZmtpInvalidMetadata,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
    ),
    (
        ProtocolError::ZmtpCryptographic,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
    ),
    (
        ProtocolError::ZmtpMechanismMismatch,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
    ),
    (
        ProtocolError::ZapUnspecified,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZAP_UNSPECIFIED,
    ),
    (
        ProtocolError::ZapMalformedReply,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
    ),
    (
        ProtocolError::ZapBadRequestId,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
    ),
    (
        ProtocolError::ZapBadVersion,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZAP_BAD_VERSION,
    ),
    (
        ProtocolError::ZapInvalidStatusCode,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
    ),
    (
        ProtocolError::ZapInvalidMetadata,
        zmq_sys::ZMQ_PROTOCOL_ERROR_ZAP_INVALID_METADATA,
    ),
    (
        ProtocolError::WsUnspecified,
        zmq_sys::ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED,
    ),
];

impl ProtocolError {
    /// The error for a `ZMQ_PROTOCOL_ERROR_*` code.
    pub fn from_raw(raw: u32) -> ProtocolError {
        left_of(PROTOCOL_ERRORS, &(raw as i32)).unwrap_or(ProtocolError::Unknown(raw))
    }
}

/// One event from a [`Monitor`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MonitorEvent {
    /// What happened.
    pub kind: EventKind,
    /// The event's value: a file descriptor, an errno, an interval, a
    /// protocol error or a ZAP status code, depending on `kind`.
    pub value: u32,
    /// The endpoint concerned (empty for `MonitorStopped`).
    pub endpoint: String,
}

impl MonitorEvent {
    /// The protocol error of a `HandshakeFailedProtocol` event.
    pub fn protocol_error(&self) -> Option<ProtocolError> {
        (self.kind == EventKind::HandshakeFailedProtocol)
            .then(|| ProtocolError::from_raw(self.value))
    }

    /// Parses libzmq's two-frame (version 1) event message.
    fn parse(head: &[u8], endpoint: &[u8]) -> Result<MonitorEvent> {
        let head: [u8; 6] = head.try_into().map_err(|_| Error::InvalidArgument)?;
        let event = u16::from_ne_bytes([head[0], head[1]]);
        let value = u32::from_ne_bytes([head[2], head[3], head[4], head[5]]);
        Ok(MonitorEvent {
            kind: EventKind::from_raw(event),
            value,
            endpoint: String::from_utf8_lossy(endpoint).into_owned(),
        })
    }
}

/// One event from a version-2 monitor ([`Socket::monitor_v2`], draft):
/// 64-bit values, any number of them, and both ends of the connection.
#[cfg(feature = "draft")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MonitorEventV2 {
    /// What happened.
    pub kind: EventKind,
    /// The values (one for the version-1 events, as in [`MonitorEvent`];
    /// outbound and inbound queue lengths for `PipesStats`).
    pub values: Vec<u64>,
    /// The local endpoint (empty if unknown).
    pub local: String,
    /// The remote endpoint (empty if unknown).
    pub remote: String,
}

#[cfg(feature = "draft")]
fn u64_of(frame: &[u8]) -> Result<u64> {
    Ok(u64::from_ne_bytes(
        frame.try_into().map_err(|_| Error::InvalidArgument)?,
    ))
}

/// Shared between a socket and its monitors: whether the socket is still
/// open and which monitor is current, behind a lock that closing, starting
/// and stopping all take, so that a monitor stopping itself never touches a
/// closed socket nor stops a monitor that replaced it.
#[derive(Clone)]
pub(crate) struct Link(Arc<Mutex<LinkState>>);

struct LinkState {
    open: bool,
    /// The id of the monitor in force (0: none).
    current: u64,
}

impl Link {
    pub(crate) fn new() -> Link {
        Link(Arc::new(Mutex::new(LinkState {
            open: true,
            current: 0,
        })))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LinkState> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs the socket's close under the lock and marks it closed.
    pub(crate) fn close(&self, close: impl FnOnce()) {
        let mut state = self.lock();
        close();
        state.open = false;
    }
}

/// Events about a socket's connections, from the PAIR socket libzmq
/// publishes them on (created and connected by [`Socket::monitor`]).
///
/// A monitor may go to another thread. Dropping it stops the monitoring
/// (libzmq would otherwise stall its I/O thread once the unread events fill
/// the queue). Events queue without limit while the monitor lives: read
/// them, or ask only for the events you need.
///
/// ```
/// let ctx = zmq::Context::new();
/// let rep = ctx.socket::<zmq::Rep>()?;
/// let mut monitor = rep.monitor(zmq::MonitorEvents::LISTENING)?;
/// rep.bind("tcp://127.0.0.1:*")?;
/// monitor.set_timeout(Some(std::time::Duration::from_secs(5)))?;
/// let event = monitor.recv_event()?;
/// assert_eq!(event.kind, zmq::EventKind::Listening);
/// assert_eq!(event.endpoint, rep.last_endpoint()?);
/// # Ok::<(), zmq::Error>(())
/// ```
pub struct Monitor {
    pair: Socket<Pair>,
    link: Link,
    id: u64,
    target: *mut c_void,
    buf: Message,
    /// The event format: 1 (`zmq_socket_monitor`) or 2 (versioned, draft).
    version: u8,
}

/// Starts monitoring in the given event format.
///
/// # Safety
///
/// `raw` is a live socket and `endpoint` NUL-terminated.
unsafe fn start(
    raw: *mut c_void,
    endpoint: *const std::ffi::c_char,
    events: MonitorEvents,
    version: u8,
) -> i32 {
    #[cfg(feature = "draft")]
    if version != 1 {
        // SAFETY: as the caller promised.
        return unsafe {
            zmq_sys::zmq_socket_monitor_versioned(
                raw,
                endpoint,
                u64::from(events.bits()),
                i32::from(version),
                zmq_sys::ZMQ_PAIR,
            )
        };
    }
    let _ = version;
    // SAFETY: as the caller promised.
    unsafe { zmq_sys::zmq_socket_monitor(raw, endpoint, events.bits() as i32) }
}

// SAFETY: `target` is only used in Drop, under the link's lock, to call
// zmq_socket_monitor(NULL), which libzmq serialises with the socket's own
// monitoring state (_monitor_sync); the PAIR socket and the message are Send.
unsafe impl Send for Monitor {}

impl std::fmt::Debug for Monitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Monitor")
            .field("target", &self.target)
            .finish()
    }
}

/// The machinery behind `Socket::monitor` and friends (socket/methods.rs).
impl<K: SocketKind> Socket<K> {
    pub(crate) fn start_monitor(&self, events: MonitorEvents, version: u8) -> Result<Monitor> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let endpoint = format!("inproc://zmq-rs.monitor.{}.{id}", std::process::id());
        let c_endpoint = c_string(&endpoint)?;
        let raw = self.live()?;
        let link = self.link().clone();
        let mut state = link.lock();
        // SAFETY: live socket; NUL-terminated inproc endpoint.
        check(unsafe { start(raw, c_endpoint.as_ptr(), events, version) })?;
        let pair = self.context().socket::<Pair>().and_then(|pair| {
            // Unbounded queue: a full one would block the libzmq thread
            // that reports the event.
            pair.set_rcvhwm(0)?;
            pair.set_linger(Some(Duration::ZERO))?;
            pair.connect(&endpoint)?;
            Ok(pair)
        });
        match pair {
            Ok(pair) => {
                state.current = id;
                drop(state);
                Ok(Monitor {
                    pair,
                    link,
                    id,
                    target: raw,
                    buf: Message::new(),
                    version,
                })
            }
            Err(e) => {
                state.current = 0;
                // SAFETY: live socket; a null endpoint stops monitoring.
                unsafe { zmq_sys::zmq_socket_monitor(raw, std::ptr::null(), 0) };
                Err(e)
            }
        }
    }

    pub(crate) fn stop_monitoring(&self) -> Result<()> {
        let raw = self.live()?;
        let link = self.link();
        let mut state = link.lock();
        state.current = 0;
        // SAFETY: live socket; a null endpoint stops monitoring.
        check(unsafe { zmq_sys::zmq_socket_monitor(raw, std::ptr::null(), 0) }).map(drop)
    }
}

impl Monitor {
    /// Waits for the next event (up to the timeout set with
    /// [`set_timeout`](Self::set_timeout), then [`Error::Again`]).
    pub fn recv_event(&mut self) -> Result<MonitorEvent> {
        self.recv_with(RecvFlags::empty())
    }

    /// The next event if one is queued, else [`Error::Again`].
    pub fn try_recv_event(&mut self) -> Result<MonitorEvent> {
        self.recv_with(RecvFlags::DONTWAIT)
    }

    fn recv_with(&mut self, flags: RecvFlags) -> Result<MonitorEvent> {
        if self.version != 1 {
            return Err(Error::InvalidState);
        }
        self.pair.recv_into_with(&mut self.buf, flags)?;
        if !self.buf.more() {
            return Err(Error::InvalidArgument);
        }
        // libzmq sends both frames at once: the second is already here.
        let endpoint = self.pair.recv_with(RecvFlags::empty())?;
        MonitorEvent::parse(&self.buf, &endpoint)
    }

    /// Waits for the next event of a version-2 monitor
    /// ([`Socket::monitor_v2`]), up to the timeout; `InvalidState` on a
    /// version-1 monitor (and [`recv_event`](Self::recv_event) is
    /// `InvalidState` on a version-2 one).
    #[cfg(feature = "draft")]
    pub fn recv_event_v2(&mut self) -> Result<MonitorEventV2> {
        self.recv_v2_with(RecvFlags::empty())
    }

    /// The next version-2 event if one is queued, else [`Error::Again`].
    #[cfg(feature = "draft")]
    pub fn try_recv_event_v2(&mut self) -> Result<MonitorEventV2> {
        self.recv_v2_with(RecvFlags::DONTWAIT)
    }

    #[cfg(feature = "draft")]
    fn recv_v2_with(&mut self, flags: RecvFlags) -> Result<MonitorEventV2> {
        if self.version != 2 {
            return Err(Error::InvalidState);
        }
        self.pair.recv_into_with(&mut self.buf, flags)?;
        // libzmq sends every frame of an event at once: the rest is here.
        let parts = self.pair.recv_multipart()?;
        let event = u64_of(&self.buf)?;
        let (count, rest) = parts.split_first().ok_or(Error::InvalidArgument)?;
        let count = usize::try_from(u64_of(count)?).map_err(|_| Error::InvalidArgument)?;
        if rest.len() != count.saturating_add(2) {
            return Err(Error::InvalidArgument);
        }
        let values = rest[..count]
            .iter()
            .map(|v| u64_of(v))
            .collect::<Result<Vec<u64>>>()?;
        let text = |m: &Message| String::from_utf8_lossy(m).into_owned();
        Ok(MonitorEventV2 {
            kind: EventKind::from_raw_v2(event),
            values,
            local: text(&rest[count]),
            remote: text(&rest[count + 1]),
        })
    }

    /// Waits for events until one of `kind` arrives, returning it; events of
    /// other kinds are skipped. Each wait is bounded by the monitor's
    /// timeout.
    pub fn wait_for(&mut self, kind: EventKind) -> Result<MonitorEvent> {
        loop {
            let event = self.recv_event()?;
            if event.kind == kind {
                return Ok(event);
            }
        }
    }

    /// How long [`recv_event`](Self::recv_event) waits (`None`: forever).
    pub fn set_timeout(&self, timeout: Option<Duration>) -> Result<()> {
        self.pair.set_rcvtimeo(timeout)
    }

    /// A [`PollItem`] that is readable when an event is queued.
    pub fn as_poll_item(&self, events: Events) -> PollItem<'_> {
        self.pair.as_poll_item(events)
    }

    /// The PAIR socket the events arrive on.
    pub fn socket(&self) -> &Socket<Pair> {
        &self.pair
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        if self.pair.live().is_err() {
            // Inherited across fork(): leave libzmq (and the link's lock,
            // which a parent thread may have held at the fork) alone.
            return;
        }
        let mut state = self.link.lock();
        if state.open && state.current == self.id {
            state.current = 0;
            // SAFETY: the link's lock is held and the socket is open, so the
            // handle is live until we release it; libzmq serialises this with
            // the socket's event reporting. Errors (ETERM) leave nothing to do.
            unsafe { zmq_sys::zmq_socket_monitor(self.target, std::ptr::null(), 0) };
        }
    }
}

#[cfg(test)]
mod parse_tests {
    use super::{EventKind, MonitorEvent, ProtocolError};
    use crate::Error;

    fn head(event: u16, value: u32) -> Vec<u8> {
        let mut head = event.to_ne_bytes().to_vec();
        head.extend_from_slice(&value.to_ne_bytes());
        head
    }

    #[test]
    fn an_event_is_a_u16_a_u32_and_the_endpoint() {
        let raw = zmq_sys::ZMQ_EVENT_CONNECTED as u16;
        let event = MonitorEvent::parse(&head(raw, 12), b"tcp://127.0.0.1:5555").unwrap();
        assert_eq!(event.kind, EventKind::Connected);
        assert_eq!(event.value, 12);
        assert_eq!(event.endpoint, "tcp://127.0.0.1:5555");
        assert_eq!(event.protocol_error(), None);
    }

    #[test]
    fn unknown_events_and_bad_heads_do_not_panic() {
        let event = MonitorEvent::parse(&head(0x8000, 0), b"\xff").unwrap();
        assert_eq!(event.kind, EventKind::Unknown(0x8000));
        assert_eq!(event.endpoint, "\u{fffd}");
        assert_eq!(
            MonitorEvent::parse(&[1, 2, 3], b""),
            Err(Error::InvalidArgument)
        );
    }

    #[test]
    fn a_protocol_failure_names_its_error() {
        let raw = zmq_sys::ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL as u16;
        let code = zmq_sys::ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED as u32;
        let event = MonitorEvent::parse(&head(raw, code), b"").unwrap();
        assert_eq!(event.protocol_error(), Some(ProtocolError::WsUnspecified));
        assert_eq!(
            ProtocolError::from_raw(0x7fff_ffff),
            ProtocolError::Unknown(0x7fff_ffff)
        );
    }
}
