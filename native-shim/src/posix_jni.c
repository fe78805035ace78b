/* The brain's few syscalls as JNI functions (io.jrun.os.JniPosix), loaded from lib/ by the JVM.
 * Java's FFM API would do the same with no C, but each of its downcall handles costs ~10 ms of
 * generated code in a cold JVM, and a cold `kill` needs two to four of them. Each function returns
 * its result, or -errno. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/* path: a Java byte[] without the NUL; copied to a C string */
static int with_path(JNIEnv *env, jbyteArray path, char *buf, size_t len) {
    jsize n = (*env)->GetArrayLength(env, path);
    if ((size_t)n >= len) return -ENAMETOOLONG;
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *)buf);
    buf[n] = '\0';
    return 0;
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_open0(JNIEnv *env, jclass c, jbyteArray path, jint flags) {
    char p[4096];
    int rc = with_path(env, path, p, sizeof p);
    if (rc < 0) return rc;
    int fd = open(p, flags | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_mkfifo0(JNIEnv *env, jclass c, jbyteArray path, jint mode) {
    char p[4096];
    int rc = with_path(env, path, p, sizeof p);
    if (rc < 0) return rc;
    return mkfifo(p, (mode_t)mode) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_writeByte0(JNIEnv *env, jclass c, jint fd, jbyte value) {
    char b = (char)value;
    ssize_t n;
    while ((n = write(fd, &b, 1)) < 0 && errno == EINTR) {
    }
    return n == 1 ? 1 : (n < 0 ? -errno : -EIO);
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_flockExclusive0(JNIEnv *env, jclass c, jint fd) {
    int rc;
    while ((rc = flock(fd, LOCK_EX)) < 0 && errno == EINTR) {
    }
    return rc < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_close0(JNIEnv *env, jclass c, jint fd) {
    return close(fd) < 0 ? -errno : 0;
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_pidfdOpen0(JNIEnv *env, jclass c, jint pid) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -errno : (jint)fd;
}

JNIEXPORT jint JNICALL Java_io_jrun_os_JniPosix_pidfdSendSignal0(JNIEnv *env, jclass c, jint pidfd, jint sig) {
    return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}
