"""How many threads the numeric libraries may use: `compute.threads` in the settings, by default
half the CPUs this process may use (at least one).

OpenMP (scikit-learn's gradient boosting) and BLAS start one thread per CPU. On a machine that
is busy with other work those threads wait for each other: training on two cores shared with
other jobs ran nine times slower with two threads than with one. The limit is set twice, so that
it holds whenever the libraries load: as environment variables, which a library reads when it
first loads, and through threadpoolctl for the libraries already loaded.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

from .settings import ComputeSettings

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, and a container's CPU quota)."""
    from joblib import cpu_count  # loky's count: the affinity mask and the cgroup quota

    return max(1, int(cpu_count()))


def thread_count(compute: ComputeSettings) -> int:
    return compute.threads or max(1, available_cpus() // 2)


@contextmanager
def limited_threads(compute: ComputeSettings) -> Iterator[int]:
    """Within the block the numeric libraries use at most `thread_count(compute)` threads each;
    yields that count. The environment is restored after the block.
    """
    from threadpoolctl import threadpool_limits

    threads = thread_count(compute)
    previous = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update(dict.fromkeys(THREAD_VARIABLES, str(threads)))
    try:
        with threadpool_limits(limits=threads):
            yield threads
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
