/* A tiny assertion helper for the shim's C tests. */
#ifndef JRUN_CHECK_H
#define JRUN_CHECK_H
#include <stdio.h>
#include <stdlib.h>

static int check_failures;
#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)
#define CHECK_DONE(name)                                                              \
    do {                                                                              \
        if (check_failures) {                                                         \
            fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);        \
            return 1;                                                                 \
        }                                                                             \
        printf("%s: ok\n", name);                                                     \
        return 0;                                                                     \
    } while (0)
#endif
