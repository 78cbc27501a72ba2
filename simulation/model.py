"""The model: four kinds of actor on one network, under NPM or co-creation, one month a step.

:class:`SamskapingModel` is the Mesa model of one town: its rules are those of the engine in
``towns.py`` (an ensemble of one), whose arrays hold every citizen's, professional's, leader's and
politician's state; Mesa's agents (``samskaping.agents``) are their public face, and Mesa's
``DataCollector`` records the month's outcomes. The schedule of one step follows concept.md §4
(in detail ODD.md §3).
"""

from __future__ import annotations

from functools import cached_property

import mesa
import networkx as nx
import numpy as np

from samskaping.agents import Citizen, Leader, Politician, Professional
from samskaping.agents.citizen import TownCitizens
from samskaping.scenarios.parameters import SamskapingScenario
from samskaping.simulation.intervention import intervene
from samskaping.simulation.memory import keep_freed_memory
from samskaping.simulation.network import (
    citizens_graph,
    first_nodes,
    own_ties,
    resource_circle_layout,
    service_graph,
)
from samskaping.simulation.towns import Towns


class SamskapingModel(mesa.Model):
    """Citizens, professionals, leaders and politicians solving public problems together or not.

    Example::

        model = SamskapingModel(SamskapingScenario(rng=42, regime="co-creation"))
        model.run_for(12)
        model.datacollector.get_model_vars_dataframe()[["legitimacy", "accuracy"]]
    """

    def __init__(self, scenario: SamskapingScenario | None = None) -> None:
        keep_freed_memory()
        scenario = scenario if scenario is not None else SamskapingScenario()
        ties = own_ties([scenario])  # before Mesa's model fixes the scenario's citizens
        super().__init__(scenario=scenario)
        #: the engine: this town as an ensemble of one (``towns.py``)
        self.towns = Towns([self.scenario], [self.rng], ties=ties)
        towns = self.towns
        self.regime = towns.regime
        #: one random stream per mechanism, all from ``self.rng`` (see ``random_streams.py``)
        self.streams = towns.streams[0]
        self.citizens = TownCitizens(towns.citizens)
        self.professionals = towns.professionals
        self.heuristics = towns.heuristics
        #: each unit's problem (a Hong–Page landscape) and where the unit stands on it
        self.problems = towns.problems[0]
        self.first_node = first_nodes(
            self.citizens.count, self.professionals.count, len(self.problems)
        )

        # --- the Mesa agents: the public face of the arrays --------------------------------
        Citizen.create_agents(self, self.citizens.count, np.arange(self.citizens.count))
        self.professional_agents = list(
            Professional.create_agents(
                self, self.professionals.count, np.arange(self.professionals.count)
            )
        )
        self.leaders = [Leader(self, unit, problem) for unit, problem in enumerate(self.problems)]
        self.politicians = [Politician(self, i) for i in range(self.scenario.council)]
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in self.metrics},
            agenttype_reporters={
                Leader: {
                    "arena_rate": "arena_rate",
                    "coordination": "coordination",
                    "quality": "quality",
                },
                Politician: {"power_sharing": "power_sharing"},
            },
        )
        self.datacollector.collect(self)

    def step(self) -> None:
        """One month (concept.md §4; ``Towns.step``)."""
        self.towns.step()
        self.__dict__.pop("metrics", None)
        self.datacollector.collect(self)

    def intervene(self, **levers: object) -> None:
        """A policy changes from the next month (``intervention.py``): ``levers`` are new values
        of parameters in :data:`~samskaping.simulation.intervention.LEVERS`. A value the scenario
        refuses, or a structural parameter, raises ``ScenarioError`` and changes nothing."""
        old = self.scenario
        new = SamskapingScenario(rng=old.rng, **(old.parameters | levers))
        intervene(self.towns, [new])
        self.scenario = new  # Mesa's own setter: the running model's scenario is replaced whole
        self.regime = self.towns.regime
        self.__dict__.pop("metrics", None)

    def decide(self, who: str, agent: int, **choices: object) -> None:
        """A person playing agent number ``agent`` of ``who`` ("citizen", "professional" or
        "politician") decides for the next month: e.g. ``decide("citizen", 12, take_part=True,
        say=2)`` or ``decide("politician", 0, power_sharing=0.8)``. What can be decided, and the
        rule each choice replaces, is in ``decisions.py`` (ODD.md §14); a bad choice raises
        ``DecisionError`` and records nothing of the call."""
        self.towns.decisions.decide(self.towns, 0, who, agent, **choices)

    # --- the town's state, as one town alone holds it ------------------------------------------
    @cached_property
    def metrics(self) -> dict[str, float]:
        """This month's outcomes (concept.md §6; ODD.md §8)."""
        return self.towns.outcome(0)

    @property
    def ties(self):
        """Citizens' social ties: a symmetric sparse matrix, the working structure of the
        network."""
        return self.towns.ties

    @cached_property
    def tie_source(self) -> np.ndarray:
        """The citizen at the near end of each entry of ``ties`` (its row); built on first use
        (the step never needs it)."""
        return np.repeat(np.arange(self.citizens.count, dtype=np.intp), np.diff(self.ties.indptr))

    @property
    def degree(self) -> np.ndarray:
        """Each citizen's number of social ties."""
        return self.towns.degree

    @property
    def professional_of(self) -> np.ndarray:
        """The professional whose client each citizen is."""
        return self.towns.professional_of[0]

    @property
    def constituency(self) -> np.ndarray:
        """The politician whose constituency each citizen is in."""
        return self.towns.constituency[0]

    @property
    def unit_of_citizen(self) -> np.ndarray:
        """The unit (domain) whose client each citizen is."""
        return self.towns.unit_of_citizen[0]

    @property
    def unit_size(self) -> np.ndarray:
        """Each unit's number of professionals."""
        return self.towns.unit_size[0]

    @property
    def known(self) -> np.ndarray:
        """What the services know of each citizen's needs, per domain."""
        return self.towns.known[0]

    @property
    def allocation(self) -> np.ndarray:
        """The council's budget shares across domains this month."""
        return self.towns.allocation[0]

    @property
    def budget(self) -> float:
        """The service budget, in units of service a month, fixed at the start."""
        return float(self.towns.budget[0])

    @property
    def service_budget(self) -> float:
        """This month's budget left for services after the costs of taking part."""
        return float(self.towns.service_budget[0])

    @property
    def costs(self) -> dict[str, float]:
        """This month's costs of taking part, in units of service, by kind."""
        return {kind: float(np.asarray(cost)[0]) for kind, cost in self.towns.costs.items()}

    @property
    def arenas(self) -> np.ndarray:
        """Arenas that met this month, per unit."""
        return self.towns.arenas[0]

    @property
    def power_sharing(self) -> float:
        """The council's power sharing: the mean of its members'."""
        return float(self.towns.power_sharing[0])

    def of_leaders(self, attribute: str) -> np.ndarray:
        """One of the leaders' state variables, as an array over units."""
        return np.array([getattr(leader, attribute) for leader in self.leaders])

    def _teams(self) -> list[np.ndarray]:
        """The heuristics of each unit's problem-solving team (see ``Towns._teams``)."""
        return self.towns._teams(0)

    @cached_property
    def social_space(self) -> mesa.discrete_space.Network:
        """Citizens' social ties as Mesa's ``Network`` space, built on first use, with an explicit
        layout (see :func:`resource_circle_layout`); cell ``i`` is citizen ``i``."""
        graph = citizens_graph(self.social_pairs, self.citizens.count)
        return mesa.discrete_space.Network(
            graph, random=self.random, layout=resource_circle_layout(self.citizens.resources)
        )

    @property
    def network(self) -> nx.Graph:
        """One networkx graph of all ties as they stand now: social, client, unit and constituency
        (see ``network.py``). Built on each use, from the arrays: the step never needs it."""
        return service_graph(
            self.social_pairs,
            self.professional_of,
            self.professionals.unit,
            self.constituency,
            len(self.politicians),
        )

    @property
    def social_pairs(self) -> np.ndarray:
        """Citizens' social ties as pairs ``(i, j)``, ``i < j``."""
        above = self.tie_source < self.ties.indices
        return np.column_stack([self.tie_source[above], self.ties.indices[above]]).astype(np.int64)

    @property
    def social_source(self) -> np.ndarray:
        """Both directions of every social tie: the near ends (see ``social_target``)."""
        return self.tie_source

    @property
    def social_target(self) -> np.ndarray:
        """Both directions of every social tie: the far ends."""
        return self.ties.indices


def _reporter(name: str):
    def report(model: SamskapingModel) -> float:
        return model.metrics[name]

    report.__name__ = name
    return report
