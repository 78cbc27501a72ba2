"""What the Hong–Page engine costs: all climbs of one landscape, and its share of a model step.

A benchmark, not a test: it reports and asserts nothing. Run with
``python benchmarks/hong_page_cost.py``. The whole validation table is timed by
``python -m samskaping.experiments.hong_page_report``, which prints its own seconds.
"""

from __future__ import annotations

import time

import numpy as np

from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation import hong_page as hp


def climbs(l: int, repeats: int = 5) -> float:  # noqa: E741
    """Seconds for every heuristic's climb from every start of one 2,000-point landscape."""
    rng = np.random.default_rng(1)
    values = hp.landscape(rng)
    hp.endpoints(values, l)  # warm the heuristic tables
    started = time.perf_counter()
    for _ in range(repeats):
        hp.endpoints(hp.landscape(rng), l)
    return (time.perf_counter() - started) / repeats


def share_of_step(citizens: int, steps: int = 24) -> tuple[float, float]:
    """Milliseconds per step in problem solving, and per whole step, under co-creation."""
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=citizens, regime="co-creation"))
    spent = 0.0
    solve = model.towns._solve_problems

    def timed(*args, **kwargs):
        nonlocal spent
        started = time.perf_counter()
        solve(*args, **kwargs)
        spent += time.perf_counter() - started

    model.towns._solve_problems = timed
    model.run_for(2)
    spent = 0.0
    started = time.perf_counter()
    model.run_for(steps)
    total = time.perf_counter() - started
    return 1e3 * spent / steps, 1e3 * total / steps


def main() -> None:
    for l in (12, 20):  # noqa: E741
        print(f"all climbs, one 2,000-point landscape, l = {l}: {climbs(l):.3f} s")
    print(f"\n{'citizens':>9}  {'problem solving (ms/step)':>26}  {'whole step (ms)':>16}")
    for citizens in (1_000, 10_000, 100_000):
        engine, whole = share_of_step(citizens)
        print(f"{citizens:>9,}  {engine:>26.2f}  {whole:>16.2f}")


if __name__ == "__main__":
    main()
