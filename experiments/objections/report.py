"""The six objections as one set of claims: ``claims.run_claims(CLAIMS, ...)`` runs them and
writes one report, with for each the claim, the seed's answer, the hypothesis, the design, a
figure and a verdict with 95 % intervals and its conditions."""

from __future__ import annotations

from pathlib import Path

from samskaping.experiments.claims import Claims
from samskaping.experiments.objections.verdicts import OBJECTIONS

CLAIMS = Claims(
    name="objections",
    noun="objection",
    title="Six objections to co-creation, put to the model",
    introduction=(
        "The seed's slide 9 (seed.md §9) lists six common objections to co-creation and answers "
        "each in a sentence. Here each becomes an experiment: a hypothesis, a design with "
        "replications, a figure and a verdict. Every number is a paired difference between two "
        "arms (replication r has the same seed in both; each run's outcomes are the means of its "
        "last twelve months) with its 95 % confidence interval; a "
        "difference is *clear* when its interval excludes zero. The numbers are in "
        "`verdicts.csv`; each objection's runs, time series and summary are in its own folder."
    ),
    folder=Path(__file__).parent,
    rules=OBJECTIONS,
    answer="The seed's answer",
)
