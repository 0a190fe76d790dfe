//! `Timers`: libzmq's timer set (`zmq_timers_*`), for event loops built on
//! [`poll`](crate::poll).

use crate::error::{check, Error, Result};
use std::collections::HashMap;
use std::ffi::{c_int, c_long, c_void};
use std::fmt;
use std::ptr::NonNull;
use std::time::Duration;

/// Identifies a timer of a [`Timers`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimerId(i32);

impl TimerId {
    /// libzmq's number for the timer.
    pub fn raw(self) -> i32 {
        self.0
    }
}

type Handler = Box<dyn FnMut(&mut Timers, TimerId)>;

/// A set of repeating timers (`zmq_timers_new`), each with a handler.
///
/// An event loop asks [`timeout`](Self::timeout) how long it may wait,
/// passes that to [`poll`](crate::poll), then calls
/// [`execute`](Self::execute), which runs the handler of every timer that is
/// due and schedules it again after its interval.
///
/// Handlers get `&mut Timers`, so they may add, cancel, reset or re-time
/// timers, their own included. libzmq only records which timers are due:
/// the handlers run after its own bookkeeping is done, so nothing a handler
/// does can upset it, and a panicking handler unwinds through Rust only
/// (out of `execute`; that handler is dropped, its timer stays until
/// cancelled, and the timers due after it wait for the next `execute`).
///
/// ```
/// use std::time::Duration;
/// let mut timers = zmq::Timers::new()?;
/// let fired = std::rc::Rc::new(std::cell::Cell::new(0));
/// let count = fired.clone();
/// timers.add(Duration::from_millis(1), move |timers, id| {
///     count.set(count.get() + 1);
///     timers.cancel(id).unwrap(); // a one-shot timer
/// })?;
/// while let Some(wait) = timers.timeout() {
///     std::thread::sleep(wait); // or zmq::poll(&mut items, Some(wait))
///     timers.execute()?;
/// }
/// assert_eq!(fired.get(), 1);
/// # Ok::<(), zmq::Error>(())
/// ```
#[doc(alias = "zmq_timers_new")]
pub struct Timers {
    raw: NonNull<c_void>,
    /// Timers found due by `zmq_timers_execute`, filled by [`record`];
    /// boxed so its address, given to libzmq, stays put. Its capacity is
    /// kept at the number of live timers, so `record` never allocates.
    #[allow(clippy::box_collection)] // libzmq holds the address of the Vec itself
    due: Box<Vec<c_int>>,
    /// The handler of each live timer; `None` while it runs.
    handlers: HashMap<i32, Option<Handler>>,
}

/// The C handler of every timer: notes the timer as due.
extern "C" fn record(timer_id: c_int, arg: *mut c_void) {
    // SAFETY: arg is the `due` vector of the Timers that is executing, live
    // and not otherwise borrowed during zmq_timers_execute (see execute).
    let due = unsafe { &mut *(arg as *mut Vec<c_int>) };
    // Each timer fires at most once per execute and capacity covers them
    // all; the check keeps this from ever allocating or unwinding into C.
    if due.len() < due.capacity() {
        due.push(timer_id);
    }
}

/// The longest interval: `now + interval` must not overflow libzmq's
/// millisecond clock, nor the `long` its `zmq_timers_timeout` returns.
const MAX_INTERVAL_MS: u128 = (c_long::MAX / 2) as u128;

/// An interval in whole milliseconds (rounded up), at least 1 ms: at 0,
/// libzmq's execute would run the timer again and again without end.
fn interval_ms(interval: Duration) -> Result<usize> {
    let ms = crate::time::ceil_millis(interval);
    if ms == 0 || ms > MAX_INTERVAL_MS {
        return Err(Error::InvalidArgument);
    }
    usize::try_from(ms).map_err(|_| Error::InvalidArgument)
}

impl Timers {
    /// An empty set of timers.
    #[doc(alias = "zmq_timers_new")]
    pub fn new() -> Result<Timers> {
        // SAFETY: no preconditions; null on failure.
        let raw = NonNull::new(unsafe { zmq_sys::zmq_timers_new() }).ok_or_else(Error::last)?;
        Ok(Timers {
            raw,
            due: Box::default(),
            handlers: HashMap::new(),
        })
    }

    /// Adds a timer that runs `handler` every `interval` (whole
    /// milliseconds, rounded up), first after one interval.
    /// `InvalidArgument` for an interval of zero or of more than
    /// `c_long::MAX / 2` milliseconds.
    #[doc(alias = "zmq_timers_add")]
    pub fn add(
        &mut self,
        interval: Duration,
        handler: impl FnMut(&mut Timers, TimerId) + 'static,
    ) -> Result<TimerId> {
        let ms = interval_ms(interval)?;
        self.handlers.try_reserve(1).map_err(|_| Error::NoMemory)?;
        // Room for every timer to be due at once, so `record` never grows it.
        let room = (self.handlers.len() + 1).saturating_sub(self.due.len());
        self.due.try_reserve(room).map_err(|_| Error::NoMemory)?;
        let arg = &mut *self.due as *mut Vec<c_int> as *mut c_void;
        // SAFETY: live timer set; `record` matches zmq_timer_fn and `arg`
        // points into a box that lives as long as the set.
        let id =
            check(unsafe { zmq_sys::zmq_timers_add(self.raw.as_ptr(), ms, Some(record), arg) })?;
        self.handlers.insert(id, Some(Box::new(handler)));
        Ok(TimerId(id))
    }

    /// Cancels a timer: its handler is dropped and never runs again (also
    /// when called from a handler, for the timers still due in the same
    /// [`execute`](Self::execute)). `NotFound` for an unknown or cancelled
    /// timer.
    #[doc(alias = "zmq_timers_cancel")]
    pub fn cancel(&mut self, id: TimerId) -> Result<()> {
        self.known(id)?;
        // SAFETY: live timer set; the id is one of its live timers.
        check(unsafe { zmq_sys::zmq_timers_cancel(self.raw.as_ptr(), id.0) })?;
        self.handlers.remove(&id.0);
        Ok(())
    }

    /// Changes a timer's interval; it next fires one new interval from now.
    #[doc(alias = "zmq_timers_set_interval")]
    pub fn set_interval(&mut self, id: TimerId, interval: Duration) -> Result<()> {
        let ms = interval_ms(interval)?;
        self.known(id)?;
        // SAFETY: live timer set, live timer, not inside zmq_timers_execute
        // (handlers run after it returns).
        check(unsafe { zmq_sys::zmq_timers_set_interval(self.raw.as_ptr(), id.0, ms) }).map(drop)
    }

    /// Restarts a timer's interval from now (a watchdog kept alive).
    #[doc(alias = "zmq_timers_reset")]
    pub fn reset(&mut self, id: TimerId) -> Result<()> {
        self.known(id)?;
        // SAFETY: as in set_interval.
        check(unsafe { zmq_sys::zmq_timers_reset(self.raw.as_ptr(), id.0) }).map(drop)
    }

    /// How long until the next timer is due (zero if one is due now), or
    /// `None` when there is no timer: the timeout to give `poll`.
    #[doc(alias = "zmq_timers_timeout")]
    pub fn timeout(&mut self) -> Option<Duration> {
        // SAFETY: live timer set.
        let ms = unsafe { zmq_sys::zmq_timers_timeout(self.raw.as_ptr()) };
        u64::try_from(ms).ok().map(Duration::from_millis)
    }

    /// Runs the handler of every timer that is due, in the order they fell
    /// due, and schedules each again; returns how many ran.
    #[doc(alias = "zmq_timers_execute")]
    pub fn execute(&mut self) -> Result<usize> {
        self.due.clear();
        // SAFETY: live timer set; during the call libzmq calls `record`
        // with `self.due`, which nothing else touches until it returns.
        check(unsafe { zmq_sys::zmq_timers_execute(self.raw.as_ptr()) })?;
        let mut ran = 0;
        // By index: handlers may add timers, which only reserves room here.
        let mut i = 0;
        while let Some(&id) = self.due.get(i) {
            i += 1;
            // A handler that ran before may have cancelled this timer.
            let Some(mut handler) = self.handlers.get_mut(&id).and_then(Option::take) else {
                continue;
            };
            handler(self, TimerId(id));
            ran += 1;
            // Put the handler back unless it cancelled its own timer.
            if let Some(slot) = self.handlers.get_mut(&id) {
                *slot = Some(handler);
            }
        }
        Ok(ran)
    }

    /// The number of live timers.
    pub fn len(&self) -> usize {
        self.handlers.len()
    }

    /// Whether there is no live timer.
    pub fn is_empty(&self) -> bool {
        self.handlers.is_empty()
    }

    fn known(&self, id: TimerId) -> Result<()> {
        if self.handlers.contains_key(&id.0) {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }
}

impl Drop for Timers {
    fn drop(&mut self) {
        let mut raw = self.raw.as_ptr();
        // SAFETY: live timer set, destroyed once; no call is running.
        unsafe { zmq_sys::zmq_timers_destroy(&mut raw) };
    }
}

impl fmt::Debug for Timers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timers").field("len", &self.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Runs the set until it is empty or `rounds` executes have passed.
    fn run(timers: &mut Timers, rounds: usize) {
        for _ in 0..rounds {
            let Some(wait) = timers.timeout() else { return };
            std::thread::sleep(wait);
            timers.execute().unwrap();
        }
    }

    #[test]
    fn timers_fire_repeatedly_in_interval_order_until_cancelled() {
        let mut timers = Timers::new().unwrap();
        let log = Rc::new(RefCell::new(Vec::new()));
        for (name, ms, times) in [("fast", 2, 3), ("slow", 7, 1)] {
            let log = log.clone();
            let mut left = times;
            timers
                .add(Duration::from_millis(ms), move |timers, id| {
                    log.borrow_mut().push(name);
                    left -= 1;
                    if left == 0 {
                        timers.cancel(id).unwrap();
                    }
                })
                .unwrap();
        }
        run(&mut timers, 100);
        assert!(timers.is_empty());
        assert_eq!(timers.timeout(), None);
        let log = log.borrow();
        assert_eq!(log.iter().filter(|n| **n == "fast").count(), 3);
        assert_eq!(log.iter().filter(|n| **n == "slow").count(), 1);
        assert_eq!(log[0], "fast");
    }

    #[test]
    fn handlers_may_cancel_reset_and_add_timers() {
        let mut timers = Timers::new().unwrap();
        let fired = Rc::new(RefCell::new(Vec::new()));
        let victim = {
            let fired = fired.clone();
            timers
                .add(Duration::from_millis(1), move |_, _| {
                    fired.borrow_mut().push("victim")
                })
                .unwrap()
        };
        let f = fired.clone();
        timers
            .add(Duration::from_millis(1), move |timers, me| {
                f.borrow_mut().push("killer");
                // Cancelling a timer that is due in this very execute.
                let _ = timers.cancel(victim);
                timers.reset(me).unwrap();
                timers.set_interval(me, Duration::from_millis(2)).unwrap();
                let f2 = f.clone();
                timers
                    .add(Duration::from_millis(1), move |timers, id| {
                        f2.borrow_mut().push("child");
                        timers.cancel(id).unwrap();
                    })
                    .unwrap();
                timers.cancel(me).unwrap();
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(5));
        timers.execute().unwrap();
        run(&mut timers, 100);
        let fired = fired.borrow();
        assert!(fired.contains(&"killer") && fired.contains(&"child"));
        // The victim ran at most in the execute before the killer (when it
        // fell due first), never after being cancelled.
        assert!(fired.iter().filter(|n| **n == "victim").count() <= 1);
        assert!(timers.is_empty());
    }

    #[test]
    fn bad_intervals_and_unknown_timers_are_errors() {
        let mut timers = Timers::new().unwrap();
        assert_eq!(
            timers.add(Duration::ZERO, |_, _| {}).err(),
            Some(Error::InvalidArgument)
        );
        assert_eq!(
            timers.add(Duration::MAX, |_, _| {}).err(),
            Some(Error::InvalidArgument)
        );
        let id = timers.add(Duration::from_nanos(1), |_, _| {}).unwrap();
        assert_eq!(
            timers.set_interval(id, Duration::ZERO),
            Err(Error::InvalidArgument)
        );
        timers.cancel(id).unwrap();
        assert_eq!(timers.cancel(id), Err(Error::NotFound));
        assert_eq!(timers.reset(id), Err(Error::NotFound));
        assert_eq!(
            timers.set_interval(id, Duration::from_secs(1)),
            Err(Error::NotFound)
        );
        // The longest interval is accepted and reads back as a long wait.
        let far = Duration::from_millis(MAX_INTERVAL_MS as u64);
        let id = timers.add(far, |_, _| {}).unwrap();
        assert!(timers.timeout().unwrap() > Duration::from_secs(3600 * 24 * 365));
        timers.cancel(id).unwrap();
    }

    #[test]
    fn a_panicking_handler_unwinds_through_rust_only() {
        let mut timers = Timers::new().unwrap();
        timers
            .add(Duration::from_millis(1), |_, _| panic!("handler panic"))
            .unwrap();
        std::thread::sleep(Duration::from_millis(3));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = timers.execute();
        }));
        assert!(outcome.is_err());
        // The set still works afterwards: the panicking timer's handler is
        // gone (it was taken out to run), nothing else is broken.
        let id = timers.add(Duration::from_millis(1), |_, _| {}).unwrap();
        std::thread::sleep(Duration::from_millis(3));
        assert!(timers.execute().unwrap() >= 1);
        timers.cancel(id).unwrap();
    }
}
