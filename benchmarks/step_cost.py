"""Microseconds per citizen-step for 1,000, 10,000 and 100,000 citizens, under both regimes.

A benchmark, not a test: it reports and asserts nothing. Run with ``make bench`` or
``python benchmarks/step_cost.py [--sizes 1000 10000 100000] [--steps 20]``.
"""

from __future__ import annotations

import argparse
import time

from samskaping.simulation import SamskapingModel, SamskapingScenario


def measure(citizens: int, regime: str, steps: int) -> tuple[float, float]:
    """Seconds to build the model, and microseconds per citizen-step over ``steps`` steps."""
    started = time.perf_counter()
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=citizens, regime=regime))
    built = time.perf_counter() - started
    model.run_for(2)  # warm up caches and the first allocation
    started = time.perf_counter()
    model.run_for(steps)
    elapsed = time.perf_counter() - started
    return built, 1e6 * elapsed / (steps * citizens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    print(f"{'citizens':>9}  {'regime':<12} {'build (s)':>9}  {'µs per citizen-step':>19}")
    for citizens in args.sizes:
        for regime in ("npm", "co-creation"):
            built, cost = measure(citizens, regime, args.steps)
            print(f"{citizens:>9,}  {regime:<12} {built:>9.2f}  {cost:>19.3f}")


if __name__ == "__main__":
    main()
