/* hybrid_typesupport.h: the seam between the two Layer 2 extensions.
 *
 * The generated typesupport extension (_demo_msgs_s) hands out, for each
 * message, six C functions, each in a PyCapsule named
 * "<package>/msg/<Message>.<function>" (for example
 * "demo_msgs/msg/DemoStatus.convert_from_py"). The runtime extension
 * (_hybrid_runtime) never links the typesupport extension: it receives the
 * capsules through the message class, checks each name, and calls through
 * the pointers. These are the pointers' types. */
#ifndef HYBRID_TYPESUPPORT_H
#define HYBRID_TYPESUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hybrid_runtime.h"

/* Both kinds of PyObject pointer are opaque here: this header needs no Python.h. */
typedef struct _object hybrid_PyObject;

/* A new, initialised C message; NULL when out of memory. */
typedef void *(*hybrid_create_fn)(void);
/* Finalises and frees what create made. */
typedef void (*hybrid_destroy_fn)(void *message);
/* Python message -> initialised C message; false with a Python exception set. GIL held. */
typedef bool (*hybrid_convert_from_py_fn)(hybrid_PyObject *pymessage, void *message);
/* C message -> new Python message; NULL with a Python exception set. GIL held. */
typedef hybrid_PyObject *(*hybrid_convert_to_py_fn)(void *message);
/* C message -> CDR bytes in `out` (replaced); a hybrid_status. No GIL needed. */
typedef int32_t (*hybrid_serialize_fn)(const void *message, hybrid_Buffer *out);
/* CDR bytes -> initialised C message, replaced only on success; a hybrid_status. */
typedef int32_t (*hybrid_deserialize_fn)(void *message, const uint8_t *data, size_t size);

#endif
