/* structs_client.c: libstructs as a C programmer uses it, written from
 * include/structs.h alone. Each block checks one sentence of the header.
 *
 * Built and run by tests/test_c_clients.py, plainly and under
 * -fsanitize=address,undefined. Prints "N passed, N failed". */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "structs.h"

static Sample samples[] = {{1, 12.5}, {2, 40.0}, {3, 25.0}, {4, 40.0}};

/* A valid record; each test breaks one thing in its copy. */
static InputRecord record(void)
{
    InputRecord in;
    memset(&in, 0, sizeof in);
    in.name = "sensor-A";
    in.version = 2;
    in.origin.x = 10;
    in.origin.y = 20;
    strcpy(in.unit, "kg");
    in.thresholds[1] = 25;
    in.thresholds[2] = 40;
    in.thresholds[3] = 100;
    in.samples = samples;
    in.sample_count = 4;
    in.last.kind = READING_VALUE;
    in.last.as.value = 2.0;
    return in;
}

/* A record as the caller might leave it: pointers that are not NULL. */
static OutputRecord garbage(void)
{
    OutputRecord out;
    memset(&out, 0xA5, sizeof out);
    return out;
}

static int is_empty(const OutputRecord *out)
{
    return out->title == NULL && out->top == NULL && out->top_count == 0;
}

static void transform_happy_path(void)
{
    InputRecord in = record();
    OutputRecord out = garbage();
    size_t live = live_outputs();
    CHECK_STATUS(transform_record(&in, 1.5, 20.0, 2, &out), STRUCTS_OK);
    CHECK(live_outputs() == live + 1);
    CHECK_TEXT(out.title, "sensor-A v2: 3 of 4 samples >= 20 kg");
    /* "the top_n heaviest (ties ...: lower id first)" */
    CHECK(out.top_count == 2);
    CHECK(out.top[0].id == 2 && out.top[0].weight == 40.0);
    CHECK(out.top[1].id == 4 && out.top[1].weight == 40.0);
    CHECK(out.total == 105.0 * 1.5);
    CHECK(out.origin.x == 15 && out.origin.y == 30);
    CHECK(out.alarm_counts[0] == 3 && out.alarm_counts[1] == 3 && out.alarm_counts[2] == 2 && out.alarm_counts[3] == 0);
    CHECK(out.last.kind == READING_VALUE && out.last.as.value == 3.0);
    /* "Releases ... and empties *out: a second call ... does nothing. NULL is ignored." */
    free_output(&out);
    CHECK(is_empty(&out));
    CHECK(live_outputs() == live);
    free_output(&out);
    free_output(NULL);
    CHECK(live_outputs() == live);

    /* "ties, 0.0 and -0.0 included: lower id first" */
    Sample zeros[] = {{2, 0.0}, {1, -0.0}, {3, 0.0}};
    in.samples = zeros;
    in.sample_count = 3;
    CHECK_STATUS(transform_record(&in, 1.0, 0.0, 3, &out), STRUCTS_OK);
    CHECK(out.top_count == 3 && out.top[0].id == 1 && out.top[1].id == 2 && out.top[2].id == 3);
    free_output(&out);
    /* "a COUNT unchanged"; no samples may be NULL */
    in.samples = NULL;
    in.sample_count = 0;
    in.last.kind = READING_COUNT;
    in.last.as.count = INT64_MIN;
    CHECK_STATUS(transform_record(&in, -3.0, 0.0, 0, &out), STRUCTS_OK);
    CHECK(out.top == NULL && out.top_count == 0);
    CHECK(out.last.kind == READING_COUNT && out.last.as.count == INT64_MIN);
    free_output(&out);
}

/* Each status, and "on any status but STRUCTS_OK, *out is left empty". */
static void one_status_each(void)
{
    static Sample bad_weight[] = {{1, 1.0}, {2, NAN}};
    static Sample infinite[] = {{1, INFINITY}};
    static Sample huge[] = {{1, 1.5e308}, {2, 1.5e308}};
    size_t live = live_outputs();
    for (int i = 0; i < 21; i++) {
        InputRecord in = record();
        double scale = 1.0, min_weight = 0.0;
        size_t top_n = 3;
        int32_t expected;
        switch (i) {
        case 0: in.name = NULL; expected = STRUCTS_NULL_ARGUMENT; break;
        case 1: in.name = "sensor-\xff"; expected = STRUCTS_INVALID_UTF8; break;
        case 2: in.version = 0; expected = STRUCTS_BAD_VERSION; break;
        case 3: in.version = STRUCTS_MAX_VERSION + 1; expected = STRUCTS_BAD_VERSION; break;
        case 4: memcpy(in.unit, "kilogram", 8); expected = STRUCTS_UNTERMINATED; break;
        case 5: strcpy(in.unit, "\xc3("); expected = STRUCTS_INVALID_UTF8; break;
        case 6: in.sample_count = STRUCTS_MAX_SAMPLES + 1; expected = STRUCTS_BAD_LENGTH; break;
        case 7: in.samples = NULL; expected = STRUCTS_NULL_ARGUMENT; break;
        case 8: in.samples = bad_weight; in.sample_count = 2; expected = STRUCTS_NOT_FINITE; break;
        case 9: in.samples = infinite; in.sample_count = 1; expected = STRUCTS_NOT_FINITE; break;
        case 10: in.last.kind = 3; expected = STRUCTS_BAD_TAG; break;
        case 11: in.last.as.value = NAN; expected = STRUCTS_NOT_FINITE; break; /* a VALUE reading */
        case 12: scale = INFINITY; expected = STRUCTS_NOT_FINITE; break;
        case 13: min_weight = NAN; expected = STRUCTS_NOT_FINITE; break;
        case 14: top_n = STRUCTS_MAX_TOP + 1; expected = STRUCTS_BAD_LENGTH; break;
        case 15: in.origin.x = INT32_MAX; scale = 2.0; expected = STRUCTS_OVERFLOW; break; /* the origin */
        case 16: in.samples = huge; in.sample_count = 2; expected = STRUCTS_OVERFLOW; break; /* the total */
        case 17: in.last.as.value = 1e308; scale = 10.0; expected = STRUCTS_OVERFLOW; break; /* the reading */
        case 18: in.version = STRUCTS_MAX_VERSION; expected = STRUCTS_OK; break;
        case 19: top_n = STRUCTS_MAX_TOP; expected = STRUCTS_OK; break;
        default: in.last.kind = READING_COUNT; in.last.as.count = INT64_MAX; in.origin.x = in.origin.y = 0;
                 scale = 1e300; expected = STRUCTS_OK; break; /* a COUNT is not scaled */
        }
        OutputRecord out = garbage();
        int32_t status = transform_record(&in, scale, min_weight, top_n, &out);
        char what[64];
        snprintf(what, sizeof what, "case %d: status %d, expected %d", i, (int)status, (int)expected);
        check_record(status == expected, what, __FILE__, __LINE__);
        if (expected != STRUCTS_OK)
            CHECK(is_empty(&out));
        free_output(&out); /* "so free_output is always safe" */
    }
    CHECK(live_outputs() == live);
}

/* "The first problem found is the one reported, in this order". */
static void order_of_checks(void)
{
    InputRecord in = record();
    CHECK_STATUS(transform_record(NULL, NAN, NAN, 5000, NULL), STRUCTS_NULL_ARGUMENT);
    OutputRecord out = garbage();
    CHECK_STATUS(transform_record(NULL, 1.0, 0.0, 1, &out), STRUCTS_NULL_ARGUMENT);
    CHECK(is_empty(&out));
    /* The record before the arguments: version=0 with scale=inf is BAD_VERSION. */
    in.version = 0;
    CHECK_STATUS(transform_record(&in, INFINITY, 0.0, 1, &out), STRUCTS_BAD_VERSION);
    /* Fields in declaration order: name before version before unit ... */
    in.name = "\xff";
    memcpy(in.unit, "kilogram", 8);
    CHECK_STATUS(transform_record(&in, 1.0, 0.0, 1, &out), STRUCTS_INVALID_UTF8);
    in = record();
    memcpy(in.unit, "kilogram", 8);
    in.sample_count = STRUCTS_MAX_SAMPLES + 1;
    CHECK_STATUS(transform_record(&in, 1.0, 0.0, 1, &out), STRUCTS_UNTERMINATED);
    in = record();
    in.sample_count = STRUCTS_MAX_SAMPLES + 1;
    in.samples = NULL;
    CHECK_STATUS(transform_record(&in, 1.0, 0.0, 1, &out), STRUCTS_BAD_LENGTH);
    in = record();
    static Sample bad[] = {{1, NAN}};
    in.samples = bad;
    in.sample_count = 1;
    in.last.kind = 9;
    CHECK_STATUS(transform_record(&in, 1.0, 0.0, 1, &out), STRUCTS_NOT_FINITE);
    /* ... then scale and min_weight, then top_n, then the results. */
    in = record();
    CHECK_STATUS(transform_record(&in, NAN, 0.0, 5000, &out), STRUCTS_NOT_FINITE);
    in.origin.x = INT32_MAX;
    CHECK_STATUS(transform_record(&in, 2.0, 0.0, 5000, &out), STRUCTS_BAD_LENGTH);
    CHECK(is_empty(&out));
}

static void describe(void)
{
    InputRecord in = record();
    size_t needed = 0;
    CHECK_STATUS(describe_input(&in, NULL, 0, &needed), STRUCTS_BUFFER_TOO_SMALL);
    char *text = malloc(needed);
    size_t size = needed;
    CHECK_STATUS(describe_input(&in, text, size, &needed), STRUCTS_OK);
    CHECK(needed == size && strlen(text) + 1 == size);
    CHECK(strncmp(text, "name='sensor-A' version=2 origin=(10, 20) unit='kg'", 50) == 0);
    free(text);
    char small[8];
    CHECK_STATUS(describe_input(&in, small, sizeof small, &needed), STRUCTS_BUFFER_TOO_SMALL);
    CHECK(needed == size);
    /* The refusals, in order, and *needed "left unchanged on any other status". */
    CHECK_STATUS(describe_input(&in, small, sizeof small, NULL), STRUCTS_NULL_ARGUMENT);
    needed = 777;
    CHECK_STATUS(describe_input(&in, NULL, 8, &needed), STRUCTS_NULL_ARGUMENT);
    CHECK_STATUS(describe_input(NULL, small, sizeof small, &needed), STRUCTS_NULL_ARGUMENT);
    in.sample_count = STRUCTS_MAX_SAMPLES + 1;
    CHECK_STATUS(describe_input(&in, small, sizeof small, &needed), STRUCTS_BAD_LENGTH);
    in.sample_count = 2;
    in.samples = NULL;
    CHECK_STATUS(describe_input(&in, small, sizeof small, &needed), STRUCTS_NULL_ARGUMENT);
    CHECK(needed == 777);
    /* "It refuses only what it cannot read safely": a wrong record is shown. */
    in = record();
    in.version = 0;
    in.name = NULL;
    in.last.kind = 9;
    CHECK_STATUS(describe_input(&in, NULL, 0, &needed), STRUCTS_BUFFER_TOO_SMALL);
}

static void layout_probe(void)
{
    /* "Writes up to capacity rows ... returns how many rows there are in all." */
    size_t rows = structs_layout(NULL, 0);
    CHECK(rows > 0);
    LayoutEntry *entries = calloc(rows, sizeof *entries);
    CHECK(structs_layout(entries, 1) == rows);
    CHECK(entries[1].type_name == NULL); /* only one row written */
    CHECK(structs_layout(entries, rows) == rows);
    int found = 0;
    for (size_t i = 0; i < rows; i++) {
        if (strcmp(entries[i].type_name, "InputRecord") == 0 && strcmp(entries[i].field, "samples") == 0) {
            CHECK(entries[i].offset == offsetof(InputRecord, samples));
            found = 1;
        }
        if (strcmp(entries[i].type_name, "OutputRecord") == 0 && entries[i].field[0] == '\0') {
            CHECK(entries[i].size == sizeof(OutputRecord));
            CHECK(entries[i].align == _Alignof(OutputRecord));
        }
    }
    CHECK(found);
    free(entries);
}

/* Several threads transforming at once: exact results, every output freed. */
enum { THREADS = 4, ROUNDS = 2000 };

static void *transform_many(void *unused)
{
    (void)unused;
    InputRecord in = record();
    for (int i = 0; i < ROUNDS; i++) {
        OutputRecord out;
        if (transform_record(&in, 1.5, 20.0, 2, &out) != STRUCTS_OK)
            return (void *)1;
        int right = out.top_count == 2 && out.top[0].id == 2 && out.total == 105.0 * 1.5;
        free_output(&out);
        if (!right)
            return (void *)1;
    }
    return NULL;
}

static void threads(void)
{
    size_t live = live_outputs();
    pthread_t workers[THREADS];
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&workers[i], NULL, transform_many, NULL) == 0);
    for (int i = 0; i < THREADS; i++) {
        void *result = NULL;
        CHECK(pthread_join(workers[i], &result) == 0);
        CHECK(result == NULL);
    }
    CHECK(live_outputs() == live);
}

int main(void)
{
    transform_happy_path();
    one_status_each();
    order_of_checks();
    describe();
    layout_probe();
    threads();
    CHECK(live_outputs() == 0);
    return check_summary("structs_client");
}
