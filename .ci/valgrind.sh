#!/usr/bin/env bash
# Memory check: builds the test binaries once (default features) and runs
# every integration test binary of `zmq`, its unit tests, and every test
# binary of `zmq-sys` under valgrind memcheck. Fails on any memcheck error
# or definite leak. Two binaries are left out: tests/compile_fail.rs (its
# work is done by rustc child processes, not by our code) and
# tests/secret_wipe.rs (its allocator reads every freed block whole,
# bytes never written included, which memcheck rightly reports).
#
# Knobs: VALGRIND_TEST_THREADS (default 2), VALGRIND_FILTER (a regex of
# binary names to run, default all: `api` is tests/api/, most integration
# tests; the others are one binary per tests/*.rs), VALGRIND_LOG_DIR
# (default target/valgrind), ZMQ_SOAK_MESSAGES and PROPTEST_CASES (smaller
# defaults than a native run). Each binary's memcheck log is kept in the
# log folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

THREADS=${VALGRIND_TEST_THREADS:-2}
FILTER=${VALGRIND_FILTER:-.}
LOG_DIR=${VALGRIND_LOG_DIR:-$PWD/target/valgrind}
mkdir -p "$LOG_DIR"
# Under valgrind code runs some 20-50 times slower: fewer soak messages and
# property cases (both can be overridden).
export ZMQ_SOAK_MESSAGES=${ZMQ_SOAK_MESSAGES:-50000}
export PROPTEST_CASES=${PROPTEST_CASES:-32}

missing=()
for tool in valgrind jq; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -ne 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
valgrind --version

# One build; the JSON lists each test executable with its package and kind.
cargo test --workspace --no-run
cargo test --workspace --no-run --message-format=json >"$LOG_DIR/artifacts.json"
# name, executable, package directory (tests run from there, as under cargo)
mapfile -t BINARIES < <(jq -r '
    select(.reason == "compiler-artifact" and .profile.test and .executable != null)
    | select(.manifest_path | test("/benches/") | not)
    | select(.target.name != "compile_fail" and .target.name != "secret_wipe")
    | [.target.name + "(" + (.target.kind | join(",")) + ")", .executable, (.manifest_path | sub("/Cargo.toml$"; ""))]
    | @tsv' "$LOG_DIR/artifacts.json" | sort -u)

if [ "${#BINARIES[@]}" -eq 0 ]; then
    echo "valgrind: no test binaries found" >&2
    exit 1
fi

failed=()
start_all=$(date +%s)
for row in "${BINARIES[@]}"; do
    IFS=$'\t' read -r name exe dir <<<"$row"
    [[ "$name" =~ $FILTER ]] || continue
    log="$LOG_DIR/${name%%(*}.log"
    start=$(date +%s)
    set +e
    # tests/fork.rs: a forked child leaks the objects it inherited, by
    # design (it must not call into libzmq), and valgrind's exit code in
    # the child is what the test checks: no leak check there, memory
    # errors still count.
    leak=full
    [ "${name%%(*}" = fork ] && leak=no
    # --fair-sched=yes: valgrind runs one thread at a time, and its default
    # lock is unfair; the binary `api` runs many tests' threads at once,
    # and a busy one must not starve another test past its time limit.
    (cd "$dir" && CARGO_MANIFEST_DIR="$dir" valgrind \
        --fair-sched=yes \
        --error-exitcode=99 \
        --leak-check=$leak \
        --show-leak-kinds=definite \
        --errors-for-leak-kinds=definite \
        --log-file="$log" \
        "$exe" --test-threads="$THREADS") >"$log.out" 2>&1
    rc=$?
    set -e
    secs=$(($(date +%s) - start))
    summary=$(grep -E 'ERROR SUMMARY|definitely lost' "$log" | sed 's/^==[0-9]*== //' | tr '\n' ' ')
    tests=$(grep -E '^test result:' "$log.out" | tr '\n' ' ')
    if [ "$rc" -eq 0 ]; then
        echo "valgrind ok   ${secs}s $name: $tests$summary"
    else
        echo "valgrind FAIL ${secs}s $name (exit $rc): $tests$summary"
        echo "  memcheck log: $log; test output: $log.out"
        grep -E '^(test .* FAILED|failures:|    [a-z_:]+$)' "$log.out" | head -20 | sed 's/^/  /' || true
        failed+=("$name")
    fi
done
echo "valgrind: $(($(date +%s) - start_all))s in all"

if [ "${#failed[@]}" -ne 0 ]; then
    echo "valgrind: failed: ${failed[*]}" >&2
    exit 1
fi
echo "valgrind: every binary clean"
