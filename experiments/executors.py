"""Where runs execute: in this process, in local worker processes, or on a Dask cluster.

Every executor yields results as they finish, and keeps only a few tasks per worker in flight, so
memory stays flat however many runs a sweep has. Which executor ran a run never changes its result:
each run is determined by its own parameters and seed.

A task that kills its worker (out of memory, a crash in compiled code, a kill) does not stop the
others. Given ``lost``, the executor names the task that killed its worker and yields
``lost(item, why)`` for it instead of a result: Dask does this itself (``KilledWorker`` after its
retries); in a local pool, where a dying worker breaks the whole pool and every unfinished task
with it, the unfinished tasks are run again one at a time, each in a fresh pool of its own, so the
one that dies alone is the one to blame.
"""

from __future__ import annotations

import contextlib
import os
import resource
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from multiprocessing import context, popen_forkserver, spawn
from typing import Any

import psutil

from samskaping.scenarios.parameters import ScenarioError

#: tasks in flight per worker: enough to keep it busy, few enough to keep memory flat
IN_FLIGHT = 4


def default_workers() -> int:
    """One worker per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


#: units of a memory size (a bare number is in MB): decimal kB/MB/GB/TB, binary K/M/G/T, KiB...
UNITS = {"": 10**6, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "k": 2**10,
         "m": 2**20, "g": 2**30, "t": 2**40, "kib": 2**10, "mib": 2**20, "gib": 2**30,
         "tib": 2**40}  # fmt: skip
SMALLEST_LIMIT = 16 * 10**6


def memory_size(value: int | str, key: str = "--run-memory") -> int:
    """Bytes, from a whole number of bytes or a text such as ``2GB``, ``500MB`` or ``1.5GiB``
    (at least 16 MB: less cannot hold a model)."""
    if isinstance(value, str):
        number = value.strip().rstrip("bBkKmMgGtTiI")
        try:
            size = float(number) * UNITS[value.strip()[len(number) :].lower()]
        except (ValueError, KeyError):
            raise ScenarioError(f"{key}: {value!r} is not a size (e.g. 2GB, 500MB)") from None
    elif isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        raise ScenarioError(f"{key}: {value!r} is not a size (bytes, or e.g. '2GB')")
    if not SMALLEST_LIMIT <= size <= 2**50:  # also false for NaN
        raise ScenarioError(f"{key}: {value} is outside the allowed range [16MB, 1PiB]")
    return int(size)


class WorkerLostError(RuntimeError):
    """A worker process died in the middle of a run (killed, or out of memory)."""


# --- worker processes that never run the user's script ------------------------------------------
# multiprocessing starts each worker by importing the driver's __main__ again, which is why a
# script without `if __name__ == "__main__":` starts the sweep once more in every worker and dies
# (and a script read from stdin, whose __file__ is "<stdin>", cannot be imported at all). Our
# tasks are samskaping's own functions and need nothing from __main__, so the workers are told
# not to import it: the preparation data multiprocessing sends them leaves __main__ out. No
# multiprocessing option does this; the few lines below are the smallest way.

_PREPARING = threading.Lock()
_MAIN_KEYS = ("init_main_from_path", "init_main_from_name")


class _Popen(popen_forkserver.Popen):
    def _launch(self, process_obj: Any) -> None:
        with _PREPARING:
            prepare = spawn.get_preparation_data
            spawn.get_preparation_data = lambda name: {
                key: value for key, value in prepare(name).items() if key not in _MAIN_KEYS
            }
            try:
                super()._launch(process_obj)
            finally:
                spawn.get_preparation_data = prepare


class _Process(context.ForkServerProcess):
    _start_method = "forkserver"

    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:  # noqa: N802 (multiprocessing's name)
        return _Popen(process_obj)


class _WorkerContext(context.ForkServerContext):
    Process = _Process


def process_pool(
    workers: int, preload: tuple[str, ...] = (), memory: int | None = None
) -> ProcessPoolExecutor:
    """Worker processes forked from a fork server: forking this process, which has threads
    (pyarrow, tqdm), can deadlock, and a fresh interpreter per worker would import everything
    again. The server imports ``preload`` once; every worker starts with it loaded.

    With ``memory`` (bytes), each task gets a fresh worker that may take on at most that much:
    past it an allocation fails with MemoryError in the task, which fails alone. A fresh worker
    per task (a fork of the server: milliseconds) makes the cap the task's own: a worker that
    ran tasks before holds memory its allocator freed but kept, which a cap measured from it
    would count, or hand out again uncounted."""
    pool_context = _WorkerContext()
    pool_context.set_forkserver_preload(list(preload))
    return ProcessPoolExecutor(
        workers, mp_context=pool_context, initializer=_start_worker,
        initargs=(os.getpid(), memory), max_tasks_per_child=1 if memory else None,
    )  # fmt: skip


def _start_worker(driver: int, memory: int | None) -> None:
    """In each worker: cap what it may take on, if asked, and end when the process that started
    the sweep is gone, so that a sweep killed with ``kill -9`` leaves no idle workers behind (they
    belong to the fork server)."""
    if memory is not None:
        # the data segment (heap and anonymous maps: every numpy array) above what the worker
        # holds now; the address space would also count libraries' code and reserved stacks
        used = psutil.Process().memory_info().data
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = used + memory if hard == resource.RLIM_INFINITY else min(hard, used + memory)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))

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


# --- running tasks --------------------------------------------------------------------------------


def run_all[Item](
    function: Callable[[Item], Any],
    items: Iterable[Item],
    workers: int = 1,
    client: Any = None,
    lost: Callable[[Item, str], Any] | None = None,
    memory: int | None = None,
) -> Iterator[Any]:
    """``function(item)`` for every item, yielded as each finishes (in no particular order): on
    the Dask ``client`` if given, else in this process or in ``workers`` local processes (always
    processes when ``memory`` caps each task, see :func:`process_pool`). A task that kills its worker,
    or whose worker could not hand its result back, yields ``lost(item, why)``; without ``lost``
    it raises :class:`WorkerLostError`."""
    if client is not None:
        yield from _on_dask(function, items, client, lost)
    elif workers <= 1 and memory is None:
        yield from map(function, items)
    else:
        preload = (getattr(function, "func", function).__module__,)  # a partial's own module
        yield from _in_processes(function, items, workers, lost, preload, memory)


def _in_processes(
    function: Callable, items: Iterable, workers: int, lost: Callable | None,
    preload: tuple[str, ...], memory: int | None,
) -> Iterator[Any]:  # fmt: skip
    pending = iter(items)
    while True:
        broken: list = []  # the tasks a dying worker took down with the pool
        with process_pool(workers, preload, memory) as pool:
            running: dict[Future, Any] = {}
            try:
                _submit(pool, function, islice(pending, workers * IN_FLIGHT), running, broken)
                while running and not broken:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        item = running.pop(future)
                        outcome = _outcome(future, item, lost)
                        if outcome is _BROKEN:
                            broken.append(item)
                        else:
                            yield outcome
                    if not broken:
                        _submit(pool, function, islice(pending, len(finished)), running, broken)
                # the pool is broken: keep what finished before it broke, blame none of it
                for future, item in running.items():
                    outcome = _outcome(future, item, lost) if future.done() else _BROKEN
                    if outcome is _BROKEN:
                        broken.append(item)
                    else:
                        yield outcome
                running = {}
            except BaseException:
                for future in running:
                    future.cancel()
                raise
        if not broken:
            return
        if lost is None:
            raise WorkerLostError("a worker process died (killed, or out of memory)")
        yield from _each_alone(function, broken, lost, preload, workers, memory)


_BROKEN = object()


def _outcome(future: Future, item: Any, lost: Callable | None) -> Any:
    """A finished task's result; ``_BROKEN`` if its pool broke under it; ``lost(item, why)`` if
    the worker raised in handing it back (say, out of memory while sending the result)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return _BROKEN
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        if lost is None:
            raise
        return lost(item, f"{error.__class__.__name__} in its worker: {error}")


def _submit(
    pool: ProcessPoolExecutor, function: Callable, batch: Iterable, running: dict, broken: list
) -> None:
    """Submit each item; one that a broken pool refuses joins ``broken``."""
    for item in batch:
        try:
            running[pool.submit(function, item)] = item
        except BrokenProcessPool:
            broken.append(item)


def _each_alone(
    function: Callable, items: list, lost: Callable, preload: tuple[str, ...], workers: int,
    memory: int | None,
) -> Iterator[Any]:  # fmt: skip
    """Run each task alone in a pool of its own, ``workers`` at a time: the one whose worker dies
    is the culprit, and only it is blamed."""
    pending = iter(items)
    running: dict[Future, tuple[Any, ProcessPoolExecutor]] = {}

    def start(item: Any) -> None:
        pool = process_pool(1, preload, memory)
        running[pool.submit(function, item)] = (item, pool)

    try:
        for item in islice(pending, workers):
            start(item)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                item, pool = running.pop(future)
                pool.shutdown(wait=True)
                outcome = _outcome(future, item, lost)
                yield lost(item, _DEATH) if outcome is _BROKEN else outcome
                for next_item in islice(pending, 1):
                    start(next_item)
    finally:
        for future, (_, pool) in running.items():
            future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)


_DEATH = "WorkerLost: its worker process died while running it (out of memory, or killed)"


def _on_dask(function: Callable, items: Iterable, client: Any, lost: Callable | None) -> Iterator:
    """The same tasks on a Dask distributed cluster (the workers need samskaping installed)."""
    from distributed import KilledWorker, as_completed

    threads = max(1, sum(client.nthreads().values()))
    pending = iter(items)
    submitted = {}
    for item in islice(pending, threads * 2):
        submitted[client.submit(function, item, pure=False)] = item
    running = as_completed(list(submitted))
    for future in running:
        item = submitted.pop(future)
        try:
            result = future.result()
        except KeyboardInterrupt:
            raise
        except Exception as error:  # KilledWorker, or an error in handing the result back
            if lost is None:
                raise WorkerLostError(str(error)) from None
            why = ("its Dask worker died each time it ran it" if isinstance(error, KilledWorker)
                   else "in its Dask worker")  # fmt: skip
            result = lost(item, f"{error.__class__.__name__}: {why} ({error})")
        with contextlib.suppress(Exception):
            future.release()
        yield result
        for next_item in islice(pending, 1):
            new = client.submit(function, next_item, pure=False)
            submitted[new] = next_item
            running.add(new)
