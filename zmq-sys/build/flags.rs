//! Extra compiler flags for the vendored libzmq compile.
//!
//! zeromq-src builds libzmq with `cc`, which reads `CXXFLAGS` / `CFLAGS` in
//! every form (`<VAR>_<target>`, `<VAR>_<target_with_underscores>`,
//! `TARGET_<VAR>`, `<VAR>`) and, since cc 1.2.16, concatenates them all. We
//! append our flags to the most specific form, keeping whatever the user put
//! there, so that a user's own flags still reach the compile.

use crate::env_var;
use std::env;

/// Appends `flags` to `CXXFLAGS_<target>` and `CFLAGS_<target>` for the
/// compiles that follow in this build script.
pub fn append(flags: &[String]) {
    if flags.is_empty() {
        return;
    }
    let target = env::var("TARGET").expect("cargo sets TARGET");
    for var in ["CXXFLAGS", "CFLAGS"] {
        // Declare every form cc reads, so that a change reruns the build.
        for form in [
            format!("{var}_{target}"),
            format!("{var}_{}", target.replace('-', "_")),
            format!("TARGET_{var}"),
            format!("HOST_{var}"),
            var.to_string(),
        ] {
            env_var(&form);
        }
        let key = format!("{var}_{target}");
        let mut value = env::var(&key).unwrap_or_default();
        for flag in flags {
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(flag);
        }
        env::set_var(&key, value);
    }
}
