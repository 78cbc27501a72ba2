"""The seven evils of co-creation's dark side as one set of claims: ``claims.run_claims(CLAIMS,
...)`` runs them and writes one report, with for each the claim, the hypothesis, the design and
the mechanism it rests on, a figure and a verdict with 95 % intervals and its conditions, and for
the evil the model cannot represent, why."""

from __future__ import annotations

from pathlib import Path

from samskaping.experiments.claims import Claims
from samskaping.experiments.dark_side.verdicts import EVILS

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
