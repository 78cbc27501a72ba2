"""The debrief of a classroom session (issue 18): the class's run beside the same town played by
the rules alone, under NPM and under co-creation, for as many months.

The class's run is replayed from the session's log through ``SamskapingModel.decide``, so the
debrief's numbers are those of the Python API with the class's choices (and equal the session's
own model, which :func:`debrief` checks). Beside it:

- each run's headline outcomes month by month, and at the end;
- who took part in an arena, by resource quintile: the students' citizens against every citizen
  of the same quintile in the rules' run of the class's regime;
- what the class did differently from the model: the same citizens' and council seats' choices
  in the class's run and in the rules' run of its regime.

:func:`write` saves it as a results folder that the Results page reads: ``timeseries.parquet``
and ``runs.parquet`` (one run per arm, tidy as ``samskaping compare`` writes them),
``summary.csv`` (each arm's last month, and the class minus each rules' run), and ``report.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from samskaping.experiments.classroom import Classroom
from samskaping.experiments.store import atomic_write, atomic_write_text
from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.metrics import HEADLINE

#: the arms of a debrief: the class, and the rules alone under each regime
CLASS, RULES = "class", ("npm", "co-creation")


@dataclass(frozen=True)
class Debrief:
    """A session's runs side by side (see the module's docstring)."""

    scenario: str
    regime: str
    seed: int
    months: int
    #: the town's citizens (the classroom population unless the scenario file says)
    citizens: int
    metrics: tuple[str, ...]
    #: each arm's metrics month by month, shape (months + 1, metrics)
    series: dict[str, np.ndarray]
    #: each arm's citizens in an arena, month by month, shape (months, citizens)
    took_part: dict[str, np.ndarray]
    quintile: np.ndarray
    #: the citizens and council seats students played
    played_citizens: tuple[int, ...]
    played_seats: tuple[int, ...]
    #: each arm's council power sharing, month by month, shape (months, seats)
    power_sharing: dict[str, np.ndarray]

    def last(self, arm: str) -> dict[str, float]:
        return dict(zip(self.metrics, self.series[arm][-1].tolist(), strict=True))

    def participation(self) -> pd.DataFrame:
        """Share of months in an arena, by resource quintile: the students' citizens in the
        class's run, and all citizens of the quintile in the rules' run of the class's regime."""
        played = np.array(self.played_citizens, dtype=np.int64)
        rows = []
        for q in range(int(self.quintile.max()) + 1):
            mine = played[self.quintile[played] == q]
            everyone = np.flatnonzero(self.quintile == q)
            rows.append({
                "quintile": q + 1,
                "students": int(mine.size),
                "class": float(self.took_part[CLASS][:, mine].mean()) if mine.size else np.nan,
                "rules": float(self.took_part[self.regime][:, everyone].mean()),
            })  # fmt: skip
        return pd.DataFrame(rows)

    def contrasts(self) -> list[tuple[str, dict[str, float]]]:
        """What the class did differently from the model, as numbers: the students' agents in
        the class's run against the same agents in the rules' run of the class's regime
        (``citizens``: share of months in an arena; ``seats``: mean power sharing), and each
        headline outcome's gap at the end (``outcome``)."""
        contrasts: list[tuple[str, dict[str, float]]] = []
        played = np.array(self.played_citizens, dtype=np.int64)
        if played.size:
            contrasts.append(("citizens", {
                "count": played.size,
                "class": float(self.took_part[CLASS][:, played].mean()),
                "rules": float(self.took_part[self.regime][:, played].mean()),
            }))  # fmt: skip
        if self.played_seats:
            seats = list(self.played_seats)
            contrasts.append(("seats", {
                "count": len(seats),
                "class": float(self.power_sharing[CLASS][:, seats].mean()),
                "rules": float(self.power_sharing[self.regime][:, seats].mean()),
            }))  # fmt: skip
        for m, metric in enumerate(HEADLINE):
            gap = self.last(CLASS)[metric] - self.last(self.regime)[metric]
            contrasts.append(("outcome", {"metric": m, "gap": gap}))
        return contrasts

    def differences(self) -> list[str]:
        """:meth:`contrasts` in words, one line each."""
        lines = []
        for kind, c in self.contrasts():
            if kind == "citizens":
                lines.append(
                    f"The students' {c['count']} citizens were in an arena {c['class']:.0%} of"
                    f" the months; the same citizens played by the rules, {c['rules']:.0%}."
                )
            elif kind == "seats":
                lines.append(
                    f"The students' council seats shared power {c['class']:.2f} on average; the"
                    f" same seats played by the rules, {c['rules']:.2f}."
                )
            else:
                metric = HEADLINE[int(c["metric"])]
                lines.append(f"{metric}: {c['gap']:+.3f} against the rules alone ({self.regime}).")
        return lines


def debrief(room: Classroom) -> Debrief:
    """The session's debrief: its run replayed from the log, and the rules' runs."""
    months = room.month
    parameters = room.parameters()

    def town(regime: str) -> SamskapingModel:
        return SamskapingModel(
            SamskapingScenario(rng=room.seed, **(parameters | {"regime": regime}))
        )

    rules = dict.fromkeys([*RULES, room.regime])  # and the class's own, if another
    runs = {CLASS: town(room.regime)} | {regime: town(regime) for regime in rules}
    took: dict[str, list[np.ndarray]] = {arm: [] for arm in runs}
    shared: dict[str, list[np.ndarray]] = {arm: [] for arm in runs}
    for month in range(1, months + 1):
        for when, who, agent, choices in room.log:
            if when == month:
                runs[CLASS].decide(who, agent, **choices)
        for arm, model in runs.items():
            model.step()
            took[arm].append(model.towns.citizens.took_part[0].copy())
            shared[arm].append(model.towns.council.power_sharing[0].copy())
    class_run = np.stack(runs[CLASS].towns.history)
    if not np.array_equal(class_run, np.stack(room.model.towns.history), equal_nan=True):
        raise RuntimeError("the class's run did not replay: the log is not the session's")
    roles = [s.role for s in room.students.values()]
    first = runs[CLASS]
    citizens = first.towns.citizens.count
    seats = first.towns.council.power_sharing.shape[1]
    return Debrief(
        scenario=room.scenario,
        regime=room.regime,
        seed=room.seed,
        months=months,
        citizens=citizens,
        metrics=tuple(first.towns.metrics),
        series={arm: np.stack(model.towns.history)[:, 0] for arm, model in runs.items()},
        took_part={arm: np.array(took[arm]).reshape(months, citizens) for arm in runs},
        quintile=first.towns.citizens.quintile[0].copy(),
        played_citizens=tuple(r.agent for r in roles if r.who == "citizen"),
        played_seats=tuple(r.agent for r in roles if r.who == "politician"),
        power_sharing={arm: np.array(shared[arm]).reshape(months, seats) for arm in runs},
    )


def write(result: Debrief, out: Path | str) -> Path:
    """Save ``result`` as a results folder (see the module's docstring); every file atomic."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    arms = list(result.series)
    runs = pd.DataFrame({
        "run_id": range(len(arms)),
        "arm": arms,
        "scenario": result.scenario,
        "replication": 0,
        "seed": result.seed,
        "status": "ok",
        "param_regime": [result.regime if arm == CLASS else arm for arm in arms],
        "param_citizens": result.citizens,
    })  # fmt: skip
    series = pd.concat(
        [
            pd.DataFrame(result.series[arm], columns=list(result.metrics)).assign(
                run_id=i, step=range(result.months + 1)
            )
            for i, arm in enumerate(arms)
        ],
        ignore_index=True,
    )[["run_id", "step", *result.metrics]]
    rows = []
    for arm in arms:
        regime = result.regime if arm == CLASS else arm
        for metric in HEADLINE:
            value = result.last(arm)[metric]
            rows.append({"kind": "arm", "arm": arm, "regime": regime, "scenario": result.scenario,
                         "versus": "", "metric": metric, "n": 1, "mean": value, "sd": np.nan,
                         "ci_low": np.nan, "ci_high": np.nan})  # fmt: skip
    for arm in arms[1:]:
        for metric in HEADLINE:
            gap = result.last(CLASS)[metric] - result.last(arm)[metric]
            rows.append({"kind": "difference", "arm": CLASS, "regime": result.regime,
                         "scenario": result.scenario, "versus": arm, "metric": metric, "n": 1,
                         "mean": gap, "sd": np.nan, "ci_low": np.nan, "ci_high": np.nan})  # fmt: skip
    atomic_write(out / "runs.parquet", lambda p: runs.to_parquet(p, index=False))
    atomic_write(out / "timeseries.parquet", lambda p: series.to_parquet(p, index=False))
    atomic_write(out / "summary.csv", lambda p: pd.DataFrame(rows).to_csv(p, index=False))
    atomic_write_text(out / "report.md", report(result))
    return out


def report(result: Debrief) -> str:
    """The debrief in words: the outcomes at the end, who took part, what the class did."""
    lines = [
        f"# Classroom debrief: {result.scenario}, {result.regime}, seed {result.seed}",
        "",
        f"The class played {result.months} months in a town of {result.citizens} citizens."
        " Beside it, the same town (same seed) played by the rules alone under NPM and under"
        " co-creation.",
        "",
        "| outcome | " + " | ".join(result.series) + " |",
        "|---|" + "---|" * len(result.series),
    ]
    for metric in HEADLINE:
        values = " | ".join(f"{result.last(arm)[metric]:.3f}" for arm in result.series)
        lines.append(f"| {metric} | {values} |")
    lines += ["", "## Who took part in an arena, by resource quintile", "",
              "| quintile | students | class | rules |", "|---|---|---|---|"]  # fmt: skip
    for row in result.participation().to_dict("records"):
        lines.append(f"| {row['quintile']} | {row['students']} | {_share(row['class'])} | "
                     f"{_share(row['rules'])} |")  # fmt: skip
    lines += ["", "## What the class did differently", "", *(f"- {line}" for line in
              result.differences()), ""]  # fmt: skip
    return "\n".join(lines)


def _share(value: float) -> str:
    return "–" if np.isnan(value) else f"{value:.0%}"
