//! vendor/manifest.toml: the pinned versions and a SHA-256 over the libzmq
//! sources the vendored build compiles.

use sha2::{Digest, Sha256};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// The parts of vendor/manifest.toml the build uses.
#[cfg_attr(not(feature = "vendored"), allow(dead_code))]
pub struct Manifest {
    path: PathBuf,
    pub libzmq_version: String,
    sha256: String,
    /// Our own changes to libzmq's sources (build/patch.rs).
    pub patches: Vec<PatchEntry>,
}

/// A `[patch.NAME]` section: a unified diff of one libzmq file, and the
/// SHA-256 of the diff's text.
#[cfg_attr(not(feature = "vendored"), allow(dead_code))]
pub struct PatchEntry {
    pub name: String,
    /// The patched file, relative to the libzmq tree (`src/trie.cpp`).
    pub file: String,
    /// The diff, resolved against vendor/.
    pub diff: PathBuf,
    pub sha256: String,
}

/// The source folders (relative to the copied libzmq tree) the checksum covers:
/// everything the compiler reads.
pub const HASHED_DIRS: &[&str] = &["include", "src", "external/sha1", "external/wepoll"];

#[cfg_attr(not(feature = "vendored"), allow(dead_code))]
impl Manifest {
    pub fn load() -> Manifest {
        let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
        let path = dir.join("vendor").join("manifest.toml");
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let vendor = path.parent().expect("vendor/").to_path_buf();
        let patches = sections(&text, "patch.")
            .into_iter()
            .map(|section| PatchEntry {
                name: section["patch.".len()..].to_string(),
                file: value(&text, &section, "file", &path),
                diff: vendor.join(value(&text, &section, "diff", &path)),
                sha256: value(&text, &section, "sha256", &path),
            })
            .collect();
        Manifest {
            libzmq_version: value(&text, "libzmq", "version", &path),
            sha256: value(&text, "libzmq", "sha256", &path),
            patches,
            path,
        }
    }

    /// Panics with instructions when the sources under `root` do not hash to
    /// the pinned value.
    pub fn verify(&self, root: &Path) {
        let (actual, files) = hash_tree(root);
        if actual != self.sha256 {
            panic!(
                "\n\nThe libzmq sources compiled by zmq-sys do not match the pinned checksum.\n\
                 manifest: {}\n  pinned sha256: {}\n  actual sha256: {} ({files} files under {})\n\
                 The zeromq-src crate changed. If this is an intended bump, review the new \
                 sources and update vendor/manifest.toml (see vendor/README.md).\n",
                self.path.display(),
                self.sha256,
                actual,
                root.display(),
            );
        }
    }
}

/// SHA-256 over every file in [`HASHED_DIRS`], in sorted path order; each
/// file contributes its relative path, a NUL, its length and its bytes.
pub fn hash_tree(root: &Path) -> (String, usize) {
    let mut files = Vec::new();
    for dir in HASHED_DIRS {
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        let rel = file.strip_prefix(root).expect("collected under root");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let bytes =
            fs::read(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        hasher.update(rel.as_bytes());
        hasher.update([0u8]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    (hex(&hasher.finalize()), files.len())
}

/// SHA-256 of some bytes, in lower-case hex.
#[cfg_attr(not(feature = "vendored"), allow(dead_code))]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The names of the `[section]`s starting with `prefix`, in file order.
fn sections(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
        .map(str::trim)
        .filter(|name| name.starts_with(prefix))
        .map(str::to_string)
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => panic!("cannot list {}: {e}", dir.display()),
    };
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Reads `key = "value"` from `[section]` of a small TOML file.
fn value(text: &str, section: &str, key: &str, path: &Path) -> String {
    let mut current = "";
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim();
        } else if current == section {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    return v.trim().trim_matches('"').to_string();
                }
            }
        }
    }
    panic!("{}: no `{key}` in [{section}]", path.display());
}
