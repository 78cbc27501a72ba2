"""Decisions of the people who play the town (the classroom, issue 18): for an agent a human
plays, the human's choice replaces what the model's rule would have decided (ODD.md §14).

Every rule still draws its random numbers for every agent, played or not, and a choice replaces
the rule's outcome only after the draw. So the random streams run exactly as without anyone
playing: an agent nobody plays gets the rule's numbers, and a month in which nobody decides is
the rules' month, bit for bit.

What a human can decide, the rule it replaces, and its limits:

=============  ===============  ===========================================  ====================
who            decision         replaces                                     limits
=============  ===============  ===========================================  ====================
citizen        ``take_part``    arena participation (``take_part``)          only if invited
citizen        ``coproduce``    co-production (``take_part``)                under mode D
citizen        ``volunteer``    volunteering (``volunteer``)                 under mode C
citizen        ``answer``       answering the user survey (``answer_survey``) under NPM's surveys
citizen        ``say``          own account (``own_account``): the need it   a domain
                                stresses is told as its largest
professional   ``recognition``  recognition of lay expertise, this month      0 to 1; learning
                                                                             goes on from it
politician     ``power_sharing`` the seat's power sharing, this month        0 to 1, arenas open
politician     ``priorities``   the seat's priorities across domains          shares, one a domain
=============  ===============  ===========================================  ====================

A citizen's choices hold for the next month only: a student who does not decide again is played
by the rules. A professional's or politician's value is its state from the next month on, and the
rules' learning goes on from it (as a lever moved mid-run, ``intervention.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from samskaping.simulation.towns import Towns

#: what a citizen can decide for the next month
CITIZEN_CHOICES = ("take_part", "coproduce", "volunteer", "answer", "say")
#: what a professional and a politician can decide
PROFESSIONAL_CHOICES = ("recognition",)
POLITICIAN_CHOICES = ("power_sharing", "priorities")


class DecisionError(ValueError):
    """A decision the town cannot take: an unknown agent or choice, or a value out of range
    (one line, naming them)."""


@dataclass
class Decisions:
    """The decisions made for the next month, per town: ``{choice: {(town, agent): value}}``
    (the agent numbered within its town, as the Mesa model numbers it)."""

    citizens: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)
    states: list[tuple[str, int, int, object]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.citizens or self.states)

    def decide(self, towns: Towns, town: int, who: str, agent: int, **choices: object) -> None:
        """Record ``choices`` of ``who`` ("citizen", "professional" or "politician") number
        ``agent`` of ``town`` for the next month; a bad one raises :class:`DecisionError` and
        records nothing of the call."""
        if not 0 <= town < towns.count:
            raise DecisionError(f"town {town}: there are {towns.count} (0 to {towns.count - 1})")
        allowed, count = {
            "citizen": (CITIZEN_CHOICES, towns.citizens.count),
            "professional": (PROFESSIONAL_CHOICES, _professionals_of(towns, town).size),
            "politician": (POLITICIAN_CHOICES, towns.council.power_sharing.shape[1]),
        }.get(who, ((), 0))
        if not allowed:
            raise DecisionError(
                f"{who}: not someone who decides (citizen, professional, politician)"
            )
        if not 0 <= agent < count:
            raise DecisionError(f"{who} {agent}: there are {count} (0 to {count - 1})")
        checked = {name: _checked(towns, who, name, value, allowed) for name, value in
                   choices.items()}  # fmt: skip
        for name, value in checked.items():
            if who == "citizen":
                self.citizens.setdefault(name, {})[(town, agent)] = value
            else:
                self.states.append((name, town, agent, value))

    # --- applied by the month's rules ---------------------------------------------------------
    def apply_states(self, towns: Towns) -> None:
        """Set the professionals' and politicians' decided values (at the month's start)."""
        for name, town, agent, value in self.states:
            if name == "recognition":
                towns.professionals.recognition[_professionals_of(towns, town)[agent]] = value
            elif name == "power_sharing":
                towns.council.power_sharing[town, agent] = value if towns.regime.arenas else 0.0
            elif name == "priorities":
                towns.council.priorities[town, agent] = value
        self.states.clear()

    def overrule(self, choice: str, drawn: np.ndarray, allowed: np.ndarray | None = None) -> None:
        """Replace, in place, the rule's outcome ``drawn`` (towns x citizens) for the citizens
        who decided ``choice``; a yes stands only where ``allowed`` (the invited, say)."""
        decided = self.citizens.get(choice)
        if not decided:
            return
        town, who = np.array(list(decided)).T
        yes = np.fromiter(decided.values(), dtype=bool, count=len(decided))
        drawn[town, who] = yes & (allowed[town, who] if allowed is not None else True)

    def stress(self, account: np.ndarray) -> None:
        """The accounts (towns x citizens x domains) of the citizens who chose what to ``say``:
        the need a citizen stresses is told as its largest, swapped with the one that was."""
        decided = self.citizens.get("say")
        if not decided:
            return
        town, who = np.array(list(decided)).T
        stressed = np.fromiter(decided.values(), dtype=np.int64, count=len(decided))
        told = account[town, who]  # a copy: (decided, domains)
        rows = np.arange(len(told))
        largest = told.argmax(axis=1)
        told[rows, largest], told[rows, stressed] = told[rows, stressed], told[rows, largest]
        account[town, who] = told

    def month_done(self) -> None:
        """The citizens' choices held for the month just stepped."""
        self.citizens.clear()


def _professionals_of(towns: Towns, town: int) -> np.ndarray:
    """The indices, in the professionals' arrays, of town ``town``'s professionals in order."""
    return np.flatnonzero(towns.professionals.town == town)


def _checked(towns: Towns, who: str, name: str, value: object, allowed: tuple) -> object:
    if name not in allowed:
        raise DecisionError(f"{who}: cannot decide {name!r} (can: {', '.join(allowed)})")
    domains = towns.citizens.needs.shape[2]
    if name == "say":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | np.integer)
            or not (0 <= value < domains)
        ):
            raise DecisionError(f"say: {value!r} is not a domain (0 to {domains - 1})")
        return int(value)
    if name in ("recognition", "power_sharing"):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | np.number)
            or not (0.0 <= float(value) <= 1.0)
        ):
            raise DecisionError(f"{name}: {value!r} is not a number from 0 to 1")
        return float(value)
    if name == "priorities":
        shares = np.asarray(value, dtype=float) if _numbers(value) else None
        if shares is None or shares.shape != (domains,) or (shares < 0).any() or shares.sum() <= 0:
            raise DecisionError(
                f"priorities: {value!r} is not {domains} shares, one a domain, not all 0"
            )
        return shares / shares.sum()
    if not isinstance(value, bool | np.bool_):
        raise DecisionError(f"{name}: {value!r} is not yes or no (True or False)")
    return bool(value)


def _numbers(value: object) -> bool:
    try:
        return all(
            not isinstance(v, bool) and np.isfinite(float(v))
            for v in value  # type: ignore[attr-defined]
        )
    except (TypeError, ValueError):
        return False
