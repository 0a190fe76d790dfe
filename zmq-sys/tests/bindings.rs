//! The committed bindings are complete and right: every function zmq.h
//! declares and every `ZMQ_*` integer constant it defines is in them with
//! the same value, draft items are in the draft file, and the hand-written
//! structs have the C sizes, alignments and field offsets.
#![cfg_attr(not(zmq_sys_vendored), allow(unused))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn include_dir() -> PathBuf {
    PathBuf::from(env!("ZMQ_SYS_INCLUDE_DIR"))
}

fn header() -> String {
    let path = include_dir().join("zmq.h");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// (stable part, draft part) of zmq.h.
fn split_draft(text: &str) -> (String, String) {
    let start = text
        .find("#ifdef ZMQ_BUILD_DRAFT_API")
        .expect("zmq.h has a draft section");
    let end = text[start..]
        .find("#endif // ZMQ_BUILD_DRAFT_API")
        .map(|i| start + i)
        .expect("the draft section ends");
    (
        format!("{}{}", &text[..start], &text[end..]),
        text[start..end].to_string(),
    )
}

fn bindings_source(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Names of the functions declared with ZMQ_EXPORT.
fn declared_functions(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (i, _) in text.match_indices("ZMQ_EXPORT") {
        let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
        if text[line_start..i].trim_start().starts_with("#") {
            continue; // the #define ZMQ_EXPORT lines
        }
        let rest = &text[i + "ZMQ_EXPORT".len()..];
        let Some(paren) = rest.find('(') else {
            continue;
        };
        let name: String = rest[..paren]
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `#define ZMQ_NAME value` lines: name to value text.
fn defines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("#define")?.trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let value = rest[name.len()..].trim();
            if rest[name.len()..].starts_with('(') {
                return None; // function-like macro
            }
            let value = value.split("/*").next().unwrap_or("").trim().to_string();
            Some((name, value))
        })
        .collect()
}

/// Evaluates the integer expressions zmq.h uses: literals (decimal, hex),
/// names defined before, `+`, `|` and parentheses. `None` for anything else
/// (strings, empty defines).
fn eval(text: &str, known: &BTreeMap<String, i64>) -> Option<i64> {
    let tokens: Vec<String> = {
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in text.chars() {
            if c.is_alphanumeric() || c == '_' {
                cur.push(c);
            } else {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                if !c.is_whitespace() {
                    out.push(c.to_string());
                }
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    };
    if tokens.is_empty() {
        return None;
    }
    fn atom(t: &[String], pos: &mut usize, known: &BTreeMap<String, i64>) -> Option<i64> {
        let tok = t.get(*pos)?.clone();
        *pos += 1;
        if tok == "(" {
            let v = expr(t, pos, known)?;
            (t.get(*pos)? == ")").then_some(())?;
            *pos += 1;
            return Some(v);
        }
        if tok == "-" {
            return atom(t, pos, known).map(|v| -v);
        }
        if let Some(hex) = tok.strip_prefix("0x").or_else(|| tok.strip_prefix("0X")) {
            return i64::from_str_radix(hex, 16).ok();
        }
        tok.parse().ok().or_else(|| known.get(&tok).copied())
    }
    fn expr(t: &[String], pos: &mut usize, known: &BTreeMap<String, i64>) -> Option<i64> {
        let mut v = atom(t, pos, known)?;
        while let Some(op) = t.get(*pos) {
            match op.as_str() {
                "+" => {
                    *pos += 1;
                    v += atom(t, pos, known)?;
                }
                "|" => {
                    *pos += 1;
                    v |= atom(t, pos, known)?;
                }
                _ => break,
            }
        }
        Some(v)
    }
    let mut pos = 0;
    let v = expr(&tokens, &mut pos, known)?;
    (pos == tokens.len()).then_some(v)
}

/// `pub const NAME: T = value;` in generated code.
fn binding_constants(code: &str) -> BTreeMap<String, i64> {
    code.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("pub const ")?;
            let (name, rest) = rest.split_once(':')?;
            let value = rest.split_once('=')?.1.trim().trim_end_matches(';').trim();
            Some((name.trim().to_string(), value.parse().ok()?))
        })
        .collect()
}

fn has_fn(code: &str, name: &str) -> bool {
    code.contains(&format!("pub fn {name}("))
}

/// Against the vendored zmq.h the bindings were generated from (a system
/// zmq.h of another release differs by design).
#[cfg(zmq_sys_vendored)]
#[test]
fn every_function_is_bound() {
    let (stable, draft) = split_draft(&header());
    let stable_rs = bindings_source("bindings/stable.rs");
    let draft_rs = bindings_source("bindings/draft.rs");
    let lib_rs = bindings_source("lib.rs");

    let stable_fns = declared_functions(&stable);
    assert!(
        stable_fns.len() >= 70,
        "parsed only {} functions",
        stable_fns.len()
    );
    for f in &stable_fns {
        assert!(
            has_fn(&stable_rs, f) || has_fn(&lib_rs, f),
            "{f} missing from the stable bindings"
        );
        assert!(
            !has_fn(&draft_rs, f),
            "{f} is stable but in the draft bindings"
        );
    }
    let draft_fns = declared_functions(&draft);
    assert!(draft_fns.iter().any(|f| f == "zmq_poller_new"));
    for f in &draft_fns {
        assert!(
            has_fn(&draft_rs, f) || has_fn(&lib_rs, f),
            "draft {f} missing from the draft bindings"
        );
        assert!(
            !has_fn(&stable_rs, f),
            "draft {f} is in the stable bindings"
        );
    }
}

/// Against the vendored zmq.h the bindings were generated from (a system
/// zmq.h of another release differs by design).
#[cfg(zmq_sys_vendored)]
#[test]
fn every_integer_constant_is_bound_with_its_value() {
    let text = header();
    let (stable, draft) = split_draft(&text);
    let stable_rs = binding_constants(&bindings_source("bindings/stable.rs"));
    let draft_rs = binding_constants(&bindings_source("bindings/draft.rs"));

    let mut known = BTreeMap::new();
    let mut checked = 0;
    for (part, bound, other) in [
        (&stable, &stable_rs, &draft_rs),
        (&draft, &draft_rs, &stable_rs),
    ] {
        for (name, value) in defines(part) {
            let Some(v) = eval(&value, &known) else {
                continue;
            };
            known.insert(name.clone(), v);
            let is_zmq = name.starts_with("ZMQ_")
                || ["EFSM", "ENOCOMPATPROTO", "ETERM", "EMTHREAD"].contains(&name.as_str());
            if !is_zmq {
                continue; // errno values zmq.h supplies only where the C library lacks them
            }
            assert_eq!(
                bound.get(&name),
                Some(&v),
                "{name} = {value} missing or different in the bindings"
            );
            assert!(
                !other.contains_key(&name),
                "{name} is in the wrong bindings file"
            );
            checked += 1;
        }
    }
    assert!(checked >= 240, "checked only {checked} constants");
    // The one function-like macro.
    assert_eq!(zmq_sys::ZMQ_VERSION, 40305);
}

/// Compiles and runs a C program printing the sizes, alignments and field
/// offsets of the structs the bindings write by hand.
fn c_layouts() -> BTreeMap<String, usize> {
    let out_dir = std::env::temp_dir().join(format!("zmq-sys-layout-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let src = out_dir.join("layout.c");
    std::fs::write(
        &src,
        r#"
#define _POSIX_C_SOURCE 200809L
#define ZMQ_BUILD_DRAFT_API 1
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <zmq.h>
#define P(name, value) printf("%s %zu\n", name, (size_t)(value))
int main(void) {
    P("msg.size", sizeof(zmq_msg_t)); P("msg.align", _Alignof(zmq_msg_t));
    P("item.size", sizeof(zmq_pollitem_t)); P("item.align", _Alignof(zmq_pollitem_t));
    P("item.socket", offsetof(zmq_pollitem_t, socket)); P("item.fd", offsetof(zmq_pollitem_t, fd));
    P("item.events", offsetof(zmq_pollitem_t, events)); P("item.revents", offsetof(zmq_pollitem_t, revents));
    P("event.size", sizeof(zmq_poller_event_t)); P("event.align", _Alignof(zmq_poller_event_t));
    P("event.fd", offsetof(zmq_poller_event_t, fd)); P("event.user_data", offsetof(zmq_poller_event_t, user_data));
    P("event.events", offsetof(zmq_poller_event_t, events));
    P("fd.size", sizeof(zmq_fd_t));
    return 0;
}
"#,
    )
    .unwrap();
    let exe = out_dir.join("layout");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let status = Command::new(&cc)
        .arg("-std=c11")
        .arg("-I")
        .arg(include_dir())
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .status()
        .unwrap_or_else(|e| panic!("run the C compiler {cc}: {e}"));
    assert!(status.success(), "compiling the layout probe failed");
    let out = Command::new(&exe).output().unwrap();
    let _ = std::fs::remove_dir_all(&out_dir);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect()
}

#[test]
fn struct_layouts_match_c() {
    use std::mem::{align_of, offset_of, size_of};
    let c = c_layouts();
    let rust = [
        ("msg.size", size_of::<zmq_sys::zmq_msg_t>()),
        ("msg.align", align_of::<zmq_sys::zmq_msg_t>()),
        ("item.size", size_of::<zmq_sys::zmq_pollitem_t>()),
        ("item.align", align_of::<zmq_sys::zmq_pollitem_t>()),
        ("item.socket", offset_of!(zmq_sys::zmq_pollitem_t, socket)),
        ("item.fd", offset_of!(zmq_sys::zmq_pollitem_t, fd)),
        ("item.events", offset_of!(zmq_sys::zmq_pollitem_t, events)),
        ("item.revents", offset_of!(zmq_sys::zmq_pollitem_t, revents)),
        ("fd.size", size_of::<zmq_sys::zmq_fd_t>()),
    ];
    for (name, value) in rust {
        assert_eq!(c.get(name), Some(&value), "{name}");
    }
    #[cfg(feature = "draft")]
    {
        let draft = [
            ("event.size", size_of::<zmq_sys::zmq_poller_event_t>()),
            ("event.align", align_of::<zmq_sys::zmq_poller_event_t>()),
            ("event.fd", offset_of!(zmq_sys::zmq_poller_event_t, fd)),
            (
                "event.user_data",
                offset_of!(zmq_sys::zmq_poller_event_t, user_data),
            ),
            (
                "event.events",
                offset_of!(zmq_sys::zmq_poller_event_t, events),
            ),
        ];
        for (name, value) in draft {
            assert_eq!(c.get(name), Some(&value), "{name}");
        }
    }
}
