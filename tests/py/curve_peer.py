"""pyzmq CURVE peer for tests/api/security_interop.rs.

    curve_peer.py client SERVER_PUBLIC_Z85 ENDPOINT
        A pyzmq CURVE client with a fresh zmq.curve_keypair(): prints
        "KEY <its public key>", sends "from python", expects "to python".

    curve_peer.py server CERT_DIR CLIENTS_DIR
        Writes its certificates with zmq.auth.create_certificates(CERT_DIR,
        "server"), protects a REP socket with a ThreadAuthenticator allowing
        the client certificates in CLIENTS_DIR, prints "ENDPOINT <endpoint>",
        and answers each request with "<request>|<User-Id>" until "quit".
"""
import sys
import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator

TIMEOUT_MS = 20000


def client(server_key, endpoint):
    public, secret = zmq.curve_keypair()
    print("KEY", public.decode(), flush=True)
    ctx = zmq.Context()
    s = ctx.socket(zmq.REQ)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    s.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
    s.curve_publickey = public
    s.curve_secretkey = secret
    s.curve_serverkey = server_key.encode()
    s.connect(endpoint)
    s.send(b"from python")
    reply = s.recv()
    if reply != b"to python":
        sys.exit("unexpected reply %r" % reply)
    s.close()
    ctx.term()


def server(cert_dir, clients_dir):
    _, secret_file = zmq.auth.create_certificates(cert_dir, "server")
    public, secret = zmq.auth.load_certificate(secret_file)
    ctx = zmq.Context()
    auth = ThreadAuthenticator(ctx)
    auth.start()
    auth.configure_curve(domain="*", location=clients_dir)
    s = ctx.socket(zmq.REP)
    s.setsockopt(zmq.LINGER, 0)
    s.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
    s.curve_secretkey = secret
    s.curve_publickey = public
    s.curve_server = True
    s.bind("tcp://127.0.0.1:*")
    print("ENDPOINT", s.getsockopt(zmq.LAST_ENDPOINT).decode(), flush=True)
    try:
        while True:
            frame = s.recv(copy=False)
            if frame.bytes == b"quit":
                s.send(b"bye")
                break
            s.send(frame.bytes + b"|" + frame.get("User-Id").encode())
    finally:
        s.close()
        auth.stop()
        ctx.term()


if __name__ == "__main__":
    role = sys.argv[1]
    if role == "client":
        client(sys.argv[2], sys.argv[3])
    elif role == "server":
        server(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown role " + role)
