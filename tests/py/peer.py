#!/usr/bin/env python3
"""The pyzmq peer of tests/api/interop.rs.

    peer.py ROLE MODE ENDPOINT [CTL_ENDPOINT]

ROLE is the Python side's socket kind: req, rep, pub, sub, push, pull,
dealer, router. MODE is "bind" or "connect". pub and sub take a second
endpoint for the control channel (sub PUSH -> pub PULL) over which the
subscriber acknowledges the first probe it received. With "bind" the peer
prints "ENDPOINTS <main> [<ctl>]" (the resolved endpoints) on stdout; then,
in both modes, "READY" once it is about to exchange messages.

Both sides generate the same payloads (see `frame`, a copy of the Rust
generator): Rust sends messages(FROM_RUST), Python sends
messages(FROM_PYTHON), and each side checks what it receives exactly. Every
error exits non-zero with a message on stderr; every socket operation has a
timeout, and an alarm kills a peer that runs far too long.
"""

import functools
import signal
import sys
import time
from array import array

try:
    import zmq
except ImportError as err:
    sys.exit(f"pyzmq is not importable ({err}): run `python3 -m pip install pyzmq`")

TIMEOUT_MS = 10_000
HARD_LIMIT_S = 60
FROM_RUST, FROM_PYTHON = 1, 2
SIZES = [[0], [1], [1 << 20], [0, 1, 1 << 20, 3]]
RUST_DEALER_ID = b"rust-dealer\x00\xff"
PY_DEALER_ID = b"py-dealer\x00\xfe"
M64 = (1 << 64) - 1


def frame(base, msg, index, length):
    """`length` xorshift64 bytes, seeded by (base, msg, index); little-endian words."""
    x = 0x9E3779B97F4A7C15 ^ ((base << 16) | (msg << 8) | index)
    words = array("Q")
    assert words.itemsize == 8
    for _ in range((length + 7) // 8):
        x ^= (x << 13) & M64
        x ^= x >> 7
        x ^= (x << 17) & M64
        words.append(x)
    if sys.byteorder == "big":
        words.byteswap()
    return words.tobytes()[:length]


@functools.lru_cache(maxsize=None)
def messages(base):
    return [
        [frame(base, m, f, n) for f, n in enumerate(sizes)]
        for m, sizes in enumerate(SIZES)
    ]


def fail(what):
    sys.exit(f"python peer {' '.join(sys.argv[1:])}: {what}")


def check(got, want, what):
    """Exact comparison with a short description of the first difference."""
    if got == want:
        return
    if len(got) != len(want):
        fail(f"{what}: {len(got)} frames of sizes {[len(f) for f in got]}, "
             f"expected {len(want)} of sizes {[len(f) for f in want]}")
    for i, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w):
            fail(f"{what}: frame {i} has {len(g)} bytes, expected {len(w)}")
        if g != w:
            at = next(k for k in range(len(g)) if g[k] != w[k])
            fail(f"{what}: frame {i} ({len(g)} bytes) first differs at offset {at}: "
                 f"{g[at]:#04x} != {w[at]:#04x}")


def req(s):
    for i, (out, want) in enumerate(zip(messages(FROM_PYTHON), messages(FROM_RUST))):
        s.send_multipart(out)
        check(s.recv_multipart(), want, f"reply {i}")


def rep(s):
    for i, (want, out) in enumerate(zip(messages(FROM_RUST), messages(FROM_PYTHON))):
        check(s.recv_multipart(), want, f"request {i}")
        s.send_multipart(out)


dealer = req


def router(s):
    for i, (want, out) in enumerate(zip(messages(FROM_RUST), messages(FROM_PYTHON))):
        routing_id, *frames = s.recv_multipart()
        if routing_id != RUST_DEALER_ID:
            fail(f"router saw routing id {routing_id!r}, expected {RUST_DEALER_ID!r}")
        check(frames, want, f"request {i}")
        s.send_multipart([routing_id, *out])


def push(s):
    for out in messages(FROM_PYTHON):
        s.send_multipart(out)


def pull(s):
    for i, want in enumerate(messages(FROM_RUST)):
        check(s.recv_multipart(), want, f"message {i}")


def pub(s, ctl):
    """Probes until the subscriber acknowledges one, then publishes a message
    the subscriber must not see (topic "other") and the data ("data")."""
    data = messages(FROM_PYTHON)
    ctl.rcvtimeo = 20  # the probe interval
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        s.send(b"probe")
        try:
            ack = ctl.recv()
        except zmq.Again:
            if time.monotonic() > deadline:
                fail("the subscriber never acknowledged a probe")
            continue
        if ack != b"ready":
            fail(f"unexpected acknowledgement {ack!r}")
        break
    s.send_multipart([b"other", b"filtered out by the subscription"])
    for out in data:
        s.send_multipart([b"data", *out])


def sub(s, ctl):
    """Acknowledges the first probe, then expects exactly the data messages
    (more probes may still arrive first; "other" must never arrive)."""
    data = messages(FROM_RUST)
    first = s.recv_multipart()
    if first != [b"probe"]:
        fail(f"expected a probe first, got {len(first)} frames of sizes "
             f"{[len(f) for f in first]} starting {first[0][:16]!r}")
    ctl.send(b"ready")
    i = 0
    while i < len(data):
        got = s.recv_multipart()
        if got == [b"probe"]:
            continue
        check(got, [b"data", *data[i]], f"message {i}")
        i += 1


ROLES = {
    "req": ([zmq.REQ], req),
    "rep": ([zmq.REP], rep),
    "dealer": ([zmq.DEALER], dealer),
    "router": ([zmq.ROUTER], router),
    "push": ([zmq.PUSH], push),
    "pull": ([zmq.PULL], pull),
    "pub": ([zmq.PUB, zmq.PULL], pub),
    "sub": ([zmq.SUB, zmq.PUSH], sub),
}


def main():
    if hasattr(signal, "SIGALRM"):
        signal.alarm(HARD_LIMIT_S)  # default action: the process dies
    if len(sys.argv) < 4 or sys.argv[1] not in ROLES or sys.argv[2] not in ("bind", "connect"):
        fail(f"usage: peer.py {{{','.join(ROLES)}}} bind|connect ENDPOINT [CTL_ENDPOINT]")
    role, mode, endpoints = sys.argv[1], sys.argv[2], sys.argv[3:]
    kinds, run = ROLES[role]
    if len(endpoints) != len(kinds):
        fail(f"{role} takes {len(kinds)} endpoint(s), got {len(endpoints)}")

    ctx = zmq.Context()
    sockets = []
    for kind in kinds:
        s = ctx.socket(kind)
        s.rcvtimeo = TIMEOUT_MS
        s.sndtimeo = TIMEOUT_MS
        # Bounded, not zero: the last messages must reach Rust before exit.
        s.linger = TIMEOUT_MS
        sockets.append(s)
    if role == "dealer":
        sockets[0].setsockopt(zmq.ROUTING_ID, PY_DEALER_ID)
    if role == "sub":
        sockets[0].setsockopt(zmq.SUBSCRIBE, b"data")
        sockets[0].setsockopt(zmq.SUBSCRIBE, b"probe")

    if mode == "bind":
        for s, endpoint in zip(sockets, endpoints):
            s.bind(endpoint)
        resolved = [s.getsockopt(zmq.LAST_ENDPOINT).decode() for s in sockets]
        print("ENDPOINTS", *resolved, flush=True)
    else:
        for s, endpoint in zip(sockets, endpoints):
            s.connect(endpoint)

    # Generate the payloads before the exchange, then say so: the Rust side
    # starts its timed operations only after READY, so a slow start of this
    # process on a loaded machine does not eat into their timeouts.
    messages(FROM_RUST)
    messages(FROM_PYTHON)
    print("READY", flush=True)
    try:
        run(*sockets)
    except zmq.Again:
        fail("timed out (zmq.Again) waiting for the Rust side")
    for s in sockets:
        s.close()
    ctx.term()


if __name__ == "__main__":
    main()
