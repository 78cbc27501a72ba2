"""A quick look at the stylized facts of MODEL.md §7 (a preview; the full studies, with
confidence intervals, belong to the experiments on the six objections).

Run: ``python -m samskaping.experiments.mechanism_checks [--reps 3] [--steps 60]``. Each row is the
mean, over replications with seeds 100, 101, ..., of the final month's metrics.
"""

from __future__ import annotations

import argparse

import numpy as np

from samskaping.simulation import SamskapingModel, SamskapingScenario

SHOWN = (
    "legitimacy", "accuracy", "inequality", "fulfilment", "legitimacy_throughput",
    "cost_per_citizen", "participation_q1", "participation_q5", "arena_representativeness",
)  # fmt: skip
NO_MODES = {"mode_a": False, "mode_b": False, "mode_c": False, "mode_d": False}
CO = {"regime": "co-creation"}

CHECKS: dict[str, list[tuple[str, dict]]] = {
    "6. simple, uniform problems vs complex, heterogeneous ones": [
        (f"{regime} complexity={c} heterogeneity={h}",
         {"regime": regime, "complexity": c, "need_heterogeneity": h})
        for c, h in ((0.0, 0.0), (1.0, 1.0)) for regime in ("npm", "co-creation")
    ],
    "2-3. participation bias and counter-strategies": [
        (f"co-creation counter_strategy={s}", CO | {"counter_strategy": s})
        for s in ("none", "outreach", "resource-support")
    ],
    "4. tokenism (arenas only, power sharing fixed)": [
        ("no arenas", CO | NO_MODES),
        *((f"arenas, power_sharing={ps}", CO | NO_MODES | {
            "mode_a": True, "mode_b": True, "power_sharing": ps, "power_sharing_response": 0.0})
          for ps in (0.0, 1.0)),
    ],
    "5. co-production without recognition": [
        ("no co-production, recognition=0", CO | NO_MODES | {"recognition": 0.0}),
        ("co-production (D), recognition=0", CO | NO_MODES | {"recognition": 0.0, "mode_d": True}),
        ("co-production (D), recognition=0.6", CO | NO_MODES | {"recognition": 0.6, "mode_d": True}),
    ],
}  # fmt: skip


def mean_final(parameters: dict, reps: int, steps: int) -> dict[str, float]:
    """Mean of the final month's metrics over ``reps`` seeds; NaN where no run had a value."""
    runs = []
    for r in range(reps):
        model = SamskapingModel(SamskapingScenario(rng=100 + r, **parameters))
        model.run_for(steps)
        runs.append(model.metrics)
    values = {key: np.array([run[key] for run in runs], dtype=float) for key in SHOWN}
    return {
        key: float(v[~np.isnan(v)].mean()) if (~np.isnan(v)).any() else float("nan")
        for key, v in values.items()
    }


def _shown(value: float) -> str:
    return "–" if np.isnan(value) else f"{value:.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, choices=range(1, 101), metavar="1..100")
    parser.add_argument("--steps", type=int, default=60, choices=range(1, 1201), metavar="1..1200")
    args = parser.parse_args(argv)
    header = "| arm | " + " | ".join(SHOWN) + " |"
    for title, arms in CHECKS.items():
        print(f"\n{title}\n\n{header}\n|" + "---|" * (len(SHOWN) + 1))
        for label, parameters in arms:
            result = mean_final(parameters, args.reps, args.steps)
            print(f"| {label} | " + " | ".join(_shown(result[k]) for k in SHOWN) + " |")


if __name__ == "__main__":
    main()
