/* check.h: the smallest test harness a C programmer writes, shared by the
 * C clients in this folder. CHECK records a failure with its line and goes
 * on; check_summary() prints "N passed, N failed" and gives the exit code. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

static void check_record(int ok, const char *what, const char *file, int line)
{
    if (ok) {
        check_passed++;
    } else {
        check_failed++;
        printf("FAILED %s:%d: %s\n", file, line, what);
    }
}

#define CHECK(condition) check_record((condition) ? 1 : 0, #condition, __FILE__, __LINE__)
/* A status, compared by name so a failure says which was expected. */
#define CHECK_STATUS(call, expected) check_record((call) == (expected), #call " == " #expected, __FILE__, __LINE__)
#define CHECK_TEXT(actual, expected) check_record(strcmp((actual), (expected)) == 0, #actual " is \"" expected "\"", __FILE__, __LINE__)

static int check_summary(const char *client)
{
    printf("%s: %d passed, %d failed\n", client, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}

#endif /* CHECK_H */
