/* C side of tests/api/raw_interop.rs: plain libzmq calls on a context and
 * sockets shared with Rust. The libzmq functions come in a table from the
 * Rust test (the same statically linked libzmq the Rust code uses), so this
 * file needs neither zmq.h nor a libzmq to link against. */
#include <stddef.h>
#include <string.h>

#define ZMQ_PAIR 0
#define ZMQ_LINGER 17
#define ZMQ_RCVTIMEO 27

struct zmq_api {
    void *(*socket)(void *context, int type);
    int (*close)(void *socket);
    int (*bind)(void *socket, const char *endpoint);
    int (*connect)(void *socket, const char *endpoint);
    int (*send)(void *socket, const void *buf, size_t len, int flags);
    int (*recv)(void *socket, void *buf, size_t len, int flags);
    int (*setsockopt)(void *socket, int option, const void *value, size_t len);
    int (*ctx_term)(void *context);
};

static int guard(const struct zmq_api *zmq, void *socket)
{
    int timeout = 10000, linger = 0;
    if (zmq->setsockopt(socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout) != 0)
        return -1;
    return zmq->setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
}

/* Receives `expected` on `socket`: 0 when it came, negative otherwise. */
static int expect(const struct zmq_api *zmq, void *socket, const char *expected)
{
    char buf[256];
    int n = zmq->recv(socket, buf, sizeof buf, 0);
    if (n < 0)
        return -10;
    if ((size_t)n != strlen(expected) || memcmp(buf, expected, (size_t)n) != 0)
        return -11;
    return 0;
}

/* A PAIR socket of C's own in `context`, connected to `endpoint`: sends
 * "hello from C", expects "hello from Rust", replies "bye from C", closes.
 * 0 on success, a negative step number on failure. */
int c_pair_exchange(const struct zmq_api *zmq, void *context, const char *endpoint)
{
    void *pair = zmq->socket(context, ZMQ_PAIR);
    int rc;
    if (!pair)
        return -1;
    if (guard(zmq, pair) != 0 || zmq->connect(pair, endpoint) != 0) {
        zmq->close(pair);
        return -2;
    }
    if (zmq->send(pair, "hello from C", 12, 0) != 12) {
        zmq->close(pair);
        return -3;
    }
    rc = expect(zmq, pair, "hello from Rust");
    if (rc == 0 && zmq->send(pair, "bye from C", 10, 0) != 10)
        rc = -4;
    if (zmq->close(pair) != 0 && rc == 0)
        rc = -5;
    return rc;
}

/* A PAIR socket C owns, bound to `endpoint` (null on failure). */
void *c_bound_pair(const struct zmq_api *zmq, void *context, const char *endpoint)
{
    void *pair = zmq->socket(context, ZMQ_PAIR);
    if (!pair)
        return NULL;
    if (guard(zmq, pair) != 0 || zmq->bind(pair, endpoint) != 0) {
        zmq->close(pair);
        return NULL;
    }
    return pair;
}

/* Uses a socket C now owns (given up by Rust or its own): expects
 * `expected`, answers `reply`, then closes it. zmq_close's result (0) or a
 * negative step. */
int c_reply_and_close(const struct zmq_api *zmq, void *socket, const char *expected,
                      const char *reply)
{
    int rc = expect(zmq, socket, expected);
    if (rc == 0 && zmq->send(socket, reply, strlen(reply), 0) != (int)strlen(reply))
        rc = -20;
    if (zmq->close(socket) != 0 && rc == 0)
        rc = -21;
    return rc;
}

/* Terminates a context C owns: zmq_ctx_term's result. */
int c_term(const struct zmq_api *zmq, void *context)
{
    return zmq->ctx_term(context);
}
