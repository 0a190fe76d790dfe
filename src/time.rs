//! Durations at the C boundary: libzmq counts time in whole milliseconds.

use std::time::Duration;

/// Whole milliseconds, rounding a fraction up, so that a short non-zero
/// duration waits rather than becoming 0 (a busy loop).
pub(crate) fn ceil_millis(d: Duration) -> u128 {
    d.as_millis() + u128::from(d.subsec_nanos() % 1_000_000 != 0)
}

#[cfg(test)]
mod tests {
    use super::ceil_millis;
    use std::time::Duration;

    #[test]
    fn a_fraction_of_a_millisecond_rounds_up() {
        assert_eq!(ceil_millis(Duration::ZERO), 0);
        assert_eq!(ceil_millis(Duration::from_nanos(1)), 1);
        assert_eq!(ceil_millis(Duration::from_millis(5)), 5);
        assert_eq!(ceil_millis(Duration::from_micros(5_001)), 6);
        assert_eq!(
            ceil_millis(Duration::MAX),
            u128::from(u64::MAX) * 1000 + 1000
        );
    }
}
