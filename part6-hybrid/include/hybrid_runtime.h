/* hybrid_runtime.h: what every generated message library uses (Layer 3,
 * no Python.h). rosidl calls its equivalent rosidl_runtime_c.
 *
 * - Strings and sequences are three words: a pointer to `capacity`
 *   elements, of which the first `size` are in use. A string's data is
 *   always NUL-terminated too (data[size] == '\0'), so C code may read it
 *   as a C string; its size counts bytes of UTF-8, without the NUL.
 * - Every `__init` may fail for lack of memory (it returns false and leaves
 *   nothing to free); every `__fini` may be called on an initialised value
 *   only, once.
 * - A NULL where a string, sequence, buffer or message is wanted is refused:
 *   a bool function returns false, a void one does nothing, serialize and
 *   deserialize return HYBRID_NULL_ARGUMENT. Nothing is allocated then. A
 *   CDR function given a NULL writer or reader does nothing; given NULL
 *   values, it sets the status to HYBRID_NULL_ARGUMENT.
 * - The wire format is CDR, little-endian (the format ROS 2's DDS layers
 *   use): a 4-byte header (0x00 0x01 0x00 0x00), then each field in order,
 *   aligned to its own size from the end of the header; strings and
 *   sequences start with a uint32 count (a string's counts its NUL).
 */
#ifndef HYBRID_RUNTIME_H
#define HYBRID_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What serialize and deserialize return. */
typedef enum hybrid_status {
    HYBRID_OK = 0,
    HYBRID_NULL_ARGUMENT = 1,    /* a required pointer was NULL */
    HYBRID_NO_MEMORY = 2,        /* an allocation failed; nothing half-made is kept */
    HYBRID_TRUNCATED = 3,        /* the bytes end before the message does */
    HYBRID_BAD_HEADER = 4,       /* not CDR little-endian */
    HYBRID_BOUND_EXCEEDED = 5,   /* a bounded string or sequence is too long */
    HYBRID_BAD_VALUE = 6,        /* a bool other than 0 or 1, a string without its NUL */
} hybrid_status;

/* The status's name, for messages: "HYBRID_TRUNCATED". */
const char *hybrid_status_name(int32_t status);

/* ------------------------------------------------------------ strings */

typedef struct hybrid_String {
    char *data;
    size_t size;
    size_t capacity;
} hybrid_String;

bool hybrid_String__init(hybrid_String *string);
void hybrid_String__fini(hybrid_String *string);
/* Replaces the content with `size` bytes from `value` (NUL added). */
bool hybrid_String__assign(hybrid_String *string, const char *value, size_t size);
bool hybrid_String__copy(const hybrid_String *input, hybrid_String *output);
bool hybrid_String__are_equal(const hybrid_String *a, const hybrid_String *b);

/* ------------------------------------------------------------ sequences */

/* A sequence of each primitive type: hybrid_int32__Sequence and so on.
 * __init(seq, size) makes `size` zeroed elements. */
#define HYBRID_DECLARE_SEQUENCE(NAME, TYPE)                                             \
    typedef struct hybrid_##NAME##__Sequence {                                          \
        TYPE *data;                                                                     \
        size_t size;                                                                    \
        size_t capacity;                                                                \
    } hybrid_##NAME##__Sequence;                                                        \
    bool hybrid_##NAME##__Sequence__init(hybrid_##NAME##__Sequence *sequence, size_t size); \
    void hybrid_##NAME##__Sequence__fini(hybrid_##NAME##__Sequence *sequence);          \
    bool hybrid_##NAME##__Sequence__copy(const hybrid_##NAME##__Sequence *input,        \
                                         hybrid_##NAME##__Sequence *output);            \
    bool hybrid_##NAME##__Sequence__are_equal(const hybrid_##NAME##__Sequence *a,       \
                                              const hybrid_##NAME##__Sequence *b);

HYBRID_DECLARE_SEQUENCE(bool, bool)
HYBRID_DECLARE_SEQUENCE(byte, uint8_t)
HYBRID_DECLARE_SEQUENCE(char, uint8_t)
HYBRID_DECLARE_SEQUENCE(int8, int8_t)
HYBRID_DECLARE_SEQUENCE(uint8, uint8_t)
HYBRID_DECLARE_SEQUENCE(int16, int16_t)
HYBRID_DECLARE_SEQUENCE(uint16, uint16_t)
HYBRID_DECLARE_SEQUENCE(int32, int32_t)
HYBRID_DECLARE_SEQUENCE(uint32, uint32_t)
HYBRID_DECLARE_SEQUENCE(int64, int64_t)
HYBRID_DECLARE_SEQUENCE(uint64, uint64_t)
HYBRID_DECLARE_SEQUENCE(float32, float)
HYBRID_DECLARE_SEQUENCE(float64, double)

/* A sequence of strings: __init makes `size` empty strings. */
typedef struct hybrid_String__Sequence {
    hybrid_String *data;
    size_t size;
    size_t capacity;
} hybrid_String__Sequence;

bool hybrid_String__Sequence__init(hybrid_String__Sequence *sequence, size_t size);
void hybrid_String__Sequence__fini(hybrid_String__Sequence *sequence);
bool hybrid_String__Sequence__copy(const hybrid_String__Sequence *input, hybrid_String__Sequence *output);
bool hybrid_String__Sequence__are_equal(const hybrid_String__Sequence *a, const hybrid_String__Sequence *b);

/* ------------------------------------------------------------ bytes */

/* Serialized bytes, owned: hybrid_Buffer__fini frees them. */
typedef struct hybrid_Buffer {
    uint8_t *data;
    size_t size;
    size_t capacity;
} hybrid_Buffer;

void hybrid_Buffer__init(hybrid_Buffer *buffer);
void hybrid_Buffer__fini(hybrid_Buffer *buffer);

/* ------------------------------------------------------------ CDR */

/* Writes into a buffer; the first failure is kept in `status` and every
 * later write does nothing, so generated code checks once, at the end. */
typedef struct hybrid_CdrWriter {
    hybrid_Buffer *out;
    int32_t status;
} hybrid_CdrWriter;

void hybrid_cdr_begin(hybrid_CdrWriter *writer, hybrid_Buffer *out);
/* `count` elements of `size` bytes, aligned to `size`. */
void hybrid_cdr_write(hybrid_CdrWriter *writer, const void *values, size_t count, size_t size);
/* A count, refused if above `bound` (0: no bound). */
void hybrid_cdr_write_count(hybrid_CdrWriter *writer, size_t count, size_t bound);
void hybrid_cdr_write_string(hybrid_CdrWriter *writer, const hybrid_String *string, size_t bound);

/* Reads from bytes it does not own; the first failure is kept in `status`. */
typedef struct hybrid_CdrReader {
    const uint8_t *data;
    size_t size;
    size_t position;
    int32_t status;
} hybrid_CdrReader;

void hybrid_cdr_open(hybrid_CdrReader *reader, const uint8_t *data, size_t size);
void hybrid_cdr_read(hybrid_CdrReader *reader, void *values, size_t count, size_t size);
/* bools must be 0 or 1 */
void hybrid_cdr_read_bools(hybrid_CdrReader *reader, bool *values, size_t count);
/* A count, refused above `bound` (0: none) or if `min_size`-byte elements
 * could not fit in what is left (so a forged count allocates nothing). */
size_t hybrid_cdr_read_count(hybrid_CdrReader *reader, size_t bound, size_t min_size);
void hybrid_cdr_read_string(hybrid_CdrReader *reader, hybrid_String *string, size_t bound);

/* ------------------------------------------------------------ lifetimes */

/* Messages initialised and not yet finalised, in this process: the tests'
 * proof that every struct is fini'd. */
int64_t hybrid_live_messages(void);
void hybrid_live_messages_add(int64_t change);

#ifdef __cplusplus
}
#endif

#endif
