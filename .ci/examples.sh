#!/usr/bin/env bash
# Runs every example (examples/*.rs and examples/*/main.rs) once, each under
# a time limit, and fails if any exits non-zero or times out. New examples
# are picked up by themselves. An example that needs cargo features is
# recognised from its [[example]] entry's required-features in Cargo.toml
# and is built and run with them. `perf` needs arguments: it runs one tiny
# throughput test, then (built with feature draft) three with --throughput.
#
# Usage: bash .ci/examples.sh        (LIMIT=seconds overrides the 60 s limit)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
limit=${LIMIT:-60}
bin_dir="${CARGO_TARGET_DIR:-$PWD/target}/debug/examples"

# Arguments for examples that need some.
args_for() {
    case "$1" in
        perf) echo "thr --transport inproc --size 64 --count 1000" ;;
        *) echo "" ;;
    esac
}

# "name features" for each [[example]] entry of Cargo.toml with
# required-features (features comma-separated).
required_features() {
    awk '
        /^\[\[example\]\]/ { in_example = 1; name = ""; next }
        /^\[/ { in_example = 0; next }
        in_example && /^name *=/ { split($0, a, "\""); name = a[2] }
        in_example && /^required-features *=/ {
            line = $0; sub(/^[^[]*\[/, "", line); sub(/\].*$/, "", line)
            gsub(/[" ]/, "", line)
            if (name != "") print name, line
        }
    ' Cargo.toml
}

declare -A features=()
while read -r name feats; do
    features[$name]=$feats
done < <(required_features)

examples=()
for f in examples/*.rs examples/*/main.rs; do
    [ -e "$f" ] || continue
    case "$f" in
        */main.rs) name=$(basename "$(dirname "$f")") ;;
        *) name=$(basename "$f" .rs) ;;
    esac
    examples+=("$name")
done
if [ ${#examples[@]} -eq 0 ]; then
    echo "examples.sh: no examples found" >&2
    exit 1
fi

# Build first: every example without required features in one build, then
# one build per feature set that some example requires.
echo "=== cargo build --examples"
cargo build --examples
declare -A by_features=()
for name in "${examples[@]}"; do
    feats=${features[$name]:-}
    [ -n "$feats" ] && by_features[$feats]+=" --example $name"
done
for feats in "${!by_features[@]}"; do
    echo "=== cargo build --features $feats${by_features[$feats]}"
    # shellcheck disable=SC2086 # the --example list is split on purpose
    cargo build --features "$feats" ${by_features[$feats]}
done

failed=()
summary=()
for name in "${examples[@]}"; do
    read -ra args <<<"$(args_for "$name")"
    echo
    echo "=== example $name ${args[*]:-}"
    start=$(date +%s%N)
    status=0
    # SIGTERM at the limit, SIGKILL 5 s later if that is ignored.
    timeout -k 5 "$limit" "$bin_dir/$name" "${args[@]}" </dev/null || status=$?
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    secs=$(printf '%d.%03d s' $((elapsed / 1000)) $((elapsed % 1000)))
    if [ "$status" -eq 0 ]; then
        result="ok"
    elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        result="TIMEOUT after ${limit} s"
        failed+=("$name")
    else
        result="FAILED (exit $status)"
        failed+=("$name")
    fi
    echo "--- $name: $result in $secs"
    summary+=("$(printf '%-20s %-24s %s' "$name" "$result" "$secs")")
done

# perf's throughput profile needs the draft build: one small run of each
# branch of it (the split I/O threads below 1 KiB, the 8 KiB output batch
# from 64 KiB, lat).
echo
echo "=== cargo build --features draft --example perf"
cargo build --features draft --example perf
for run in "thr --transport tcp --size 64 --count 20000" \
    "thr --transport ipc --size 65536 --count 200" \
    "lat --transport tcp --size 64 --count 200"; do
    read -ra args <<<"$run"
    echo "=== example perf ${args[*]} --throughput"
    status=0
    timeout -k 5 "$limit" "$bin_dir/perf" "${args[@]}" --throughput </dev/null || status=$?
    if [ "$status" -ne 0 ]; then
        failed+=("perf ${args[*]} --throughput")
    fi
    summary+=("$(printf '%-20s %s' "perf --throughput" "${args[*]}: exit $status")")
done

echo
echo "=== examples: wall time each (limit ${limit} s)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
    echo "examples.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "examples.sh: all ${#examples[@]} examples passed"
