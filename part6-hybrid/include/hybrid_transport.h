/* hybrid_transport.h: the transport plugin interface (Layer 3: no Python).
 *
 * The runtime loads one transport library by name at run time (with
 * libloading: HYBRID_TRANSPORT=local loads libhybrid_transport_local.so),
 * the way ROS 2 picks an RMW implementation. A transport moves opaque bytes
 * (serialized messages) from publishers to subscriptions on named topics;
 * it knows each endpoint's type name and type hash only to refuse a
 * mismatch. Another implementation (over Zenoh or DDS) provides these same
 * functions and nothing in the runtime changes.
 *
 * Every function returns a hybrid_transport_status. Transports,
 * publishers and subscriptions are 64-bit ids, never pointers: an id used
 * after its close is HT_CLOSED, not a crash. Strings are NUL-terminated
 * UTF-8. Pointers are checked first, then ids, then values; on any error
 * nothing is created and nothing is sent. No function ever lets a panic out.
 * After an error, hybrid_transport_last_error says what happened (per thread). */
#ifndef HYBRID_TRANSPORT_H
#define HYBRID_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The interface version this header describes; the runtime refuses a library with another. */
#define HYBRID_TRANSPORT_ABI 1

typedef enum hybrid_transport_status {
    HT_OK = 0,
    HT_NULL_ARGUMENT = 1,     /* a required pointer was NULL */
    HT_BAD_ARGUMENT = 2,      /* not UTF-8, a bad topic name, depth 0 */
    HT_TYPE_MISMATCH = 3,     /* the topic carries another type (both named in last_error) */
    HT_NO_MESSAGE = 4,        /* take: the queue is empty; wait: the time ran out */
    HT_BUFFER_TOO_SMALL = 5,  /* take: *size says how many bytes the next message needs */
    HT_CLOSED = 6,            /* an id that is closed or was never issued */
    HT_IO_ERROR = 7,          /* the operating system refused (last_error says what) */
    HT_PANIC = 8,             /* a bug in the transport, caught at the boundary */
} hybrid_transport_status;

/* HYBRID_TRANSPORT_ABI, as the library was built. */
uint32_t hybrid_transport_abi(void);
/* The implementation's name ("local"), static. */
const char *hybrid_transport_name(void);

/* A transport for `domain` (a name: processes meet only in the same domain). */
int32_t hybrid_transport_open(const char *domain, uint64_t *transport);
/* Closes every endpoint it made, then the transport. */
int32_t hybrid_transport_close(uint64_t transport);

/* A publisher of `type_name` (with `type_hash`) on `topic`. */
int32_t hybrid_transport_advertise(uint64_t transport, const char *topic, const char *type_name,
                                   const char *type_hash, uint64_t *publisher);
/* Sends one message: every subscription of the topic gets the bytes whole or not at all. */
int32_t hybrid_transport_publish(uint64_t transport, uint64_t publisher, const uint8_t *data, size_t size);

/* A subscription keeping the last `depth` messages (older ones are dropped and counted). */
int32_t hybrid_transport_subscribe(uint64_t transport, const char *topic, const char *type_name,
                                   const char *type_hash, uint32_t depth, uint64_t *subscription);
/* The oldest message kept, copied into `buffer` and removed; *size is its length. */
int32_t hybrid_transport_take(uint64_t transport, uint64_t subscription, uint8_t *buffer, size_t capacity,
                              size_t *size);
/* Waits until a message is kept (HT_OK) or `timeout_ms` passes (HT_NO_MESSAGE); -1 waits forever. */
int32_t hybrid_transport_wait(uint64_t transport, uint64_t subscription, int64_t timeout_ms);
/* How many messages the subscription dropped because its queue was full. */
int32_t hybrid_transport_dropped(uint64_t transport, uint64_t subscription, uint64_t *dropped);

/* Removes a publisher or a subscription. */
int32_t hybrid_transport_remove(uint64_t transport, uint64_t endpoint);

/* The last error's message on this thread, NUL-terminated, cut to `capacity`;
 * *needed is its full length plus one. */
int32_t hybrid_transport_last_error(char *buffer, size_t capacity, size_t *needed);

#ifdef __cplusplus
}
#endif

#endif
