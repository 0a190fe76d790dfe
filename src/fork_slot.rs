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
//! lock rather than a `Mutex`: a parent thread may hold it at the moment of
//! `fork()`, and the handler must be able to reset it in the child.

use std::cell::UnsafeCell;
use std::ffi::c_void;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// Slots per chunk: with the link, a chunk is one 4 KiB page.
const SLOTS: usize = 511;

struct Chunk {
    slots: [UnsafeCell<*mut c_void>; SLOTS],
    /// The chunk made before this one; set before the chunk is published.
    next: *mut Chunk,
}

/// The newest chunk; chunks are never freed.
static CHUNKS: AtomicPtr<Chunk> = AtomicPtr::new(ptr::null_mut());

/// Released slots, and how many slots of the newest chunk were handed out.
struct Pool {
    free: Vec<NonNull<*mut c_void>>,
    used: usize,
}

struct Locked(UnsafeCell<Pool>);

// SAFETY: the pool is only touched with LOCKED held (or in the fork
// handler, when the child has a single thread).
unsafe impl Sync for Locked {}

static LOCKED: AtomicBool = AtomicBool::new(false);
static POOL: Locked = Locked(UnsafeCell::new(Pool {
    free: Vec::new(),
    used: SLOTS,
}));

fn with_pool<T>(f: impl FnOnce(&mut Pool) -> T) -> T {
    while LOCKED
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::thread::yield_now();
    }
    // Released even if `f` unwinds (an allocation failure aborts instead).
    struct Unlock;
    impl Drop for Unlock {
        fn drop(&mut self) {
            LOCKED.store(false, Ordering::Release);
        }
    }
    let _unlock = Unlock;
    // SAFETY: LOCKED is held, so this is the only reference to the pool.
    f(unsafe { &mut *POOL.0.get() })
}

/// One socket's word; `Copy`, released explicitly (never by a `Drop`, which
/// would run in a forked child too).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot(NonNull<*mut c_void>);

impl Slot {
    /// A slot holding `raw`.
    pub(crate) fn new(raw: *mut c_void) -> Slot {
        let slot = with_pool(|pool| {
            if let Some(slot) = pool.free.pop() {
                return slot;
            }
            if pool.used == SLOTS {
                let chunk = Box::into_raw(Box::new(Chunk {
                    slots: [const { UnsafeCell::new(ptr::null_mut()) }; SLOTS],
                    next: CHUNKS.load(Ordering::Relaxed),
                }));
                // Release: the handler sees the chunk initialised.
                CHUNKS.store(chunk, Ordering::Release);
                pool.used = 0;
            }
            let chunk = CHUNKS.load(Ordering::Relaxed);
            // SAFETY: the newest chunk is live (never freed) and `used` is
            // below SLOTS, so this is one of its slots, handed out once.
            let slot = unsafe { (*chunk).slots[pool.used].get() };
            pool.used += 1;
            // SAFETY: a pointer into a live allocation is not null.
            unsafe { NonNull::new_unchecked(slot) }
        });
        // SAFETY: the slot is ours alone until it is released.
        unsafe { slot.as_ptr().write(raw) };
        Slot(slot)
    }

    /// The pointer stored in the slot: null in a forked child.
    #[inline(always)]
    pub(crate) fn get(self) -> *mut c_void {
        // SAFETY: slots are never freed; this one is written only by `new`
        // and `release` (while its socket is not shared) and by the fork
        // handler (in a child with one thread).
        unsafe { *self.0.as_ptr() }
    }

    /// Gives the slot back. Only in the process that made it: in a forked
    /// child the slot stays taken.
    ///
    /// # Safety
    ///
    /// Called once, after which the slot is not used again.
    pub(crate) unsafe fn release(self) {
        // SAFETY: the caller gives the slot up; no one reads it any more.
        unsafe { self.0.as_ptr().write(ptr::null_mut()) };
        with_pool(|pool| pool.free.push(self.0));
    }
}

/// Called by the fork handler, in the child (one thread, async-signal-safe:
/// memory writes and atomics only): empties every slot, and resets the
/// pool, which a parent thread may have held or left half-changed.
pub(crate) fn wipe_in_child() {
    let mut chunk = CHUNKS.load(Ordering::Acquire);
    while !chunk.is_null() {
        // SAFETY: a published chunk is initialised and never freed; the
        // child has no other thread to race with these writes.
        unsafe {
            for slot in &(*chunk).slots {
                *slot.get() = ptr::null_mut();
            }
            chunk = (*chunk).next;
        }
    }
    // SAFETY: no other thread exists in the child. The old free list is
    // forgotten, not dropped (it may be mid-change), and Vec::new does not
    // allocate; the next slot comes from a new chunk.
    unsafe {
        ptr::write(
            POOL.0.get(),
            Pool {
                free: Vec::new(),
                used: SLOTS,
            },
        );
    }
    LOCKED.store(false, Ordering::Release);
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
