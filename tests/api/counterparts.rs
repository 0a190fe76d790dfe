//! Every function of zmq.h has a Rust counterpart: a `#[doc(alias = "zmq_...")]`
//! on the item that does its job, or a line in docs/porting.md's
//! "No counterpart" section saying why not.
//!
//! The list of functions comes from the committed bindings, which a zmq-sys
//! test proves match zmq.h (stable and draft), and from the declarations
//! zmq-sys writes by hand (`zmq_ppoll`, whose `sigset_t` bindgen cannot
//! spell portably).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Every `pub fn zmq_*` of the stable and draft bindings and of zmq-sys's
/// own declarations.
fn libzmq_functions() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in ["bindings/stable.rs", "bindings/draft.rs", "lib.rs"] {
        let text = read(&root().join("zmq-sys/src").join(file));
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("pub fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name.starts_with("zmq_") {
                    names.insert(name);
                }
            }
        }
    }
    names
}

/// The quoted strings of `#[doc(alias ...)]` attributes in `text`.
fn doc_aliases(text: &str, out: &mut BTreeSet<String>) {
    for line in text.lines() {
        let line = line.trim_start();
        if !(line.starts_with("#[doc(") || line.starts_with("#[cfg_attr("))
            || !line.contains("alias")
        {
            continue;
        }
        let mut parts = line.split('"');
        parts.next();
        while let Some(quoted) = parts.next() {
            out.insert(quoted.to_string());
            parts.next(); // the text between two quoted strings
        }
    }
}

fn src_aliases() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                doc_aliases(&read(&path), out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&root().join("src"), &mut out);
    out
}

/// The `zmq_*` names in backquotes in docs/porting.md's "No counterpart"
/// section (up to the next `## ` heading).
fn no_counterpart() -> BTreeSet<String> {
    let text = read(&root().join("docs/porting.md"));
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            inside = line.to_ascii_lowercase().contains("no counterpart");
            continue;
        }
        if inside {
            for (i, piece) in line.split('`').enumerate() {
                if i % 2 == 1 && piece.starts_with("zmq_") {
                    out.insert(piece.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_zmq_h_function_has_a_counterpart_or_a_reason() {
    let functions = libzmq_functions();
    assert!(
        functions.len() > 90,
        "expected zmq.h's ~95 functions in the bindings, found {}",
        functions.len()
    );
    let aliases = src_aliases();
    let reasons = no_counterpart();
    let missing: Vec<_> = functions
        .iter()
        .filter(|f| !aliases.contains(*f) && !reasons.contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "{} zmq.h functions have neither a #[doc(alias)] in src/ nor a line in \
         docs/porting.md's \"No counterpart\" section: {missing:?}",
        missing.len()
    );
    // The table names only real functions (a typo would hide a gap).
    let unknown: Vec<_> = reasons.difference(&functions).collect();
    assert!(
        unknown.is_empty(),
        "docs/porting.md names unknown functions: {unknown:?}"
    );
}
