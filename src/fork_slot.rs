//! Fork slots: words that the fork handler zeroes in a forked child.
//!
//! Each socket keeps its libzmq pointer in one. The send and receive paths
//! read the pointer from there and need no fork check of their own: in a
//! child the pointer is null, libzmq fails a null socket with `ENOTSOCK`
//! before it touches anything, and the error path reports
//! [`Error::Forked`](crate::Error::Forked). This saves the load and compare
//! of the fork generation on every message (issue 15, item 4); every other
//! call keeps the explicit check (`Socket::live`).
//!
//! Slots live in chunks that are never freed, linked from [`CHUNKS`], so the
//! handler finds them all without a lock. Free slots are kept behind a spin
//! lock rather than a `Mutex`: another parent thread may hold it at the
//! moment of `fork()`, and the handler must then reset it in the child
//! (where that thread does not exist). The lock records its owner, so that
//! a `fork()` from a signal handler that interrupted the owner itself
//! leaves the pool to the interrupted code, which goes on in the child.
//!
//! A slot word is an `AtomicPtr` used with relaxed loads and stores: the
//! same single `mov` as a plain pointer, without relying on `fork()` to
//! order the handler's store against the parent's last one.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

/// Slots per chunk: with the link, 4 KiB on 64-bit targets.
const SLOTS: usize = 511;

struct Chunk {
    slots: [AtomicPtr<c_void>; SLOTS],
    /// The chunk made before this one; set before the chunk is published.
    next: *mut Chunk,
}

/// The newest chunk; chunks are never freed.
static CHUNKS: AtomicPtr<Chunk> = AtomicPtr::new(ptr::null_mut());

/// Released slots, and how many slots of the newest chunk were handed out.
struct Pool {
    free: Vec<NonNull<AtomicPtr<c_void>>>,
    used: usize,
}

struct Locked(UnsafeCell<Pool>);

// SAFETY: the pool is only touched by the thread that holds OWNER (or by
// the fork handler in a child, where that thread does not exist).
unsafe impl Sync for Locked {}

/// The thread that holds the pool's lock (`this_thread`), 0 when free.
static OWNER: AtomicUsize = AtomicUsize::new(0);
static POOL: Locked = Locked(UnsafeCell::new(Pool {
    free: Vec::new(),
    used: SLOTS,
}));

/// A non-zero number for the calling thread, the same in a forked child
/// for the thread that called `fork()`; async-signal-safe.
fn this_thread() -> usize {
    #[cfg(unix)]
    {
        // SAFETY: pthread_self has no preconditions; it reads the thread
        // pointer (no lock, no allocation), and is never 0.
        unsafe { libc::pthread_self() as usize }
    }
    #[cfg(not(unix))]
    {
        // No fork() here: any non-zero owner will do.
        1
    }
}

fn with_pool<T>(f: impl FnOnce(&mut Pool) -> T) -> T {
    let me = this_thread();
    while OWNER
        .compare_exchange_weak(0, me, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::thread::yield_now();
    }
    // Released even if `f` unwinds (an allocation failure aborts instead).
    struct Unlock;
    impl Drop for Unlock {
        fn drop(&mut self) {
            OWNER.store(0, Ordering::Release);
        }
    }
    let _unlock = Unlock;
    // SAFETY: this thread holds the lock, so this is the only reference to
    // the pool.
    f(unsafe { &mut *POOL.0.get() })
}

/// One socket's word; `Copy`, released explicitly (never by a `Drop`, which
/// would run in a forked child too).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot(NonNull<AtomicPtr<c_void>>);

impl Slot {
    /// A slot holding `raw`.
    pub(crate) fn new(raw: *mut c_void) -> Slot {
        let slot = with_pool(|pool| {
            if let Some(slot) = pool.free.pop() {
                return slot;
            }
            if pool.used == SLOTS {
                let chunk = Box::into_raw(Box::new(Chunk {
                    slots: [const { AtomicPtr::new(ptr::null_mut()) }; SLOTS],
                    next: CHUNKS.load(Ordering::Relaxed),
                }));
                // Release: the handler sees the chunk initialised.
                CHUNKS.store(chunk, Ordering::Release);
                pool.used = 0;
            }
            let chunk = CHUNKS.load(Ordering::Relaxed);
            // SAFETY: the newest chunk is live (never freed) and `used` is
            // below SLOTS, so this is one of its slots, handed out once.
            let slot = unsafe { &(*chunk).slots[pool.used] };
            pool.used += 1;
            NonNull::from(slot)
        });
        Slot(slot).word().store(raw, Ordering::Relaxed);
        Slot(slot)
    }

    #[inline(always)]
    fn word(self) -> &'static AtomicPtr<c_void> {
        // SAFETY: chunks are never freed, so a slot lives for the rest of
        // the process.
        unsafe { self.0.as_ref() }
    }

    /// The pointer stored in the slot: null in a forked child. Written only
    /// by `new` and `release` (while no other thread can reach the socket)
    /// and by the fork handler.
    #[inline(always)]
    pub(crate) fn get(self) -> *mut c_void {
        self.word().load(Ordering::Relaxed)
    }

    /// Gives the slot back. Only in the process that made it: in a forked
    /// child the slot stays taken.
    ///
    /// # Safety
    ///
    /// Called once, after which the slot is not used again.
    pub(crate) unsafe fn release(self) {
        self.word().store(ptr::null_mut(), Ordering::Relaxed);
        with_pool(|pool| pool.free.push(self.0));
    }
}

/// Called by the fork handler, in the child (one thread, async-signal-safe:
/// atomics and plain memory writes only, no lock, no allocation): empties
/// every slot, and frees the pool's lock if a thread that the child does
/// not have held it.
pub(crate) fn wipe_in_child() {
    let mut chunk = CHUNKS.load(Ordering::Acquire);
    while !chunk.is_null() {
        // SAFETY: a published chunk is initialised and never freed.
        let this = unsafe { &*chunk };
        for slot in &this.slots {
            // Only the words in use: a page whose words are all null is
            // only read, so the child does not copy it.
            if !slot.load(Ordering::Relaxed).is_null() {
                slot.store(ptr::null_mut(), Ordering::Relaxed);
            }
        }
        chunk = this.next;
    }
    let owner = OWNER.load(Ordering::Relaxed);
    if owner != 0 && owner != this_thread() {
        // Held by a parent thread that the child does not have, perhaps in
        // the middle of a change: forget the free list (not dropped;
        // Vec::new does not allocate) and take the next slot from a new
        // chunk.
        // SAFETY: no other thread exists in the child, and the owner's
        // reference to the pool died with it.
        unsafe {
            ptr::write(
                POOL.0.get(),
                Pool {
                    free: Vec::new(),
                    used: SLOTS,
                },
            );
        }
        OWNER.store(0, Ordering::Release);
    }
    // Held by this very thread: fork() was called from a signal handler
    // that interrupted it, and the interrupted code goes on in the child
    // with the pool as it was.
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_hold_their_pointer_and_are_reused() {
        let a = Slot::new(8 as *mut c_void);
        let b = Slot::new(16 as *mut c_void);
        assert_eq!((a.get() as usize, b.get() as usize), (8, 16));
        // SAFETY: released once, not used afterwards.
        unsafe { a.release() };
        let c = Slot::new(24 as *mut c_void);
        assert_eq!((b.get() as usize, c.get() as usize), (16, 24));
        // SAFETY: as above.
        unsafe {
            b.release();
            c.release();
        }
    }

    #[test]
    fn more_slots_than_a_chunk_holds() {
        let slots: Vec<Slot> = (1..=2 * SLOTS + 3)
            .map(|i| Slot::new(i as *mut c_void))
            .collect();
        for (i, slot) in slots.iter().enumerate() {
            assert_eq!(slot.get() as usize, i + 1);
        }
        for slot in slots {
            // SAFETY: each released once.
            unsafe { slot.release() };
        }
    }
}
