/* libnumbers: the C ABI of exercise 04's library. cffi reads this file as
 * its cdef, with the #include and #ifndef lines removed. */
#ifndef NUMBERS_H
#define NUMBERS_H
#include <stdint.h>

int64_t add(int64_t a, int64_t b);

// ex: starter
// | /* TODO: declare gcd, the greatest common divisor; gcd(0, 0) == 0. */
// ex: mistake 2: "do all three files say uint64_t?"
// | /* The greatest common divisor; gcd(0, 0) == 0. */
// | int64_t gcd(int64_t a, int64_t b);
// ex: solution
/* The greatest common divisor; gcd(0, 0) == 0. */
uint64_t gcd(uint64_t a, uint64_t b);
// ex: end

#endif
