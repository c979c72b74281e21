/* hybrid_runtime.c: strings, sequences and CDR for generated messages
 * (hybrid_runtime.h says what each function promises). */
#include "hybrid_runtime.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

const char *hybrid_status_name(int32_t status) {
    switch (status) {
    case HYBRID_OK: return "HYBRID_OK";
    case HYBRID_NULL_ARGUMENT: return "HYBRID_NULL_ARGUMENT";
    case HYBRID_NO_MEMORY: return "HYBRID_NO_MEMORY";
    case HYBRID_TRUNCATED: return "HYBRID_TRUNCATED";
    case HYBRID_BAD_HEADER: return "HYBRID_BAD_HEADER";
    case HYBRID_BOUND_EXCEEDED: return "HYBRID_BOUND_EXCEEDED";
    case HYBRID_BAD_VALUE: return "HYBRID_BAD_VALUE";
    default: return "unknown status";
    }
}

/* ------------------------------------------------------------ strings */

bool hybrid_String__init(hybrid_String *string) {
    if (string == NULL) {
        return false;
    }
    string->data = calloc(1, 1); /* "": its NUL */
    string->size = 0;
    string->capacity = string->data ? 1 : 0;
    return string->data != NULL;
}

void hybrid_String__fini(hybrid_String *string) {
    if (string == NULL) {
        return;
    }
    free(string->data);
    string->data = NULL;
    string->size = string->capacity = 0;
}

bool hybrid_String__assign(hybrid_String *string, const char *value, size_t size) {
    if (string == NULL || (value == NULL && size > 0)) {
        return false;
    }
    if (size + 1 > string->capacity) {
        char *grown = realloc(string->data, size + 1);
        if (grown == NULL) {
            return false; /* the old content stays */
        }
        string->data = grown;
        string->capacity = size + 1;
    }
    if (size > 0) {
        memcpy(string->data, value, size);
    }
    string->data[size] = '\0';
    string->size = size;
    return true;
}

bool hybrid_String__copy(const hybrid_String *input, hybrid_String *output) {
    if (input == NULL || output == NULL) {
        return false;
    }
    return hybrid_String__assign(output, input->data, input->size);
}

bool hybrid_String__are_equal(const hybrid_String *a, const hybrid_String *b) {
    if (a == NULL || b == NULL) {
        return false;
    }
    return a->size == b->size && (a->size == 0 || memcmp(a->data, b->data, a->size) == 0);
}

/* ------------------------------------------------------------ sequences */

#define HYBRID_DEFINE_SEQUENCE(NAME, TYPE)                                                    \
    bool hybrid_##NAME##__Sequence__init(hybrid_##NAME##__Sequence *sequence, size_t size) {  \
        if (sequence == NULL) {                                                               \
            return false;                                                                     \
        }                                                                                     \
        sequence->data = size ? calloc(size, sizeof(TYPE)) : NULL;                            \
        if (size && sequence->data == NULL) {                                                 \
            sequence->size = sequence->capacity = 0;                                          \
            return false;                                                                     \
        }                                                                                     \
        sequence->size = sequence->capacity = size;                                           \
        return true;                                                                          \
    }                                                                                         \
    void hybrid_##NAME##__Sequence__fini(hybrid_##NAME##__Sequence *sequence) {               \
        if (sequence == NULL) {                                                               \
            return;                                                                           \
        }                                                                                     \
        free(sequence->data);                                                                 \
        sequence->data = NULL;                                                                \
        sequence->size = sequence->capacity = 0;                                              \
    }                                                                                         \
    bool hybrid_##NAME##__Sequence__copy(const hybrid_##NAME##__Sequence *input,              \
                                         hybrid_##NAME##__Sequence *output) {                 \
        hybrid_##NAME##__Sequence copy;                                                       \
        if (input == NULL || output == NULL) {                                                \
            return false;                                                                     \
        }                                                                                     \
        if (!hybrid_##NAME##__Sequence__init(&copy, input->size)) {                           \
            return false;                                                                     \
        }                                                                                     \
        if (input->size) {                                                                    \
            memcpy(copy.data, input->data, input->size * sizeof(TYPE));                       \
        }                                                                                     \
        hybrid_##NAME##__Sequence__fini(output);                                              \
        *output = copy;                                                                       \
        return true;                                                                          \
    }                                                                                         \
    bool hybrid_##NAME##__Sequence__are_equal(const hybrid_##NAME##__Sequence *a,             \
                                              const hybrid_##NAME##__Sequence *b) {           \
        if (a == NULL || b == NULL || a->size != b->size) {                                   \
            return false;                                                                     \
        }                                                                                     \
        for (size_t i = 0; i < a->size; i++) {                                                \
            if (a->data[i] != b->data[i]) { /* as C compares: NaN differs from itself */      \
                return false;                                                                 \
            }                                                                                 \
        }                                                                                     \
        return true;                                                                          \
    }

HYBRID_DEFINE_SEQUENCE(bool, bool)
HYBRID_DEFINE_SEQUENCE(byte, uint8_t)
HYBRID_DEFINE_SEQUENCE(char, uint8_t)
HYBRID_DEFINE_SEQUENCE(int8, int8_t)
HYBRID_DEFINE_SEQUENCE(uint8, uint8_t)
HYBRID_DEFINE_SEQUENCE(int16, int16_t)
HYBRID_DEFINE_SEQUENCE(uint16, uint16_t)
HYBRID_DEFINE_SEQUENCE(int32, int32_t)
HYBRID_DEFINE_SEQUENCE(uint32, uint32_t)
HYBRID_DEFINE_SEQUENCE(int64, int64_t)
HYBRID_DEFINE_SEQUENCE(uint64, uint64_t)
HYBRID_DEFINE_SEQUENCE(float32, float)
HYBRID_DEFINE_SEQUENCE(float64, double)

bool hybrid_String__Sequence__init(hybrid_String__Sequence *sequence, size_t size) {
    if (sequence == NULL) {
        return false;
    }
    sequence->size = sequence->capacity = 0;
    sequence->data = size ? calloc(size, sizeof(hybrid_String)) : NULL;
    if (size && sequence->data == NULL) {
        return false;
    }
    for (size_t i = 0; i < size; i++) {
        if (!hybrid_String__init(&sequence->data[i])) {
            sequence->size = i;
            hybrid_String__Sequence__fini(sequence);
            return false;
        }
    }
    sequence->size = sequence->capacity = size;
    return true;
}

void hybrid_String__Sequence__fini(hybrid_String__Sequence *sequence) {
    if (sequence == NULL) {
        return;
    }
    for (size_t i = 0; i < sequence->size; i++) {
        hybrid_String__fini(&sequence->data[i]);
    }
    free(sequence->data);
    sequence->data = NULL;
    sequence->size = sequence->capacity = 0;
}

bool hybrid_String__Sequence__copy(const hybrid_String__Sequence *input, hybrid_String__Sequence *output) {
    hybrid_String__Sequence copy;
    if (input == NULL || output == NULL) {
        return false;
    }
    if (!hybrid_String__Sequence__init(&copy, input->size)) {
        return false;
    }
    for (size_t i = 0; i < input->size; i++) {
        if (!hybrid_String__copy(&input->data[i], &copy.data[i])) {
            hybrid_String__Sequence__fini(&copy);
            return false;
        }
    }
    hybrid_String__Sequence__fini(output);
    *output = copy;
    return true;
}

bool hybrid_String__Sequence__are_equal(const hybrid_String__Sequence *a, const hybrid_String__Sequence *b) {
    if (a == NULL || b == NULL || a->size != b->size) {
        return false;
    }
    for (size_t i = 0; i < a->size; i++) {
        if (!hybrid_String__are_equal(&a->data[i], &b->data[i])) {
            return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------ bytes */

void hybrid_Buffer__init(hybrid_Buffer *buffer) {
    if (buffer == NULL) {
        return;
    }
    buffer->data = NULL;
    buffer->size = buffer->capacity = 0;
}

void hybrid_Buffer__fini(hybrid_Buffer *buffer) {
    if (buffer == NULL) {
        return;
    }
    free(buffer->data);
    hybrid_Buffer__init(buffer);
}

/* ------------------------------------------------------------ CDR */

/* Alignment counts from the end of the 4-byte header. */
enum { HEADER = 4 };

static bool reserve(hybrid_CdrWriter *writer, size_t more) {
    hybrid_Buffer *out = writer->out;
    if (writer->status != HYBRID_OK) {
        return false;
    }
    if (more > SIZE_MAX - out->size) {
        writer->status = HYBRID_NO_MEMORY;
        return false;
    }
    if (out->size + more > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 64;
        while (capacity < out->size + more) {
            capacity = capacity > SIZE_MAX / 2 ? out->size + more : capacity * 2;
        }
        uint8_t *grown = realloc(out->data, capacity);
        if (grown == NULL) {
            writer->status = HYBRID_NO_MEMORY;
            return false;
        }
        out->data = grown;
        out->capacity = capacity;
    }
    return true;
}

static void pad(hybrid_CdrWriter *writer, size_t align) {
    size_t used = writer->out->size - HEADER;
    size_t padding = (align - used % align) % align;
    if (padding && reserve(writer, padding)) {
        memset(writer->out->data + writer->out->size, 0, padding);
        writer->out->size += padding;
    }
}

void hybrid_cdr_begin(hybrid_CdrWriter *writer, hybrid_Buffer *out) {
    static const uint8_t header[HEADER] = {0x00, 0x01, 0x00, 0x00}; /* CDR, little-endian */
    if (writer == NULL) {
        return;
    }
    if (out == NULL) {
        writer->out = NULL;
        writer->status = HYBRID_NULL_ARGUMENT;
        return;
    }
    writer->out = out;
    writer->status = HYBRID_OK;
    out->size = 0;
    if (reserve(writer, HEADER)) {
        memcpy(out->data, header, HEADER);
        out->size = HEADER;
    }
}

/* x86-64 and aarch64 Linux are little-endian: memory order is wire order. */
void hybrid_cdr_write(hybrid_CdrWriter *writer, const void *values, size_t count, size_t size) {
    if (writer == NULL || count == 0 || size == 0) {
        return;
    }
    if (values == NULL && writer->status == HYBRID_OK) {
        writer->status = HYBRID_NULL_ARGUMENT;
    }
    pad(writer, size);
    if (count > SIZE_MAX / size) {
        writer->status = HYBRID_NO_MEMORY;
        return;
    }
    if (reserve(writer, count * size)) {
        memcpy(writer->out->data + writer->out->size, values, count * size);
        writer->out->size += count * size;
    }
}

void hybrid_cdr_write_count(hybrid_CdrWriter *writer, size_t count, size_t bound) {
    if (writer == NULL) {
        return;
    }
    if ((bound && count > bound) || count > UINT32_MAX) {
        if (writer->status == HYBRID_OK) {
            writer->status = HYBRID_BOUND_EXCEEDED;
        }
        return;
    }
    uint32_t wire = (uint32_t)count;
    hybrid_cdr_write(writer, &wire, 1, sizeof wire);
}

void hybrid_cdr_write_string(hybrid_CdrWriter *writer, const hybrid_String *string, size_t bound) {
    if (writer == NULL) {
        return;
    }
    if (string == NULL) {
        if (writer->status == HYBRID_OK) {
            writer->status = HYBRID_NULL_ARGUMENT;
        }
        return;
    }
    if (bound && string->size > bound) {
        if (writer->status == HYBRID_OK) {
            writer->status = HYBRID_BOUND_EXCEEDED;
        }
        return;
    }
    hybrid_cdr_write_count(writer, string->size + 1, 0); /* the NUL counts */
    if (string->size) {
        hybrid_cdr_write(writer, string->data, string->size, 1);
    }
    static const char nul = '\0';
    hybrid_cdr_write(writer, &nul, 1, 1);
}

void hybrid_cdr_open(hybrid_CdrReader *reader, const uint8_t *data, size_t size) {
    if (reader == NULL) {
        return;
    }
    reader->data = data;
    reader->size = size;
    reader->position = HEADER;
    reader->status = HYBRID_OK;
    if (data == NULL) {
        reader->status = HYBRID_NULL_ARGUMENT;
    } else if (size < HEADER) {
        reader->status = HYBRID_TRUNCATED;
    } else if (data[0] != 0x00 || data[1] != 0x01) {
        reader->status = HYBRID_BAD_HEADER;
    }
}

/* Skips padding and checks `bytes` more are there. */
static bool take(hybrid_CdrReader *reader, size_t bytes, size_t align) {
    if (reader->status != HYBRID_OK) {
        return false;
    }
    size_t used = reader->position - HEADER;
    size_t padding = (align - used % align) % align;
    if (padding > reader->size - reader->position || bytes > reader->size - reader->position - padding) {
        reader->status = HYBRID_TRUNCATED;
        return false;
    }
    reader->position += padding;
    return true;
}

void hybrid_cdr_read(hybrid_CdrReader *reader, void *values, size_t count, size_t size) {
    if (reader == NULL || count == 0 || size == 0) {
        return;
    }
    if (values == NULL) {
        reader->status = reader->status ? reader->status : HYBRID_NULL_ARGUMENT;
        return;
    }
    if (count > SIZE_MAX / size) {
        reader->status = HYBRID_TRUNCATED;
        return;
    }
    if (take(reader, count * size, size)) {
        memcpy(values, reader->data + reader->position, count * size);
        reader->position += count * size;
    }
}

void hybrid_cdr_read_bools(hybrid_CdrReader *reader, bool *values, size_t count) {
    if (reader == NULL || count == 0) {
        return;
    }
    if (values == NULL) {
        reader->status = reader->status ? reader->status : HYBRID_NULL_ARGUMENT;
        return;
    }
    if (!take(reader, count, 1)) {
        return;
    }
    for (size_t i = 0; i < count; i++) {
        uint8_t byte = reader->data[reader->position + i];
        if (byte > 1) {
            reader->status = HYBRID_BAD_VALUE;
            return;
        }
        values[i] = byte == 1;
    }
    reader->position += count;
}

size_t hybrid_cdr_read_count(hybrid_CdrReader *reader, size_t bound, size_t min_size) {
    if (reader == NULL) {
        return 0;
    }
    uint32_t count = 0;
    hybrid_cdr_read(reader, &count, 1, sizeof count);
    if (reader->status != HYBRID_OK) {
        return 0;
    }
    if (bound && count > bound) {
        reader->status = HYBRID_BOUND_EXCEEDED;
        return 0;
    }
    if (min_size && count > (reader->size - reader->position) / min_size) {
        reader->status = HYBRID_TRUNCATED;
        return 0;
    }
    return count;
}

void hybrid_cdr_read_string(hybrid_CdrReader *reader, hybrid_String *string, size_t bound) {
    if (reader == NULL) {
        return;
    }
    if (string == NULL) {
        reader->status = reader->status ? reader->status : HYBRID_NULL_ARGUMENT;
        return;
    }
    size_t count = hybrid_cdr_read_count(reader, bound ? bound + 1 : 0, 1);
    if (reader->status != HYBRID_OK) {
        return;
    }
    if (count == 0 || !take(reader, count, 1)) {
        if (reader->status == HYBRID_OK) {
            reader->status = HYBRID_BAD_VALUE; /* a string always counts its NUL */
        }
        return;
    }
    const char *text = (const char *)reader->data + reader->position;
    if (text[count - 1] != '\0') {
        reader->status = HYBRID_BAD_VALUE;
        return;
    }
    if (!hybrid_String__assign(string, text, count - 1)) {
        reader->status = HYBRID_NO_MEMORY;
        return;
    }
    reader->position += count;
}

/* ------------------------------------------------------------ lifetimes */

static _Atomic int64_t live_messages;

int64_t hybrid_live_messages(void) {
    return atomic_load(&live_messages);
}

void hybrid_live_messages_add(int64_t change) {
    atomic_fetch_add(&live_messages, change);
}
