/* hybrid_pyconvert.h: one Python value <-> one C value, for the generated
 * typesupport extensions (Layer 2: this header needs Python.h, limited API).
 *
 * Every from_py_* returns false with an exception set that names the field,
 * as the generated Python classes' own checks do: a value reaches C only
 * after those checks, so these refusals are for code that went around them
 * (writing `message._level` directly). */
#ifndef HYBRID_PYCONVERT_H
#define HYBRID_PYCONVERT_H

#include <Python.h>
#include <stdbool.h>
#include <stdint.h>

#include "hybrid_runtime.h"

/* TypeError("<field> must be <expected>, not <type name>"); the limited API
 * hides tp_name, so the name is asked of the type object. */
static bool hybrid_type_error(const char *field, const char *expected, PyObject *value) {
    PyObject *name = PyObject_GetAttrString((PyObject *)Py_TYPE(value), "__name__");
    if (name != NULL) {
        PyErr_Format(PyExc_TypeError, "%s must be %s, not %S", field, expected, name);
        Py_DECREF(name);
    }
    return false;
}

static bool hybrid_from_py_int(PyObject *value, const char *field, long long low, long long high, long long *out) {
    if (!PyLong_Check(value) || PyBool_Check(value)) {
        return hybrid_type_error(field, "int", value);
    }
    long long number = PyLong_AsLongLong(value);
    if (number == -1 && PyErr_Occurred()) {
        PyErr_Clear(); /* beyond 64 bits: out of range either way */
        PyErr_Format(PyExc_ValueError, "%s must be from %lld to %lld", field, low, high);
        return false;
    }
    if (number < low || number > high) {
        PyErr_Format(PyExc_ValueError, "%s must be from %lld to %lld, got %lld", field, low, high, number);
        return false;
    }
    *out = number;
    return true;
}

static bool hybrid_from_py_uint64(PyObject *value, const char *field, unsigned long long *out) {
    if (!PyLong_Check(value) || PyBool_Check(value)) {
        return hybrid_type_error(field, "int", value);
    }
    unsigned long long number = PyLong_AsUnsignedLongLong(value);
    if (number == (unsigned long long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "%s must be from 0 to 18446744073709551615", field);
        return false;
    }
    *out = number;
    return true;
}

static bool hybrid_from_py_float(PyObject *value, const char *field, double *out) {
    if (PyBool_Check(value) || !(PyFloat_Check(value) || PyLong_Check(value))) {
        return hybrid_type_error(field, "float", value);
    }
    double number = PyFloat_AsDouble(value);
    if (number == -1.0 && PyErr_Occurred()) {
        return false; /* an int too large for a double: OverflowError */
    }
    *out = number;
    return true;
}

static bool hybrid_from_py_bool(PyObject *value, const char *field, bool *out) {
    if (!PyBool_Check(value)) {
        return hybrid_type_error(field, "bool", value);
    }
    *out = value == Py_True;
    return true;
}

static bool hybrid_from_py_byte(PyObject *value, const char *field, uint8_t *out) {
    if (!PyBytes_Check(value) || PyBytes_Size(value) != 1) {
        return hybrid_type_error(field, "bytes of length 1", value);
    }
    *out = (uint8_t)PyBytes_AsString(value)[0];
    return true;
}

static bool hybrid_from_py_char(PyObject *value, const char *field, uint8_t *out) {
    if (!PyUnicode_Check(value) || PyUnicode_GetLength(value) != 1) {
        return hybrid_type_error(field, "a str of length 1", value);
    }
    Py_UCS4 code = PyUnicode_ReadChar(value, 0);
    if (code > 255) {
        PyErr_Format(PyExc_ValueError, "%s must be a character from U+0000 to U+00FF", field);
        return false;
    }
    *out = (uint8_t)code;
    return true;
}

static bool hybrid_from_py_string(PyObject *value, const char *field, size_t bound, hybrid_String *out) {
    if (!PyUnicode_Check(value)) {
        return hybrid_type_error(field, "str", value);
    }
    PyObject *utf8 = PyUnicode_AsUTF8String(value); /* a lone surrogate: UnicodeEncodeError */
    if (utf8 == NULL) {
        return false;
    }
    char *data = NULL;
    Py_ssize_t size = 0;
    bool ok = PyBytes_AsStringAndSize(utf8, &data, &size) == 0; /* refuses an embedded NUL */
    if (ok && bound && (size_t)size > bound) {
        PyErr_Format(PyExc_ValueError, "%s is %zd bytes of UTF-8, more than its bound of %zu", field, size, bound);
        ok = false;
    }
    if (ok && !hybrid_String__assign(out, data, (size_t)size)) {
        PyErr_NoMemory();
        ok = false;
    }
    Py_DECREF(utf8);
    return ok;
}

/* The items of a tuple (what the generated setters store), counted. */
static bool hybrid_from_py_tuple(PyObject *value, const char *field, Py_ssize_t *count) {
    if (!PyTuple_Check(value)) {
        return hybrid_type_error(field, "a tuple", value);
    }
    *count = PyTuple_Size(value);
    return true;
}

static PyObject *hybrid_to_py_string(const hybrid_String *string) {
    /* Bytes from C that are not UTF-8: UnicodeDecodeError, not a wrong str. */
    return PyUnicode_DecodeUTF8(string->data, (Py_ssize_t)string->size, "strict");
}

static PyObject *hybrid_to_py_byte(uint8_t byte) {
    return PyBytes_FromStringAndSize((const char *)&byte, 1);
}

#endif
