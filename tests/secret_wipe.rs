//! Secret CURVE key material never stays behind in freed heap memory: a
//! global allocator records the content of every block freed by the test
//! thread while a scenario runs, and the scenario's secret key (as Z85 text
//! and as raw bytes) must not appear in any of them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;
use zmq::curve::{Certificate, CurveKey, KeyPair};

/// Forwards to the system allocator; records freed blocks while the
/// current thread has recording on.
struct Recorder;

/// The freed blocks recorded so far, one after the other with a 0xFF byte
/// between them (not in the Z85 alphabet), and whether the log overflowed.
static FREED: Mutex<Freed> = Mutex::new(Freed {
    bytes: [0; LOG],
    len: 0,
    overflow: false,
});
const LOG: usize = 1 << 20;

struct Freed {
    bytes: [u8; LOG],
    len: usize,
    overflow: bool,
}

thread_local! {
    static RECORDING: Cell<bool> = const { Cell::new(false) };
}

impl Recorder {
    /// Copies a block about to be freed into the log, if this thread records.
    fn record(ptr: *const u8, size: usize) {
        if !RECORDING.with(Cell::get) {
            return;
        }
        // SAFETY: ptr is a live block of `size` bytes, about to be freed.
        let block = unsafe { std::slice::from_raw_parts(ptr, size) };
        let mut freed = FREED.lock().unwrap_or_else(|e| e.into_inner());
        let start = freed.len;
        if start + size + 1 > LOG {
            freed.overflow = true;
            return;
        }
        freed.bytes[start..start + size].copy_from_slice(block);
        freed.bytes[start + size] = 0xFF;
        freed.len = start + size + 1;
    }
}

// SAFETY: every call forwards to System with the same layout; `record` only
// reads the block before it is freed and allocates nothing.
unsafe impl GlobalAlloc for Recorder {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Recorder::record(ptr, layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    /// A move to a new block frees the old one with its content: done by
    /// hand, so that the old block is recorded.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees new_size, rounded up to the
        // alignment, does not overflow isize; the alignment is layout's.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: new_size is non-zero (realloc's contract).
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live and distinct; the old one holds
            // layout.size() bytes and was allocated with `layout`.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Recorder = Recorder;

/// Runs `f` with recording on, and returns its result and the freed log.
/// One test records at a time (the log is shared).
fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<u8>) {
    static SESSION: Mutex<()> = Mutex::new(());
    let _session = SESSION.lock().unwrap_or_else(|e| e.into_inner());
    {
        let mut freed = FREED.lock().unwrap_or_else(|e| e.into_inner());
        freed.len = 0;
        freed.overflow = false;
    }
    RECORDING.with(|r| r.set(true));
    let result = f();
    RECORDING.with(|r| r.set(false));
    let freed = FREED.lock().unwrap_or_else(|e| e.into_inner());
    assert!(!freed.overflow, "the freed-block log overflowed");
    (result, freed.bytes[..freed.len].to_vec())
}

/// Fails if any 12-byte window of the secret's text or bytes is in `freed`
/// (a `CString` drop zeroes one byte, so whole keys are not enough).
fn assert_not_in(freed: &[u8], secret: &CurveKey, what: &str) {
    assert!(
        !freed.is_empty(),
        "{what}: nothing freed: the recorder is not working"
    );
    let text = secret.to_z85();
    for (form, bytes) in [
        ("Z85 text", text.as_bytes()),
        ("bytes", &secret.as_bytes()[..]),
    ] {
        for window in bytes.windows(12) {
            assert!(
                !freed.windows(window.len()).any(|w| w == window),
                "{what}: the secret key's {form} stayed in freed memory"
            );
        }
    }
}

/// The recorder itself finds a secret left in freed memory.
#[test]
fn the_recorder_finds_an_unwiped_copy() {
    let key = KeyPair::generate().unwrap().secret;
    let ((), freed) = recording(|| drop(key.to_z85()));
    let found = std::panic::catch_unwind(|| assert_not_in(&freed, &key, "to_z85"));
    assert!(found.is_err(), "a dropped to_z85 String must be found");
}

#[test]
fn generating_a_key_pair_leaves_no_copy_of_the_secret() {
    let (pair, freed) = recording(|| KeyPair::generate().unwrap());
    assert_not_in(&freed, &pair.secret, "KeyPair::generate");
}

#[test]
fn deriving_the_public_key_leaves_no_copy_of_the_secret() {
    let pair = KeyPair::generate().unwrap();
    let (public, freed) = recording(|| zmq::curve::public_key(&pair.secret).unwrap());
    assert_eq!(public, pair.public);
    assert_not_in(&freed, &pair.secret, "curve::public_key");
}

#[test]
fn decoding_a_secret_leaves_no_copy_but_the_result() {
    let pair = KeyPair::generate().unwrap();
    let text = pair.secret.to_z85();
    let (key, freed) = recording(|| CurveKey::secret_from_z85(&text).unwrap());
    assert_eq!(key, pair.secret);
    assert_not_in(&freed, &pair.secret, "CurveKey::secret_from_z85");
    let (bytes, freed) = recording(|| zmq::z85::decode(&text).unwrap());
    assert_eq!(&bytes[..], pair.secret.as_bytes());
    assert_not_in(&freed, &pair.secret, "z85::decode");
}

#[test]
fn certificate_text_and_files_leave_no_copy_of_the_secret() {
    let pair = KeyPair::generate().unwrap();
    let cert = Certificate {
        public: pair.public.clone(),
        secret: Some(pair.secret.clone()),
        metadata: vec![("name".into(), "test".into())],
    };
    let (text, freed) = recording(|| cert.to_text(true));
    assert!(text.contains(&pair.secret.to_z85()));
    assert_not_in(&freed, &pair.secret, "Certificate::to_text");

    let dir = std::env::temp_dir().join(format!("zmq-secret-wipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ((_, secret_path), freed) =
        recording(|| zmq::curve::write_certificates(&dir, "server", &pair).unwrap());
    assert_not_in(&freed, &pair.secret, "write_certificates");
    let (loaded, freed) = recording(|| Certificate::load(&secret_path).unwrap());
    assert_eq!(loaded.secret.as_ref(), Some(&pair.secret));
    assert_not_in(&freed, &pair.secret, "Certificate::load");
    let (parsed, freed) = recording(|| Certificate::parse(&text).unwrap());
    assert_eq!(parsed.secret.as_ref(), Some(&pair.secret));
    assert_not_in(&freed, &pair.secret, "Certificate::parse");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn formatting_a_secret_key_leaves_no_temporary_copy() {
    use std::fmt::Write;
    let pair = KeyPair::generate().unwrap();
    let mut out = String::with_capacity(256);
    let ((), freed) = recording(|| {
        write!(out, "{} {:?} {:?}", pair.secret, pair.secret, pair).unwrap();
        // Something freed, so the check below has a log to look at.
        drop(vec![0u8; 8]);
    });
    assert!(out.starts_with(&pair.secret.to_z85()));
    assert!(
        !out[40..].contains(&pair.secret.to_z85()),
        "Debug showed the secret"
    );
    assert_not_in(&freed, &pair.secret, "Display/Debug");
}
