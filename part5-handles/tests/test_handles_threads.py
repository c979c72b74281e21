"""ctypes releases the GIL around every call: the pool must hold up in parallel."""

import threading

from part5_handles import Counter, glue_ctypes

THREADS, STEPS = 4, 100_000


def test_no_lost_update_and_an_exact_live_count():
    counter = Counter()
    increment = glue_ctypes.lib.counter_increment
    handle = counter.handle
    barrier = threading.Barrier(THREADS)
    created = [[] for _ in range(THREADS)]

    def work(mine: list) -> None:
        barrier.wait()  # start together, so the calls really overlap
        for step in range(STEPS):
            increment(handle, 1, None)
            if step % 1000 == 0:
                mine.append(Counter(step))  # the pool grows while others use it

    threads = [threading.Thread(target=work, args=(created[i],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.value == THREADS * STEPS, "an increment was lost"
    made = sum(len(mine) for mine in created)
    assert made == THREADS * STEPS // 1000
    assert glue_ctypes.live(glue_ctypes.KIND_COUNTER) >= made + 1
    issued = [c.handle for mine in created for c in mine]
    assert len(set(issued)) == len(issued), "a handle was issued twice"
    for mine in created:
        for each in mine:
            each.close()
    counter.close()
