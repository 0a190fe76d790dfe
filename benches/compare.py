#!/usr/bin/env python3
"""Runs the four perf tools side by side and reports medians and ratios.

Used by benches/compare.sh, which builds the tools first:

  compare.py link-config BUILD.json      the --config arguments that make
                                         rust-zmq link the workspace's libzmq
  compare.py run --perf P --cperf C --rustzmq R --zmqrs Z [--tools ...] [options]
  compare.py report RESULTS.tsv [--out DIR]
  compare.py callgrind --perf P --cperf C --rustzmq R --zmqrs Z [options]
                                         instructions per message, which
                                         unlike times repeat exactly

`run` runs every case (test, transport, size, owned or not) once per tool
per round, the tools one right after the other in an order that rotates, so
that all of them see the same machine conditions; zmq.rs (the pure-Rust
ZeroMQ, benches/zmqrs-perf) has no inproc transport, so it sits out the
inproc cases, shown as "n/a". It writes the raw
results (results.tsv), the table (table.md) and the chart (perf.svg) to the
output directory and prints the table. Only the Python standard library is
used; the SVG is written by hand.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

TOOLS = [
    # (key, column title)
    ("c", "C"),
    ("zmq", "zmq (this crate)"),
    ("rustzmq", "rust-zmq 0.10"),
    ("zmqrs", "zmq.rs 0.7 (tokio)"),
    # examples/perf built with --features draft, run with --throughput.
    ("zmqtp", "zmq --throughput"),
]
TOOL_KEYS = [k for k, _ in TOOLS]
# Run when --tools is not given; the profile column is opt-in (a second,
# draft, build of examples/perf).
DEFAULT_TOOLS = ["c", "zmq", "rustzmq", "zmqrs"]
COLORS = {"c": "#555555", "zmq": "#d9480f", "rustzmq": "#1c7ed6", "zmqrs": "#7048e8",
          "zmqtp": "#2b8a3e"}
DASHES = {"rustzmq": "5,3", "zmqrs": "9,3,2,3", "zmqtp": "2,2"}
# Arguments a tool gets on top of the shared command line.
EXTRA_ARGS = {"zmqtp": ["--throughput"]}
# The transports a tool implements, when not all of them.
SUPPORTS = {"zmqrs": {"ipc", "tcp"}}


def supports(key, transport):
    return transport in SUPPORTS.get(key, TRANSPORTS)
SIZES = [1, 64, 1024, 65536, 1048576]
TRANSPORTS = ["inproc", "ipc", "tcp"]
TESTS = ["thr", "lat", "owned"]

# Messages (thr) or round trips (lat) per run, chosen on a 2-core AMD EPYC VM
# so that one run takes about 0.15-0.6 s there. --scale multiplies them.
THR_COUNTS = {
    "inproc": {1: 2_000_000, 64: 2_000_000, 1024: 1_000_000, 65536: 25_000, 1048576: 4_000},
    "ipc": {1: 1_000_000, 64: 800_000, 1024: 200_000, 65536: 5_000, 1048576: 300},
    "tcp": {1: 1_000_000, 64: 800_000, 1024: 200_000, 65536: 5_000, 1048576: 300},
}
LAT_COUNTS = {
    "inproc": {1: 20_000, 64: 20_000, 1024: 20_000, 65536: 12_000, 1048576: 2_000},
    "ipc": {1: 3_000, 64: 3_000, 1024: 3_000, 65536: 2_000, 1048576: 600},
    "tcp": {1: 3_000, 64: 3_000, 1024: 3_000, 65536: 2_000, 1048576: 600},
}


def count_for(test, transport, size, scale):
    table = LAT_COUNTS if test == "lat" else THR_COUNTS
    base = table[transport].get(size)
    if base is None:
        # A size not in the table: interpolate on the byte volume.
        known = sorted(table[transport])
        near = min(known, key=lambda s: abs(math.log2(max(s, 1)) - math.log2(max(size, 1))))
        base = table[transport][near]
    return max(2, int(base * scale))


def human_size(size):
    if size >= 1 << 20 and size % (1 << 20) == 0:
        return f"{size >> 20} MiB"
    if size >= 1 << 10 and size % (1 << 10) == 0:
        return f"{size >> 10} KiB"
    return f"{size} B"


# ---------------------------------------------------------------- link-config


def link_config(build_json):
    """The cargo --config arguments that override rust-zmq's zmq-sys build
    script (links = "zmq") with the libraries our zmq-sys linked."""
    libs, paths = [], []
    with open(build_json) as f:
        for line in f:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("reason") != "build-script-executed":
                continue
            pkg = msg.get("package_id", "")
            if "zmq-sys" in pkg or "libsodium-sys" in pkg:
                libs += msg.get("linked_libs", [])
                paths += msg.get("linked_paths", [])
    if "static=zmq" not in libs:
        sys.exit("compare.py: the cperf build did not report zmq-sys linking static=zmq")
    # libzmq first, then what it needs (libsodium, the C++ runtime).
    ordered = ["static=zmq"]
    ordered += [l for l in libs if l.startswith("static=") and l not in ordered]
    ordered += [l for l in libs if not l.startswith("static=") and l not in ordered]
    ordered = list(dict.fromkeys(ordered))
    search = list(dict.fromkeys(p if "=" in p else f"native={p}" for p in paths))
    triple = host_triple()
    key = f"target.{triple}.zmq"
    for arg in (
        f"{key}.rustc-link-lib={json.dumps(ordered)}",
        f"{key}.rustc-link-search={json.dumps(search)}",
    ):
        print("--config")
        print(arg)


def host_triple():
    out = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("host: "):
            return line.split(": ", 1)[1].strip()
    sys.exit("compare.py: rustc -vV names no host")


# ------------------------------------------------------------------------ run


def run_tool(path, test, transport, size, count, owned, timeout, extra=()):
    args = [path, "thr" if test == "owned" else test, "--transport", transport,
            "--size", str(size), "--count", str(count), *extra]
    if owned:
        args.append("--owned")
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                           env=watchdog_env(timeout))
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s: {' '.join(args)}"
    lines = p.stdout.strip().splitlines()
    if p.returncode != 0 or not lines or not lines[-1].startswith("RESULT "):
        return None, f"failed ({p.returncode}): {' '.join(args)}\n{p.stderr.strip()}"
    parts = lines[-1].split()
    expect = ["RESULT", "thr" if test == "owned" else test, transport, str(size)]
    if parts[:4] != expect or len(parts) != 5:
        return None, f"unexpected RESULT line {lines[-1]!r} from {' '.join(args)}"
    return float(parts[4]), None


def watchdog_env(timeout):
    """zmqrs-perf's own watchdog, set just inside our timeout (it fails with
    a message where a kill would not say why; the other tools ignore it)."""
    return dict(os.environ, ZMQRS_PERF_TIMEOUT=str(max(1.0, timeout - 2)))


def selected_tools(args):
    """{key: path} of the tools chosen with --tools, each checked to exist."""
    paths = {"c": args.cperf, "zmq": args.perf, "rustzmq": args.rustzmq, "zmqrs": args.zmqrs,
             "zmqtp": args.perf_throughput}
    tools = {}
    for key in args.tools:
        path = paths[key]
        if not path or not os.access(path, os.X_OK):
            sys.exit(f"compare.py: no executable for {key}: {path} "
                     "(run benches/compare.sh to build it)")
        tools[key] = path
    return tools


def cases(args):
    for test in args.tests:
        for transport in args.transports:
            for size in args.sizes:
                yield test, transport, size


def cmd_run(args):
    tools = selected_tools(args)
    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.tsv")
    all_cases = list(cases(args))
    total = sum(supports(k, transport) for _, transport, _ in all_cases
                for k in tools) * args.rounds
    print(f"{len(all_cases)} cases x {args.rounds} rounds x {len(tools)} tools "
          f"({', '.join(tools)}) = {total} runs; raw results in {results_path}",
          file=sys.stderr)
    # Warm up: page cache, CPU frequency, the first ipc/tcp setup.
    for key, path in tools.items():
        run_tool(path, "thr", "inproc" if supports(key, "inproc") else "tcp", 64, 10_000,
                 False, args.timeout, EXTRA_ARGS.get(key, ()))

    started = time.time()
    done = 0
    failures = 0
    with open(results_path, "w") as out:
        out.write("round\ttest\ttransport\tsize\ttool\tvalue\n")
        for rnd in range(args.rounds):
            for i, (test, transport, size) in enumerate(all_cases):
                count = count_for(test, transport, size, args.scale)
                order = [k for k in TOOL_KEYS if k in tools and supports(k, transport)]
                if not order:
                    continue
                shift = (rnd + i) % len(order)
                order = order[shift:] + order[:shift]
                for key in order:
                    value, err = run_tool(tools[key], test, transport, size, count,
                                          test == "owned", args.timeout,
                                          EXTRA_ARGS.get(key, ()))
                    done += 1
                    if err:
                        failures += 1
                        print(f"compare.py: {key}: {err}", file=sys.stderr)
                        continue
                    out.write(f"{rnd}\t{test}\t{transport}\t{size}\t{key}\t{value}\n")
                out.flush()
            elapsed = time.time() - started
            print(f"round {rnd + 1}/{args.rounds} done, {elapsed:.0f} s", file=sys.stderr)
    report(results_path, args.out, args.command or " ".join(sys.argv))
    if failures:
        sys.exit(f"compare.py: {failures} of {total} runs failed")


# ------------------------------------------------------------------ callgrind

# Messages (thr) or round trips (lat) of the shorter of the two runs per tool
# and case; the longer one does twice as many. Instructions per message are
# the difference of the two totals divided by the difference of the counts,
# so start-up, connecting and tear-down cancel out.
CG_COUNTS = {1: 20_000, 64: 20_000, 1024: 20_000, 65536: 2_000, 1048576: 200}


def callgrind_ir(path, test, transport, size, count, timeout):
    args = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", path,
            "thr" if test == "owned" else test, "--transport", transport,
            "--size", str(size), "--count", str(count)]
    if test == "owned":
        args.append("--owned")
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        sys.exit("compare.py: valgrind is not installed (apt-get install valgrind)")
    except subprocess.TimeoutExpired:
        return None
    if p.returncode != 0 or "RESULT" not in p.stdout:
        return None
    for line in p.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    return None


def least(counts):
    """The smallest of the counts, or None if any run failed."""
    counts = list(counts)
    return None if None in counts else min(counts)


def cmd_callgrind(args):
    tools = selected_tools(args)
    # The profile changes the I/O batches, not the instructions per call.
    tools.pop("zmqtp", None)
    os.makedirs(args.out, exist_ok=True)
    lines = ["| test | transport | size | C Ir/msg | zmq Ir/msg | rust-zmq Ir/msg "
             "| zmq.rs Ir/msg | zmq/C | rust-zmq/C | zmq.rs/C | zmq − C |", "|" + "---|" * 11]
    for test, transport, size in cases(args):
        n1 = max(2, int(CG_COUNTS.get(size, 2_000) * args.scale))
        if test == "lat":
            n1 = max(1, n1 // 10)
        per = {}
        for key, path in tools.items():
            if not supports(key, transport):
                continue
            # How often a thread finds its pipe empty and sleeps (and
            # executes the wake-up path) varies from run to run; the least
            # count of --repeat runs is the path itself.
            a = least(callgrind_ir(path, test, transport, size, n1, args.timeout)
                      for _ in range(args.repeat))
            b = least(callgrind_ir(path, test, transport, size, 2 * n1, args.timeout)
                      for _ in range(args.repeat))
            per[key] = (b - a) / n1 if a is not None and b is not None else None
        c, z, r, zr = (per.get(k) for k in ("c", "zmq", "rustzmq", "zmqrs"))
        label = "thr owned" if test == "owned" else test
        na = "n/a" if not supports("zmqrs", transport) else None

        def cell(v, alt=None):
            return alt or ("-" if v is None else f"{v:,.0f}")
        line = (f"| {label} | {transport} | {human_size(size)} | {cell(c)} | {cell(z)} "
                f"| {cell(r)} | {cell(zr, na)} | {fmt_ratio(ratio(z, c))} "
                f"| {fmt_ratio(ratio(r, c))} | {na or fmt_ratio(ratio(zr, c))} "
                f"| {'-' if z is None or c is None else f'{z - c:+,.0f}'} |")
        lines.append(line)
        print(line, flush=True)
    text = ("Instructions per message (per round trip for lat), counted by "
            "`valgrind --tool=callgrind` over all threads of the process: the "
            "difference between a run of N and one of 2N messages, divided by N; "
            f"each the least of {args.repeat} runs.\n\n"
            + "\n".join(lines) + "\n\nCommand: `" + (args.command or " ".join(sys.argv))
            + "`\n")
    with open(os.path.join(args.out, "callgrind.md"), "w") as f:
        f.write(text)
    print(f"\ntable: {os.path.join(args.out, 'callgrind.md')}")


# --------------------------------------------------------------------- report


def load(results_path):
    data = {}
    with open(results_path) as f:
        header = f.readline()
        if not header.startswith("round"):
            sys.exit(f"compare.py: {results_path} is not a results file")
        for line in f:
            rnd, test, transport, size, tool, value = line.rstrip("\n").split("\t")
            data.setdefault((test, transport, int(size)), {}).setdefault(tool, {})[
                int(rnd)] = float(value)
    return data


def fmt_value(test, v):
    if v is None:
        return "-"
    if test == "lat":
        return f"{v:.1f} µs" if v < 1000 else f"{v / 1000:.2f} ms"
    if v >= 1e6:
        return f"{v / 1e6:.2f} M/s"
    if v >= 1e3:
        return f"{v / 1e3:.1f} k/s"
    return f"{v:.0f} /s"


def spread(values):
    """Half the range of the rounds, relative to their median, in percent."""
    if len(values) < 2:
        return None
    med = statistics.median(values)
    return 50.0 * (max(values) - min(values)) / med if med else None


def ratio(a, b):
    return a / b if a is not None and b else None


def goal_ok(test, r):
    """This crate against C: thr >= 0.97, lat <= 1.03."""
    if r is None:
        return None
    return r <= 1.03 if test == "lat" else r >= 0.97


def rz_ok(test, r):
    """This crate against rust-zmq: no slower, within the 3 % of the C goals."""
    if r is None:
        return None
    return r <= 1.03 if test == "lat" else r >= 0.97


def summarize(data):
    rows = []
    order = {t: i for i, t in enumerate(TESTS)}
    for (test, transport, size), per_tool in sorted(
            data.items(), key=lambda kv: (order.get(kv[0][0], 9), TRANSPORTS.index(kv[0][1])
                                          if kv[0][1] in TRANSPORTS else 9, kv[0][2])):
        med = {k: statistics.median(v.values()) if v else None for k, v in per_tool.items()}
        row = {
            "test": test, "transport": transport, "size": size,
            "median": med,
            "n": min(len(v) for v in per_tool.values()) if per_tool else 0,
            "spread": {k: spread(list(v.values())) for k, v in per_tool.items()},
            "ratio_spread": {},
        }
        for key, a, b, _ in RATIOS:
            row[key] = ratio(med.get(a), med.get(b))
            # The tools of a round ran right after one another: the ratio
            # within each round, and how much it moves between rounds.
            pa, pb = per_tool.get(a, {}), per_tool.get(b, {})
            row["ratio_spread"][key] = spread(
                [pa[n] / pb[n] for n in pa if n in pb and pb[n]])
        rows.append(row)
    return rows


def fmt_ratio(r, ok=None):
    if r is None:
        return "-"
    mark = "" if ok is None or ok else " ✗"
    return f"{r:.3f}{mark}"


SHORT = {"c": "C", "zmq": "zmq", "rustzmq": "rust-zmq", "zmqrs": "zmq.rs", "zmqtp": "zmq tp"}
# Ratio columns: (row key, numerator tool, denominator tool, goal check).
RATIOS = [
    ("zmq_c", "zmq", "c", goal_ok),
    ("rz_c", "rustzmq", "c", None),
    ("zrs_c", "zmqrs", "c", None),
    ("zmq_rz", "zmq", "rustzmq", rz_ok),
    ("zmq_zrs", "zmq", "zmqrs", None),
    ("tp_zmq", "zmqtp", "zmq", None),
    ("tp_zrs", "zmqtp", "zmqrs", None),
]


def table_markdown(rows):
    """One column per tool that has results, and the ratios between them."""
    present = [k for k in TOOL_KEYS if any(k in r["median"] for r in rows)]
    ratios = [x for x in RATIOS if x[1] in present and x[2] in present]
    head = (["test", "transport", "size"] + [SHORT[k] for k in present]
            + [f"{SHORT[a]}/{SHORT[b]}" for _, a, b, _ in ratios]
            + ["spread " + " / ".join(SHORT[k] for k in present)])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        test, transport = r["test"], r["transport"]
        # "n/a" where a tool lacks the transport (zmq.rs: inproc), "-" where
        # it failed.
        na = {k: "n/a" for k in present if not supports(k, transport)}
        cells = ["thr owned" if test == "owned" else test, transport, human_size(r["size"])]
        cells += [na.get(k) or fmt_value(test, r["median"].get(k)) for k in present]
        for key, a, b, check in ratios:
            rs = r["ratio_spread"].get(key)
            cells.append(na.get(a) or na.get(b)
                         or fmt_ratio(r[key], check(test, r[key]) if check else None)
                         + ("" if rs is None or r[key] is None else f" ±{rs:.0f}%"))
        cells.append(" / ".join(
            na.get(k) or ("-" if r["spread"].get(k) is None else f"±{r['spread'][k]:.0f}%")
            for k in present))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals_text(rows):
    out = []
    for test, what, goal in (("thr", "throughput zmq/C >= 0.97", "thr"),
                             ("lat", "latency zmq/C <= 1.03", "lat"),
                             ("owned", "owned-buffer throughput zmq/C >= 0.97", "owned")):
        sel = [r for r in rows if r["test"] == test and r["zmq_c"] is not None]
        if not sel:
            continue
        miss = [r for r in sel if not goal_ok(goal, r["zmq_c"])]
        worst = (min if test != "lat" else max)(sel, key=lambda r: r["zmq_c"])
        out.append(f"- {what}: {len(sel) - len(miss)}/{len(sel)} cases"
                   f" (worst {worst['zmq_c']:.3f} at {worst['transport']} "
                   f"{human_size(worst['size'])})"
                   + ("" if not miss else "; misses: " + ", ".join(
                       f"{r['transport']} {human_size(r['size'])} {r['zmq_c']:.3f}"
                       for r in miss)))
    sel = [r for r in rows if r["zmq_rz"] is not None]
    if sel:
        miss = [r for r in sel if not rz_ok(r["test"], r["zmq_rz"])]
        out.append(f"- zmq against rust-zmq (no slower, 3 % noise band): "
                   f"{len(sel) - len(miss)}/{len(sel)} cases"
                   + ("" if not miss else "; slower: " + ", ".join(
                       f"{'thr owned' if r['test'] == 'owned' else r['test']} "
                       f"{r['transport']} {human_size(r['size'])} {r['zmq_rz']:.3f}"
                       for r in miss)))
    sel = [r for r in rows if r["zmq_zrs"] is not None]
    if sel:
        faster = [r for r in sel if (r["zmq_zrs"] < 1 if r["test"] == "lat"
                                     else r["zmq_zrs"] > 1)]
        # Speed-up of zmq over zmq.rs whatever the test: > 1 is zmq faster.
        speed = sorted((1 / r["zmq_zrs"] if r["test"] == "lat" else r["zmq_zrs"], r)
                       for r in sel)
        lo, hi = speed[0], speed[-1]

        def where(r):
            return (f"{'thr owned' if r['test'] == 'owned' else r['test']} "
                    f"{r['transport']} {human_size(r['size'])}")
        out.append(f"- zmq against zmq.rs (ipc and tcp): zmq faster in "
                   f"{len(faster)}/{len(sel)} cases; speed-up from {lo[0]:.2f}x "
                   f"({where(lo[1])}) to {hi[0]:.2f}x ({where(hi[1])})")
    sel = [r for r in rows if r["tp_zrs"] is not None]
    if sel:
        # Targets of the profile: thr at least zmq.rs's (2x at 64 B).
        def target(r):
            return 2.0 if r["size"] == 64 else 1.0
        thr = [r for r in sel if r["test"] != "lat"]
        miss = [r for r in thr if r["tp_zrs"] < target(r)]
        out.append(f"- zmq --throughput against zmq.rs, thr >= 1 (>= 2 at 64 B): "
                   f"{len(thr) - len(miss)}/{len(thr)} cases"
                   + ("" if not miss else "; misses: " + ", ".join(
                       f"{'thr owned' if r['test'] == 'owned' else r['test']} "
                       f"{r['transport']} {human_size(r['size'])} {r['tp_zrs']:.3f}"
                       for r in miss)))
    sel = [r for r in rows if r["test"] == "lat" and r["tp_zmq"] is not None]
    if sel:
        out.append("- lat, zmq --throughput against zmq defaults (no worse: <= 1): " + ", ".join(
            f"{r['transport']} {human_size(r['size'])} {r['tp_zmq']:.3f}" for r in sel))
    big = [r for r in rows if r["test"] == "owned" and r["size"] >= 65536
           and r["zmq_rz"] is not None]
    if big:
        out.append("- owned buffers >= 64 KiB, zmq/rust-zmq: " + ", ".join(
            f"{r['transport']} {human_size(r['size'])} {r['zmq_rz']:.3f}" for r in big))
    return "\n".join(out)


def report(results_path, out_dir, command):
    rows = summarize(load(results_path))
    n = min((r["n"] for r in rows), default=0)
    md = [
        f"Medians of {n} rounds; ratios are of medians. thr and thr owned are "
        "messages/s (higher is better), lat is the mean round trip (lower is "
        "better). ✗ marks a ratio outside its goal (zmq/C: thr >= 0.97, lat <= "
        "1.03; zmq/rust-zmq: no slower, with a 3 % band). zmq.rs, the pure-Rust "
        "ZeroMQ, has no inproc transport (n/a). zmq tp is this crate's tool "
        "with --throughput (the throughput profile, a draft build). Spread: "
        "half the range of the rounds, relative to the median; after a ratio, "
        "the spread of that ratio taken within each round.",
        "",
        table_markdown(rows),
        "",
        goals_text(rows),
        "",
        f"Command: `{command}`",
    ]
    text = "\n".join(md) + "\n"
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "table.md"), "w") as f:
        f.write(text)
    svg_path = os.path.join(out_dir, "perf.svg")
    with open(svg_path, "w") as f:
        f.write(chart_svg(rows))
    print(text)
    print(f"table: {os.path.join(out_dir, 'table.md')}, chart: {svg_path}")


# ---------------------------------------------------------------------- chart


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_svg(rows):
    """Throughput (MB/s, log scale) against message size (log scale), one
    column per transport; for borrowed buffers and then owned ones, a row of
    absolute throughput and a row of the ratio to C."""
    tests = [t for t in ("thr", "owned") if any(r["test"] == t for r in rows)]
    points = {}
    for r in rows:
        if r["test"] not in tests:
            continue
        for key, _ in TOOLS:
            v = r["median"].get(key)
            if v:
                points.setdefault((r["test"], r["transport"], key), []).append(
                    (r["size"], v * r["size"] / 1e6, v / r["median"]["c"]
                     if r["median"].get("c") else None))
    mbps = [y for pts in points.values() for _, y, _ in pts if y > 0]
    sizes = sorted({s for pts in points.values() for s, _, _ in pts})
    transports = [t for t in TRANSPORTS if any(k[1] == t for k in points)]
    if not mbps or not sizes or not transports:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    ratios = [q for pts in points.values() for _, _, q in pts if q] or [1.0]
    rlo = min(0.8, math.floor(min(ratios) * 10) / 10)
    rhi = max(1.2, math.ceil(max(ratios) * 10) / 10)
    # Grid lines 0.1 apart, wider when the range is (zmq.rs far below C).
    qstep = 0.1 if rhi - rlo <= 0.6 + 1e-9 else 0.2 if rhi - rlo <= 1.2 + 1e-9 else 0.5
    rlo = math.floor(rlo / qstep + 1e-9) * qstep
    rhi = math.ceil(rhi / qstep - 1e-9) * qstep
    legend = [(k, t) for k, t in TOOLS if any(k == p[2] for p in points)]
    step = 200  # legend entry width

    pw, ph_abs, ph_ratio = 300, 200, 110  # plot areas
    ml, mr, mt, mb = 64, 30, 30, 40  # margins around each plot area
    cw = ml + pw + mr
    panel_rows = [(t, kind) for t in tests for kind in ("abs", "ratio")]
    heights = [mt + (ph_abs if kind == "abs" else ph_ratio) + mb for _, kind in panel_rows]
    title_h, legend_h = 30, 40
    width = max(len(transports) * cw, 900, (len(legend) + 1) * step + 20)
    height = title_h + sum(heights) + legend_h
    ymin = 10 ** math.floor(math.log10(min(mbps)))
    ymax = 10 ** math.ceil(math.log10(max(mbps)))
    xmin, xmax = math.log2(max(sizes[0], 1)), math.log2(max(sizes[-1], 2))
    if xmax == xmin:
        xmax = xmin + 1

    def x_of(size):
        return (math.log2(max(size, 1)) - xmin) / (xmax - xmin) * pw

    def y_abs(v):
        return ph_abs - (math.log10(v) - math.log10(ymin)) / (
            math.log10(ymax) - math.log10(ymin)) * ph_abs

    def y_ratio(q):
        return ph_ratio - (q - rlo) / (rhi - rlo) * ph_ratio

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" '
           f'font-weight="bold">PUSH/PULL throughput against message size '
           f'(medians of rounds)</text>']
    oy = title_h
    for (test, kind), h in zip(panel_rows, heights):
        ph = ph_abs if kind == "abs" else ph_ratio
        for col, transport in enumerate(transports):
            ox = col * cw + ml
            what = "owned Vec per message" if test == "owned" else "borrowed buffer"
            title = (f"{transport}, {what}: MB/s" if kind == "abs"
                     else f"{transport}, {what}: ratio to C")
            out.append(f'<g transform="translate({ox},{oy + mt})">')
            out.append(f'<text x="{pw / 2}" y="-10" text-anchor="middle" '
                       f'font-weight="bold">{esc(title)}</text>')
            out.append(f'<rect width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
            if kind == "abs":
                decade = ymin
                while decade <= ymax * 1.0001:
                    y = y_abs(decade)
                    out.append(f'<line x1="0" x2="{pw}" y1="{y:.1f}" y2="{y:.1f}" '
                               f'stroke="#e5e5e5"/>')
                    label = (f"{decade:g}" if decade < 1e5
                             else f"1e{int(round(math.log10(decade)))}")
                    out.append(f'<text x="-6" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
                    decade *= 10
            else:
                q = rlo
                while q <= rhi + 1e-9:
                    y = y_ratio(q)
                    stroke = "#999" if abs(q - 1) < 1e-9 else "#e5e5e5"
                    out.append(f'<line x1="0" x2="{pw}" y1="{y:.1f}" y2="{y:.1f}" '
                               f'stroke="{stroke}"/>')
                    out.append(f'<text x="-6" y="{y + 4:.1f}" text-anchor="end">{q:.1f}</text>')
                    q = round(q + qstep, 10)
                y = y_ratio(0.97)
                out.append(f'<line x1="0" x2="{pw}" y1="{y:.1f}" y2="{y:.1f}" '
                           f'stroke="#2b8a3e" stroke-dasharray="2,3"/>')
            for sz in sizes:
                x = x_of(sz)
                out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{ph}" '
                           f'stroke="#e5e5e5"/>')
                out.append(f'<text x="{x:.1f}" y="{ph + 15}" text-anchor="middle">'
                           f'{esc(human_size(sz))}</text>')
            out.append(f'<text x="{pw / 2}" y="{ph + 31}" text-anchor="middle" '
                       f'fill="#555">message size</text>')
            for key, _ in TOOLS:
                if kind == "ratio" and key == "c":
                    continue
                pts = sorted(points.get((test, transport, key), []))
                if kind == "abs":
                    xy = [(x_of(sz), y_abs(v)) for sz, v, _ in pts if v > 0]
                else:
                    xy = [(x_of(sz), y_ratio(q)) for sz, _, q in pts if q]
                if not xy:
                    continue
                dash = f' stroke-dasharray="{DASHES[key]}"' if key in DASHES else ""
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
                out.append(f'<polyline points="{path}" fill="none" stroke="{COLORS[key]}" '
                           f'stroke-width="2"{dash}/>')
                for x, y in xy:
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" '
                               f'fill="{COLORS[key]}"/>')
            out.append('</g>')
        oy += h
    ly = oy + 20
    lx = max(10, (width - (len(legend) + 1) * step) / 2)
    for i, (key, title) in enumerate(legend):
        x = lx + i * step
        dash = f' stroke-dasharray="{DASHES[key]}"' if key in DASHES else ""
        out.append(f'<line x1="{x}" x2="{x + 28}" y1="{ly}" y2="{ly}" stroke="{COLORS[key]}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{x + 34}" y="{ly + 4}">{esc(title)}</text>')
    x = lx + len(legend) * step
    out.append(f'<line x1="{x}" x2="{x + 28}" y1="{ly}" y2="{ly}" stroke="#2b8a3e" '
               f'stroke-dasharray="2,3"/>')
    out.append(f'<text x="{x + 34}" y="{ly + 4}">goal 0.97</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------- main


def csv_list(kind, choices=None):
    def parse(text):
        items = [x.strip() for x in text.split(",") if x.strip()]
        if kind is int:
            try:
                items = [int(x) for x in items]
            except ValueError:
                raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}")
            if any(x < 0 for x in items):
                raise argparse.ArgumentTypeError("sizes are not negative")
        elif choices is not None:
            bad = [x for x in items if x not in choices]
            if bad:
                raise argparse.ArgumentTypeError(
                    f"unknown {', '.join(bad)}; choose from {', '.join(choices)}")
        if not items:
            raise argparse.ArgumentTypeError("empty list")
        return items
    return parse


def positive_int(text):
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def positive_float(text):
    try:
        f = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    if not f > 0:
        raise argparse.ArgumentTypeError("must be positive")
    return f


def tool_args(p):
    p.add_argument("--perf", help="examples/perf (zmq, this crate)")
    p.add_argument("--cperf", help="benches/cperf (C)")
    p.add_argument("--rustzmq", help="benches/rustzmq-perf (rust-zmq 0.10)")
    p.add_argument("--zmqrs", help="benches/zmqrs-perf (zmq.rs)")
    p.add_argument("--perf-throughput", help="examples/perf built with --features draft "
                   "(zmq tp: run with --throughput)")
    p.add_argument("--tools", type=csv_list(str, TOOL_KEYS), default=DEFAULT_TOOLS,
                   help="the tools to run (default: " + ",".join(DEFAULT_TOOLS)
                   + "): " + ",".join(TOOL_KEYS))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    lc = sub.add_parser("link-config", help="cargo --config args for rust-zmq's link")
    lc.add_argument("build_json")
    r = sub.add_parser("run", help="run the tools and report")
    tool_args(r)
    r.add_argument("--rounds", type=positive_int, default=5)
    r.add_argument("--scale", type=positive_float, default=1.0,
                   help="multiply every message count")
    r.add_argument("--tests", type=csv_list(str, TESTS), default=TESTS)
    r.add_argument("--transports", type=csv_list(str, TRANSPORTS), default=TRANSPORTS)
    r.add_argument("--sizes", type=csv_list(int), default=SIZES)
    r.add_argument("--timeout", type=positive_float, default=120.0)
    r.add_argument("--out", default="target/perf")
    r.add_argument("--command", default=None, help=argparse.SUPPRESS)
    cg = sub.add_parser("callgrind", help="instructions per message under callgrind")
    tool_args(cg)
    cg.add_argument("--scale", type=positive_float, default=1.0)
    cg.add_argument("--tests", type=csv_list(str, TESTS), default=TESTS)
    cg.add_argument("--transports", type=csv_list(str, TRANSPORTS), default=["inproc"])
    cg.add_argument("--sizes", type=csv_list(int), default=SIZES)
    cg.add_argument("--timeout", type=positive_float, default=600.0)
    cg.add_argument("--out", default="target/perf")
    cg.add_argument("--command", default=None, help=argparse.SUPPRESS)
    cg.add_argument("--rounds", type=positive_int, default=1, help=argparse.SUPPRESS)
    cg.add_argument("--repeat", type=positive_int, default=3,
                    help="runs per count and tool; the least instruction count is used")
    rp = sub.add_parser("report", help="table and chart from a results.tsv")
    rp.add_argument("results")
    rp.add_argument("--out", default=None)
    args = p.parse_args()
    if args.cmd == "link-config":
        link_config(args.build_json)
    elif args.cmd == "run":
        cmd_run(args)
    elif args.cmd == "callgrind":
        cmd_callgrind(args)
    else:
        report(args.results, args.out or os.path.dirname(os.path.abspath(args.results)),
               "compare.py report " + args.results)


if __name__ == "__main__":
    main()
