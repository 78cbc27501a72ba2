"""Regenerate the documents the model's own runs write: the objections and dark-side reports
(copied into ``docs/`` with their figures) and the tables of the stylized facts (ODD.md §13).

Run: ``python -m samskaping.experiments.publish [--workers 2] [--results results/published]
[--docs docs]`` (``make reports``). The runs land under ``--results`` (resumable: a second call
reuses them); the reports go to ``docs/objections.md`` and ``docs/dark-side.md``; the facts'
tables are printed, in the form of ODD.md §13, for the ODD's prose to be checked against them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from samskaping.experiments.claims import last_year, publish, run_claims
from samskaping.experiments.dark_side import report as dark_side
from samskaping.experiments.design import load_experiment
from samskaping.experiments.executors import default_workers
from samskaping.experiments.findings import contrast, level, where
from samskaping.experiments.objections import report as objections
from samskaping.experiments.runner import run_experiment
from samskaping.experiments.statistics import interval

FACTS = Path(__file__).parent / "facts"


def facts_tables(results: Path, workers: int) -> str:
    """Facts 2-6 as ODD.md §13 shows them: final-year means, differences paired by replication."""

    def runs(stem: str):
        experiment = load_experiment(FACTS / f"{stem}.toml")
        return last_year(run_experiment(experiment, results / stem, workers))

    lines = []
    bias = runs("2-participation-bias")
    lines += ["Fact 2", "| participation_bias | arena_resources | arena_representativeness | "
              "participation q1 | participation q5 |", "|---:|---|---|---|---|"]  # fmt: skip
    for b in (0.0, 1.0, 2.0):
        at = {"participation_bias": b}
        cells = [_level(bias, m, at) for m in ("arena_resources", "arena_representativeness")]
        cells += [f"{level(bias, m, at):.3f}" for m in ("participation_q1", "participation_q5")]
        lines.append(f"| {b:g} | " + " | ".join(cells) + " |")
    counter = runs("3-counter-strategies")
    shown = ("participation_q1", "arena_representativeness", "gap_legitimacy", "gap_fulfilment",
             "counter_hours", "cost_per_citizen")  # fmt: skip
    lines += ["", "Fact 3 (difference from no counter-strategy)",
              "| counter-strategy | " + " | ".join(shown) + " |",
              "|---" * (len(shown) + 1) + "|"]  # fmt: skip
    for strategy in ("outreach", "resource-support"):
        cells = [str(contrast(counter, "", m, {"counter_strategy": strategy},
                              {"counter_strategy": "none"})) for m in shown]  # fmt: skip
        lines.append(f"| {strategy} | " + " | ".join(cells) + " |")
    tokenism = runs("4-tokenism")
    lines += ["", "Fact 4", "| power_sharing | legitimacy_throughput, arenas (rate 0.1) − none |",
              "|---:|---|"]  # fmt: skip
    for share in (0.0, 1.0):
        f = contrast(tokenism, "", "legitimacy_throughput",
                     {"arena_rate": 0.1, "power_sharing": share},
                     {"arena_rate": 0.0, "power_sharing": share})  # fmt: skip
        lines.append(f"| {share:g} | {f} |")
    recognition = runs("5-recognition")
    lines += ["", "Fact 5 (mode D on − off)", "| recognition | accuracy | cost_per_citizen |",
              "|---:|---|---|"]  # fmt: skip
    for r in (0.0, 0.6):
        cells = [str(contrast(recognition, "", m, {"mode_d": True, "recognition": r},
                              {"mode_d": False, "recognition": r}))
                 for m in ("accuracy", "cost_per_citizen")]  # fmt: skip
        lines.append(f"| {r:g} | " + " | ".join(cells) + " |")
    simple = runs("6-simple-problems")
    shown = ("accuracy", "fulfilment", "legitimacy", "cost_per_citizen")
    lines += ["", "Fact 6 (co-creation − NPM)",
              "| complexity, heterogeneity | " + " | ".join(shown) + " |",
              "|---" * (len(shown) + 1) + "|"]  # fmt: skip
    for c, h in ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)):
        at = {"complexity": c, "need_heterogeneity": h}
        cells = [str(contrast(simple, "", m, {"regime": "co-creation"} | at,
                              {"regime": "npm"} | at)) for m in shown]  # fmt: skip
        lines.append(f"| {c:g}, {h:g} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _level(runs, metric: str, at: dict) -> str:
    s = interval(where(runs, at)[metric].to_numpy())
    return f"{s['mean']:.3f} [{s['ci_low']:.3f}, {s['ci_high']:.3f}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--results", type=Path, default=Path("results") / "published")
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    for claims in (objections.CLAIMS, dark_side.CLAIMS):
        out = args.results / claims.name
        run_claims(claims, list(claims.rules), out, workers=args.workers, progress="auto")
        seconds = sum(
            session.get("seconds") or 0.0
            for path in out.glob("*/manifest.json")
            for session in json.loads(path.read_text(encoding="utf-8"))["sessions"]
        )  # the runs' own time, also when an earlier call made them
        how = (f"`samskaping {claims.name}` (10 replications, the seeds in the files; "
               f"{seconds // 60:.0f} min {seconds % 60:.0f} s on {args.workers} worker(s))")  # fmt: skip
        print(f"wrote {publish(claims, out, args.docs, how)}")
    print(facts_tables(args.results / "facts", args.workers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
