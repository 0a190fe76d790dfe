/*
 * The C reference of examples/perf.rs: the same two tests, written against
 * the libzmq C API the way a C programmer writes fast code with it.
 *
 *   cperf thr --transport inproc|ipc|tcp --size BYTES --count N [--owned]
 *   cperf lat --transport inproc|ipc|tcp --size BYTES --count N
 *
 * thr: a PUSH socket in one thread sends N messages of BYTES bytes to a PULL
 * socket in another, which times from the first message received to the
 * last. By default the sender sends one buffer over and over (zmq_send, which
 * copies it into a new message); with --owned it fills a freshly malloc'ed
 * buffer per message and, as the Rust crate does with a Vec<u8>, copies it
 * when it is at most 256 bytes (then frees it) and hands it over without a
 * copy (zmq_msg_init_data with free()) when it is larger.
 *
 * lat: REQ/REP ping-pong of N round trips between two threads, after one
 * untimed round trip that includes connecting; the REP side sends back the
 * message it received (zmq_msg_recv then zmq_msg_send of the same zmq_msg_t).
 *
 * The receiving sides reuse one zmq_msg_t. The last line printed is
 * "RESULT thr <transport> <bytes> <messages/s>" or
 * "RESULT lat <transport> <bytes> <mean round trip in us>".
 */

#include <zmq.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Owned buffers up to this size are copied: zmq::ZERO_COPY_THRESHOLD. */
#define COPY_THRESHOLD 256

static const char usage[] =
    "usage: cperf thr --transport inproc|ipc|tcp --size BYTES --count N [--owned]\n"
    "       cperf lat --transport inproc|ipc|tcp --size BYTES --count N\n"
    "\n"
    "  thr      PUSH -> PULL throughput between two threads; prints messages/s\n"
    "  lat      REQ <-> REP round trips between two threads; prints the mean in us\n"
    "  --owned  (thr) send a freshly filled malloc'ed buffer per message instead\n"
    "           of one reused buffer\n"
    "\n"
    "The last line is `RESULT thr|lat <transport> <bytes> <value>`.\n";

enum test { THR, LAT };

struct args {
    enum test test;
    const char *transport;
    size_t size;
    uint64_t count;
    int owned;
};

/* Shared by the two threads of a test. */
struct run {
    void *ctx;
    void *socket; /* the binding socket, used by the second thread in lat */
    char endpoint[256];
    const struct args *args;
    int err; /* errno of the second thread's first failure, or 0 */
    const char *what; /* what failed there, or NULL for a wrong size */
    size_t got;       /* the wrong size received */
};

static int bad_usage(const char *fmt, const char *value)
{
    fprintf(stderr, "cperf: ");
    fprintf(stderr, fmt, value);
    fprintf(stderr, "\n%s", usage);
    return 2;
}

/* Parses a whole decimal number; 0 on success. */
static int parse_u64(const char *text, uint64_t *out)
{
    char *end = NULL;
    if (text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
    int have_transport = 0, have_size = 0, have_count = 0;
    memset(a, 0, sizeof *a);
    if (argc < 2)
        return bad_usage("missing test: %s", "thr or lat");
    if (strcmp(argv[1], "thr") == 0)
        a->test = THR;
    else if (strcmp(argv[1], "lat") == 0)
        a->test = LAT;
    else
        return bad_usage("unknown test \"%s\": expected thr or lat", argv[1]);
    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--owned") == 0) {
            a->owned = 1;
            continue;
        }
        if (strcmp(arg, "--transport") != 0 && strcmp(arg, "--size") != 0 &&
            strcmp(arg, "--count") != 0)
            return bad_usage("unknown argument \"%s\"", arg);
        if (i + 1 >= argc)
            return bad_usage("%s needs a value", arg);
        const char *value = argv[++i];
        uint64_t n = 0;
        if (strcmp(arg, "--transport") == 0) {
            if (strcmp(value, "inproc") != 0 && strcmp(value, "ipc") != 0 &&
                strcmp(value, "tcp") != 0)
                return bad_usage("unknown transport \"%s\"", value);
            a->transport = value;
            have_transport = 1;
        } else if (strcmp(arg, "--size") == 0) {
            if (parse_u64(value, &n) != 0 || n > SIZE_MAX)
                return bad_usage("bad --size \"%s\"", value);
            a->size = (size_t)n;
            have_size = 1;
        } else {
            if (parse_u64(value, &n) != 0)
                return bad_usage("bad --count \"%s\"", value);
            a->count = n;
            have_count = 1;
        }
    }
    if (!have_transport)
        return bad_usage("missing %s", "--transport");
    if (!have_size)
        return bad_usage("missing %s", "--size");
    if (!have_count)
        return bad_usage("missing %s", "--count");
    if (a->test == THR && a->count < 2)
        return bad_usage("thr needs --count of at least %s", "2");
    if (a->test == LAT && a->count < 1)
        return bad_usage("lat needs --count of at least %s", "1");
    if (a->test == LAT && a->owned)
        return bad_usage("%s applies to thr only", "--owned");
    return 0;
}

static void bind_endpoint(const char *transport, char *out, size_t len)
{
    if (strcmp(transport, "inproc") == 0) {
        snprintf(out, len, "inproc://perf");
    } else if (strcmp(transport, "ipc") == 0) {
        const char *dir = getenv("TMPDIR");
        if (dir == NULL || dir[0] == '\0')
            dir = "/tmp";
        snprintf(out, len, "ipc://%s/zmq-perf-%ld.ipc", dir, (long)getpid());
    } else {
        snprintf(out, len, "tcp://127.0.0.1:*");
    }
}

static void cleanup(const char *endpoint)
{
    if (strncmp(endpoint, "ipc://", 6) == 0)
        unlink(endpoint + 6);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Records the second thread's failure and stops the other side. */
static void *fail(struct run *r, const char *what)
{
    r->err = zmq_errno();
    r->what = what;
    zmq_ctx_shutdown(r->ctx);
    return NULL;
}

static void free_buffer(void *data, void *hint)
{
    (void)hint;
    free(data);
}

static void *thr_sender(void *arg)
{
    struct run *r = arg;
    const struct args *a = r->args;
    void *push = zmq_socket(r->ctx, ZMQ_PUSH);
    if (push == NULL)
        return fail(r, "zmq_socket");
    if (zmq_connect(push, r->endpoint) != 0) {
        fail(r, "zmq_connect");
        zmq_close(push);
        return NULL;
    }
    if (a->owned) {
        for (uint64_t i = 0; i < a->count; i++) {
            /* A new buffer each time, as a producer of data makes it. */
            char *buf = malloc(a->size ? a->size : 1);
            if (buf == NULL) {
                errno = ENOMEM;
                fail(r, "malloc");
                break;
            }
            memset(buf, 1, a->size);
            if (a->size <= COPY_THRESHOLD) {
                int rc = zmq_send(push, buf, a->size, 0);
                free(buf);
                if (rc < 0) {
                    fail(r, "zmq_send");
                    break;
                }
            } else {
                zmq_msg_t msg;
                if (zmq_msg_init_data(&msg, buf, a->size, free_buffer, NULL) != 0) {
                    free(buf);
                    fail(r, "zmq_msg_init_data");
                    break;
                }
                if (zmq_msg_send(&msg, push, 0) < 0) {
                    zmq_msg_close(&msg);
                    fail(r, "zmq_msg_send");
                    break;
                }
            }
        }
    } else {
        char *buf = malloc(a->size ? a->size : 1);
        if (buf == NULL) {
            errno = ENOMEM;
            fail(r, "malloc");
        } else {
            memset(buf, 1, a->size);
            for (uint64_t i = 0; i < a->count; i++) {
                if (zmq_send(push, buf, a->size, 0) < 0) {
                    fail(r, "zmq_send");
                    break;
                }
            }
            free(buf);
        }
    }
    zmq_close(push);
    return NULL;
}

static void *lat_echo(void *arg)
{
    struct run *r = arg;
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    for (uint64_t i = 0; i <= r->args->count; i++) {
        if (zmq_msg_recv(&msg, r->socket, 0) < 0) {
            fail(r, "zmq_msg_recv");
            break;
        }
        /* Send the received message itself back, without a copy. */
        if (zmq_msg_send(&msg, r->socket, 0) < 0) {
            fail(r, "zmq_msg_send");
            break;
        }
    }
    zmq_msg_close(&msg);
    zmq_close(r->socket);
    return NULL;
}

/* Reports the first failure: this thread's unless it only saw ETERM caused
 * by the other thread's. */
static int report(struct run *r, const char *what, int err, size_t got)
{
    if (r->what != NULL && (what == NULL || err == ETERM)) {
        what = r->what;
        err = r->err;
    }
    if (what == NULL)
        fprintf(stderr, "cperf: received %zu bytes, expected %zu\n", got, r->args->size);
    else
        fprintf(stderr, "cperf: %s: %s\n", what, zmq_strerror(err));
    return 1;
}

static int thr(struct run *r, double *result)
{
    const struct args *a = r->args;
    const char *what = NULL;
    int err = 0, failed = 0;
    size_t got = 0;
    double start = 0, end = 0;
    pthread_t sender;

    void *pull = zmq_socket(r->ctx, ZMQ_PULL);
    if (pull == NULL)
        return report(r, "zmq_socket", zmq_errno(), 0);
    char bind_to[256];
    size_t len = sizeof r->endpoint;
    bind_endpoint(a->transport, bind_to, sizeof bind_to);
    if (zmq_bind(pull, bind_to) != 0 ||
        zmq_getsockopt(pull, ZMQ_LAST_ENDPOINT, r->endpoint, &len) != 0) {
        err = zmq_errno();
        zmq_close(pull);
        return report(r, "zmq_bind", err, 0);
    }
    if ((err = pthread_create(&sender, NULL, thr_sender, r)) != 0) {
        zmq_close(pull);
        cleanup(r->endpoint);
        return report(r, "pthread_create", err, 0);
    }

    zmq_msg_t msg;
    zmq_msg_init(&msg);
    for (uint64_t i = 0; i < a->count; i++) {
        if (zmq_msg_recv(&msg, pull, 0) < 0) {
            what = "zmq_msg_recv";
            err = zmq_errno();
            failed = 1;
            break;
        }
        if (zmq_msg_size(&msg) != a->size) {
            got = zmq_msg_size(&msg);
            failed = 1;
            break;
        }
        if (i == 0)
            start = now();
    }
    end = now();
    zmq_msg_close(&msg);
    if (failed)
        zmq_ctx_shutdown(r->ctx);
    pthread_join(sender, NULL);
    zmq_close(pull);
    cleanup(r->endpoint);
    if (failed || r->what != NULL)
        return report(r, what, err, got);
    double elapsed = end - start;
    if (elapsed < 1e-9)
        elapsed = 1e-9;
    *result = (double)(a->count - 1) / elapsed;
    return 0;
}

static int lat(struct run *r, double *result)
{
    const struct args *a = r->args;
    const char *what = NULL;
    int err = 0, failed = 0;
    size_t got = 0;
    double start = 0, end = 0;
    pthread_t echo;

    r->socket = zmq_socket(r->ctx, ZMQ_REP);
    if (r->socket == NULL)
        return report(r, "zmq_socket", zmq_errno(), 0);
    char bind_to[256];
    size_t len = sizeof r->endpoint;
    bind_endpoint(a->transport, bind_to, sizeof bind_to);
    if (zmq_bind(r->socket, bind_to) != 0 ||
        zmq_getsockopt(r->socket, ZMQ_LAST_ENDPOINT, r->endpoint, &len) != 0) {
        err = zmq_errno();
        zmq_close(r->socket);
        return report(r, "zmq_bind", err, 0);
    }
    /* The echo thread owns the REP socket from here on. */
    if ((err = pthread_create(&echo, NULL, lat_echo, r)) != 0) {
        zmq_close(r->socket);
        cleanup(r->endpoint);
        return report(r, "pthread_create", err, 0);
    }

    void *req = zmq_socket(r->ctx, ZMQ_REQ);
    char *buf = malloc(a->size ? a->size : 1);
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    if (req == NULL || buf == NULL) {
        what = req == NULL ? "zmq_socket" : "malloc";
        err = req == NULL ? zmq_errno() : ENOMEM;
        failed = 1;
    } else if (zmq_connect(req, r->endpoint) != 0) {
        what = "zmq_connect";
        err = zmq_errno();
        failed = 1;
    } else {
        memset(buf, 1, a->size);
        /* One untimed round trip (connecting), then count timed ones. */
        for (uint64_t i = 0; i <= a->count; i++) {
            if (i == 1)
                start = now();
            if (zmq_send(req, buf, a->size, 0) < 0) {
                what = "zmq_send";
                err = zmq_errno();
                failed = 1;
                break;
            }
            if (zmq_msg_recv(&msg, req, 0) < 0) {
                what = "zmq_msg_recv";
                err = zmq_errno();
                failed = 1;
                break;
            }
            if (zmq_msg_size(&msg) != a->size) {
                got = zmq_msg_size(&msg);
                failed = 1;
                break;
            }
        }
        end = now();
    }
    zmq_msg_close(&msg);
    free(buf);
    if (failed)
        zmq_ctx_shutdown(r->ctx);
    pthread_join(echo, NULL);
    if (req != NULL)
        zmq_close(req);
    cleanup(r->endpoint);
    if (failed || r->what != NULL)
        return report(r, what, err, got);
    *result = (end - start) * 1e6 / (double)a->count;
    return 0;
}

int cperf_main(int argc, char **argv, const char *opt_level)
{
    struct args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc;

    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    printf("C reference (%s) on libzmq %d.%d.%d: %s over %s, %zu B x %" PRIu64 "%s\n",
           opt_level, major, minor, patch, a.test == THR ? "Thr" : "Lat", a.transport,
           a.size, a.count, a.owned ? " (owned buffers)" : "");

    struct run r;
    memset(&r, 0, sizeof r);
    r.args = &a;
    r.ctx = zmq_ctx_new();
    if (r.ctx == NULL) {
        fprintf(stderr, "cperf: zmq_ctx_new: %s\n", zmq_strerror(zmq_errno()));
        return 1;
    }
    double value = 0;
    rc = a.test == THR ? thr(&r, &value) : lat(&r, &value);
    zmq_ctx_term(r.ctx);
    if (rc != 0)
        return rc;
    if (a.test == THR) {
        printf("throughput: %.0f msg/s, %.1f Mb/s\n", value,
               value * (double)a.size * 8.0 / 1e6);
        printf("RESULT thr %s %zu %.0f\n", a.transport, a.size, value);
    } else {
        printf("mean round trip: %.3f us\n", value);
        printf("RESULT lat %s %zu %.3f\n", a.transport, a.size, value);
    }
    fflush(stdout);
    return 0;
}
