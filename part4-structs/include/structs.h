/* structs.h: libstructs, Part IV's target library.
 *
 * Sensor records that cross the C boundary as structs: a Point nested by
 * value, a caller-owned array of Samples, inline arrays, a tagged union, and
 * an output record whose strings and arrays the library allocates and
 * free_output() releases. The library is plain Rust behind this C ABI; it
 * knows nothing of Python.
 *
 * Ownership, in one line per pointer:
 *   InputRecord.name, InputRecord.samples  borrowed: the caller keeps them
 *                                          alive and unchanged during the call
 *   OutputRecord.title, OutputRecord.top   owned by the library until
 *                                          free_output(); never free() them
 */
#ifndef STRUCTS_H
#define STRUCTS_H

#include <stddef.h>
#include <stdint.h>

/* ANCHOR: status */
/* structs_status: what every fallible function returns. */
#define STRUCTS_OK 0
#define STRUCTS_NULL_ARGUMENT 1   /* a required pointer was NULL */
#define STRUCTS_INVALID_UTF8 2    /* name or unit is not UTF-8 */
#define STRUCTS_UNTERMINATED 3    /* unit has no NUL within its 8 bytes */
#define STRUCTS_BAD_VERSION 4     /* version outside 1..STRUCTS_MAX_VERSION */
#define STRUCTS_BAD_LENGTH 5      /* sample_count or top_n above its maximum */
#define STRUCTS_NOT_FINITE 6      /* scale, min_weight, a weight or a VALUE reading is NaN or infinite */
#define STRUCTS_OVERFLOW 7        /* a result does not fit: the scaled VALUE reading or the
                                     total is infinite, or the scaled origin leaves int32_t */
#define STRUCTS_BAD_TAG 8         /* Reading.kind is neither COUNT nor VALUE */
#define STRUCTS_BUFFER_TOO_SMALL 9 /* describe_input: size is too small; *needed holds the size */
#define STRUCTS_PANIC 10          /* a bug inside the library, caught at the boundary */
/* ANCHOR_END: status */

#define STRUCTS_MAX_VERSION 255
#define STRUCTS_MAX_SAMPLES 1000000
#define STRUCTS_MAX_TOP 1000
#define STRUCTS_UNIT_SIZE 8
#define STRUCTS_THRESHOLDS 4
#define READING_COUNT 1
#define READING_VALUE 2

/* cffi:begin */
/* ANCHOR: types */
typedef struct Point {
    int32_t x;
    int32_t y;
} Point;

typedef struct Sample {
    uint32_t id;    /* 4 bytes, then 4 bytes of padding: */
    double weight;  /* a double is 8-aligned */
} Sample;

/* The last reading: a count of events or a measured value. kind says which
 * member of the union is valid (READING_COUNT or READING_VALUE). */
typedef union ReadingValue {
    int64_t count;
    double value;
} ReadingValue;

typedef struct Reading {
    uint32_t kind;
    ReadingValue as;
} Reading;

typedef struct InputRecord {
    const char *name;          /* NUL-terminated UTF-8; borrowed */
    uint16_t version;          /* 1..STRUCTS_MAX_VERSION; 2 bytes of padding follow */
    Point origin;              /* nested by value */
    char unit[8];              /* inline, NUL-terminated UTF-8, e.g. "kg" */
    int16_t thresholds[4];     /* inline alarm levels */
    const Sample *samples;     /* sample_count Samples; borrowed; NULL if none */
    size_t sample_count;
    Reading last;              /* tagged union, by value */
} InputRecord;

typedef struct OutputRecord {
    char *title;               /* library-allocated, NUL-terminated UTF-8 */
    Sample *top;               /* library-allocated, top_count Samples, heaviest first */
    size_t top_count;
    Point origin;              /* the input origin times scale, rounded */
    double total;              /* the kept weights' sum, times scale */
    uint32_t alarm_counts[4];  /* per threshold: kept samples at or above it */
    Reading last;              /* a VALUE times scale; a COUNT unchanged */
} OutputRecord;
/* ANCHOR_END: types */

/* ANCHOR: layout */
/* One row of the layout probe: a struct (field == "") or one of its fields,
 * as the Rust compiler laid it out. */
typedef struct LayoutEntry {
    const char *type_name;
    const char *field;
    size_t offset;
    size_t size;
    size_t align;
} LayoutEntry;

/* Writes up to capacity rows into entries (which may be NULL when capacity
 * is 0) and returns how many rows there are in all. */
size_t structs_layout(LayoutEntry *entries, size_t capacity);
/* ANCHOR_END: layout */

/* ANCHOR: functions */
/* Keeps the samples whose weight is at least min_weight and fills *out:
 * the top_n heaviest (ties, 0.0 and -0.0 included: lower id first), their
 * total and per-threshold counts, the origin and last reading scaled. On
 * any status but STRUCTS_OK, *out is left empty (every pointer NULL), so
 * free_output is always safe; with out NULL nothing is written at all.
 *
 * The first problem found is the one reported, in this order:
 *   out, then in (STRUCTS_NULL_ARGUMENT);
 *   the record's fields in declaration order: name (NULL_ARGUMENT,
 *     INVALID_UTF8), version (BAD_VERSION), unit (UNTERMINATED,
 *     INVALID_UTF8), sample_count (BAD_LENGTH), samples (NULL_ARGUMENT when
 *     NULL with a non-zero count), the weights (NOT_FINITE), last
 *     (BAD_TAG, then NOT_FINITE for a VALUE);
 *   then scale and min_weight (NOT_FINITE), then top_n (BAD_LENGTH);
 *   then the results (OVERFLOW): the scaled VALUE reading, the scaled
 *     origin, the total. */
int32_t transform_record(const InputRecord *in, double scale, double min_weight,
                         size_t top_n, OutputRecord *out);

/* Releases what transform_record allocated and empties *out: a second call,
 * or a call on an empty record, does nothing. NULL is ignored. */
void free_output(OutputRecord *out);

/* Writes, as text, every field of *in as the library reads it, into
 * buffer (size bytes, NUL-terminated); buffer may be NULL when size is 0.
 * It refuses only what it cannot read safely, in this order: needed NULL,
 * or buffer NULL with a size (STRUCTS_NULL_ARGUMENT); in NULL
 * (NULL_ARGUMENT); sample_count above STRUCTS_MAX_SAMPLES (BAD_LENGTH);
 * samples NULL with a non-zero count (NULL_ARGUMENT). *needed receives the
 * size required, NUL included, on STRUCTS_OK and STRUCTS_BUFFER_TOO_SMALL,
 * and is left unchanged on any other status. */
int32_t describe_input(const InputRecord *in, char *buffer, size_t size, size_t *needed);

/* How many OutputRecords are filled and not yet freed, process-wide. */
size_t live_outputs(void);
/* ANCHOR_END: functions */
/* cffi:end */

#endif /* STRUCTS_H */
