//! Lookups in the constant tables that map Rust enums to libzmq's numbers
//! (errno values, socket types, monitor events, protocol errors), and the
//! check of the option tables' rows.

/// The right side of the first row whose left side is `key`.
pub(crate) fn right_of<L: PartialEq, R: Copy>(table: &[(L, R)], key: &L) -> Option<R> {
    table.iter().find(|(l, _)| l == key).map(|(_, r)| *r)
}

/// The left side of the first row whose right side is `key`.
pub(crate) fn left_of<L: Copy, R: PartialEq>(table: &[(L, R)], key: &R) -> Option<L> {
    table.iter().find(|(_, r)| r == key).map(|(l, _)| *l)
}

/// Compile-time string equality, to check each row's alias literal against
/// its constant's name.
pub(crate) const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
