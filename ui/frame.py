"""What the page shows of a model at one month: a snapshot taken under the model's lock.

The page never reads a running model while it draws: each month (and each reset or lever change)
the play loop or the click that made it takes a :class:`Frame` under the page's lock, and the
charts, the status line and the narrative are drawn from frames alone. Drawing then never waits
for a month, and a month never waits for drawing (a language switch while playing froze the page
when both held on to the model).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from samskaping.simulation.metrics import HEADLINE, LEGITIMACY_COMPONENTS
from samskaping.simulation.model import SamskapingModel

#: the series the charts draw, month by month
SERIES = (*HEADLINE, *LEGITIMACY_COMPONENTS, "participation", *(f"participation_q{q}" for q in
          range(1, 6)))  # fmt: skip
#: participation by resource quintile is shown over the last this many months
RECENT = 12


@dataclass(frozen=True)
class Change:
    """A lever moved while the model ran: from month ``month`` on, ``name`` is ``value``."""

    month: int
    name: str
    value: object


@dataclass(frozen=True)
class Frame:
    """One month of one model, as the page shows it."""

    #: which model (its ``id``): a new model is a new set of charts
    model: int
    month: int
    metrics: dict[str, float]
    #: each of :data:`SERIES`, months 0 to ``month``
    series: dict[str, np.ndarray]
    #: participation by resource quintile (lowest first), mean of the last ``RECENT`` months
    quintiles: np.ndarray
    #: every citizen's overall legitimacy, and who took part, co-produced and volunteered
    legitimacy: np.ndarray
    took_part: np.ndarray
    coproduced: np.ndarray
    volunteered: np.ndarray
    #: the share of the budget the council moved between domains this month
    budget_moved: float
    #: arena participants this month, and how many of them from the lowest resource quintile
    participants: int
    lowest: int
    #: this month's co-producers, volunteers, survey answers and complaints (switches)
    coproducers: int
    volunteers: int
    answered: int
    chose: int
    #: the levers moved while this model ran
    changes: tuple[Change, ...] = field(default=())
    #: the council's budget shares this month (for the next month's "moved")
    allocation: np.ndarray = field(default_factory=lambda: np.zeros(0))


def frame_of(
    model: SamskapingModel, previous: Frame | None = None, changes: tuple[Change, ...] = ()
) -> Frame:
    """The frame of ``model`` now (call it under the model's lock)."""
    c = model.citizens
    table = model.datacollector.model_vars
    series = {name: np.asarray(table[name], dtype=float) for name in SERIES}
    recent = [series[f"participation_q{q}"][-RECENT:] for q in range(1, 6)]
    allocation = np.array(model.allocation, dtype=float)
    moved = (
        0.5 * float(np.abs(allocation - previous.allocation).sum())
        if previous is not None and previous.allocation.shape == allocation.shape
        else 0.0
    )
    took_part = np.array(c.took_part, dtype=bool)
    return Frame(
        model=id(model),
        month=int(model.time),
        metrics=dict(model.metrics),
        series=series,
        quintiles=np.nan_to_num(np.array([np.mean(r) for r in recent])),
        legitimacy=np.array(c.overall_legitimacy(), dtype=float),
        took_part=took_part,
        coproduced=np.array(c.coproduced, dtype=bool),
        volunteered=np.array(c.volunteered, dtype=bool),
        budget_moved=moved,
        participants=int(took_part.sum()),
        lowest=int((took_part & (np.asarray(c.quintile) == 0)).sum()),
        coproducers=int(np.sum(c.coproduced)),
        volunteers=int(np.sum(c.volunteered)),
        answered=int(np.sum(c.answered_survey)),
        chose=int(np.sum(c.chose)),
        changes=changes,
        allocation=allocation,
    )
