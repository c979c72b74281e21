/* part1_capi's C-level API: what another extension module can call without
 * going through Python attribute lookups (seed 004's "opaque handle API").
 *
 *     Part1CApi *api = PyCapsule_Import("part1_capi._C_API", 0);
 *     if (api == NULL) return NULL;          // ImportError or AttributeError set
 *     if (api->version < 1) ...              // entries are only ever appended
 *     int64_t ms = api->timeout_ms(config);  // -1 with TypeError if not a Config
 *
 * The layout mirrors `struct Part1CApi` in src/capsule.rs; a test reads the
 * table through ctypes with the same field list.
 */
#ifndef PART1_CAPI_H
#define PART1_CAPI_H

#include <stdint.h>
#include <Python.h>

typedef struct {
    uint32_t version; /* 1 */
    /* 0 if `seconds` is a valid Config timeout, -1 if not. No GIL needed. */
    int (*check_timeout)(int64_t seconds);
    /* 0 if the NUL-terminated UTF-8 `url` is a valid Config url, -1 if not
     * (NULL included). No GIL needed. */
    int (*check_url)(const char *url);
    /* A Config's timeout in milliseconds; -1 with TypeError set if `config`
     * is not a part1_capi.Config. Call with the GIL held. */
    int64_t (*timeout_ms)(PyObject *config);
} Part1CApi;

#endif
