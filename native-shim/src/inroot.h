/* Path resolution inside a container's root directory. Every path the shim touches inside the
 * rootfs goes through here: symlinks (absolute or relative) and ".." are resolved as if rootfd were
 * "/", magic links (/proc/self/fd/...) are refused, and creation happens relative to an already
 * resolved directory fd, so a path swapped during setup cannot redirect us to the host. */
#ifndef JRUN_INROOT_H
#define JRUN_INROOT_H

#include <stddef.h>
#include <sys/types.h>

/* openat2(rootfd, path, flags | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). */
int inroot_open(int rootfd, const char *path, int flags);

/* Resolves path inside the root, creating missing directories (dir_mode) on the way and, when
 * last_is_file, an empty regular file as the last component. Returns an O_PATH fd, or -1. */
int inroot_mkpath(int rootfd, const char *path, int last_is_file, mode_t dir_mode);

/* Resolves (creating if needed) the parent directory of path inside the root. Returns an O_PATH
 * directory fd and copies the last component into base; -1 with errno on failure (EINVAL for a path
 * with no last component, such as "/"). */
int inroot_parent(int rootfd, const char *path, char *base, size_t baselen);

#endif
