/* Round trips of the message framing, and rejection of malformed frames. */
#include "check.h"
#include "proto.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    struct msgbuf b;
    mb_init(&b);
    mb_record(&b, OP_SPAWN);
    mb_record(&b, 112);
    mb_str(&b, "proc");
    mb_str(&b, "/proc");
    mb_ll(&b, -42);
    mb_field(&b, "a\0b", 3);
    mb_record(&b, 150);

    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(mb_send(&b, p[1]) == 0);
    close(p[1]);
    struct message m;
    CHECK(msg_read(p[0], &m) == 0);
    CHECK(m.n == 3);
    CHECK(m.r[0].op == OP_SPAWN && m.r[0].nfields == 0);
    CHECK(m.r[1].op == 112 && m.r[1].nfields == 4);
    CHECK(strcmp(field_str(&m.r[1], 0), "proc") == 0);
    CHECK(strcmp(field_str(&m.r[1], 1), "/proc") == 0);
    CHECK(field_ll(&m.r[1], 2, 0) == -42);
    CHECK(m.r[1].f[3].len == 3 && memcmp(m.r[1].f[3].s, "a\0b", 3) == 0);
    CHECK(field_ll(&m.r[1], 0, 7) == 7); /* not a number: the default */
    CHECK(strcmp(field_str(&m.r[1], 9), "") == 0);
    CHECK(m.r[2].op == 150 && m.r[2].nfields == 0);
    msg_free(&m);
    /* Clean EOF after the message. */
    errno = 1;
    CHECK(msg_read(p[0], &m) == -1 && errno == 0);
    close(p[0]);

    /* A field longer than the frame is refused. */
    const uint8_t bad[] = {22, 0, 1, 0, 0, 0, 200, 0, 0, 0, 'x'};
    CHECK(msg_parse(bad, sizeof bad, &m) == -1);
    /* A truncated record header is refused. */
    const uint8_t shortrec[] = {22, 0, 1, 0, 0};
    CHECK(msg_parse(shortrec, sizeof shortrec, &m) == -1);
    /* A field count larger than the frame could hold is refused before any allocation. */
    const uint8_t huge[] = {22, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
    CHECK(msg_parse(huge, sizeof huge, &m) == -1);
    CHECK(msg_parse(shortrec, sizeof shortrec, &m) == -1);
    mb_free(&b);
    CHECK_DONE("test_proto");
}
