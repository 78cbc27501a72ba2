"""Where a month's time goes: milliseconds per block of the step, and per rule inside the blocks.

A benchmark, not a test: it reports and asserts nothing. Run with
``python benchmarks/step_profile.py [--citizens 100000] [--regime co-creation] [--steps 20]``.

It wraps the blocks of the model's engine (``simulation/towns.py``; concept.md §4) and the rules
they call with timers, in this process only, and prints each one's mean milliseconds per month,
largest first. Rules are nested in blocks (``influence`` is inside ``_update_legitimacy``), so the
column does not add up to the step. The timers cost a few microseconds per call; for a
line-by-line view use line_profiler or py-spy.
"""

from __future__ import annotations

import argparse
import collections
import functools
import time

from samskaping.simulation import SamskapingModel, SamskapingScenario, metrics

BLOCKS = (
    "_change_needs", "_gather_information", "_invite_to_arenas", "_solve_problems",
    "_allocate_budget", "_deliver", "_update_legitimacy", "_adapt", "_measure",
)  # fmt: skip
CITIZEN_RULES = (
    "drift_needs", "own_account", "take_part", "volunteer", "answer_survey", "experience",
    "influence", "learn_willingness",
)  # fmt: skip
PROFESSIONAL_RULES = ("observe", "assess", "learn_recognition")
METRICS = ("accuracy_and_fulfilment", "quintile_means", "gini", "representativeness")


def timed(spent: collections.Counter, name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--regime", default="co-creation")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=args.citizens, regime=args.regime))
    spent: collections.Counter = collections.Counter()
    for owner, names in (
        (model.towns, BLOCKS),  # the engine: the model is a town of it
        (model.towns.citizens, CITIZEN_RULES),
        (model.professionals, PROFESSIONAL_RULES),
        (model.datacollector, ("collect",)),
        (metrics, METRICS),
    ):
        for name in names:
            setattr(owner, name, timed(spent, name, getattr(owner, name)))
    model.run_for(2)  # warm-up
    spent.clear()
    started = time.perf_counter()
    model.run_for(args.steps)
    step = (time.perf_counter() - started) / args.steps
    print(f"{args.citizens:,} citizens, {args.regime}: {1e3 * step:.2f} ms per month "
          f"({1e6 * step / args.citizens:.3f} µs per citizen-step)")  # fmt: skip
    for name, seconds in spent.most_common():
        print(f"  {name:<26} {1e3 * seconds / args.steps:8.2f} ms")


if __name__ == "__main__":
    main()
