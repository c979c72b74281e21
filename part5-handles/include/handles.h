/* handles.h: libhandles, Part V's target library.
 *
 * Objects (a Config, a Counter) live inside the library. A caller holds a
 * *handle*: a 64-bit integer that names an object without being its
 * address. Releasing an object makes every copy of its handle stale, and
 * the library detects a stale, forged or wrong-kind handle on every call.
 *
 * Every function returns a status (HANDLES_OK or an error); on an error,
 * handles_last_error() gives this thread's message for it. Calls may come
 * from many threads at once.
 *
 * A handle's bits:  kind (8) | generation (32) | slot index (24).  0 is never
 * a handle. Kind bits other than HANDLES_KIND_CONFIG and HANDLES_KIND_COUNTER
 * were never issued: such a handle is forged (HANDLES_INVALID_HANDLE).
 */
#ifndef HANDLES_H
#define HANDLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ANCHOR: errors */
/* A function that returns an error has created nothing and changed nothing
 * (only the thread's last error message). Each checks, in this order:
 *   1. its pointers: a NULL where one is required is HANDLES_NULL_ARGUMENT,
 *      whatever else is wrong (a buffer may be NULL only with size 0);
 *   2. its handle: HANDLES_INVALID_HANDLE, HANDLES_STALE_HANDLE or
 *      HANDLES_WRONG_KIND;
 *   3. its values, in parameter order (for config_create: timeout, then url). */
/* ANCHOR_END: errors */

/* ANCHOR: status */
#define HANDLES_OK 0
#define HANDLES_NULL_ARGUMENT 1    /* a required pointer was NULL */
#define HANDLES_INVALID_HANDLE 2   /* 0, forged (kind bits of no kind), or never issued */
#define HANDLES_STALE_HANDLE 3     /* its object was released */
#define HANDLES_WRONG_KIND 4       /* a handle of the other kind (a Counter's for a Config) */
#define HANDLES_POOL_FULL 5        /* no slot left */
#define HANDLES_INVALID_TEXT 6     /* not UTF-8 (lone surrogates aside) */
#define HANDLES_OVERFLOW 7         /* a count would leave int64_t */
#define HANDLES_PANIC 8            /* a bug inside the library, caught */
#define HANDLES_BUFFER_TOO_SMALL 9 /* size is too small; *needed holds the size */
/* The Config contract's errors, one code each (Parts I and VII raise ConfigError). */
#define HANDLES_TIMEOUT_RANGE 20
#define HANDLES_URL_TOO_LONG 21
#define HANDLES_URL_CHARACTER 22
#define HANDLES_URL_NOT_UNICODE 23
#define HANDLES_URL_SHAPE 24
#define HANDLES_URL_SCHEME 25
#define HANDLES_URL_EMPTY_HOST 26
#define HANDLES_URL_HOST 27
#define HANDLES_URL_PORT 28
#define HANDLES_HTTPS_WITHOUT_SSL 29
/* ANCHOR_END: status */

#define HANDLES_KIND_CONFIG 1
#define HANDLES_KIND_COUNTER 2

/* cffi:begin */
/* ANCHOR: config */
/* url is url_len bytes of UTF-8; a lone surrogate may be encoded as Python's
 * "surrogatepass" does (it is then reported as HANDLES_URL_NOT_UNICODE). */
int32_t config_create(int64_t timeout, const char *url, size_t url_len, bool ssl, uint64_t *out);
/* For a timeout too large for int64_t: records the message, with these
 * digits, and returns HANDLES_TIMEOUT_RANGE. */
int32_t config_timeout_out_of_range(const char *digits);
/* The status config_create would return for this one argument; creates
 * nothing. A caller that converts its arguments one by one checks each in
 * turn, so the first bad argument is the one reported. */
int32_t config_check_timeout(int64_t timeout);
int32_t config_check_url(const char *url, size_t url_len);
int32_t config_timeout(uint64_t config, uint32_t *out);
/* The url, NUL-terminated, into buffer (size bytes). *needed receives the
 * size it takes, NUL included, on HANDLES_OK and HANDLES_BUFFER_TOO_SMALL;
 * buffer may be NULL when size is 0 (to ask for the size). */
int32_t config_url(uint64_t config, char *buffer, size_t size, size_t *needed);
int32_t config_ssl(uint64_t config, bool *out);
int32_t config_set_timeout(uint64_t config, int64_t timeout);
int32_t config_set_url(uint64_t config, const char *url, size_t url_len);
int32_t config_set_ssl(uint64_t config, bool ssl);

typedef struct ProcessedConfig {
    char scheme[8];       /* "http" or "https" */
    char host[2049];      /* lower case */
    uint16_t port;
    char path[8193];      /* at least "/" */
    uint64_t timeout_ms;
} ProcessedConfig;
int32_t config_process(uint64_t config, ProcessedConfig *out);

/* Every copy of config is stale afterwards; a second release is HANDLES_STALE_HANDLE. */
int32_t config_release(uint64_t config);
/* ANCHOR_END: config */

/* ANCHOR: counter */
int32_t counter_create(int64_t start, uint64_t *out);
int32_t counter_value(uint64_t counter, int64_t *out);
/* Adds by (may be negative); *out, if not NULL, receives the new value.
 * HANDLES_OVERFLOW if the count would leave int64_t (it is then unchanged). */
int32_t counter_increment(uint64_t counter, int64_t by, int64_t *out);
int32_t counter_release(uint64_t counter);
/* ANCHOR_END: counter */

/* ANCHOR: library */
/* Objects of kind (HANDLES_KIND_*) not yet released; 0 for any other kind. */
size_t handles_live(uint8_t kind);
/* This thread's last error message ("" if none), NUL-terminated, into
 * buffer (size bytes); buffer may be NULL when size is 0. *needed receives
 * its size, NUL included, on HANDLES_OK and HANDLES_BUFFER_TOO_SMALL; needed
 * is required. Does not itself change the last error. */
int32_t handles_last_error(char *buffer, size_t size, size_t *needed);
/* ANCHOR_END: library */

/* The raw-pointer API that handles replace: for the failure-first page only. */
typedef struct Counter Counter;
Counter *raw_counter_new(int64_t start);
int64_t raw_counter_value(const Counter *counter);
void raw_counter_free(Counter *counter);
/* cffi:end */

#endif /* HANDLES_H */
