// Measures the stack libzmq's subscription trie (src/trie.cpp) needs per
// byte of a prefix: for a thread stack size (KiB, the argument), the longest
// prefix that survives add + rm + delete (an unsubscribe, then a close) and
// add + delete, found by bisection in forked children. It derived
// zmq::MAX_SUBSCRIPTION_LEN (see vendor/README.md, "Patches"). Build against
// the unpatched release (SRC = zeromq-src's vendor/ directory):
//   touch platform.hpp
//   echo 'namespace zmq { void zmq_abort(const char*) { __builtin_abort(); } }' > abort.cpp
//   g++ -O2 -std=c++11 -I. -I$SRC/include -I$SRC/src measure-trie-stack.cpp abort.cpp \
//       $SRC/src/trie.cpp -o measure -lpthread && ./measure 2048 && ./measure 128
#include "trie.hpp"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static size_t N; static int MODE;
static void *run(void *) {
    unsigned char *p = (unsigned char *) malloc(N); memset(p, 'a', N);
    zmq::trie_t *t = new zmq::trie_t;
    t->add(p, N);
    if (MODE == 0) t->rm(p, N);       // unsubscribe
    delete t;                          // close (destructor)
    return 0;
}
static bool ok(size_t n, size_t stack, int mode) {
    pid_t pid = fork();
    if (!pid) { N = n; MODE = mode; pthread_attr_t a; pthread_attr_init(&a); pthread_attr_setstacksize(&a, stack);
        pthread_t th; pthread_create(&th, &a, run, 0); pthread_join(th, 0); _exit(0); }
    int st; waitpid(pid, &st, 0); return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}
int main(int argc, char **argv) {
    size_t stack = atol(argv[1]) * 1024;
    for (int mode = 0; mode < 2; mode++) {
        size_t lo = 1, hi = 4000000;
        while (hi - lo > 1) { size_t mid = (lo + hi) / 2; if (ok(mid, stack, mode)) lo = mid; else hi = mid; }
        printf("stack %zu KiB, %s: max prefix %zu bytes -> %.1f bytes of stack per level\n", stack / 1024, mode ? "add+close" : "add+unsubscribe+close", lo, (double) stack / lo);
    }
}
