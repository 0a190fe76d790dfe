//! Publish-subscribe with a filter: the zguide's wuserver.c + wuclient.c in
//! one program. The publisher sends weather updates "zipcode temperature
//! humidity" for ten zipcodes; the subscriber subscribes to one zipcode,
//! averages the temperature of 20 updates and ends.
//!
//! Look at: `subscribe` with a prefix (the trailing space keeps "10001 "
//! from matching "100012"), and the slow joiner: a subscriber connecting
//! over TCP misses whatever is published before its subscription arrives,
//! so the publisher keeps publishing until the subscriber thread says it is
//! done (it has finished) instead of sending a fixed number of updates.

use std::thread;
use std::time::{Duration, Instant};

const ZIPCODE: u32 = 10001;
const UPDATES: usize = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ctx = zmq::Context::new();

    // wuserver.c: the publisher binds.
    let publisher = ctx.socket::<zmq::Pub>()?;
    publisher.bind("tcp://127.0.0.1:*")?;
    let endpoint = publisher.last_endpoint()?;

    // wuclient.c: the subscriber, in a thread; it returns the average.
    let subscriber = {
        let ctx = ctx.clone();
        thread::spawn(move || -> zmq::Result<f64> {
            let subscriber = ctx.socket::<zmq::Sub>()?;
            subscriber.set_rcvtimeo(Some(Duration::from_secs(5)))?;
            subscriber.connect(&endpoint)?;
            subscriber.subscribe(format!("{ZIPCODE} "))?;
            println!("subscriber: collecting {UPDATES} updates for zipcode {ZIPCODE}");
            let mut total = 0i64;
            for n in 0..UPDATES {
                let update = subscriber.recv_string()?;
                if n < 3 {
                    println!("subscriber: update {update:?}");
                }
                let fields: Vec<i64> = update
                    .split_whitespace()
                    .filter_map(|f| f.parse().ok())
                    .collect();
                let [_zipcode, temperature, _humidity] = fields[..] else {
                    return Err(zmq::Error::InvalidArgument); // not "zip temp hum"
                };
                total += temperature;
            }
            Ok(total as f64 / UPDATES as f64)
        })
    };

    // The publisher: random updates until the subscriber has finished.
    let start = Instant::now();
    let mut random = XorShift(0x2545_f491_4f6c_dd1d);
    let mut sent = 0u64;
    while !subscriber.is_finished() {
        let zipcode = 10000 + random.below(10);
        let temperature = random.below(215) as i64 - 80;
        let humidity = random.below(50) + 10;
        publisher.send(format!("{zipcode} {temperature} {humidity}"))?;
        sent += 1;
    }
    let average = subscriber.join().expect("subscriber thread panicked")?;
    println!("subscriber: average temperature for zipcode {ZIPCODE}: {average:.1}F");
    println!(
        "publisher: sent {sent} updates in {:.0?}; those before the subscription arrived went nowhere",
        start.elapsed()
    );
    Ok(())
}

/// A small pseudo-random generator (xorshift64), enough for fake weather.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
