"""A policy changed while the towns run: the browser's live levers (ODD.md §10, "Changes while
a run goes on").

A teacher who moves a lever mid-run asks "what if the council shared more power from now on?".
The change acts from the next month and leaves everything the town has learnt in place: the
regime and its modes switch the mechanisms on or off; the three policy levers move the quantity
they set at the start by the change asked for, in every actor that holds it, and learning goes on
from there. Structure (population, network, seed, problem complexity and the rest) cannot change
while the towns run: a run with other structure is another run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from samskaping.agents.leader import HIGHEST_ARENA_RATE
from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError
from samskaping.scenarios.per_town import PerTown
from samskaping.simulation.regime import Regime

if TYPE_CHECKING:
    from samskaping.simulation.towns import Towns

#: what a policy can change while the towns run: the regime, its modes and counter-strategy,
#: and the three levers of recognition, power sharing and arena rate
LEVERS = (
    "regime", "mode_a", "mode_b", "mode_c", "mode_d", "counter_strategy",
    "recognition", "power_sharing", "arena_rate",
)  # fmt: skip


def intervene(towns: Towns, scenarios: Sequence[SamskapingScenario]) -> None:
    """From the next month the towns run under ``scenarios`` (one per town), which may differ
    from the present ones only in :data:`LEVERS`:

    - the regime, modes and counter-strategy switch mechanisms on or off;
    - arenas that open start as a new run's would (leaders at ``arena_rate``, the council at
      ``power_sharing``); arenas that close leave politicians sovereign and invite no one;
    - while arenas stay open, ``arena_rate`` and ``power_sharing`` move every leader's and every
      politician's own value by the change (each stays in its range), and ``recognition``
      moves every professional's, so that differences between them and what they have learnt
      stay.
    """
    before, regime_before = towns.scenario, towns.regime
    if len(scenarios) != towns.count:
        raise ValueError(f"{len(scenarios)} scenarios for {towns.count} towns")
    for town, scenario in enumerate(scenarios):
        old = before.of(town).parameters
        changed = [k for k, v in scenario.parameters.items() if old[k] != v and k not in LEVERS]
        if changed:
            raise ScenarioError(
                f"{', '.join(changed)}: cannot change while the town runs (start a new run); "
                f"what can: {', '.join(LEVERS)}"
            )
    after = PerTown(scenarios)
    regime = Regime.of(scenarios[0])
    for holder in (towns, towns.citizens, towns.professionals, towns.leaders, towns.council):
        holder.scenario = after
    towns.regime = regime

    p = towns.professionals
    moved = (after.row("recognition") - before.row("recognition"))[p.town]
    p.recognition = np.clip(p.recognition + moved, 0.0, 1.0)

    leaders, council = towns.leaders, towns.council
    if regime.arenas and not regime_before.arenas:  # arenas open: as a new run starts them
        leaders.arena_rate = np.zeros_like(leaders.arena_rate) + after.arena_rate
        council.power_sharing = np.zeros_like(council.power_sharing) + after.power_sharing
    elif not regime.arenas:  # none: politicians sovereign, no one invited
        leaders.arena_rate = np.zeros_like(leaders.arena_rate)
        council.power_sharing = np.zeros_like(council.power_sharing)
    else:
        rate = after.row("arena_rate") - before.row("arena_rate")
        leaders.arena_rate = np.clip(leaders.arena_rate + rate[:, None], 0.0, HIGHEST_ARENA_RATE)
        shared = after.row("power_sharing") - before.row("power_sharing")
        council.power_sharing = np.clip(council.power_sharing + shared[:, None], 0.0, 1.0)
