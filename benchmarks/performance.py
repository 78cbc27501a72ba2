"""Performance and scale: the tables of ``docs/performance.md``, measured in one run.

A benchmark, not a test: it reports and asserts nothing. Run with ``make bench`` or
``python benchmarks/performance.py [--sizes 1000 10000 100000 1000000] [--runs 100] [--json FILE]``
(about four minutes on 2 cores).

- **Step cost**, for each population size and regime, each in a fresh process: seconds to build
  the model, microseconds per citizen-step (the mean over a few seconds of months, after two
  months of warm-up) and the process's peak memory (build and steps; a bare process with the
  imports is printed as the baseline).
- **The floor**: in the same process, one sparse matrix–vector product over the model's own social
  graph (``model.ties @ x``, scipy CSR, the faster of 32- and 64-bit indices); a step over the
  network cannot cost less. Printed: a step in matrix–vector products.
- **Mesa's reference**: the ``BoltzmannWealth`` example from the installed mesa package, 10,000
  agents on a 100 × 100 grid (one agent per cell, as in its default of 100 agents on 10 × 10),
  microseconds per agent-step; printed: how many times more it costs than our citizen-step.
- **The classroom**: the browser's default model (the default scenario, 300 citizens, seed 42),
  milliseconds per month, both regimes.
- **Sweep throughput**: runs per minute through the experiment runner with 1 and 2 worker
  processes (default scenario, 1,000 citizens, 120 months, both regimes).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from versus import environment

#: seconds of stepping to average over at each size (at least MIN_STEPS months)
STEP_SECONDS = 3.0
MIN_STEPS = 5
REGIMES = ("npm", "co-creation")


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mean_seconds(call, seconds: float, least: int = 3) -> float:
    """Mean wall-clock seconds of ``call()`` over about ``seconds`` (at least ``least`` calls)."""
    call()
    calls, started = 0, time.perf_counter()
    while calls < least or time.perf_counter() - started < seconds:
        call()
        calls += 1
    return (time.perf_counter() - started) / calls


def step_cost(citizens: int, regime: str) -> dict:
    """Build one model and time its months and one matrix–vector product over its graph."""
    from samskaping.simulation import SamskapingModel, SamskapingScenario

    started = time.perf_counter()
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=citizens, regime=regime))
    built = time.perf_counter() - started
    model.run_for(2)  # warm-up: the first months allocate what later months reuse
    per_step = mean_seconds(model.step, STEP_SECONDS, least=MIN_STEPS)
    x = np.random.default_rng(0).random(citizens)
    ties = model.ties
    matvec = min(  # the floor: the faster of scipy's 32- and 64-bit index types
        mean_seconds(lambda matrix=matrix: matrix @ x, 1.0, least=20)
        for matrix in (
            sp.csr_array((ties.data, ties.indices.astype(index), ties.indptr.astype(index)))
            for index in (np.int32, np.int64)
        )
    )
    return {
        "citizens": citizens,
        "regime": regime,
        "build_s": built,
        "us_per_citizen_step": 1e6 * per_step / citizens,
        "step_ms": 1e3 * per_step,
        "matvec_ms": 1e3 * matvec,
        "step_in_matvecs": per_step / matvec,
        "ties": int(ties.nnz // 2),
        "peak_mb": peak_mb(),
    }


def boltzmann(agents: int = 10_000) -> dict:
    """Mesa's BoltzmannWealth example, one agent per grid cell."""
    import mesa
    from mesa.examples.basic.boltzmann_wealth_model.model import (
        BoltzmannScenario,
        BoltzmannWealth,
    )

    side = round(agents**0.5)
    model = BoltzmannWealth(BoltzmannScenario(n=agents, width=side, height=side, rng=1))
    model.run_for(2)
    per_step = mean_seconds(model.step, STEP_SECONDS, least=MIN_STEPS)
    return {
        "agents": agents,
        "us_per_agent_step": 1e6 * per_step / agents,
        "mesa": mesa.__version__,
    }


def classroom() -> dict:
    """The browser's default model, as its page builds it, one month at a time."""
    from samskaping.ui.session import DEFAULT_SEED, build, settings_of

    result = {}
    for regime in REGIMES:
        model = build("default", settings_of("default", regime), DEFAULT_SEED)
        result[regime] = 1e3 * mean_seconds(model.step, 1.0, least=20)
        result["citizens"] = model.citizens.count
    return result


def baseline() -> dict:
    """A process with the model's imports and nothing built."""
    import samskaping.simulation  # noqa: F401

    return {"peak_mb": peak_mb()}


def sweep_throughput(runs: int, workers: int, regimes: str = ",".join(REGIMES)) -> float:
    """Runs per minute through the runner: default scenario, 1,000 citizens, 120 months, the
    runs shared evenly between ``regimes`` (comma-separated)."""
    from samskaping.experiments.design import compare_experiment
    from samskaping.experiments.runner import run_experiment

    arms = regimes.split(",")
    experiment = compare_experiment(["default"], arms, runs // len(arms), 120, 1, {})
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        run_experiment(experiment, Path(folder) / "sweep", workers=workers)
        return 60 * len(experiment.runs()) / (time.perf_counter() - started)


def in_fresh_process(task: str, *arguments, path: Path | None = None) -> dict:
    """Run one measurement in a new Python process, so that its build and memory are its own;
    with ``path``, the package imported is the one there (see ``versus.namespace``)."""
    command = [sys.executable, __file__, "--task", task, *map(str, arguments)]
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, env=environment(path),
        cwd=tempfile.gettempdir(),
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[-1])


TASKS = {
    "step": step_cost,
    "boltzmann": boltzmann,
    "classroom": classroom,
    "baseline": baseline,
    "sweep": lambda *arguments: {"runs_per_minute": sweep_throughput(*arguments)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=100, help="runs in each sweep (even)")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    parser.add_argument("--task", nargs="+", help=argparse.SUPPRESS)  # a child's one measurement
    args = parser.parse_args()
    if args.runs < len(REGIMES) or args.runs % len(REGIMES):
        parser.error(f"--runs: an even number of runs, at least {len(REGIMES)}")
    if args.task:
        name, *arguments = args.task
        values = [int(a) if a.isdigit() else a for a in arguments]
        print(json.dumps(TASKS[name](*values)))
        return

    results: dict = {"baseline": in_fresh_process("baseline"), "steps": []}
    print(f"baseline process (imports only): {results['baseline']['peak_mb']:.0f} MB\n")
    print("| citizens | regime | build (s) | peak memory (MB) | µs per citizen-step "
          "| step in matrix–vector products | one product (ms) |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|")
    for citizens in args.sizes:
        for regime in REGIMES:
            r = in_fresh_process("step", citizens, regime)
            results["steps"].append(r)
            print(f"| {citizens:,} | {regime} | {r['build_s']:.2f} | {r['peak_mb']:.0f} "
                  f"| {r['us_per_citizen_step']:.3f} | {r['step_in_matvecs']:.1f} "
                  f"| {r['matvec_ms']:.3f} |", flush=True)  # fmt: skip

    mesa_ref = results["boltzmann"] = in_fresh_process("boltzmann")
    print(f"\nMesa {mesa_ref['mesa']} BoltzmannWealth, {mesa_ref['agents']:,} agents: "
          f"{mesa_ref['us_per_agent_step']:.2f} µs per agent-step")  # fmt: skip
    for r in results["steps"]:
        ratio = mesa_ref["us_per_agent_step"] / r["us_per_citizen_step"]
        r["boltzmann_over_ours"] = ratio
        print(f"  {ratio:5.1f} x our citizen-step at {r['citizens']:,} ({r['regime']})")
    by_size = {(r["citizens"], r["regime"]): r["us_per_citizen_step"] for r in results["steps"]}
    if {10_000, 1_000_000} <= set(args.sizes):
        for regime in REGIMES:
            growth = by_size[1_000_000, regime] / by_size[10_000, regime]
            print(f"linear growth ({regime}): µs per citizen-step at 1,000,000 / at 10,000 "
                  f"= {growth:.2f}")  # fmt: skip

    room = results["classroom"] = in_fresh_process("classroom")
    print(
        f"\nthe browser's default model ({room['citizens']} citizens): "
        + ", ".join(f"{regime} {room[regime]:.1f} ms per month" for regime in REGIMES)
    )

    results["sweep"] = {w: sweep_throughput(args.runs, w) for w in (1, 2)}
    one, two = results["sweep"][1], results["sweep"][2]
    print(f"\nsweep of {args.runs} runs (1,000 citizens x 120 months): "
          f"1 worker {one:.0f} runs/min, 2 workers {two:.0f} runs/min ({two / one:.2f} x)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
