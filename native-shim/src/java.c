#define _GNU_SOURCE
#include "java.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void exec_java(const char *home, char *const flags[], const char *main_class, char *const extra[]) {
    char java[PATH_MAX + 32], cp[PATH_MAX + 32], homeprop[PATH_MAX + 32], options[PATH_MAX + 32];
    char aot[PATH_MAX + 32], aotprop[PATH_MAX + 48];
    snprintf(java, sizeof java, "%s/runtime/bin/java", home);
    snprintf(cp, sizeof cp, "%s/lib/*", home);
    snprintf(homeprop, sizeof homeprop, "-Djrun.home=%s", home);
    snprintf(options, sizeof options, "%s/lib/jvm.options", home);
    snprintf(aot, sizeof aot, "%s/lib/jrun.aot", home);
    char *args[112];
    size_t n = 0;
    args[n++] = java;
    /* The flags live in lib/jvm.options, shared with the AOT training run that made lib/jrun.aot. */
    FILE *f = fopen(options, "re");
    if (f) {
        char line[512];
        while (n < 64 && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0] && line[0] != '#') args[n++] = strdup(line);
        }
        fclose(f);
    }
    for (size_t i = 0; flags && flags[i] && n < 80; i++) args[n++] = flags[i];
    if (access(aot, R_OK) == 0) {
        snprintf(aotprop, sizeof aotprop, "-XX:AOTCache=%s", aot);
        args[n++] = aotprop;
    }
    args[n++] = homeprop;
    char *opts = getenv("JRUN_JAVA_OPTS");
    if (opts) {
        opts = strdup(opts);
        for (char *tok = strtok(opts, " "); tok && n < 88; tok = strtok(NULL, " ")) args[n++] = tok;
    }
    args[n++] = "-cp";
    args[n++] = cp;
    args[n++] = (char *)main_class;
    for (size_t i = 0; extra && extra[i] && n < 110; i++) args[n++] = extra[i];
    args[n] = NULL;
    /* A clean environment: JAVA_TOOL_OPTIONS and friends would print to stderr, which some
     * callers parse. The caller's environment reaches the brain in HELLO instead. */
    char *env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", NULL};
    execve(java, args, env);
}
