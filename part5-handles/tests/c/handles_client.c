/* handles_client.c: libhandles as a C programmer uses it, written from
 * include/handles.h alone. Each block checks one sentence of the header.
 *
 * Built and run by tests/test_c_clients.py, plainly and under
 * -fsanitize=address,undefined. Prints "N passed, N failed". */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "handles.h"

static const char URL[] = "http://example.com/";

static uint64_t new_config(int64_t timeout, const char *url, bool ssl)
{
    uint64_t handle = 0;
    CHECK_STATUS(config_create(timeout, url, strlen(url), ssl, &handle), HANDLES_OK);
    return handle;
}

static const char *last_error(void)
{
    static char message[512];
    size_t needed = 0;
    if (handles_last_error(message, sizeof message, &needed) != HANDLES_OK)
        return "(no message)";
    return message;
}

/* "A function that returns an error has created nothing and changed nothing." */
static void errors_create_nothing(void)
{
    size_t configs = handles_live(HANDLES_KIND_CONFIG);
    size_t counters = handles_live(HANDLES_KIND_COUNTER);
    CHECK_STATUS(counter_create(1, NULL), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_create(30, URL, strlen(URL), false, NULL), HANDLES_NULL_ARGUMENT);
    uint64_t handle = 0;
    CHECK_STATUS(config_create(30, NULL, 5, false, &handle), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_create(0, URL, strlen(URL), false, &handle), HANDLES_TIMEOUT_RANGE);
    CHECK(handle == 0);
    CHECK(handles_live(HANDLES_KIND_CONFIG) == configs);
    CHECK(handles_live(HANDLES_KIND_COUNTER) == counters);
}

/* "Each checks, in this order: its pointers, its handle, its values." */
static void order_of_checks(void)
{
    uint64_t config = new_config(30, "https://h/", false);
    /* A NULL out wins over a bad timeout, a bad url and an unusable config. */
    CHECK_STATUS(config_create(0, "ftp://h", 7, false, NULL), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_process(config, NULL), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_timeout(0, NULL), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_set_url(0, NULL, 3), HANDLES_NULL_ARGUMENT);
    /* The handle before the values. */
    CHECK_STATUS(config_set_timeout(0, 0), HANDLES_INVALID_HANDLE);
    CHECK_STATUS(config_set_url(0, "ftp://h", 7), HANDLES_INVALID_HANDLE);
    /* Values in parameter order: timeout, then url. */
    uint64_t out = 0;
    CHECK_STATUS(config_create(0, "ftp://h", 7, false, &out), HANDLES_TIMEOUT_RANGE);
    CHECK_STATUS(config_create(30, "ftp://h", 7, false, &out), HANDLES_URL_SCHEME);
    CHECK_STATUS(config_release(config), HANDLES_OK);
}

static void config_statuses(void)
{
    uint64_t out = 0;
    static const struct {
        const char *url;
        int32_t status;
    } urls[] = {
        {"http://h/a b", HANDLES_URL_CHARACTER},
        {"http://h/\xed\xa0\x80", HANDLES_URL_NOT_UNICODE}, /* a lone surrogate, "surrogatepass" */
        {"http://h/\xff", HANDLES_INVALID_TEXT},             /* not UTF-8 at all */
        {"example.com", HANDLES_URL_SHAPE},
        {"ftp://h", HANDLES_URL_SCHEME},
        {"http://", HANDLES_URL_EMPTY_HOST},
        {"http://exa_mple", HANDLES_URL_HOST},
        {"http://h:0", HANDLES_URL_PORT},
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        CHECK_STATUS(config_create(30, urls[i].url, strlen(urls[i].url), false, &out), urls[i].status);
        CHECK_STATUS(config_check_url(urls[i].url, strlen(urls[i].url)), urls[i].status);
    }
    char long_url[2100] = "http://h/";
    memset(long_url + 9, 'a', 2040);
    long_url[2049] = '\0';
    CHECK_STATUS(config_create(30, long_url, strlen(long_url), false, &out), HANDLES_URL_TOO_LONG);
    CHECK_STATUS(config_check_url(NULL, 0), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_check_timeout(3601), HANDLES_TIMEOUT_RANGE);
    CHECK_TEXT(last_error(), "timeout must be between 1 and 3600 seconds, got 3601");
    CHECK_STATUS(config_check_timeout(1), HANDLES_OK);
    CHECK_STATUS(config_check_timeout(3600), HANDLES_OK);
    CHECK_STATUS(config_check_url(URL, strlen(URL)), HANDLES_OK);
    /* "For a timeout too large for int64_t: records the message, with these digits." */
    CHECK_STATUS(config_timeout_out_of_range("99999999999999999999"), HANDLES_TIMEOUT_RANGE);
    CHECK_TEXT(last_error(), "timeout must be between 1 and 3600 seconds, got 99999999999999999999");
    CHECK_STATUS(config_timeout_out_of_range(NULL), HANDLES_NULL_ARGUMENT);
}

static void config_fields(void)
{
    uint64_t config = new_config(30, "HTTPS://Example.COM:8443/a", true);
    uint32_t timeout = 0;
    bool ssl = false;
    CHECK_STATUS(config_timeout(config, &timeout), HANDLES_OK);
    CHECK(timeout == 30);
    CHECK_STATUS(config_ssl(config, &ssl), HANDLES_OK);
    CHECK(ssl);
    /* A failed setter changes nothing. */
    CHECK_STATUS(config_set_timeout(config, 0), HANDLES_TIMEOUT_RANGE);
    CHECK_STATUS(config_set_url(config, "ftp://h", 7), HANDLES_URL_SCHEME);
    CHECK_STATUS(config_timeout(config, &timeout), HANDLES_OK);
    CHECK(timeout == 30);
    CHECK_STATUS(config_set_timeout(config, 3600), HANDLES_OK);
    CHECK_STATUS(config_timeout(config, &timeout), HANDLES_OK);
    CHECK(timeout == 3600);

    /* config_url: the size on OK and BUFFER_TOO_SMALL; buffer NULL only with size 0. */
    size_t needed = 0;
    CHECK_STATUS(config_url(config, NULL, 0, &needed), HANDLES_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("HTTPS://Example.COM:8443/a") + 1);
    char small[4];
    CHECK_STATUS(config_url(config, small, sizeof small, &needed), HANDLES_BUFFER_TOO_SMALL);
    CHECK_STATUS(config_url(config, NULL, 10, &needed), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(config_url(config, small, sizeof small, NULL), HANDLES_NULL_ARGUMENT);
    char url[64];
    CHECK_STATUS(config_url(config, url, sizeof url, &needed), HANDLES_OK);
    CHECK_TEXT(url, "HTTPS://Example.COM:8443/a");
    needed = 12345;
    CHECK_STATUS(config_url(0, url, sizeof url, &needed), HANDLES_INVALID_HANDLE);
    CHECK(needed == 12345); /* only OK and BUFFER_TOO_SMALL write it */

    ProcessedConfig processed;
    CHECK_STATUS(config_process(config, &processed), HANDLES_OK);
    CHECK_TEXT(processed.scheme, "https");
    CHECK_TEXT(processed.host, "example.com");
    CHECK(processed.port == 8443);
    CHECK_TEXT(processed.path, "/a");
    CHECK(processed.timeout_ms == 3600000);
    CHECK_STATUS(config_set_ssl(config, false), HANDLES_OK);
    CHECK_STATUS(config_process(config, &processed), HANDLES_HTTPS_WITHOUT_SSL);
    CHECK_STATUS(config_release(config), HANDLES_OK);
}

/* "Every copy of config is stale afterwards; a second release is HANDLES_STALE_HANDLE." */
static void stale_and_forged_handles(void)
{
    uint64_t config = new_config(30, URL, false);
    uint64_t copy = config;
    CHECK_STATUS(config_release(config), HANDLES_OK);
    CHECK_STATUS(config_release(copy), HANDLES_STALE_HANDLE);
    uint32_t timeout;
    CHECK_STATUS(config_timeout(copy, &timeout), HANDLES_STALE_HANDLE);
    /* The slot is reused; the old handle still does not reach the new object. */
    uint64_t next = new_config(60, URL, false);
    CHECK(next != copy);
    CHECK_STATUS(config_timeout(copy, &timeout), HANDLES_STALE_HANDLE);

    uint64_t counter = 0;
    CHECK_STATUS(counter_create(7, &counter), HANDLES_OK);
    int64_t value = 0;
    /* Only the other real kind is WRONG_KIND. */
    CHECK_STATUS(config_timeout(counter, &timeout), HANDLES_WRONG_KIND);
    CHECK_STATUS(counter_value(next, &value), HANDLES_WRONG_KIND);
    /* "0, forged (kind bits of no kind), or never issued": INVALID_HANDLE. */
    const uint64_t index_and_generation = counter & ((UINT64_C(1) << 56) - 1);
    const uint64_t forged[] = {
        0,
        UINT64_MAX,
        UINT64_C(1) << 63,
        index_and_generation,                         /* kind 0 */
        (UINT64_C(3) << 56) | index_and_generation,   /* kind 3 */
        (UINT64_C(255) << 56) | index_and_generation, /* kind 255 */
        counter + (UINT64_C(1) << 24),                /* a generation not issued yet */
        counter + ((UINT64_C(1) << 24) - 1 - (counter & 0xffffff)), /* an index never used */
    };
    for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
        CHECK_STATUS(counter_value(forged[i], &value), HANDLES_INVALID_HANDLE);
        CHECK_STATUS(counter_release(forged[i]), HANDLES_INVALID_HANDLE);
    }
    CHECK_STATUS(counter_value(counter, &value), HANDLES_OK);
    CHECK(value == 7);
    CHECK_STATUS(counter_release(counter), HANDLES_OK);
    CHECK_STATUS(config_release(next), HANDLES_OK);
}

static void counters(void)
{
    uint64_t counter = 0;
    int64_t value = 0;
    CHECK_STATUS(counter_create(INT64_MAX - 1, &counter), HANDLES_OK);
    /* "*out, if not NULL, receives the new value." */
    CHECK_STATUS(counter_increment(counter, 1, NULL), HANDLES_OK);
    /* "HANDLES_OVERFLOW if the count would leave int64_t (it is then unchanged)." */
    CHECK_STATUS(counter_increment(counter, 1, &value), HANDLES_OVERFLOW);
    CHECK_STATUS(counter_value(counter, &value), HANDLES_OK);
    CHECK(value == INT64_MAX);
    CHECK_STATUS(counter_increment(counter, INT64_MIN, &value), HANDLES_OK);
    CHECK(value == -1);
    CHECK_STATUS(counter_value(counter, NULL), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(counter_release(counter), HANDLES_OK);
}

static void library_functions(void)
{
    /* "0 for any other kind." */
    CHECK(handles_live(0) == 0);
    CHECK(handles_live(3) == 0);
    CHECK(handles_live(255) == 0);
    /* handles_last_error: needed is required; buffer NULL only with size 0. */
    CHECK_STATUS(counter_value(0, NULL), HANDLES_NULL_ARGUMENT);
    size_t needed = 0;
    CHECK_STATUS(handles_last_error(NULL, 0, NULL), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(handles_last_error(NULL, 8, &needed), HANDLES_NULL_ARGUMENT);
    CHECK_STATUS(handles_last_error(NULL, 0, &needed), HANDLES_BUFFER_TOO_SMALL);
    CHECK(needed == strlen("a required pointer was NULL") + 1);
    /* "Does not itself change the last error": the failed calls above did not. */
    CHECK_TEXT(last_error(), "a required pointer was NULL");
    char exact[sizeof "a required pointer was NULL"];
    CHECK_STATUS(handles_last_error(exact, sizeof exact, &needed), HANDLES_OK);
    CHECK_TEXT(exact, "a required pointer was NULL");
}

/* "Calls may come from many threads at once." */
enum { THREADS = 4, ROUNDS = 20000 };
static uint64_t shared_counter;

static void *hammer(void *unused)
{
    (void)unused;
    for (int i = 0; i < ROUNDS; i++) {
        int64_t value;
        if (counter_increment(shared_counter, 1, &value) != HANDLES_OK)
            return (void *)1;
        uint64_t mine = 0;
        if (counter_create(i, &mine) != HANDLES_OK || counter_release(mine) != HANDLES_OK)
            return (void *)1;
        if (counter_release(mine) != HANDLES_STALE_HANDLE) /* released by this thread just now */
            return (void *)1;
    }
    return NULL;
}

static void threads(void)
{
    size_t before = handles_live(HANDLES_KIND_COUNTER);
    CHECK_STATUS(counter_create(0, &shared_counter), HANDLES_OK);
    pthread_t workers[THREADS];
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&workers[i], NULL, hammer, NULL) == 0);
    for (int i = 0; i < THREADS; i++) {
        void *result = NULL;
        CHECK(pthread_join(workers[i], &result) == 0);
        CHECK(result == NULL);
    }
    int64_t value = 0;
    CHECK_STATUS(counter_value(shared_counter, &value), HANDLES_OK);
    CHECK(value == (int64_t)THREADS * ROUNDS); /* no increment lost */
    CHECK_STATUS(counter_release(shared_counter), HANDLES_OK);
    CHECK(handles_live(HANDLES_KIND_COUNTER) == before);
}

int main(void)
{
    size_t configs = handles_live(HANDLES_KIND_CONFIG);
    size_t counters_before = handles_live(HANDLES_KIND_COUNTER);
    errors_create_nothing();
    order_of_checks();
    config_statuses();
    config_fields();
    stale_and_forged_handles();
    counters();
    library_functions();
    threads();
    /* Every object made above was released. */
    CHECK(handles_live(HANDLES_KIND_CONFIG) == configs);
    CHECK(handles_live(HANDLES_KIND_COUNTER) == counters_before);
    return check_summary("handles_client");
}
