"""Where runs execute: in this process, in local worker processes, or on a Dask cluster.

Every executor yields results as they finish, and keeps only a few tasks per worker in flight, so
memory stays flat however many runs a sweep has. Which executor ran a run never changes its result:
each run is determined by its own parameters and seed.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

import psutil

from samskaping.scenarios.parameters import ScenarioError

#: tasks in flight per worker: enough to keep it busy, few enough to keep memory flat
IN_FLIGHT = 4


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def process_pool(workers: int, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """Worker processes forked from a fork server: forking this process, which has threads
    (pyarrow, tqdm), can deadlock, and a fresh interpreter per worker would import everything
    again. The server imports the main module and ``preload`` once; every worker starts with them
    loaded."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", *preload])
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_watch_driver, initargs=(os.getpid(),)
    )


class WorkerLostError(RuntimeError):
    """A worker process died in the middle of a run (killed, or out of memory)."""


def _watch_driver(driver: int) -> None:
    """In each worker: end when the process that started the sweep is gone, so that a sweep
    killed with ``kill -9`` leaves no idle workers behind (they belong to the fork server)."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                alive = psutil.Process(driver).status() != psutil.STATUS_ZOMBIE
            except psutil.NoSuchProcess:
                alive = False
            if not alive:
                os._exit(1)

    threading.Thread(target=watch, name="watch-driver", daemon=True).start()


def connect(address: str) -> Any:
    """A client of the Dask scheduler at ``address``; a scheduler that cannot be reached is the
    user's one-line error, before anything is written."""
    from distributed import Client

    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as error:
        raise ScenarioError(f"--scheduler {address}: cannot connect ({error})") from None


def run_all[Item](
    function: Callable[[Item], Any],
    items: Iterable[Item],
    workers: int = 1,
    client: Any = None,
) -> Iterator[Any]:
    """``function(item)`` for every item, yielded as each finishes (in no particular order): on
    the Dask ``client`` if given, else in this process or in ``workers`` local processes."""
    if client is not None:
        yield from _on_dask(function, items, client)
    elif workers <= 1:
        yield from map(function, items)
    else:
        yield from _in_processes(function, items, workers)


def _in_processes(function: Callable, items: Iterable, workers: int) -> Iterator[Any]:
    pending = iter(items)
    with process_pool(workers, preload=(function.__module__,)) as pool:
        running: set[Future] = {
            pool.submit(function, item) for item in islice(pending, workers * IN_FLIGHT)
        }
        try:
            while running:
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
                running |= {pool.submit(function, item) for item in islice(pending, len(finished))}
        except BrokenProcessPool as error:
            raise WorkerLostError(str(error)) from None
        except BaseException:
            for future in running:
                future.cancel()
            raise


def _on_dask(function: Callable, items: Iterable, client: Any) -> Iterator[Any]:
    """The same tasks on a Dask distributed cluster (the workers need samskaping installed)."""
    from distributed import KilledWorker, as_completed

    threads = max(1, sum(client.nthreads().values()))
    pending = iter(items)
    running = as_completed(
        [client.submit(function, item, pure=False) for item in islice(pending, threads * 2)]
    )
    for future in running:
        try:
            result = future.result()
        except KilledWorker as error:
            raise WorkerLostError(str(error)) from None
        future.release()
        yield result
        for item in islice(pending, 1):
            running.add(client.submit(function, item, pure=False))
