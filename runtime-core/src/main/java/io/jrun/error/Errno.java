package io.jrun.error;

/** Linux errno values and their messages, worded as Go's syscall package prints them (as runc does). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ETIMEDOUT = 110;

    private Errno() {}

    public static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted"; // EPERM
            case 2 -> "no such file or directory"; // ENOENT
            case 3 -> "no such process"; // ESRCH
            case 4 -> "interrupted system call"; // EINTR
            case 5 -> "input/output error"; // EIO
            case 6 -> "no such device or address"; // ENXIO
            case 7 -> "argument list too long"; // E2BIG
            case 8 -> "exec format error"; // ENOEXEC
            case 9 -> "bad file descriptor"; // EBADF
            case 10 -> "no child processes"; // ECHILD
            case 11 -> "resource temporarily unavailable"; // EAGAIN
            case 12 -> "cannot allocate memory"; // ENOMEM
            case 13 -> "permission denied"; // EACCES
            case 14 -> "bad address"; // EFAULT
            case 15 -> "block device required"; // ENOTBLK
            case 16 -> "device or resource busy"; // EBUSY
            case 17 -> "file exists"; // EEXIST
            case 18 -> "invalid cross-device link"; // EXDEV
            case 19 -> "no such device"; // ENODEV
            case 20 -> "not a directory"; // ENOTDIR
            case 21 -> "is a directory"; // EISDIR
            case 22 -> "invalid argument"; // EINVAL
            case 23 -> "too many open files in system"; // ENFILE
            case 24 -> "too many open files"; // EMFILE
            case 25 -> "inappropriate ioctl for device"; // ENOTTY
            case 26 -> "text file busy"; // ETXTBSY
            case 27 -> "file too large"; // EFBIG
            case 28 -> "no space left on device"; // ENOSPC
            case 29 -> "illegal seek"; // ESPIPE
            case 30 -> "read-only file system"; // EROFS
            case 31 -> "too many links"; // EMLINK
            case 32 -> "broken pipe"; // EPIPE
            case 34 -> "numerical result out of range"; // ERANGE
            case 36 -> "file name too long"; // ENAMETOOLONG
            case 38 -> "function not implemented"; // ENOSYS
            case 39 -> "directory not empty"; // ENOTEMPTY
            case 40 -> "too many levels of symbolic links"; // ELOOP
            case 75 -> "value too large for defined data type"; // EOVERFLOW
            case 88 -> "socket operation on non-socket"; // ENOTSOCK
            case 98 -> "address already in use"; // EADDRINUSE
            case 95 -> "operation not supported"; // EOPNOTSUPP
            case 111 -> "connection refused"; // ECONNREFUSED
            case 110 -> "connection timed out"; // ETIMEDOUT
            case 116 -> "stale file handle"; // ESTALE
            case 122 -> "disk quota exceeded"; // EDQUOT
            case 125 -> "operation canceled"; // ECANCELED
            default -> "errno " + errno;
        };
    }
}
