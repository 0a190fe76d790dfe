//! Built-in proxies (`zmq_proxy`, `zmq_proxy_steerable`) between sockets of
//! any kinds, and a client for the steerable proxy's control socket.

use crate::context::Context;
use crate::error::{check, Error, Result};
use crate::multipart::Multipart;
use crate::poll::{poll, Events};
use crate::socket::kind::SocketKind;
use crate::socket::Socket;
use crate::socket::{RecvFlags, SendFlags};
use crate::Pair;
use std::ffi::c_void;
use std::time::Duration;

/// Forwards messages between `frontend` and `backend` in both directions
/// (`zmq_proxy`) until the context is shut down, then returns
/// `Err(Terminated)`. Blocks the calling thread: run it in a thread of its
/// own.
///
/// ```no_run
/// let ctx = zmq::Context::new();
/// let frontend = ctx.socket::<zmq::Router>()?;
/// frontend.bind("tcp://127.0.0.1:5559")?;
/// let backend = ctx.socket::<zmq::Dealer>()?;
/// backend.bind("tcp://127.0.0.1:5560")?;
/// zmq::proxy(&frontend, &backend)?;
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_proxy")]
pub fn proxy<F: SocketKind, B: SocketKind>(
    frontend: &Socket<F>,
    backend: &Socket<B>,
) -> Result<()> {
    run(
        frontend.live()?,
        backend.live()?,
        std::ptr::null_mut(),
        None,
    )
}

/// Like [`proxy`], also copying every frame (both directions) to `capture`
/// (a PUB, PUSH, DEALER or PAIR socket).
#[doc(alias = "zmq_proxy")]
pub fn proxy_with_capture<F: SocketKind, B: SocketKind, C: SocketKind>(
    frontend: &Socket<F>,
    backend: &Socket<B>,
    capture: &Socket<C>,
) -> Result<()> {
    run(frontend.live()?, backend.live()?, capture.live()?, None)
}

/// Like [`proxy`], steered through `control` (`zmq_proxy_steerable`): the
/// commands PAUSE, RESUME, TERMINATE and STATISTICS arrive on it (drive it
/// with a [`ProxyControl`], with `control` a PAIR socket). Returns `Ok(())`
/// after TERMINATE, `Err(Terminated)` when the context is shut down.
#[doc(alias = "zmq_proxy_steerable")]
pub fn proxy_steerable<F: SocketKind, B: SocketKind, S: SocketKind>(
    frontend: &Socket<F>,
    backend: &Socket<B>,
    control: &Socket<S>,
) -> Result<()> {
    run(
        frontend.live()?,
        backend.live()?,
        std::ptr::null_mut(),
        Some(control.live()?),
    )
}

/// [`proxy_steerable`] with a capture socket.
#[doc(alias = "zmq_proxy_steerable")]
pub fn proxy_steerable_with_capture<F: SocketKind, B: SocketKind, C: SocketKind, S: SocketKind>(
    frontend: &Socket<F>,
    backend: &Socket<B>,
    capture: &Socket<C>,
    control: &Socket<S>,
) -> Result<()> {
    run(
        frontend.live()?,
        backend.live()?,
        capture.live()?,
        Some(control.live()?),
    )
}

fn run(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: Option<*mut c_void>,
) -> Result<()> {
    // SAFETY: every pointer is a live socket borrowed by the caller for the
    // duration of the call (or null for "no capture"); the sockets are !Sync,
    // so no other thread uses them meanwhile.
    let rc = unsafe {
        match control {
            Some(control) => zmq_sys::zmq_proxy_steerable(frontend, backend, capture, control),
            None => zmq_sys::zmq_proxy(frontend, backend, capture),
        }
    };
    check(rc).map(drop)
}

/// The counters a steerable proxy reports for STATISTICS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ProxyStatistics {
    /// Frames received on the frontend.
    pub frontend_recv_messages: u64,
    /// Bytes received on the frontend.
    pub frontend_recv_bytes: u64,
    /// Frames sent on the frontend.
    pub frontend_sent_messages: u64,
    /// Bytes sent on the frontend.
    pub frontend_sent_bytes: u64,
    /// Frames received on the backend.
    pub backend_recv_messages: u64,
    /// Bytes received on the backend.
    pub backend_recv_bytes: u64,
    /// Frames sent on the backend.
    pub backend_sent_messages: u64,
    /// Bytes sent on the backend.
    pub backend_sent_bytes: u64,
}

impl ProxyStatistics {
    /// Parses the eight-frame STATISTICS reply (eight native-endian u64s);
    /// `InvalidArgument` for anything else.
    pub fn from_reply(reply: &Multipart) -> Result<ProxyStatistics> {
        if reply.len() != 8 {
            return Err(Error::InvalidArgument);
        }
        let mut v = [0u64; 8];
        for (slot, frame) in v.iter_mut().zip(reply.iter()) {
            let bytes: [u8; 8] = frame[..].try_into().map_err(|_| Error::InvalidArgument)?;
            *slot = u64::from_ne_bytes(bytes);
        }
        Ok(ProxyStatistics {
            frontend_recv_messages: v[0],
            frontend_recv_bytes: v[1],
            frontend_sent_messages: v[2],
            frontend_sent_bytes: v[3],
            backend_recv_messages: v[4],
            backend_recv_bytes: v[5],
            backend_sent_messages: v[6],
            backend_sent_bytes: v[7],
        })
    }
}

/// Drives a steerable proxy: a PAIR socket connected to the proxy's control
/// socket, which must be a PAIR bound at that endpoint.
///
/// libzmq releases differ in how they answer on a PAIR control socket: before 4.3.5 only STATISTICS is answered;
/// 4.3.5 also acknowledges every other command with an empty frame and
/// swaps PAUSE and RESUME (its handler sets "active" on PAUSE and "paused"
/// on RESUME); later releases fix the swap and answer only STATISTICS
/// again. [`pause`](Self::pause) and [`resume`](Self::resume) send whichever
/// command has the named effect on the libzmq linked at run time and wait
/// until the proxy has acted on it (for its acknowledgement, or else for
/// the answer to a STATISTICS request sent after it).
///
/// Every wait is bounded by [`timeout`](Self::timeout) (default
/// [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT)), whatever the socket's own
/// options say: a proxy that does not answer in time gives `Err(Again)`. A
/// late answer is discarded before the next command.
///
/// ```
/// # let ctx = zmq::Context::new();
/// # let (front, back) = (ctx.socket::<zmq::Pull>()?, ctx.socket::<zmq::Push>()?);
/// # front.bind("inproc://doc-front")?;
/// # back.bind("inproc://doc-back")?;
/// let control = ctx.socket::<zmq::Pair>()?;
/// control.bind("inproc://doc-control")?;
/// let steer = zmq::ProxyControl::connect(&ctx, "inproc://doc-control")?;
/// let proxy = std::thread::spawn(move || zmq::proxy_steerable(&front, &back, &control));
/// steer.pause()?;
/// steer.resume()?;
/// assert_eq!(steer.statistics()?.frontend_recv_messages, 0);
/// steer.terminate()?;
/// assert_eq!(proxy.join().unwrap(), Ok(()));
/// # Ok::<(), zmq::Error>(())
/// ```
#[derive(Debug)]
pub struct ProxyControl {
    socket: Socket<Pair>,
    protocol: ControlProtocol,
    timeout: Duration,
}

/// How a libzmq release's steerable proxy treats commands on a PAIR control
/// socket; [`ProxyControl`] follows the one of the libzmq linked at run time.
/// One rule for both facts, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ControlProtocol {
    /// PAUSE resumes and RESUME pauses (libzmq 4.3.5).
    swapped: bool,
    /// PAUSE, RESUME and TERMINATE are answered with an empty frame
    /// (libzmq 4.3.5; STATISTICS is answered by every release).
    acknowledges: bool,
}

impl ControlProtocol {
    /// The protocol of libzmq `version` (as [`crate::version`] gives it):
    /// 4.3.5 swaps PAUSE/RESUME and acknowledges every command; earlier
    /// and later releases do neither on a PAIR.
    pub(crate) fn of(version: (i32, i32, i32)) -> ControlProtocol {
        let is_4_3_5 = version == (4, 3, 5);
        ControlProtocol {
            swapped: is_4_3_5,
            acknowledges: is_4_3_5,
        }
    }
}

impl ProxyControl {
    /// How long each command waits to be sent and answered, unless changed
    /// with [`set_timeout`](Self::set_timeout).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

    /// A control client connected to the proxy's control endpoint.
    pub fn connect(ctx: &Context, endpoint: &str) -> Result<ProxyControl> {
        let socket = ctx.socket::<Pair>()?;
        socket.connect(endpoint)?;
        Ok(ProxyControl {
            socket,
            protocol: ControlProtocol::of(crate::version()),
            timeout: Self::DEFAULT_TIMEOUT,
        })
    }

    /// The PAIR socket, e.g. to set its linger.
    pub fn socket(&self) -> &Socket<Pair> {
        &self.socket
    }

    /// The bound on each wait for the proxy.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Changes the bound on each wait for the proxy.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Waits up to the timeout for `events` on the socket; `Again` if they
    /// do not come.
    fn wait(&self, events: Events) -> Result<()> {
        let mut item = [self.socket.as_poll_item(events)];
        match poll(&mut item, Some(self.timeout))? {
            0 => Err(Error::Again),
            _ => Ok(()),
        }
    }

    /// Sends a command (dropping any late answer to an earlier one first)
    /// and, if `answered`, returns the answer.
    fn exchange(&self, command: &str, answered: bool) -> Result<Option<Multipart>> {
        while self.socket.recv_multipart_with(RecvFlags::DONTWAIT).is_ok() {}
        self.wait(Events::OUT)?;
        self.socket.send_with(command, SendFlags::DONTWAIT)?;
        if !answered {
            return Ok(None);
        }
        self.wait(Events::IN)?;
        self.socket
            .recv_multipart_with(RecvFlags::DONTWAIT)
            .map(Some)
    }

    /// Sends PAUSE or RESUME and returns once the proxy has acted on it:
    /// where no acknowledgement comes, a STATISTICS request, answered by
    /// every release in command order, serves as one.
    fn steer(&self, command: &str) -> Result<()> {
        if self.protocol.acknowledges {
            self.exchange(command, true).map(drop)
        } else {
            self.exchange(command, false)?;
            self.statistics().map(drop)
        }
    }

    /// Stops forwarding (messages wait in the queues); in force when it
    /// returns.
    pub fn pause(&self) -> Result<()> {
        self.steer(if self.protocol.swapped {
            "RESUME"
        } else {
            "PAUSE"
        })
    }

    /// Forwards again after [`pause`](Self::pause); in force when it
    /// returns.
    pub fn resume(&self) -> Result<()> {
        self.steer(if self.protocol.swapped {
            "PAUSE"
        } else {
            "RESUME"
        })
    }

    /// Ends the proxy: `proxy_steerable` returns `Ok(())`.
    pub fn terminate(&self) -> Result<()> {
        self.exchange("TERMINATE", self.protocol.acknowledges)
            .map(drop)
    }

    /// The proxy's counters so far.
    pub fn statistics(&self) -> Result<ProxyStatistics> {
        match self.exchange("STATISTICS", true)? {
            Some(reply) => ProxyStatistics::from_reply(&reply),
            None => Err(Error::InvalidArgument),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ControlProtocol, ProxyControl};
    use crate::{Context, Pair};
    use std::time::Duration;

    /// Where no acknowledgement comes (4.3.4, 4.3.6 and later), PAUSE and
    /// RESUME are followed by a STATISTICS request whose answer proves the
    /// command was taken; TERMINATE waits for nothing.
    #[test]
    fn without_acknowledgements_a_statistics_answer_confirms_each_command() {
        let ctx = Context::new();
        let peer = ctx.socket::<Pair>().unwrap();
        peer.set_rcvtimeo(Some(Duration::from_secs(10))).unwrap();
        peer.bind("inproc://unit-steer").unwrap();
        let mut control = ProxyControl::connect(&ctx, "inproc://unit-steer").unwrap();
        control.protocol = ControlProtocol::of((4, 3, 6));
        // A proxy of such a release: answers STATISTICS only.
        let fake = std::thread::spawn(move || {
            let mut seen = Vec::new();
            loop {
                let command = peer.recv().unwrap().as_str().unwrap().to_string();
                if command == "STATISTICS" {
                    let frames = (0..8).map(|_| 0u64.to_ne_bytes().to_vec());
                    peer.send_multipart(frames).unwrap();
                }
                let done = command == "TERMINATE";
                seen.push(command);
                if done {
                    return seen;
                }
            }
        });
        control.pause().unwrap();
        control.resume().unwrap();
        control.terminate().unwrap();
        let seen = fake.join().unwrap();
        assert_eq!(
            seen,
            ["PAUSE", "STATISTICS", "RESUME", "STATISTICS", "TERMINATE"]
        );
    }

    #[test]
    fn one_rule_decides_swap_and_acknowledgement_per_version() {
        let plain = ControlProtocol {
            swapped: false,
            acknowledges: false,
        };
        assert_eq!(ControlProtocol::of((4, 3, 4)), plain);
        assert_eq!(ControlProtocol::of((4, 3, 2)), plain);
        assert_eq!(
            ControlProtocol::of((4, 3, 5)),
            ControlProtocol {
                swapped: true,
                acknowledges: true,
            }
        );
        assert_eq!(ControlProtocol::of((4, 3, 6)), plain);
        assert_eq!(ControlProtocol::of((4, 4, 0)), plain);
        assert_eq!(ControlProtocol::of((5, 0, 0)), plain);
    }
}

#[cfg(test)]
mod statistics_tests {
    use super::ProxyStatistics;
    use crate::{Error, Multipart};

    #[test]
    fn eight_native_endian_counters_in_order() {
        let reply: Multipart = (1..=8u64).map(|n| n.to_ne_bytes().to_vec()).collect();
        let stats = ProxyStatistics::from_reply(&reply).unwrap();
        assert_eq!(
            stats,
            ProxyStatistics {
                frontend_recv_messages: 1,
                frontend_recv_bytes: 2,
                frontend_sent_messages: 3,
                frontend_sent_bytes: 4,
                backend_recv_messages: 5,
                backend_recv_bytes: 6,
                backend_sent_messages: 7,
                backend_sent_bytes: 8,
            }
        );
    }

    #[test]
    fn any_other_shape_is_invalid_argument() {
        let seven: Multipart = (0..7u64).map(|n| n.to_ne_bytes().to_vec()).collect();
        assert_eq!(
            ProxyStatistics::from_reply(&seven),
            Err(Error::InvalidArgument)
        );
        let mut short: Vec<Vec<u8>> = (0..8u64).map(|n| n.to_ne_bytes().to_vec()).collect();
        short[3].pop();
        let short: Multipart = short.into_iter().collect();
        assert_eq!(
            ProxyStatistics::from_reply(&short),
            Err(Error::InvalidArgument)
        );
    }
}
