#!/usr/bin/env bash
# Regenerates the committed FFI bindings (zmq-sys/src/bindings/) from the
# vendored zmq.h with the `bindgen` feature (needs libclang: apt install
# libclang-dev), then copies them over the committed files.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cargo build -p zmq-sys --features bindgen --message-format=json 2>/dev/null |
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "build-script-executed" and m["package_id"].find("zmq-sys") >= 0:
        print(m["out_dir"])
' | tail -n 1)
test -n "$out" || { echo "no zmq-sys build output found" >&2; exit 1; }
cp "$out/stable.rs" "$out/draft.rs" zmq-sys/src/bindings/
git diff --stat -- zmq-sys/src/bindings/
