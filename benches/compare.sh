#!/usr/bin/env bash
# Runs this crate's perf tool (examples/perf.rs), the C reference
# (benches/cperf), the same tool written against rust-zmq 0.10
# (benches/rustzmq-perf) and against zmq.rs 0.7, the pure-Rust ZeroMQ on
# tokio (benches/zmqrs-perf), side by side, and prints a table of medians and
# ratios for thr, lat and thr with owned buffers, at 1 B, 64 B, 1 KiB,
# 64 KiB and 1 MiB over inproc, ipc and tcp (zmq.rs has no inproc: "n/a").
# It also writes the raw results, the table (Markdown) and an SVG chart to
# the output directory.
#
# usage: benches/compare.sh [--quick] [--no-build] [--callgrind [--repeat K]] [--rounds N] [--scale F]
#                           [--tests thr,lat,owned] [--transports inproc,ipc,tcp]
#                           [--sizes 1,64,...] [--tools c,zmq,rustzmq,zmqrs,zmqtp] [--out DIR]
#
#   --rounds N   rounds per case (default 5): each round runs every case once
#                with each tool, the tools right after one another
#   --scale F    multiply the message counts (default 1: about 0.15-0.6 s a
#                run for the libzmq tools, several times that for zmq.rs)
#   --tools L    run (and build) only these tools (default: c,zmq,rustzmq,zmqrs);
#                zmqtp is examples/perf built with --features draft and run
#                with --throughput (the throughput profile of
#                docs/performance.md): e.g. --tools c,zmq,zmqrs,zmqtp
#   --quick      a smoke run: 1 round, counts / 20
#   --no-build   use the tools already built
#   --callgrind  instead of timing, count instructions per message with
#                valgrind's callgrind (repeatable on a noisy machine; inproc
#                by default, --transports to change)
#   --repeat K   (--callgrind) runs per count; the least count is used
#                (default 3: how often a thread sleeps and wakes varies)
#   --out DIR    default: target/perf (results.tsv, table.md, perf.svg)
#
# The three libzmq tools link the same static libzmq 4.3.5 that zmq-sys
# builds: the C tool and examples/perf through zmq-sys, rust-zmq through a
# cargo build-script override of its `links = "zmq"` package. zmq.rs links
# no libzmq at all.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
rz_target=$target/rustzmq-perf
zrs_target=$target/zmqrs-perf

all_args="$*"
build=1
mode=run
args=()
quick=0
tools=c,zmq,rustzmq,zmqrs
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --quick) quick=1 ;;
        --callgrind) mode=callgrind ;;
        -h | --help)
            # The comment block at the top of this file.
            awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
            exit 0
            ;;
        --rounds | --scale | --tests | --transports | --sizes | --out | --timeout | --repeat)
            if [ $# -lt 2 ]; then
                echo "compare.sh: $1 needs a value" >&2
                exit 2
            fi
            args+=("$1" "$2")
            shift
            ;;
        --tools)
            if [ $# -lt 2 ]; then
                echo "compare.sh: $1 needs a value" >&2
                exit 2
            fi
            tools=$2
            args+=("$1" "$2")
            shift
            ;;
        *)
            echo "compare.sh: unknown argument $1 (see --help)" >&2
            exit 2
            ;;
    esac
    shift
done
if [ $quick = 1 ]; then
    # Later options win in argparse, so explicit ones still apply.
    args=(--rounds 1 --scale 0.05 "${args[@]}")
fi

# Whether --tools names a tool (compare.py checks the names).
wants() { case ",$tools," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if [ $build = 1 ]; then
    mkdir -p "$target/perf"
    if wants zmqtp; then
        # Before the default build, which writes the same path: the batch
        # options of the profile need libzmq's draft API.
        echo "== building examples/perf with --features draft (release)" >&2
        cargo build --release --example perf --features draft
        cp "$target/release/examples/perf" "$target/perf/perf-throughput"
    fi
    if wants zmq; then
        echo "== building examples/perf (release)" >&2
        cargo build --release --example perf
    fi
    if wants c || wants rustzmq; then
        # rust-zmq's link configuration comes from this build's output.
        echo "== building benches/cperf (release)" >&2
        cargo build --release -p cperf --message-format=json-render-diagnostics \
            >"$target/perf/cperf-build.json"
    fi
    if wants rustzmq; then
        echo "== building benches/rustzmq-perf against the same libzmq.a" >&2
        mapfile -t link_cfg < <(python3 benches/compare.py link-config "$target/perf/cperf-build.json")
        cargo build --release --manifest-path benches/rustzmq-perf/Cargo.toml \
            --target-dir "$rz_target" "${link_cfg[@]}"
    fi
    if wants zmqrs; then
        echo "== building benches/zmqrs-perf (zmq.rs, release)" >&2
        cargo build --release --manifest-path benches/zmqrs-perf/Cargo.toml \
            --target-dir "$zrs_target"
    fi
fi

exec python3 benches/compare.py "$mode" \
    --perf "$target/release/examples/perf" \
    --perf-throughput "$target/perf/perf-throughput" \
    --cperf "$target/release/cperf" \
    --rustzmq "$rz_target/release/rustzmq-perf" \
    --zmqrs "$zrs_target/release/zmqrs-perf" \
    --command "benches/compare.sh${all_args:+ $all_args}" \
    "${args[@]}"
