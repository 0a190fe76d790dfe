//! Linking an installed libzmq: `LIBZMQ_LIB_DIR` / `LIBZMQ_INCLUDE_DIR` when
//! given, otherwise pkg-config (`libzmq >= 4.3.2`).

use crate::{env_flag, env_var, Located};
use std::fs;
use std::path::{Path, PathBuf};

const MIN_VERSION: &str = "4.3.2";

const INSTALL_HINT: &str = "install libzmq's development files: \
    `apt install libzmq3-dev` (Debian, Ubuntu), `dnf install zeromq-devel` (Fedora), \
    `brew install zeromq` (macOS), `pacman -S zeromq` (Arch); \
    or set LIBZMQ_LIB_DIR and LIBZMQ_INCLUDE_DIR; \
    or build the bundled copy with the default `vendored` feature";

pub fn locate(draft: bool) -> Located {
    let statik = env_flag("LIBZMQ_STATIC");
    let kind = if statik { "static" } else { "dylib" };
    let located = match env_var("LIBZMQ_LIB_DIR") {
        Some(lib_dir) => from_dirs(PathBuf::from(lib_dir), kind),
        None => from_pkg_config(statik),
    };
    if draft {
        println!(
            "cargo:warning=zmq-sys: the `draft` feature with a system libzmq needs a libzmq \
             built with --enable-drafts; otherwise draft calls fail to link"
        );
    }
    located
}

fn from_dirs(lib_dir: PathBuf, kind: &str) -> Located {
    let include = match env_var("LIBZMQ_INCLUDE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => lib_dir
            .parent()
            .map(|p| p.join("include"))
            .unwrap_or_default(),
    };
    let header = include.join("zmq.h");
    let version = header_version(&header).unwrap_or_else(|| {
        panic!(
            "\n\nzmq-sys: no readable zmq.h at {} (LIBZMQ_INCLUDE_DIR).\n{INSTALL_HINT}\n",
            header.display()
        )
    });
    println!("cargo:rustc-link-search=native={}", lib_dir.display());
    println!("cargo:rustc-link-lib={kind}=zmq");
    Located {
        root: lib_dir.parent().map(Path::to_path_buf),
        include,
        version,
        // Without pkg-config there is nothing to ask; the safe crate checks
        // zmq_has("curve") at run time either way.
        curve: false,
        platform_defines: None,
    }
}

fn from_pkg_config(statik: bool) -> Located {
    let lib = pkg_config::Config::new()
        .atleast_version(MIN_VERSION)
        .statik(statik)
        .probe("libzmq")
        .unwrap_or_else(|e| {
            panic!(
                "\n\nzmq-sys: the `system` feature (or LIBZMQ_NO_VENDOR) needs libzmq >= \
                 {MIN_VERSION}, and pkg-config could not find it:\n{e}\n\n{INSTALL_HINT}\n"
            )
        });
    let include = lib
        .include_paths
        .iter()
        .find(|p| p.join("zmq.h").exists())
        .cloned()
        .or_else(|| {
            ["/usr/include", "/usr/local/include"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.join("zmq.h").exists())
        })
        .unwrap_or_else(|| panic!("\n\nzmq-sys: pkg-config found libzmq but not zmq.h\n"));
    // Debian's and most distributions' libzmq link libsodium for CURVE and
    // say so in the .pc file.
    let curve = pkg_config::get_variable("libzmq", "Requires.private")
        .map(|r| r.contains("sodium"))
        .unwrap_or(false)
        || pc_mentions_sodium();
    Located {
        root: include.parent().map(Path::to_path_buf),
        include,
        version: lib.version,
        curve,
        platform_defines: None,
    }
}

/// Whether the libzmq.pc file pkg-config uses names libsodium.
fn pc_mentions_sodium() -> bool {
    let Ok(out) = std::process::Command::new("pkg-config")
        .args(["--print-requires-private", "libzmq"])
        .output()
    else {
        return false;
    };
    String::from_utf8_lossy(&out.stdout).contains("sodium")
}

/// "4.3.5" from the ZMQ_VERSION_* defines of a zmq.h.
fn header_version(header: &Path) -> Option<String> {
    let text = fs::read_to_string(header).ok()?;
    let part = |name: &str| {
        text.lines().find_map(|l| {
            let rest = l.trim().strip_prefix("#define")?.trim();
            let value = rest.strip_prefix(name)?.trim();
            value.parse::<u32>().ok()
        })
    };
    Some(format!(
        "{}.{}.{}",
        part("ZMQ_VERSION_MAJOR")?,
        part("ZMQ_VERSION_MINOR")?,
        part("ZMQ_VERSION_PATCH")?
    ))
}
