/* bench/bench.sh's stopwatch: runs commands and reports wall time, CPU time and peak RSS of all
 * the processes they made, as a containerd shim would see them (it is a child subreaper, so a
 * container's init becomes its child once `create` returns, and it waits for it).
 *   benchhelp time CMD...                      -> "wall_us cpu_us maxrss_kb"
 *   benchhelp cycle RUNTIME ROOT BUNDLE ID     -> "wall_us cpu_us maxrss_kb" of create, start,
 *                                                 wait for init, delete */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static int run(char *const argv[]) {
    pid_t p = fork();
    if (p == 0) {
        /* the report is ours alone: a container would keep a pipe open for as long as it runs */
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    if (waitpid(p, &status, 0) < 0) return -1;
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (rc != 0) {
        fprintf(stderr, "benchhelp: exit %d:", rc);
        for (int i = 0; argv[i]; i++) fprintf(stderr, " %s", argv[i]);
        fprintf(stderr, "\n");
    }
    return rc;
}

static void report(long long start) {
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    long long cpu = ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
    printf("%lld %lld %ld\n", now_us() - start, cpu, ru.ru_maxrss);
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "time")) {
        long long start = now_us();
        int rc = run(argv + 2);
        report(start);
        return rc;
    }
    if (argc == 6 && !strcmp(argv[1], "cycle")) {
        prctl(PR_SET_CHILD_SUBREAPER, 1);
        char *rt = argv[2], *root = argv[3], *bundle = argv[4], *id = argv[5];
        char pidfile[4096];
        snprintf(pidfile, sizeof pidfile, "%s/%s.pid", bundle, id);
        long long start = now_us();
        char *create[] = {rt, "--root", root, "create", "--bundle", bundle, "--pid-file", pidfile, id, NULL};
        if (run(create) != 0) return 1;
        long long t1 = now_us();
        FILE *f = fopen(pidfile, "r");
        int init = 0;
        if (!f || fscanf(f, "%d", &init) != 1) return 1;
        fclose(f);
        char *startc[] = {rt, "--root", root, "start", id, NULL};
        if (run(startc) != 0) return 1;
        long long t2 = now_us();
        int status;
        while (waitpid(init, &status, 0) < 0) {
        }
        long long t3 = now_us();
        char *del[] = {rt, "--root", root, "delete", id, NULL};
        if (run(del) != 0) return 1;
        if (getenv("BENCH_PHASES"))
            fprintf(stderr, "create %lld start %lld wait %lld delete %lld\n", t1 - start, t2 - t1, t3 - t2, now_us() - t3);
        report(start);
        unlink(pidfile);
        return 0;
    }
    fprintf(stderr, "usage: benchhelp time CMD... | benchhelp cycle RUNTIME ROOT BUNDLE ID\n");
    return 2;
}
