//! Z85 of 4 GiB and more: libzmq counts in `unsigned int`, so a single call
//! would wrap around and never return (or write out of bounds); the crate
//! hands it the data in chunks. Runs in a child process under a time limit.

mod child;

use std::time::{Duration, Instant};

#[test]
fn z85_round_trips_input_above_four_gib() {
    const NAME: &str = "z85_round_trips_input_above_four_gib";
    if !child::is_child(NAME) {
        return child::run(NAME, Duration::from_secs(300));
    }
    let len = (1usize << 32) + 4;
    let mut data = vec![0u8; len];
    // Distinct groups at the start, around the 4 GiB mark and at the end.
    for at in [0, (1 << 30) - 4, (1 << 32) - 4, 1 << 32] {
        data[at..at + 4].copy_from_slice(&[0x86, 0x4F, 0xD2, 0x6F]);
    }
    let start = Instant::now();
    let text = zmq::z85::encode(&data).unwrap();
    eprintln!("encode: {:?}", start.elapsed());
    assert_eq!(text.len(), len / 4 * 5);
    for at in [0, (1 << 30) - 4, (1 << 32) - 4, 1 << 32] {
        let chars = at / 4 * 5;
        assert_eq!(&text[chars..chars + 5], "Hello", "group at {at}");
    }
    assert_eq!(&text[5..10], "00000");
    drop(data);
    let start = Instant::now();
    let back = zmq::z85::decode(&text).unwrap();
    eprintln!("decode: {:?}", start.elapsed());
    assert_eq!(back.len(), len);
    for at in [0, (1 << 30) - 4, (1 << 32) - 4, 1 << 32] {
        assert_eq!(back[at..at + 4], [0x86, 0x4F, 0xD2, 0x6F], "group at {at}");
    }
    assert!(back[4..1 << 20].iter().all(|&b| b == 0));
}
