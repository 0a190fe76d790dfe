//! The command line and endpoints shared by the perf tools: this crate's
//! `examples/perf.rs` and `benches/rustzmq-perf` include this file with
//! `#[path]`, so both parse the same arguments the same way (the C reference,
//! `benches/cperf`, mirrors it).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Test {
    Thr,
    Lat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Inproc,
    Ipc,
    Tcp,
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Inproc => "inproc",
            Transport::Ipc => "ipc",
            Transport::Tcp => "tcp",
        })
    }
}

#[derive(Debug)]
pub struct Args {
    pub test: Test,
    pub transport: Transport,
    pub size: usize,
    pub count: u64,
    pub owned: bool,
}

/// Parses the command line (without the program name).
pub fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let test = match args.next().as_deref() {
        Some("thr") => Test::Thr,
        Some("lat") => Test::Lat,
        Some(other) => return Err(format!("unknown test {other:?}: expected thr or lat")),
        None => return Err("missing test: thr or lat".into()),
    };
    let (mut transport, mut size, mut count, mut owned) = (None, None, None, false);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--transport" => {
                transport = Some(match value("--transport")?.as_str() {
                    "inproc" => Transport::Inproc,
                    "ipc" => Transport::Ipc,
                    "tcp" => Transport::Tcp,
                    other => return Err(format!("unknown transport {other:?}")),
                })
            }
            "--size" => {
                let v = value("--size")?;
                size = Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("bad --size {v:?}"))?,
                );
            }
            "--count" => {
                let v = value("--count")?;
                count = Some(v.parse::<u64>().map_err(|_| format!("bad --count {v:?}"))?);
            }
            "--owned" => owned = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let args = Args {
        test,
        transport: transport.ok_or("missing --transport")?,
        size: size.ok_or("missing --size")?,
        count: count.ok_or("missing --count")?,
        owned,
    };
    match args.test {
        Test::Thr if args.count < 2 => Err("thr needs --count of at least 2".into()),
        Test::Lat if args.count < 1 => Err("lat needs --count of at least 1".into()),
        Test::Lat if args.owned => Err("--owned applies to thr only".into()),
        _ => Ok(args),
    }
}

/// A private endpoint for the receiving (binding) side.
pub fn bind_endpoint(transport: Transport) -> String {
    match transport {
        Transport::Inproc => "inproc://perf".into(),
        Transport::Ipc => {
            let path = std::env::temp_dir().join(format!("zmq-perf-{}.ipc", std::process::id()));
            format!("ipc://{}", path.display())
        }
        Transport::Tcp => "tcp://127.0.0.1:*".into(),
    }
}

/// Removes the ipc socket file, if any.
pub fn cleanup(endpoint: &str) {
    if let Some(path) = endpoint.strip_prefix("ipc://") {
        let _ = std::fs::remove_file(path);
    }
}
