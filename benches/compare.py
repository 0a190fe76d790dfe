#!/usr/bin/env python3
"""Runs the three perf tools side by side and reports medians and ratios.

Used by benches/compare.sh, which builds the tools first:

  compare.py link-config BUILD.json      the --config arguments that make
                                         rust-zmq link the workspace's libzmq
  compare.py run --perf P --cperf C --rustzmq R [options]
  compare.py report RESULTS.tsv [--out DIR]

`run` runs every case (test, transport, size, owned or not) once per tool
per round, the three tools one right after the other in an order that
rotates, so that all three see the same machine conditions; it writes the raw
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
]
COLORS = {"c": "#555555", "zmq": "#d9480f", "rustzmq": "#1c7ed6"}
SIZES = [1, 64, 1024, 65536, 1048576]
TRANSPORTS = ["inproc", "ipc", "tcp"]
TESTS = ["thr", "lat", "owned"]

# Messages (thr) or round trips (lat) per run, chosen on a 2-core AMD EPYC VM
# so that one run takes about 0.2-1 s. --scale multiplies them.
THR_COUNTS = {
    "inproc": {1: 3_000_000, 64: 3_000_000, 1024: 1_500_000, 65536: 40_000, 1048576: 6_000},
    "ipc": {1: 1_500_000, 64: 1_200_000, 1024: 300_000, 65536: 8_000, 1048576: 500},
    "tcp": {1: 1_500_000, 64: 1_200_000, 1024: 300_000, 65536: 8_000, 1048576: 500},
}
LAT_COUNTS = {
    "inproc": {1: 30_000, 64: 30_000, 1024: 30_000, 65536: 20_000, 1048576: 3_000},
    "ipc": {1: 5_000, 64: 5_000, 1024: 5_000, 65536: 3_000, 1048576: 1_000},
    "tcp": {1: 5_000, 64: 5_000, 1024: 5_000, 65536: 3_000, 1048576: 1_000},
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


def run_tool(path, test, transport, size, count, owned, timeout):
    args = [path, "thr" if test == "owned" else test, "--transport", transport,
            "--size", str(size), "--count", str(count)]
    if owned:
        args.append("--owned")
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
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


def cases(args):
    for test in args.tests:
        for transport in args.transports:
            for size in args.sizes:
                yield test, transport, size


def cmd_run(args):
    tools = {"c": args.cperf, "zmq": args.perf, "rustzmq": args.rustzmq}
    for key, path in tools.items():
        if not os.access(path, os.X_OK):
            sys.exit(f"compare.py: no executable {path} (run benches/compare.sh to build it)")
    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.tsv")
    all_cases = list(cases(args))
    total = len(all_cases) * args.rounds * len(tools)
    print(f"{len(all_cases)} cases x {args.rounds} rounds x 3 tools = {total} runs; "
          f"raw results in {results_path}", file=sys.stderr)
    # Warm up: page cache, CPU frequency, the first ipc/tcp setup.
    for path in tools.values():
        run_tool(path, "thr", "inproc", 64, 10_000, False, args.timeout)

    started = time.time()
    done = 0
    failures = 0
    with open(results_path, "w") as out:
        out.write("round\ttest\ttransport\tsize\ttool\tvalue\n")
        for rnd in range(args.rounds):
            for i, (test, transport, size) in enumerate(all_cases):
                count = count_for(test, transport, size, args.scale)
                order = [k for k, _ in TOOLS]
                shift = (rnd + i) % len(order)
                order = order[shift:] + order[:shift]
                for key in order:
                    value, err = run_tool(tools[key], test, transport, size, count,
                                          test == "owned", args.timeout)
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


# --------------------------------------------------------------------- report


def load(results_path):
    data = {}
    with open(results_path) as f:
        header = f.readline()
        if not header.startswith("round"):
            sys.exit(f"compare.py: {results_path} is not a results file")
        for line in f:
            rnd, test, transport, size, tool, value = line.rstrip("\n").split("\t")
            data.setdefault((test, transport, int(size)), {}).setdefault(tool, []).append(
                float(value))
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
        med = {k: statistics.median(v) if v else None for k, v in per_tool.items()}
        rows.append({
            "test": test, "transport": transport, "size": size,
            "median": med,
            "n": min(len(v) for v in per_tool.values()) if per_tool else 0,
            "spread": {k: spread(v) for k, v in per_tool.items()},
            "zmq_c": ratio(med.get("zmq"), med.get("c")),
            "rz_c": ratio(med.get("rustzmq"), med.get("c")),
            "zmq_rz": ratio(med.get("zmq"), med.get("rustzmq")),
        })
    return rows


def fmt_ratio(r, ok=None):
    if r is None:
        return "-"
    mark = "" if ok is None or ok else " ✗"
    return f"{r:.3f}{mark}"


def table_markdown(rows):
    head = ("| test | transport | size | C | zmq | rust-zmq | zmq/C | rust-zmq/C | zmq/rust-zmq "
            "| spread C / zmq / rust-zmq |")
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        test = r["test"]
        label = "thr owned" if test == "owned" else test
        m = r["median"]
        sp = " / ".join("-" if r["spread"].get(k) is None else f"±{r['spread'][k]:.0f}%"
                        for k, _ in TOOLS)
        lines.append(
            f"| {label} | {r['transport']} | {human_size(r['size'])} "
            f"| {fmt_value(test, m.get('c'))} | {fmt_value(test, m.get('zmq'))} "
            f"| {fmt_value(test, m.get('rustzmq'))} "
            f"| {fmt_ratio(r['zmq_c'], goal_ok(test, r['zmq_c']))} "
            f"| {fmt_ratio(r['rz_c'])} "
            f"| {fmt_ratio(r['zmq_rz'], rz_ok(test, r['zmq_rz']))} | {sp} |")
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
        "1.03; zmq/rust-zmq: no slower, with a 3 % band). Spread: half the "
        "range of the rounds, relative to the median.",
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
    """Throughput (MB/s, log scale) against message size (log scale): one
    panel per transport, borrowed buffers above and owned buffers below, one
    line per tool."""
    panels = [(t, tr) for t in ("thr", "owned") for tr in TRANSPORTS]
    panels = [(t, tr) for t, tr in panels
              if any(r["test"] == t and r["transport"] == tr for r in rows)]
    if not panels:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    cols = len(TRANSPORTS)
    nrows = len({t for t, _ in panels})
    pw, ph = 300, 230  # panel plot area
    ml, mr, mt, mb = 64, 16, 34, 44  # margins around each plot area
    cw, ch = ml + pw + mr, mt + ph + mb
    legend_h = 40
    title_h = 30
    width, height = cols * cw, title_h + nrows * ch + legend_h

    points = {}
    for r in rows:
        if r["test"] not in ("thr", "owned"):
            continue
        for key, _ in TOOLS:
            v = r["median"].get(key)
            if v:
                points.setdefault((r["test"], r["transport"], key), []).append(
                    (r["size"], v * r["size"] / 1e6))
    mbps = [y for pts in points.values() for _, y in pts if y > 0]
    sizes = sorted({s for pts in points.values() for s, _ in pts})
    if not mbps or not sizes:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'
    ymin = 10 ** math.floor(math.log10(min(mbps)))
    ymax = 10 ** math.ceil(math.log10(max(mbps)))
    xmin, xmax = math.log2(max(sizes[0], 1)), math.log2(max(sizes[-1], 2))
    if xmax == xmin:
        xmax = xmin + 1

    def x_of(size):
        return (math.log2(max(size, 1)) - xmin) / (xmax - xmin) * pw

    def y_of(v):
        return ph - (math.log10(v) - math.log10(ymin)) / (
            math.log10(ymax) - math.log10(ymin)) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" '
           f'font-weight="bold">Throughput against message size (medians; '
           f'MB/s, log scales)</text>']
    row_of = {t: i for i, t in enumerate(dict.fromkeys(t for t, _ in panels))}
    for test, transport in panels:
        ox = TRANSPORTS.index(transport) * cw + ml
        oy = title_h + row_of[test] * ch + mt
        what = "owned Vec<u8> per message" if test == "owned" else "borrowed buffer"
        out.append(f'<g transform="translate({ox},{oy})">')
        out.append(f'<text x="{pw / 2}" y="-10" text-anchor="middle" font-weight="bold">'
                   f'{esc(transport)}: {esc(what)}</text>')
        out.append(f'<rect width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
        decade = ymin
        while decade <= ymax * 1.0001:
            y = y_of(decade)
            out.append(f'<line x1="0" x2="{pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
            label = f"{decade:g}" if decade < 1e4 else f"1e{int(round(math.log10(decade)))}"
            out.append(f'<text x="-6" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
            decade *= 10
        for s in sizes:
            x = x_of(s)
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{ph}" stroke="#e5e5e5"/>')
            out.append(f'<text x="{x:.1f}" y="{ph + 16}" text-anchor="middle">'
                       f'{esc(human_size(s))}</text>')
        out.append(f'<text x="{pw / 2}" y="{ph + 34}" text-anchor="middle" fill="#555">'
                   f'message size</text>')
        out.append(f'<text transform="translate(-48,{ph / 2}) rotate(-90)" '
                   f'text-anchor="middle" fill="#555">MB/s</text>')
        for key, _ in TOOLS:
            pts = sorted(points.get((test, transport, key), []))
            if not pts:
                continue
            dash = ' stroke-dasharray="5,3"' if key == "rustzmq" else ""
            path = " ".join(f"{x_of(s):.1f},{y_of(v):.1f}" for s, v in pts if v > 0)
            out.append(f'<polyline points="{path}" fill="none" stroke="{COLORS[key]}" '
                       f'stroke-width="2"{dash}/>')
            for s, v in pts:
                if v > 0:
                    out.append(f'<circle cx="{x_of(s):.1f}" cy="{y_of(v):.1f}" r="3" '
                               f'fill="{COLORS[key]}"/>')
        out.append('</g>')
    ly = title_h + nrows * ch + 20
    lx = width / 2 - 240
    for i, (key, title) in enumerate(TOOLS):
        x = lx + i * 170
        dash = ' stroke-dasharray="5,3"' if key == "rustzmq" else ""
        out.append(f'<line x1="{x}" x2="{x + 28}" y1="{ly}" y2="{ly}" stroke="{COLORS[key]}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{x + 34}" y="{ly + 4}">{esc(title)}</text>')
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


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    lc = sub.add_parser("link-config", help="cargo --config args for rust-zmq's link")
    lc.add_argument("build_json")
    r = sub.add_parser("run", help="run the tools and report")
    r.add_argument("--perf", required=True)
    r.add_argument("--cperf", required=True)
    r.add_argument("--rustzmq", required=True)
    r.add_argument("--rounds", type=positive_int, default=5)
    r.add_argument("--scale", type=positive_float, default=1.0,
                   help="multiply every message count")
    r.add_argument("--tests", type=csv_list(str, TESTS), default=TESTS)
    r.add_argument("--transports", type=csv_list(str, TRANSPORTS), default=TRANSPORTS)
    r.add_argument("--sizes", type=csv_list(int), default=SIZES)
    r.add_argument("--timeout", type=positive_float, default=120.0)
    r.add_argument("--out", default="target/perf")
    r.add_argument("--command", default=None, help=argparse.SUPPRESS)
    rp = sub.add_parser("report", help="table and chart from a results.tsv")
    rp.add_argument("results")
    rp.add_argument("--out", default=None)
    args = p.parse_args()
    if args.cmd == "link-config":
        link_config(args.build_json)
    elif args.cmd == "run":
        cmd_run(args)
    else:
        report(args.results, args.out or os.path.dirname(os.path.abspath(args.results)),
               "compare.py report " + args.results)


if __name__ == "__main__":
    main()
