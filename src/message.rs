//! `Message`: an owned `zmq_msg_t`, with zero-copy constructors.

use crate::error::{check, Result};
use std::cell::{Cell, UnsafeCell};
use std::ffi::{c_void, CStr};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Sender};
use std::sync::OnceLock;

/// Owned payloads up to this many bytes are copied into the message rather
/// than handed over: a copy of a small buffer costs less than libzmq's
/// separate reference-counted block and the later call back into Rust to
/// free it, and messages of at most 33 bytes are then stored inside the
/// `zmq_msg_t` itself with no allocation at all.
pub const ZERO_COPY_THRESHOLD: usize = 256;

/// One message frame: libzmq's `zmq_msg_t`, closed on drop.
///
/// It dereferences to its bytes. Construction from owned buffers
/// (`Vec<u8>`, `Box<[u8]>`, `String`) hands the buffer to libzmq without
/// copying (above [`ZERO_COPY_THRESHOLD`] bytes); borrowed data (`&[u8]`,
/// `&str`) is copied; [`Message::from_static`] neither copies nor frees.
///
/// `Clone` shares the content (`zmq_msg_copy`, reference-counted); mutable
/// access to shared content first copies it (see [`Message::make_mut`]).
/// A `Message` is `Send` but not `Sync`: `zmq_msg_copy` updates the source's
/// reference state, so one message must not be cloned from two threads at
/// once.
///
/// ```
/// let m = zmq::Message::from("hello");
/// assert_eq!(&m[..], b"hello");
/// assert_eq!(m.as_str(), Some("hello"));
/// ```
#[doc(alias = "zmq_msg_t")]
#[doc(alias = "zmq_msg_close")]
#[doc(alias = "zmq_msg_data")]
pub struct Message {
    msg: UnsafeCell<zmq_sys::zmq_msg_t>,
}

// SAFETY: a zmq_msg_t may move between threads; shared content is
// reference-counted atomically by libzmq, and owners handed over for zero
// copy are `Send` (they may be freed on any thread).
unsafe impl Send for Message {}

impl Message {
    /// An empty message (`zmq_msg_init`), e.g. to receive into with
    /// [`Socket::recv_into`](crate::Socket::recv_into).
    #[doc(alias = "zmq_msg_init")]
    #[inline]
    pub fn new() -> Message {
        let mut msg = MaybeUninit::<zmq_sys::zmq_msg_t>::uninit();
        // SAFETY: zmq_msg_init initialises the storage and cannot fail.
        unsafe {
            zmq_sys::zmq_msg_init(msg.as_mut_ptr());
            Message::from_msg(msg.assume_init())
        }
    }

    /// A message of `len` zero bytes (`zmq_msg_init_size`), to fill in place.
    ///
    /// # Panics
    ///
    /// When the memory cannot be allocated, as `vec![0; len]` would; see
    /// [`Message::try_with_size`].
    #[doc(alias = "zmq_msg_init_size")]
    pub fn with_size(len: usize) -> Message {
        match Message::try_with_size(len) {
            Ok(m) => m,
            Err(e) => panic!("cannot allocate a message of {len} bytes: {e}"),
        }
    }

    /// A message of `len` zero bytes, or [`Error::NoMemory`](crate::Error::NoMemory).
    pub fn try_with_size(len: usize) -> Result<Message> {
        let m = Message::uninit_size(len)?;
        let data = m.data_ptr();
        // SAFETY: data points to `len` writable bytes owned by the new,
        // unshared message.
        unsafe { std::ptr::write_bytes(data, 0, len) };
        Ok(m)
    }

    /// A message of `len` bytes whose content is not initialised yet.
    #[inline]
    fn uninit_size(len: usize) -> Result<Message> {
        let mut msg = MaybeUninit::<zmq_sys::zmq_msg_t>::uninit();
        // SAFETY: zmq_msg_init_size initialises the storage on success; on
        // failure the storage is left unused.
        unsafe {
            check(zmq_sys::zmq_msg_init_size(msg.as_mut_ptr(), len))?;
            Ok(Message::from_msg(msg.assume_init()))
        }
    }

    /// A copy of `data` (one allocation in libzmq above 33 bytes, none
    /// below).
    #[inline]
    fn copy_of(data: &[u8]) -> Message {
        let m = match Message::uninit_size(data.len()) {
            Ok(m) => m,
            Err(e) => panic!("cannot allocate a message of {} bytes: {e}", data.len()),
        };
        // SAFETY: the message owns `data.len()` writable bytes that cannot
        // overlap `data`.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), m.data_ptr(), data.len()) };
        m
    }

    /// A message over static data, neither copied nor ever freed
    /// (`zmq_msg_init_data` without a free function).
    #[doc(alias = "zmq_msg_init_data")]
    #[doc(alias = "zmq_send_const")]
    pub fn from_static(data: &'static [u8]) -> Message {
        let mut msg = MaybeUninit::<zmq_sys::zmq_msg_t>::uninit();
        // SAFETY: the data lives forever and libzmq only reads it (content
        // without a free function counts as shared, so `make_mut` copies it
        // before any write); with no free function zmq_msg_init_data cannot
        // fail.
        unsafe {
            zmq_sys::zmq_msg_init_data(
                msg.as_mut_ptr(),
                data.as_ptr() as *mut c_void,
                data.len(),
                None,
                std::ptr::null_mut(),
            );
            Message::from_msg(msg.assume_init())
        }
    }

    /// A message over any owned buffer, without copying: libzmq keeps
    /// `owner` until it releases the message's content for the last time.
    /// The content counts as shared, so mutable access copies it first
    /// (an `Arc<[u8]>` owner may be read elsewhere).
    ///
    /// # When and where the owner is dropped
    ///
    /// When a [`Message`] holding the last reference is dropped, the owner
    /// is dropped right there, on that thread. libzmq may also release the
    /// content itself: an I/O thread once the message is written to a tcp
    /// or ipc peer, its reaper thread when a closed socket discards queued
    /// messages, a receive that overwrites it. The owner is then dropped
    /// soon after on a helper thread of this crate, never on libzmq's own
    /// thread: so an owner may hold anything, even the last handle of a
    /// [`Context`](crate::Context), whose termination on libzmq's I/O thread
    /// would wait for that very thread forever. Owners still queued for the
    /// helper thread when the process exits are not dropped.
    ///
    /// If `as_ref` panics, the owner is dropped and the panic goes on; if
    /// the owner's `Drop` panics, the process aborts (the panic cannot
    /// unwind into libzmq).
    ///
    /// ```
    /// let shared: std::sync::Arc<[u8]> = vec![7u8; 4096].into();
    /// let m = zmq::Message::from_owner(shared.clone());
    /// assert_eq!(m.as_ptr(), shared.as_ptr());
    /// drop(m);
    /// assert_eq!(std::sync::Arc::strong_count(&shared), 1);
    /// ```
    pub fn from_owner<T: AsRef<[u8]> + Send + 'static>(owner: T) -> Message {
        /// Drops the boxed owner unless forgotten: covers a panicking
        /// `as_ref` and a failed hand-over.
        struct Reclaim<T>(*mut T);
        impl<T> Drop for Reclaim<T> {
            fn drop(&mut self) {
                // SAFETY: the pointer comes from Box::into_raw and libzmq
                // has not taken it (the guard is forgotten once it has).
                drop(unsafe { Box::from_raw(self.0) });
            }
        }
        let raw = Box::into_raw(Box::new(owner));
        let reclaim = Reclaim(raw);
        // SAFETY: raw points to the owner we just boxed; the slice is taken
        // once, from its final address, and stays valid until free_boxed.
        let data = unsafe { (*raw).as_ref() };
        let (ptr, len) = (data.as_ptr() as *mut c_void, data.len());
        let hint = raw as *mut c_void;
        // SAFETY: the owner stays boxed (so `ptr` stays valid) until libzmq
        // calls free_boxed::<T> exactly once with this hint.
        let m = unsafe { Message::adopt(ptr, len, free_boxed::<T>, hint) };
        match m {
            Some(m) => {
                std::mem::forget(reclaim);
                m.mark_shared();
                m
            }
            None => {
                // libzmq did not take the owner: the guard drops it.
                drop(reclaim);
                std::alloc::handle_alloc_error(std::alloc::Layout::new::<usize>())
            }
        }
    }

    /// Hands `data` to libzmq with a free function; `None` when libzmq could
    /// not allocate its reference block (it then did not take the data).
    ///
    /// # Safety
    ///
    /// `data` must stay valid for `len` bytes until `ffn(data, hint)` runs.
    unsafe fn adopt(
        data: *mut c_void,
        len: usize,
        ffn: unsafe extern "C" fn(*mut c_void, *mut c_void),
        hint: *mut c_void,
    ) -> Option<Message> {
        let mut msg = MaybeUninit::<zmq_sys::zmq_msg_t>::uninit();
        // SAFETY: the caller keeps `data` valid until ffn; on failure
        // zmq_msg_init_data neither keeps nor frees it.
        let rc =
            unsafe { zmq_sys::zmq_msg_init_data(msg.as_mut_ptr(), data, len, Some(ffn), hint) };
        // SAFETY: rc == 0 means the message is initialised.
        (rc == 0).then(|| unsafe { Message::from_msg(msg.assume_init()) })
    }

    /// Takes over a `Vec<u8>`'s buffer: freed with its capacity, which rides
    /// in the hint, so no extra allocation is needed on the Rust side.
    #[inline]
    fn from_vec(mut vec: Vec<u8>) -> Message {
        if vec.len() <= ZERO_COPY_THRESHOLD {
            return Message::copy_of(&vec);
        }
        let (ptr, len, cap) = (vec.as_mut_ptr(), vec.len(), vec.capacity());
        let vec = std::mem::ManuallyDrop::new(vec);
        // SAFETY: the buffer is owned by the ManuallyDrop'ed vec and freed by
        // free_vec with the same capacity; u8 needs no drop for its elements.
        match unsafe { Message::adopt(ptr as *mut c_void, len, free_vec, cap as *mut c_void) } {
            Some(m) => m,
            None => {
                drop(std::mem::ManuallyDrop::into_inner(vec));
                std::alloc::handle_alloc_error(std::alloc::Layout::new::<usize>())
            }
        }
    }

    /// # Safety
    ///
    /// `msg` must be an initialised zmq_msg_t that nothing else owns.
    #[inline]
    pub(crate) unsafe fn from_msg(msg: zmq_sys::zmq_msg_t) -> Message {
        Message {
            msg: UnsafeCell::new(msg),
        }
    }

    /// Sets libzmq's "shared" flag, so that `make_mut` copies the content
    /// before writing to it. A copy made and closed at once leaves the flag
    /// set and the reference count at one.
    fn mark_shared(&self) {
        let mut tmp = Message::new();
        // SAFETY: both messages are initialised; self is not Sync, so no
        // other thread touches its flags during the copy.
        unsafe { zmq_sys::zmq_msg_copy(tmp.as_raw_mut(), self.msg.get()) };
    }

    /// Gives the `zmq_msg_t` up to C without closing it: the caller owns
    /// it and must close it (`zmq_msg_close`), send it (`zmq_msg_send`) or
    /// hand it back with [`Message::from_raw`].
    ///
    /// Everything a `Message` holds lives in the `zmq_msg_t` itself, so
    /// everything survives a round trip through `into_raw` and `from_raw`:
    /// the content (same buffer, no copy; a message of at most 33 bytes is
    /// stored inside the struct and moves with it), `more`, the properties,
    /// and the "shared" mark that makes mutable access copy content this
    /// message does not own alone (a clone, [`Message::from_static`],
    /// [`Message::from_owner`]). The free function of zero-copy content is
    /// this crate's and may then run on any thread, as always.
    ///
    /// ```
    /// let m = zmq::Message::from(vec![7u8; 1000]);
    /// let ptr = m.as_ptr();
    /// let raw = m.into_raw();
    /// // SAFETY: `raw` is initialised and owned by nothing else.
    /// let back = unsafe { zmq::Message::from_raw(raw) };
    /// assert_eq!(back.as_ptr(), ptr);
    /// ```
    pub fn into_raw(self) -> zmq_sys::zmq_msg_t {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so the zmq_msg_t is moved out
        // exactly once; libzmq allows a zmq_msg_t to move in memory (its
        // inline data is addressed relative to the struct).
        unsafe { std::ptr::read(this.msg.get()) }
    }

    /// Takes ownership of a `zmq_msg_t` made by C code (or by
    /// [`Message::into_raw`]); it is closed when the `Message` is dropped.
    ///
    /// # Safety
    ///
    /// `msg` must be initialised (`zmq_msg_init*`, `zmq_msg_recv`, ...), not
    /// closed, and owned by nothing else: no copy of the struct may be used
    /// or closed afterwards. The free function of zero-copy content, if any,
    /// must be safe to call from any thread (a `Message` is `Send`).
    pub unsafe fn from_raw(msg: zmq_sys::zmq_msg_t) -> Message {
        // SAFETY: forwarded to the caller.
        unsafe { Message::from_msg(msg) }
    }

    /// The raw `zmq_msg_t`, for C calls that read it.
    pub fn as_raw(&self) -> *const zmq_sys::zmq_msg_t {
        self.msg.get()
    }

    /// The raw `zmq_msg_t`, for C calls that fill or change it (e.g.
    /// `zmq_msg_recv`). It stays initialised: libzmq closes old content
    /// itself where it replaces it.
    pub fn as_raw_mut(&mut self) -> *mut zmq_sys::zmq_msg_t {
        self.msg.get_mut()
    }

    fn data_ptr(&self) -> *mut u8 {
        // SAFETY: the message is initialised; zmq_msg_data only reads it.
        unsafe { zmq_sys::zmq_msg_data(self.msg.get()) as *mut u8 }
    }

    /// The number of bytes (`zmq_msg_size`).
    #[doc(alias = "zmq_msg_size")]
    pub fn len(&self) -> usize {
        // SAFETY: the message is initialised; zmq_msg_size only reads it.
        unsafe { zmq_sys::zmq_msg_size(self.msg.get()) }
    }

    /// Whether the message has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The content as UTF-8 text, if it is.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self).ok()
    }

    /// Whether more frames of the same multipart message follow this one
    /// (`zmq_msg_more`).
    #[doc(alias = "zmq_msg_more")]
    #[doc(alias = "zmq_msg_get")]
    #[doc(alias = "ZMQ_MORE")]
    pub fn more(&self) -> bool {
        // SAFETY: the message is initialised; zmq_msg_more only reads it.
        unsafe { zmq_sys::zmq_msg_more(self.msg.get()) == 1 }
    }

    /// Whether the content is shared with other messages or not owned by
    /// libzmq (`zmq_msg_get(ZMQ_SHARED)`).
    #[doc(alias = "ZMQ_SHARED")]
    pub fn is_shared(&self) -> bool {
        // SAFETY: the message is initialised; zmq_msg_get only reads it.
        unsafe { zmq_sys::zmq_msg_get(self.msg.get(), zmq_sys::ZMQ_SHARED) == 1 }
    }

    /// A metadata property of a received message (`zmq_msg_gets`):
    /// `"Socket-Type"`, `"Peer-Address"`, `"User-Id"` (set by ZAP), or one
    /// set with `ZMQ_METADATA`. `None` when absent or when `name` holds a
    /// NUL byte.
    #[doc(alias = "zmq_msg_gets")]
    pub fn property(&self, name: &str) -> Option<&str> {
        let name = crate::ffi::c_string(name).ok()?;
        // SAFETY: the message is initialised; the returned string belongs to
        // the message's metadata, which lives (unchanged) as long as the
        // message, and &self keeps the message alive and unmodified.
        unsafe {
            let value = zmq_sys::zmq_msg_gets(self.msg.get(), name.as_ptr());
            if value.is_null() {
                return None;
            }
            CStr::from_ptr(value).to_str().ok()
        }
    }

    /// Mutable access to the bytes. Content shared with other messages (a
    /// clone, a static buffer, a message fanned out to several receivers,
    /// [`Message::from_owner`]) is first copied into a buffer of this
    /// message's own; the copy keeps the bytes but not the frame's metadata
    /// (`more` and the properties), which libzmq's API cannot set.
    pub fn make_mut(&mut self) -> &mut [u8] {
        if self.is_shared() {
            let copy = Message::copy_of(self);
            *self = copy;
        }
        let len = self.len();
        // SAFETY: the content is now unshared and owned by this message,
        // which &mut self borrows exclusively; for 0 bytes the pointer may be
        // dangling but is non-null.
        unsafe { slice_mut(self.data_ptr(), len) }
    }

    /// The routing id of a message received from a SERVER or PEER socket,
    /// or `None` (draft).
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_msg_routing_id")]
    pub fn routing_id(&self) -> Option<u32> {
        // SAFETY: the message is initialised.
        let id = unsafe { zmq_sys::zmq_msg_routing_id(self.msg.get()) };
        (id != 0).then_some(id)
    }

    /// Sets the routing id a SERVER or PEER socket sends this message to
    /// (draft). Zero is rejected with `InvalidArgument`.
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_msg_set_routing_id")]
    pub fn set_routing_id(&mut self, id: u32) -> Result<()> {
        // SAFETY: the message is initialised and borrowed exclusively.
        check(unsafe { zmq_sys::zmq_msg_set_routing_id(self.as_raw_mut(), id) }).map(drop)
    }

    /// The group of a message received by a DISH socket (draft).
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_msg_group")]
    pub fn group(&self) -> Option<&str> {
        // SAFETY: the message is initialised; the group string lives inside
        // the message (or its refcounted long-group block) while &self does.
        unsafe {
            let g = zmq_sys::zmq_msg_group(self.msg.get());
            if g.is_null() {
                return None;
            }
            let g = CStr::from_ptr(g).to_str().ok()?;
            (!g.is_empty()).then_some(g)
        }
    }

    /// Sets the group a RADIO socket publishes this message to (draft; at
    /// most 255 bytes, no NUL).
    #[cfg(feature = "draft")]
    #[doc(alias = "zmq_msg_set_group")]
    pub fn set_group(&mut self, group: &str) -> Result<()> {
        // libzmq would silently cut a longer group to 255 bytes.
        if group.len() > zmq_sys::ZMQ_GROUP_MAX_LENGTH as usize {
            return Err(crate::Error::InvalidArgument);
        }
        let group = crate::ffi::c_string(group)?;
        // SAFETY: the message is initialised and borrowed exclusively; libzmq
        // copies the group.
        check(unsafe { zmq_sys::zmq_msg_set_group(self.as_raw_mut(), group.as_ptr()) }).map(drop)
    }
}

/// # Safety
///
/// `ptr` must be valid for reads and writes of `len` bytes (or `len` 0 and
/// `ptr` non-null), exclusively, for the returned lifetime.
unsafe fn slice_mut<'a>(ptr: *mut u8, len: usize) -> &'a mut [u8] {
    let ptr = if len == 0 {
        std::ptr::NonNull::dangling().as_ptr()
    } else {
        ptr
    };
    // SAFETY: forwarded to the caller.
    unsafe { std::slice::from_raw_parts_mut(ptr, len) }
}

/// Frees a `Vec<u8>` buffer handed over by `from_vec`; the hint is its
/// capacity.
unsafe extern "C" fn free_vec(data: *mut c_void, hint: *mut c_void) {
    // SAFETY: data and capacity come from a Vec<u8> leaked by from_vec;
    // libzmq calls this once. Deallocation cannot unwind.
    drop(unsafe { Vec::from_raw_parts(data as *mut u8, 0, hint as usize) });
}

/// Drops the boxed owner handed over by `from_owner`: at once when a
/// `Message` drop released it, otherwise on the owner-drop thread (see
/// `from_owner`).
unsafe extern "C" fn free_boxed<T: Send + 'static>(_data: *mut c_void, hint: *mut c_void) {
    // SAFETY: the hint is the Box<T> leaked by from_owner; libzmq calls this
    // once.
    let owner: Box<dyn Send> = unsafe { Box::from_raw(hint as *mut T) };
    let released_by_rust = RELEASING.with(Cell::get);
    abort_on_panic(move || {
        if released_by_rust {
            drop(owner);
        } else {
            defer_drop(owner);
        }
    });
}

/// Runs `f`; a panic (say, in an owner's Drop) must not unwind into C, nor
/// silently stop the owner-drop thread: abort instead.
fn abort_on_panic(f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        std::process::abort();
    }
}

/// Hands an owner to the owner-drop thread (started on first use). Should
/// that thread not start, the owner is leaked rather than dropped on a
/// libzmq thread.
fn defer_drop(owner: Box<dyn Send>) {
    static DROPPER: OnceLock<Option<Sender<Box<dyn Send>>>> = OnceLock::new();
    let sender = DROPPER.get_or_init(|| {
        let (tx, rx) = channel::<Box<dyn Send>>();
        std::thread::Builder::new()
            .name("zmq-owner-drop".into())
            .spawn(move || {
                for owner in rx {
                    abort_on_panic(move || drop(owner));
                }
            })
            .ok()
            .map(|_| tx)
    });
    match sender {
        Some(tx) => {
            if let Err(unsent) = tx.send(owner) {
                std::mem::forget(unsent.0);
            }
        }
        None => std::mem::forget(owner),
    }
}

thread_local! {
    /// Set while this thread closes a message in `Message::drop`: a free
    /// callback run meanwhile is on a thread of the user's, not libzmq's.
    static RELEASING: Cell<bool> = const { Cell::new(false) };
}

impl Drop for Message {
    fn drop(&mut self) {
        let outer = RELEASING.with(|r| r.replace(true));
        // SAFETY: the message is initialised and dropped once; zmq_msg_close
        // only fails for an invalid message.
        unsafe { zmq_sys::zmq_msg_close(self.msg.get_mut()) };
        RELEASING.with(|r| r.set(outer));
    }
}

impl Default for Message {
    fn default() -> Message {
        Message::new()
    }
}

impl Clone for Message {
    /// Shares the content (`zmq_msg_copy`): no bytes are copied for
    /// messages above 33 bytes.
    #[doc(alias = "zmq_msg_copy")]
    fn clone(&self) -> Message {
        let mut copy = Message::new();
        // SAFETY: both are initialised; self is !Sync so no other thread
        // touches its reference state meanwhile; zmq_msg_copy fails only for
        // invalid messages.
        unsafe { zmq_sys::zmq_msg_copy(copy.as_raw_mut(), self.msg.get()) };
        copy
    }
}

impl Deref for Message {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        let len = self.len();
        if len == 0 {
            return &[];
        }
        // SAFETY: the content is `len` initialised bytes that live, unchanged,
        // while &self does (mutation needs &mut self); for messages of up to
        // 33 bytes it lies inside self, which the borrow pins.
        unsafe { std::slice::from_raw_parts(self.data_ptr(), len) }
    }
}

impl DerefMut for Message {
    /// See [`Message::make_mut`]: shared content is copied first.
    fn deref_mut(&mut self) -> &mut [u8] {
        self.make_mut()
    }
}

impl AsRef<[u8]> for Message {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl fmt::Debug for Message {
    /// Shows the length, `more`, and a preview of the first 32 bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const PREVIEW: usize = 32;
        let bytes: &[u8] = self;
        let head = &bytes[..bytes.len().min(PREVIEW)];
        let ellipsis = if bytes.len() > PREVIEW { "..." } else { "" };
        write!(f, "Message(len={}, more={}, ", bytes.len(), self.more())?;
        match std::str::from_utf8(head) {
            Ok(text) if !text.chars().any(char::is_control) => write!(f, "{text:?}{ellipsis})"),
            _ => {
                f.write_str("0x")?;
                for b in head {
                    write!(f, "{b:02x}")?;
                }
                write!(f, "{ellipsis})")
            }
        }
    }
}

impl PartialEq for Message {
    /// By content.
    fn eq(&self, other: &Message) -> bool {
        self[..] == other[..]
    }
}

impl Eq for Message {}

impl Hash for Message {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self[..].hash(state)
    }
}

impl PartialEq<[u8]> for Message {
    fn eq(&self, other: &[u8]) -> bool {
        self[..] == *other
    }
}

impl PartialEq<&[u8]> for Message {
    fn eq(&self, other: &&[u8]) -> bool {
        self[..] == **other
    }
}

impl<const N: usize> PartialEq<[u8; N]> for Message {
    fn eq(&self, other: &[u8; N]) -> bool {
        self[..] == other[..]
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for Message {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self[..] == other[..]
    }
}

impl PartialEq<str> for Message {
    fn eq(&self, other: &str) -> bool {
        self[..] == *other.as_bytes()
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self[..] == *other.as_bytes()
    }
}

impl PartialEq<String> for Message {
    fn eq(&self, other: &String) -> bool {
        self[..] == *other.as_bytes()
    }
}

impl PartialEq<&String> for Message {
    fn eq(&self, other: &&String) -> bool {
        self[..] == *other.as_bytes()
    }
}

impl TryFrom<Message> for String {
    type Error = FromUtf8Error;

    /// The text of a message; on invalid UTF-8 the error gives the message
    /// back (`FromUtf8Error::into_message`), as `String::from_utf8` gives
    /// the bytes back.
    ///
    /// This always copies the bytes: libzmq owns a message's buffer (in its
    /// own allocation, or inside the `zmq_msg_t` up to 33 bytes, or behind
    /// its reference count and a free function) and has no call that gives
    /// it up, while a `String` needs a buffer of Rust's allocator. To read
    /// text without a copy, borrow it with [`Message::as_str`].
    ///
    /// ```
    /// let text = String::try_from(zmq::Message::from("hello"))?;
    /// assert_eq!(text, "hello");
    /// let err = String::try_from(zmq::Message::from(&b"\xff"[..])).unwrap_err();
    /// assert_eq!(err.into_message(), b"\xff");
    /// # Ok::<(), zmq::Error>(())
    /// ```
    fn try_from(m: Message) -> std::result::Result<String, FromUtf8Error> {
        match std::str::from_utf8(&m) {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => Err(FromUtf8Error { message: m, error }),
        }
    }
}

/// A message that is not valid UTF-8, from `String::try_from(Message)`:
/// gives the message back. Converts into [`Error::InvalidUtf8`](crate::Error::InvalidUtf8)
/// for `?` in functions that return [`zmq::Result`](crate::Result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromUtf8Error {
    message: Message,
    error: std::str::Utf8Error,
}

impl FromUtf8Error {
    /// The message, unchanged.
    pub fn into_message(self) -> Message {
        self.message
    }

    /// The message's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.message
    }

    /// Where the UTF-8 is invalid.
    pub fn utf8_error(&self) -> std::str::Utf8Error {
        self.error
    }
}

impl fmt::Display for FromUtf8Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "message is not UTF-8: {}", self.error)
    }
}

impl std::error::Error for FromUtf8Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl From<FromUtf8Error> for crate::Error {
    fn from(_: FromUtf8Error) -> crate::Error {
        crate::Error::InvalidUtf8
    }
}

impl From<&[u8]> for Message {
    /// Copies the bytes.
    #[inline]
    fn from(data: &[u8]) -> Message {
        Message::copy_of(data)
    }
}

impl<const N: usize> From<&[u8; N]> for Message {
    /// Copies the bytes.
    #[inline]
    fn from(data: &[u8; N]) -> Message {
        Message::copy_of(data)
    }
}

impl<const N: usize> From<[u8; N]> for Message {
    /// Copies the bytes.
    fn from(data: [u8; N]) -> Message {
        Message::copy_of(&data)
    }
}

impl From<&str> for Message {
    /// Copies the text.
    #[inline]
    fn from(text: &str) -> Message {
        Message::copy_of(text.as_bytes())
    }
}

impl From<&String> for Message {
    /// Copies the text.
    fn from(text: &String) -> Message {
        Message::copy_of(text.as_bytes())
    }
}

impl From<&Vec<u8>> for Message {
    /// Copies the bytes.
    fn from(data: &Vec<u8>) -> Message {
        Message::copy_of(data)
    }
}

impl From<Vec<u8>> for Message {
    /// Takes the buffer without copying (above [`ZERO_COPY_THRESHOLD`]).
    #[inline]
    fn from(data: Vec<u8>) -> Message {
        Message::from_vec(data)
    }
}

impl From<Box<[u8]>> for Message {
    /// Takes the buffer without copying (above [`ZERO_COPY_THRESHOLD`]).
    fn from(data: Box<[u8]>) -> Message {
        Message::from_vec(data.into_vec())
    }
}

impl From<String> for Message {
    /// Takes the buffer without copying (above [`ZERO_COPY_THRESHOLD`]).
    fn from(text: String) -> Message {
        Message::from_vec(text.into_bytes())
    }
}

impl From<&Message> for Message {
    /// Shares the content, like `clone`.
    fn from(m: &Message) -> Message {
        m.clone()
    }
}

impl From<Message> for Vec<u8> {
    /// Copies the bytes out.
    fn from(m: Message) -> Vec<u8> {
        m.to_vec()
    }
}

#[cfg(feature = "bytes")]
impl From<bytes::Bytes> for Message {
    /// Takes the buffer without copying (above [`ZERO_COPY_THRESHOLD`]):
    /// the message holds the `Bytes` until libzmq releases it. The content
    /// counts as shared (other `Bytes` may point to it).
    fn from(data: bytes::Bytes) -> Message {
        if data.len() <= ZERO_COPY_THRESHOLD {
            Message::copy_of(&data)
        } else {
            Message::from_owner(data)
        }
    }
}

#[cfg(feature = "bytes")]
impl From<Message> for bytes::Bytes {
    /// Wraps the message without copying: the `Bytes` owns it (boxed, so
    /// the bytes of a short message, stored inside the `zmq_msg_t`, stay in
    /// place) and closes it when the last clone goes.
    fn from(m: Message) -> bytes::Bytes {
        bytes::Bytes::from_owner(m)
    }
}
