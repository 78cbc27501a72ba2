"""The seven evils of co-creation's dark side as one set of claims (``claims.py``): run them and
write one report, with for each the claim, the hypothesis, the design and the mechanism it rests
on, a figure and a verdict with 95 % intervals and its conditions, and for the evil the model
cannot represent, why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from samskaping.experiments.claims import Claims, run_claims
from samskaping.experiments.dark_side.verdicts import EVILS
from samskaping.experiments.design import Experiment
from samskaping.experiments.findings import Verdict

CLAIMS = Claims(
    name="dark-side",
    noun="evil",
    title="The dark side of co-creation: seven evils, put to the model",
    introduction=(
        "Steen, Brandsen & Verschuere (2018) name seven evils of co-creation: the deliberate "
        "rejection of responsibility, failing accountability, rising transaction costs, the loss "
        "of democratic control, reinforced inequalities, implicit demands on participants, and "
        "the co-destruction of public value (concept.md §9). Here each evil the model can "
        "represent becomes an experiment on the mechanism that carries it: a hypothesis, a design "
        "with replications, a figure and a verdict. Every number is a paired difference between "
        "two arms (replication r has the same seed in both; each run's outcomes are the means of "
        "its last twelve months) with its 95 % confidence interval; a "
        "difference is *clear* when its interval excludes zero. The numbers are in "
        "`verdicts.csv`; each evil's runs, time series and summary are in its own folder. One "
        "evil the model cannot represent; the report says why."
    ),
    folder=Path(__file__).parent,
    rules=EVILS,
    absent={
        2: (
            "Evil 2: failing accountability",
            "When public and private actors decide together, no one answers for the result, and "
            "citizens cannot hold anyone to account.",
            "The model has no relation of accountability: no elections that follow results, no "
            "blame and no audit. Politicians answer only to the mean legitimacy they see, "
            "whoever decided, and citizens judge what they get and how they were heard, not who "
            "is answerable. Representing it would need citizens who attribute outcomes to "
            "decision makers, and a sanction that follows; the model's legitimacy components "
            "(input, throughput, output) are the nearest it comes.",
        )
    },
)


def default_folder(
    replications: int | None,
    seed: int | None,
    steps: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Path:
    """``results/dark-side-r10``, with the seed, and a tag for other changes, in the name."""
    return CLAIMS.default_folder(replications, seed, steps, overrides)


def run_dark_side(
    numbers: list[int], out: Path, **options: Any
) -> list[tuple[int, Experiment, Verdict]]:
    """Run the evils asked for (resuming what a folder holds), then report every evil whose
    results the folder holds."""
    return run_claims(CLAIMS, numbers, out, **options)
