/* Two deliberate bugs, for the memory-checker gate's self-check: if
 * valgrind does not report both, the gate cannot be trusted. Built and used
 * by tools/reliability/memcheck.py only. */
#include <stdlib.h>
#include <string.h>

/* Allocates and forgets: "definitely lost". */
void seeded_leak(void) {
    char *lost = malloc(64);
    memset(lost, 1, 64);
}

/* Reads one byte past the end of a heap block: "Invalid read". */
int seeded_over_read(void) {
    char *block = malloc(16);
    memset(block, 2, 16);
    volatile char past = block[16];
    free(block);
    return past;
}
