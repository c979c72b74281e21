/* Part I's `add`, written in C: the yardstick Part II measures the Rust
 * module against. The same contract, the same checks, the same messages:
 *
 *     def _add_in_c(a: int, b: int, /) -> int:
 *         return a + b      # each an int64; OverflowError past int64
 *
 * Compiled by build.rs (the `cc` crate) into the Part I module, whose method
 * table lists it beside `add`; under the same stable ABI (3.10). What it has
 * no counterpart for is the Rust module's panic trap: C cannot panic. */
#define Py_LIMITED_API 0x030A0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>

static const char NAME[] = "_add_in_c";

/* The error paths, out of line as in the Rust module. */
static PyObject *wrong_count(Py_ssize_t given) __attribute__((cold, noinline));
static void not_an_int(const char *name, PyObject *value) __attribute__((cold, noinline));
static void too_big(const char *what, const char *name) __attribute__((cold, noinline));

static PyObject *wrong_count(Py_ssize_t given) {
    if (given == 0) {
        PyErr_Format(PyExc_TypeError, "%s() missing 2 required positional arguments: 'a' and 'b'", NAME);
    } else if (given == 1) {
        PyErr_Format(PyExc_TypeError, "%s() missing 1 required positional argument: 'b'", NAME);
    } else {
        PyErr_Format(PyExc_TypeError, "%s() takes 2 positional arguments but %zd were given", NAME, given);
    }
    return NULL;
}

static void not_an_int(const char *name, PyObject *value) {
    PyObject *type_name = PyObject_GetAttrString((PyObject *)Py_TYPE(value), "__name__");
    if (type_name != NULL) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be int, not %U", NAME, name, type_name);
        Py_DECREF(type_name);
    }
}

/* `what` is "argument 'a'" or "result". */
static void too_big(const char *what, const char *name) {
    if (name != NULL) {
        PyErr_Format(PyExc_OverflowError, "%s() %s '%s' does not fit a 64-bit signed integer", NAME, what, name);
    } else {
        PyErr_Format(PyExc_OverflowError, "%s() %s does not fit a 64-bit signed integer", NAME, what);
    }
}

// ANCHOR: function
/* One int64 argument into *out: 1, or 0 with an exception set. */
static inline int int64_arg(const char *name, PyObject *value, long long *out) {
    /* An exact int is a pointer comparison; PyLong_Check is a call under
     * the stable ABI. */
    if (Py_TYPE(value) != &PyLong_Type && !PyLong_Check(value)) {
        not_an_int(name, value);
        return 0;
    }
    int overflow = 0;
    *out = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow != 0) {
        too_big("argument", name);
        return 0;
    }
    return 1;
}

/* METH_FASTCALL: `args` points into the caller's own array. */
PyObject *part1_add_in_c(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    long long a, b, sum;
    if (nargs != 2) {
        return wrong_count(nargs);
    }
    if (!int64_arg("a", args[0], &a) || !int64_arg("b", args[1], &b)) {
        return NULL;
    }
    if (__builtin_add_overflow(a, b, &sum)) {
        too_big("result", NULL);
        return NULL;
    }
#if LONG_MAX == LLONG_MAX
    return PyLong_FromLong((long)sum); /* the direct route where long is 64 bits */
#else
    return PyLong_FromLongLong(sum);
#endif
}
// ANCHOR_END: function
