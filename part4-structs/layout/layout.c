/* What a C compiler makes of include/structs.h: every struct's size and
 * alignment and each field's offset, size and alignment, one row per line:
 *
 *     Type field offset size align      (field is "-" for the struct itself)
 *
 * The Makefile builds it; tests/test_structs_layout.py compares its rows with the
 * Rust library's probe and with the ctypes mirrors. Built with the same
 * compiler and flags a C user of libstructs would use.
 */
#include <stddef.h>
#include <stdio.h>

#include "structs.h"

/* __typeof__: _Alignof takes a type, and a field's type is what we have. */
#define STRUCT_ROW(T) \
    printf("%s - 0 %zu %zu\n", #T, sizeof(T), _Alignof(T))
#define FIELD_ROW(T, f)                                              \
    printf("%s %s %zu %zu %zu\n", #T, #f, offsetof(T, f),           \
           sizeof(((T *)0)->f), _Alignof(__typeof__(((T *)0)->f)))

int main(void) {
    STRUCT_ROW(Point);
    FIELD_ROW(Point, x);
    FIELD_ROW(Point, y);

    STRUCT_ROW(Sample);
    FIELD_ROW(Sample, id);
    FIELD_ROW(Sample, weight);

    STRUCT_ROW(ReadingValue);
    FIELD_ROW(ReadingValue, count);
    FIELD_ROW(ReadingValue, value);

    STRUCT_ROW(Reading);
    FIELD_ROW(Reading, kind);
    FIELD_ROW(Reading, as);

    STRUCT_ROW(InputRecord);
    FIELD_ROW(InputRecord, name);
    FIELD_ROW(InputRecord, version);
    FIELD_ROW(InputRecord, origin);
    FIELD_ROW(InputRecord, unit);
    FIELD_ROW(InputRecord, thresholds);
    FIELD_ROW(InputRecord, samples);
    FIELD_ROW(InputRecord, sample_count);
    FIELD_ROW(InputRecord, last);

    STRUCT_ROW(OutputRecord);
    FIELD_ROW(OutputRecord, title);
    FIELD_ROW(OutputRecord, top);
    FIELD_ROW(OutputRecord, top_count);
    FIELD_ROW(OutputRecord, origin);
    FIELD_ROW(OutputRecord, total);
    FIELD_ROW(OutputRecord, alarm_counts);
    FIELD_ROW(OutputRecord, last);
    return 0;
}
