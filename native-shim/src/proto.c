#include "proto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("jrun: out of memory\n", stderr);
        _exit(1);
    }
    return q;
}

int write_full(int fd, const void *buf, size_t len) {
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

ssize_t read_full(int fd, void *buf, size_t len) {
    uint8_t *p = buf;
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, p + got, len - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) {
            if (got == 0) return 0;
            errno = EPIPE;
            return -1;
        }
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static void put_u32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get_u16(const uint8_t *p) {
    return (uint16_t)(p[0] | p[1] << 8);
}

int msg_parse(const uint8_t *buf, size_t len, struct message *m) {
    size_t at = 0;
    m->r = NULL;
    m->n = 0;
    while (at < len) {
        if (len - at < 6) goto bad;
        struct record rec = {get_u16(buf + at), get_u32(buf + at + 2), NULL};
        at += 6;
        /* Each field takes at least its 4-byte length: more fields than that cannot fit. */
        if (rec.nfields > (len - at) / 4) goto bad;
        rec.f = xrealloc(NULL, sizeof(struct field) * rec.nfields);
        for (uint32_t i = 0; i < rec.nfields; i++) {
            if (len - at < 4) {
                rec.nfields = i;
                m->r = xrealloc(m->r, sizeof(struct record) * (m->n + 1));
                m->r[m->n++] = rec;
                goto bad;
            }
            uint32_t flen = get_u32(buf + at);
            at += 4;
            if (flen > len - at) {
                rec.nfields = i;
                m->r = xrealloc(m->r, sizeof(struct record) * (m->n + 1));
                m->r[m->n++] = rec;
                goto bad;
            }
            rec.f[i].s = xrealloc(NULL, (size_t)flen + 1);
            memcpy(rec.f[i].s, buf + at, flen);
            rec.f[i].s[flen] = '\0';
            rec.f[i].len = flen;
            at += flen;
        }
        m->r = xrealloc(m->r, sizeof(struct record) * (m->n + 1));
        m->r[m->n++] = rec;
    }
    if (m->n == 0) goto bad;
    return 0;
bad:
    msg_free(m);
    errno = EINVAL;
    return -1;
}

int msg_read(int fd, struct message *m) {
    uint8_t hdr[4];
    m->r = NULL;
    m->n = 0;
    ssize_t n = read_full(fd, hdr, 4);
    if (n == 0) {
        errno = 0;
        return -1;
    }
    if (n < 0) return -1;
    uint32_t len = get_u32(hdr);
    if (len == 0 || len > MSG_MAX) {
        errno = EINVAL;
        return -1;
    }
    uint8_t *buf = xrealloc(NULL, len);
    if (read_full(fd, buf, len) != (ssize_t)len) {
        free(buf);
        if (errno == 0) errno = EPIPE;
        return -1;
    }
    int rc = msg_parse(buf, len, m);
    free(buf);
    return rc;
}

void msg_free(struct message *m) {
    for (size_t i = 0; i < m->n; i++) {
        for (uint32_t j = 0; j < m->r[i].nfields; j++) free(m->r[i].f[j].s);
        free(m->r[i].f);
    }
    free(m->r);
    m->r = NULL;
    m->n = 0;
}

const char *field_str(const struct record *r, int i) {
    return i >= 0 && (uint32_t)i < r->nfields ? r->f[i].s : "";
}

long long field_ll(const struct record *r, int i, long long dflt) {
    if (i < 0 || (uint32_t)i >= r->nfields || r->f[i].len == 0) return dflt;
    char *end;
    errno = 0;
    long long v = strtoll(r->f[i].s, &end, 10);
    if (errno || *end) return dflt;
    return v;
}

static void mb_reserve(struct msgbuf *b, size_t more) {
    if (b->len + more <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}


void mb_init(struct msgbuf *b) {
    b->p = NULL;
    b->len = b->cap = 0;
    b->rec_at = (size_t)-1;
    mb_reserve(b, 4);
    b->len = 4; /* room for the frame length */
}

void mb_record(struct msgbuf *b, uint16_t op) {
    mb_reserve(b, 6);
    b->rec_at = b->len;
    b->p[b->len] = (uint8_t)op;
    b->p[b->len + 1] = (uint8_t)(op >> 8);
    put_u32(b->p + b->len + 2, 0);
    b->len += 6;
}

void mb_field(struct msgbuf *b, const void *data, uint32_t len) {
    mb_reserve(b, 4 + (size_t)len);
    put_u32(b->p + b->len, len);
    if (len) memcpy(b->p + b->len + 4, data, len);
    b->len += 4 + (size_t)len;
    put_u32(b->p + b->rec_at + 2, get_u32(b->p + b->rec_at + 2) + 1);
}

void mb_str(struct msgbuf *b, const char *s) {
    mb_field(b, s, (uint32_t)strlen(s));
}

void mb_ll(struct msgbuf *b, long long v) {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    mb_field(b, tmp, (uint32_t)n);
}

int mb_send(struct msgbuf *b, int fd) {
    put_u32(b->p, (uint32_t)(b->len - 4));
    return write_full(fd, b->p, b->len);
}

void mb_free(struct msgbuf *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
