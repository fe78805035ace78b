/* Framing of front <-> brain messages: see docs/shim-protocol.md. */
#ifndef JRUN_PROTO_H
#define JRUN_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* front -> brain */
enum { OP_HELLO = 1, OP_DATA = 2, OP_SPAWNED = 3, OP_FAILED = 4, OP_EXITED = 5, OP_ARGV_LIST = 6, OP_ENV_LIST = 7,
       OP_PAUSED = 8, OP_HOOK_DONE = 9, OP_SENT = 10 };
/* brain -> front */
enum { OP_WRITE = 20, OP_READ_STDIN = 21, OP_SPAWN = 22, OP_WAIT = 23, OP_EXIT = 24, OP_RESUME = 25, OP_ABORT = 26,
       OP_HOOK = 27, OP_SEND_LISTENER = 28 };

#define PROTO_VERSION "1"
#define MSG_MAX (64u << 20)

struct field {
    char *s;       /* NUL-terminated copy; the data itself may hold NULs */
    uint32_t len;
};

struct record {
    uint16_t op;
    uint32_t nfields;
    struct field *f;
};

struct message {
    struct record *r;
    size_t n;
};

/* Reads one message. Returns 0, or -1 on EOF or a malformed frame (errno set; 0 on clean EOF). */
int msg_read(int fd, struct message *m);
/* Parses a message body (without its length prefix). Returns 0 or -1 (EINVAL). */
int msg_parse(const uint8_t *buf, size_t len, struct message *m);
void msg_free(struct message *m);

/* Field helpers: numbers are decimal ASCII. */
long long field_ll(const struct record *r, int i, long long dflt);
const char *field_str(const struct record *r, int i);

struct msgbuf {
    uint8_t *p;
    size_t len, cap;
    size_t rec_at; /* offset of the current record's header */
};

void mb_init(struct msgbuf *b);
void mb_record(struct msgbuf *b, uint16_t op);
void mb_field(struct msgbuf *b, const void *data, uint32_t len);
void mb_str(struct msgbuf *b, const char *s);
void mb_ll(struct msgbuf *b, long long v);
/* Writes the length-prefixed message; returns 0 or -1. */
int mb_send(struct msgbuf *b, int fd);
void mb_free(struct msgbuf *b);

/* write(2)/read(2) of exactly len bytes, retrying on EINTR. read_full returns 0 on clean EOF
 * before the first byte, -1 on error or a short read, len otherwise. */
int write_full(int fd, const void *buf, size_t len);
ssize_t read_full(int fd, void *buf, size_t len);

#endif
