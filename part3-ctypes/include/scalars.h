/*
 * scalars.h: the C ABI of libscalars, Part III's Layer 3 target library.
 *
 * A plain shared library: it includes no Python.h and links no libpython.
 * Python reaches it through a ready-made extension module (_ctypes,
 * _cffi_backend) or through the shim that cffi's API mode generates.
 *
 * Conventions, the same in every function:
 *   - a function that can fail returns a scalars_status and writes its
 *     result through an out-pointer;
 *   - strings going in are NUL-terminated UTF-8 (`const char *`);
 *   - a string the library allocates is released with free_string(),
 *     never with the caller's free();
 *   - no function lets a Rust panic unwind into the caller: it becomes
 *     SCALARS_PANIC (or the documented NULL / sentinel).
 *
 * The text between "cffi:begin" and "cffi:end" is also fed to cffi's
 * ffi.cdef(), so it holds only what cdef understands (no #include, no
 * #ifdef, integer #defines only).
 */
#ifndef SCALARS_H
#define SCALARS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* cffi:begin */
/* ANCHOR: status */
typedef int32_t scalars_status;
#define SCALARS_OK               0
#define SCALARS_NULL_ARGUMENT    1 /* a required pointer was NULL          */
#define SCALARS_DIVISION_BY_ZERO 2
#define SCALARS_OVERFLOW         3 /* the result does not fit its C type   */
#define SCALARS_INVALID_UTF8     4 /* not UTF-8; count_code_points' *out holds the offset of the bad byte */
#define SCALARS_BUFFER_TOO_SMALL 5 /* *needed holds the size required      */
#define SCALARS_PANIC            6 /* a bug inside the library was caught  */
/* ANCHOR_END: status */

/* ANCHOR: scalars */
/* a + b, wrapping on overflow (two's complement), never failing. */
int64_t add(int64_t a, int64_t b);

/* The n-th Fibonacci number, iteratively: fib(0) = 0, fib(1) = 1.
 * fib(93) is the largest that fits; for n > FIB_MAX_N it returns
 * UINT64_MAX, which is never a Fibonacci number. */
#define FIB_MAX_N 93
uint64_t fib(uint32_t n);

/* Does nothing: measures the bare cost of a call. */
void noop(void);

/* Degrees Celsius to degrees Fahrenheit. */
double celsius_to_fahrenheit(double celsius);
/* ANCHOR_END: scalars */

/* ANCHOR: checked_div */
/* *out = a / b, truncating toward zero as C does.
 * SCALARS_DIVISION_BY_ZERO when b == 0,
 * SCALARS_OVERFLOW for INT64_MIN / -1. */
scalars_status checked_div(int64_t a, int64_t b, int64_t *out);
/* ANCHOR_END: checked_div */

/* ANCHOR: strings */
/* *out = the number of Unicode code points in `text`.
 * SCALARS_INVALID_UTF8 when `text` is not UTF-8; *out is then the byte
 * offset of the first invalid byte. */
scalars_status count_code_points(const char *text, uint64_t *out);

/* Writes "<sensor>: <celsius> °C" (two decimals, NUL-terminated) into the
 * caller's buffer `buf` of `buf_len` bytes. When `needed` is not NULL it
 * always receives a value: the size required, NUL included, or 0 when the
 * status is neither SCALARS_OK nor SCALARS_BUFFER_TOO_SMALL. When buf_len <
 * *needed nothing is written and the status is SCALARS_BUFFER_TOO_SMALL.
 * `buf` may be NULL when buf_len is 0: that asks for the size only. */
scalars_status format_reading(const char *sensor, double celsius,
                              char *buf, size_t buf_len, size_t *needed);

/* The same text as format_reading, in a string the library allocates.
 * Release it with free_string(). NULL when `sensor` is NULL or not UTF-8. */
char *format_reading_alloc(const char *sensor, double celsius);

/* Releases a string returned by this library. NULL is accepted. */
void free_string(char *s);
/* ANCHOR_END: strings */

/* ANCHOR: callback */
/* Called once per term; return 0 to go on, anything else to stop. */
typedef int32_t (*fib_visitor)(uint32_t index, uint64_t term, void *user_data);

/* Calls visit(i, fib(i), user_data) for i = 0 .. count-1.
 * SCALARS_NULL_ARGUMENT when visit is NULL;
 * SCALARS_OVERFLOW when count > FIB_MAX_N + 1. */
scalars_status for_each_fib(uint32_t count, fib_visitor visit, void *user_data);
/* ANCHOR_END: callback */

/* A teaching aid: panics inside the library, and shows that the panic
 * comes back as SCALARS_PANIC instead of unwinding into C. */
scalars_status panic_demo(void);
/* cffi:end */

#ifdef __cplusplus
}
#endif

#endif /* SCALARS_H */
