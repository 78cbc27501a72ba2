"""The model: four kinds of actor on one network, under NPM or co-creation, one month a step.

The schedule of one step follows concept.md §4 (in detail ODD.md §3); each numbered block below
calls the rules of the agents (``samskaping.agents``), which work on arrays over all citizens at
once.
"""

from __future__ import annotations

import math
from functools import cached_property

import mesa
import networkx as nx
import numpy as np

from samskaping.agents import (
    Citizen,
    Citizens,
    Leader,
    Politician,
    Professional,
    Professionals,
    council_allocation,
)
from samskaping.helpers.random_streams import spawn_streams
from samskaping.scenarios.parameters import SamskapingScenario
from samskaping.simulation import hong_page as hp
from samskaping.simulation import metrics as m
from samskaping.simulation.memory import keep_freed_memory
from samskaping.simulation.network import (
    citizens_graph,
    first_nodes,
    generate_social_ties,
    load_social_ties,
    resource_circle_layout,
    service_graph,
    tie_matrix,
    ties_among,
)
from samskaping.simulation.problem_solving import (
    LARGEST_STEP,
    LEAP,
    POINTS,
    TEAM,
    UnitProblem,
    arenas_search,
    professionals_search,
)
from samskaping.simulation.regime import Regime

#: professionals who join each arena (those of its first citizens)
PROFESSIONALS_PER_ARENA = 2
#: professional time one survey answer costs, in units of service
SURVEY_COST = 0.02
#: professional time a complaint and a switch of provider cost, in units of service
CHOICE_COST = 0.05
#: the lowest two resource quintiles are the target of counter-strategies
TARGETED_QUINTILES = 2


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
        pairs = None
        if scenario.network_file:
            scenario.citizens, pairs = load_social_ties(scenario.network_file)
        super().__init__(scenario=scenario)
        s = self.scenario
        self.regime = Regime.of(s)
        #: one random stream per mechanism, all from ``self.rng`` (see ``random_streams.py``)
        self.streams = spawn_streams(self.rng)

        # --- citizens and their ties -----------------------------------------------------------
        self.citizens = Citizens(s, s.citizens, self.streams)
        if pairs is None:
            pairs = generate_social_ties(
                s.network,
                s.citizens,
                s.mean_degree,
                s.rewiring,
                s.homophily,
                self.citizens.resources,
                self.streams["network"],
            )

        # --- units, professionals, politicians, and the service ties ------------------------
        main = self.citizens.main_domain()
        wanted = max(s.domains, math.ceil(s.citizens / s.clients_per_professional))
        share = np.bincount(main, minlength=s.domains) / s.citizens
        per_unit = np.maximum(1, np.round(share * wanted)).astype(np.int64)
        self.unit_start = np.concatenate([[0], np.cumsum(per_unit)[:-1]])
        self.unit_size = per_unit
        self.professionals = Professionals(
            s, np.repeat(np.arange(s.domains), per_unit), self.streams
        )
        self.professional_of = self._assign_professionals(main)
        #: the politician whose constituency each citizen is in
        self.constituency = self.streams["assignment"].integers(0, s.council, s.citizens)
        #: citizens' social ties: a symmetric sparse matrix, the working structure of the network
        self.ties = tie_matrix(pairs, s.citizens)
        #: the citizen at the near end of each entry of ``ties`` (its row), for rules per tie;
        #: numpy's own index type, which a gather reads without converting it first
        self.tie_source = np.repeat(np.arange(s.citizens, dtype=np.intp), np.diff(self.ties.indptr))
        #: each citizen's number of social ties
        self.degree = np.diff(self.ties.indptr).astype(float)
        self.first_node = first_nodes(s.citizens, self.professionals.count, s.domains)

        # --- the Mesa agents: the public face of the arrays --------------------------------
        Citizen.create_agents(self, s.citizens, np.arange(s.citizens))
        self.professional_agents = list(
            Professional.create_agents(
                self, self.professionals.count, np.arange(self.professionals.count)
            )
        )
        #: every problem-solving heuristic's step sizes: citizens' and professionals' ``heuristic``
        #: is a row of it
        self.heuristics = hp.heuristics(LARGEST_STEP)
        #: each unit's problem (a Hong–Page landscape) and where the unit stands on it
        self.problems = [
            UnitProblem(s.complexity, self.streams["problems"]) for _ in range(s.domains)
        ]
        self.leaders = [Leader(self, unit, problem) for unit, problem in enumerate(self.problems)]
        self._train()
        need_share = self.citizens.needs.sum(axis=0) / self.citizens.needs.sum()
        self.politicians = [Politician(self, i, need_share) for i in range(s.council)]

        # --- what the services know, the budget, the first allocation ------------------------
        self.known = self.professionals.observe(
            self.citizens.needs,
            self.professional_of,
            self._silo_blindness(),
            self.citizens.typical_need,
        )
        #: the service budget, in units of service a month, fixed at the start
        self.budget = s.capacity * float(self.citizens.needs.sum())
        self.allocation = self._allocate(arena_voice=None)
        self.volunteer_capacity = 0.0
        self.innovations = 0
        self.costs = dict.fromkeys(
            ("arenas", "coproduction", "volunteers", "counter", "surveys", "choice"), 0.0
        )
        self.arenas = np.zeros(s.domains, dtype=np.int64)
        self.captured = self.setbacks = 0
        #: what this month's arena participants said, as shares over domains (mode B)
        self.arena_voice: np.ndarray | None = None
        self._deliver()
        self.metrics = self._measure()

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

    # ------------------------------------------------------------------------------------------
    def step(self) -> None:
        """One month (concept.md §4)."""
        self._change_needs()  # 1.
        account, observation = self._gather_information()  # 2.
        self._allocate_budget(account)  # 3.
        self._deliver()  # 4.-5.
        voice = self._update_legitimacy()  # 6.
        self._adapt(account, observation, voice)  # 7.
        self.metrics = self._measure()  # 8.
        self.datacollector.collect(self)

    # --- the blocks of a step ------------------------------------------------------------------
    def _change_needs(self) -> None:
        """1. Needs drift and shocks; a citizen whose main need changed becomes another unit's
        client."""
        c, p = self.citizens, self.professionals
        shocked = c.drift_needs()
        main = c.main_domain(shocked)
        moved = main != p.unit[self.professional_of[shocked]]
        self.professional_of[shocked[moved]] = self._assign_professionals(main[moved])

    def _gather_information(self) -> tuple[np.ndarray, np.ndarray]:
        """2. Information: surveys (NPM); arenas, co-production and volunteering (co-creation);
        assessment; arena dialogue and problem solving; the month's costs. Returns the citizens'
        own accounts and the professionals' observations."""
        s, c, p, regime = self.scenario, self.citizens, self.professionals, self.regime
        account = c.own_account()
        unit = self.unit_of_citizen
        targeted = c.quintile < TARGETED_QUINTILES
        supported = targeted & (regime.counter_strategy == "resource-support")
        resources = c.effective_resources(supported)

        previously = c.took_part
        nobody = np.zeros(c.count, dtype=bool)
        invited = self._invite_to_arenas(previously, unit, targeted) if regime.arenas else nobody
        chance = c.participation_chance(resources) if regime.arenas or regime.coproduction else 0
        c.took_part = c.take_part(invited, chance, "arenas")
        everyone = np.ones(c.count, dtype=bool)
        if regime.coproduction and self._encouraged():
            # outreach asks the targeted 1 + outreach_boost times: each ask another chance of a yes
            chance = np.where(targeted, 1.0 - (1.0 - chance) ** (1.0 + s.outreach_boost), chance)
        c.coproduced = (
            c.take_part(everyone, chance, "coproduction") if regime.coproduction else nobody
        )
        c.answered_survey = c.answer_survey() if regime.surveys else nobody
        c.chose = self._choose() if regime.customer_choice and s.choice_rate > 0 else nobody
        c.volunteered = c.volunteer(resources) if regime.volunteering else nobody
        self.volunteer_capacity = s.volunteer_capacity * float(c.volunteered.sum())

        observation = p.observe(
            c.needs, self.professional_of, self._silo_blindness(), c.typical_need
        )
        intensity = np.array([leader.time_per_client() for leader in self.leaders])[unit]
        self.known = p.assess(
            self.known, observation, account, c.coproduced, self.professional_of, intensity[:, None]
        )
        # one-way: a survey answer or a complaint tells the unit about the need it is about
        told = np.flatnonzero(c.answered_survey | c.chose)
        self.known[told, unit[told]] = account[told, unit[told]]
        power_sharing = self.power_sharing
        self.arenas = np.ceil(
            np.bincount(unit, weights=c.took_part, minlength=s.domains) / s.arena_size
        ).astype(np.int64)
        if regime.problem_arenas:
            # dialogue: professionals in the arena learn participants' composite needs, and the
            # service acts on it as far as arena output is allowed to move decisions
            listened = c.took_part * p.recognition[self.professional_of] * power_sharing
            toward = account - self.known
            toward *= listened[:, None]
            self.known += toward
        self._solve_problems(unit, power_sharing)
        self.costs = {
            "arenas": s.arena_cost * c.took_part.sum() + s.arena_overhead * self.arenas.sum(),
            "coproduction": s.coproduction_cost * c.coproduced.sum(),
            "volunteers": s.volunteer_coordination * c.volunteered.sum(),
            "counter": s.counter_cost * self._reached(targeted),
            "surveys": SURVEY_COST * c.answered_survey.sum(),
            "choice": CHOICE_COST * c.chose.sum(),
        }
        return account, observation

    def _allocate_budget(self, account: np.ndarray) -> None:
        """3. The council allocates the budget across domains; under mode B arena participants'
        accounts of their needs move it as far as power is shared."""
        c = self.citizens
        arena_voice = None
        said = account[c.took_part].sum(axis=0)
        if self.regime.policy_input and said.sum() > 0:
            arena_voice = said / said.sum()
        self.arena_voice = arena_voice
        self.allocation = self._allocate(arena_voice)

    def _update_legitimacy(self) -> np.ndarray:
        """6. Legitimacy from voice, process and results; then social influence along ties.
        Returns each citizen's voice this month (for willingness learning)."""
        s, c = self.scenario, self.citizens
        power_sharing = self.power_sharing
        heard_by_professional = self.professionals.recognition[self.professional_of]
        voice = np.where(c.answered_survey, 0.5 * s.information_weight, 0.0)
        voice = np.where(c.coproduced, np.maximum(voice, heard_by_professional), voice)
        voice = np.where(c.took_part, np.maximum(voice, power_sharing), voice)
        spoke = c.answered_survey | c.coproduced | c.took_part
        process = (
            (self.experienced_service() - s.service_expectation)
            + c.took_part * (power_sharing - s.voice_expectation)
            + c.coproduced * (heard_by_professional - s.voice_expectation)
        )
        channels = 1.0 + c.took_part + c.coproduced
        if c.chose.any():  # exit and voice: heard as far as choice_voice, judged like the others
            voice = np.where(c.chose, np.maximum(voice, s.choice_voice), voice)
            spoke = spoke | c.chose
            process += c.chose * (s.choice_voice - s.voice_expectation)
            channels += c.chose
        process /= channels
        c.experience(process, voice, spoke, c.fulfilment)
        c.influence(self.ties, self.tie_source, self.degree)
        return voice

    def _adapt(self, account: np.ndarray, observation: np.ndarray, voice: np.ndarray) -> None:
        """7. Adaptation: willingness, recognition, leaders' arena rate, politicians' power
        sharing."""
        s, c, regime = self.scenario, self.citizens, self.regime
        c.learn_willingness(c.took_part | c.coproduced, voice)
        if regime.coproduction:
            self.professionals.learn_recognition(
                c.needs, observation, account, c.coproduced, self.professional_of
            )
        if regime.arenas:
            unit = self.unit_of_citizen
            results = (c.accuracy + c.fulfilment + c.overall_legitimacy()) / 3.0
            clients = np.maximum(1, np.bincount(unit, minlength=s.domains))
            performance = np.bincount(unit, weights=results, minlength=s.domains) / clients
            for leader in self.leaders:
                leader.experiment(float(performance[leader.unit]))
            mean_legitimacy = float(c.legitimacy.mean())
            for politician in self.politicians:
                politician.respond_to_legitimacy(mean_legitimacy)

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

    # --- the rules the blocks share ------------------------------------------------------------
    def of_leaders(self, attribute: str) -> np.ndarray:
        """One of the leaders' state variables, as an array over units."""
        return np.array([getattr(leader, attribute) for leader in self.leaders])

    @property
    def unit_of_citizen(self) -> np.ndarray:
        """The unit (domain) whose client each citizen is."""
        return self.professionals.unit[self.professional_of]

    @property
    def power_sharing(self) -> float:
        """The council's power sharing: the mean of its members'."""
        return float(np.mean([politician.power_sharing for politician in self.politicians]))

    def _assign_professionals(self, domain: np.ndarray, stream: str = "assignment") -> np.ndarray:
        """Each citizen becomes the client of a professional, drawn at random, in its main domain."""
        draw = self.streams[stream].random(domain.size)
        pick = (draw * self.unit_size[domain]).astype(np.int64)
        return self.unit_start[domain] + pick

    def _silo_blindness(self) -> np.ndarray:
        """Per unit: how much of the needs outside its domain it cannot see."""
        coordination = self.of_leaders("coordination")
        return self.scenario.silo * (1.0 - coordination)

    def _invite_to_arenas(self, previously: np.ndarray, unit: np.ndarray, targeted: np.ndarray):
        """Who is asked: a unit's arena rate of its clients, more of the targeted quintiles under
        outreach, and anyone whose neighbours took part last month may be brought along."""
        s, regime = self.scenario, self.regime
        rate = self.of_leaders("arena_rate")[unit]
        if regime.counter_strategy == "outreach":
            rate = np.where(targeted, np.minimum(1.0, rate * (1.0 + s.outreach_boost)), rate)
        friends = ties_among(self.ties, previously)
        # friends counts ties: the powers are those of a table over the counts that occur
        powers = (1.0 - s.network_recruitment) ** np.arange(friends.max(initial=0) + 1.0)
        brought = 1.0 - powers[friends]
        chance = 1.0 - (1.0 - rate) * (1.0 - brought)
        return self.streams["arenas"].random(rate.size) < chance

    def experienced_service(self) -> np.ndarray:
        """How each citizen judges this month's service: how well it fits the need (accuracy)
        and, with weight ``need_met_weight``, how much of the need it meets (fulfilment): a small
        service of the right shape does not satisfy (Van Ryzin 2004)."""
        c, weight = self.citizens, self.scenario.need_met_weight
        return (1.0 - weight) * c.accuracy + weight * c.fulfilment

    def _choose(self) -> np.ndarray:
        """Exit and voice (NPM): who complains and switches provider this month; each moves to
        a professional of its unit drawn at random (Hirschman 1970)."""
        chose = self.citizens.choose(self.experienced_service())
        movers = np.flatnonzero(chose)
        unit = self.professionals.unit[self.professional_of[movers]]
        self.professional_of[movers] = self._assign_professionals(unit, "choice")
        return chose

    def _encouraged(self) -> bool:
        """Whether outreach also asks the targeted to co-produce (``outreach_coproduction``)."""
        return self.regime.counter_strategy == "outreach" and self.scenario.outreach_coproduction

    def _reached(self, targeted: np.ndarray) -> float:
        """How many targeted citizens the counter-strategy reached this month (for its cost):
        under outreach the extra asks, under resource support those supported."""
        c, strategy, s = self.citizens, self.regime.counter_strategy, self.scenario
        if strategy == "outreach":
            reached = 0.0
            if self.regime.arenas:  # extra invitations to arenas
                rates = self.of_leaders("arena_rate")
                reached = float(targeted.sum() * rates.mean() * s.outreach_boost)
            if self.regime.coproduction and self._encouraged():  # extra asks to co-produce
                reached += float(targeted.sum() * s.outreach_boost)
            return reached
        if strategy == "resource-support":
            return float((targeted & (c.took_part | c.coproduced | c.volunteered)).sum())
        return 0.0

    def _train(self) -> None:
        """Problem-solving heuristics: citizens' are diverse (any heuristic, at random);
        professionals' come from a shared training, the ablest on their unit's problem. Then each
        unit's professionals search once: the status quo the simulation starts from."""
        rng = self.streams["heuristics"]
        self.citizens.heuristic = rng.integers(0, len(self.heuristics), self.citizens.count)
        unit = self.professionals.unit
        pools = np.array([problem.training_pool() for problem in self.problems])
        self.professionals.heuristic = pools[unit, rng.integers(0, pools.shape[1], unit.size)]
        for problem, team in zip(self.problems, self._teams(), strict=True):
            professionals_search(problem, team)

    def _retrain(self, unit: int) -> None:
        """A unit facing a new problem trains its professionals anew: heuristics from the ablest
        on the new problem, so they stay able but alike."""
        p, rng = self.professionals, self.streams["heuristics"]
        staff = np.flatnonzero(p.unit == unit)
        pool = self.problems[unit].training_pool()
        p.heuristic[staff] = pool[rng.integers(0, pool.size, staff.size)]

    def _teams(self) -> list[np.ndarray]:
        """The heuristics of each unit's problem-solving team: its first ``TEAM`` professionals."""
        p = self.professionals
        return [p.heuristic[p.unit == unit][:TEAM] for unit in range(len(self.problems))]

    def _solve_problems(self, unit: np.ndarray, power_sharing: float) -> None:
        """The world moves on (a unit's problem may change); each unit's professionals search
        from where it stands; with mode A, the unit's arenas search too, and what they find is
        adopted as far as power is shared (Hong & Page 2004; ``problem_solving.py``)."""
        s, c = self.scenario, self.citizens
        changes = self.streams["problem_changes"].random(len(self.problems)) < s.quality_decay
        for changed in np.flatnonzero(changes):
            self.problems[changed].new_problem()
            self._retrain(changed)
        for problem, team in zip(self.problems, self._teams(), strict=True):
            professionals_search(problem, team)
        self.innovations = self.captured = self.setbacks = 0
        if not self.regime.problem_arenas:
            return
        professionals_in = PROFESSIONALS_PER_ARENA * self.arenas
        practice = np.minimum(1.0, professionals_in / self.unit_size)
        for leader, problem in zip(self.leaders, self.problems, strict=True):
            present = np.flatnonzero(c.took_part & (unit == leader.unit))
            groups = self._arena_groups(present)
            captor = self._captor(present) if s.arena_capture > 0.0 else None
            gain = arenas_search(
                problem, groups, power_sharing, self.streams["arena_search"], captor
            )
            self.innovations += int(gain > LEAP)
            self.captured += int(captor is not None and groups.shape[0] > 0)
            self.setbacks += int(gain < 0.0)  # a captured room's worse idea, adopted
            # cross-silo routines change only under a real mandate
            leader.learn_coordination(float(practice[leader.unit]) * power_sharing)

    def _captor(self, present: np.ndarray) -> tuple[int, int] | None:
        """With chance ``arena_capture`` a unit's arenas are captured this month by their most
        resourceful participant: its heuristic, and the point it starts from (its own view of the
        problem, anywhere on the landscape); None otherwise (Young 2000; Janis 1972)."""
        rng = self.streams["capture"]
        if rng.random() >= self.scenario.arena_capture or present.size == 0:
            return None
        captor = present[np.argmax(self.citizens.resources[present])]
        return int(self.citizens.heuristic[captor]), int(rng.integers(POINTS))

    def _arena_groups(self, participants: np.ndarray) -> np.ndarray:
        """The heuristics in each of a unit's arenas: ``arena_size`` citizens each, in order, with
        the professionals of the first two; one row per arena, padded with 'no member'."""
        size, none = self.scenario.arena_size, self.problems[0].none
        seats = np.full(-(-participants.size // size) * size, -1)
        seats[: participants.size] = participants
        seats = seats.reshape(-1, size)
        taken = seats >= 0
        citizens = np.where(taken, self.citizens.heuristic[seats], none)
        hosts = np.where(taken, seats, 0)[:, :PROFESSIONALS_PER_ARENA]  # empty seats: masked below
        professionals = self.professionals.heuristic[self.professional_of[hosts]]
        professionals = np.where(taken[:, :PROFESSIONALS_PER_ARENA], professionals, none)
        return np.hstack([citizens, professionals])

    def _allocate(self, arena_voice: np.ndarray | None) -> np.ndarray:
        """The council's budget shares across domains (see :func:`council_allocation`)."""
        priorities = np.mean([politician.priorities for politician in self.politicians], axis=0)
        known = self.known.sum(axis=0)
        known_share = (
            known / known.sum() if known.sum() > 0 else np.full(known.size, 1 / known.size)
        )
        return council_allocation(
            priorities,
            known_share,
            arena_voice,
            self.power_sharing,
            self.scenario.information_weight,
        )

    def _deliver(self) -> None:
        """Services are delivered: the budget left after the costs of arenas, co-production,
        volunteer coordination, outreach and surveys is split by the allocation; each unit covers
        what it knows of its clients' needs as far as its budget allows, at its quality; volunteers
        fill part of what is left uncovered at their quality."""
        s, c, regime = self.scenario, self.citizens, self.regime
        gain = s.efficiency_gain if regime.performance_management else 0.0
        budget = self.budget * (1.0 + gain) - s.substitution * self.volunteer_capacity
        self.service_budget = max(0.0, budget - sum(self.costs.values()))
        allocated = self.allocation * self.service_budget
        demand = self.known.sum(axis=0)
        coverage = self._coverage(allocated, demand)
        quality = self.of_leaders("quality")
        if regime.customer_choice:
            choosing = 1.0 + s.choice_gain * (c.resources - c.resources.mean())
            served = np.clip(np.multiply(choosing[:, None], quality, order="F"), 0.0, 1.0)
            served *= coverage
            served *= self.known
        else:
            served = self.known * (coverage * quality)
        if self.volunteer_capacity > 0.0:
            uncovered = self.known * (1.0 - coverage)
            left = uncovered.sum(axis=0)
            offered = self.allocation * self.volunteer_capacity
            share = np.minimum(
                1.0, np.divide(offered, left, out=np.zeros_like(left), where=left > 0)
            )
            uncovered *= share * s.volunteer_quality
            served += uncovered
        # NPM's efficiency gain is more service from the same hours, not more hours
        delivered = float(np.minimum(allocated, demand).sum())
        self.service_hours = m.HOURS_PER_UNIT * delivered / (1.0 + gain)
        c.accuracy, c.fulfilment = m.accuracy_and_fulfilment(served, c.needs)

    def _coverage(self, allocated: np.ndarray, demand: np.ndarray) -> np.ndarray:
        """The share of each known need that its domain's budget covers, the same for everyone;
        under mode B with ``voice_targeting``, that share of the budget the arenas steered serves
        the needs of those present first, and everyone's remaining need shares the rest, so a
        skewed room skews who is served (Verba, Schlozman & Brady 1995; Fung 2006)."""
        s, c = self.scenario, self.citizens
        everyone = np.minimum(
            1.0, np.divide(allocated, demand, out=np.ones_like(demand), where=demand > 0)
        )
        if self.arena_voice is None or s.voice_targeting == 0.0 or not c.took_part.any():
            return everyone
        earmark = s.voice_targeting * self.power_sharing * self.arena_voice * self.service_budget
        present = self.known[c.took_part].sum(axis=0)
        first = np.minimum(earmark, present)
        share = np.divide(first, present, out=np.zeros_like(present), where=present > 0)
        left = demand - first
        rest = np.divide(allocated - first, left, out=np.ones_like(left), where=left > 0)
        rest = np.clip(rest, 0.0, 1.0)
        return np.where(c.took_part[:, None], share + (1.0 - share) * rest, rest)

    def _measure(self) -> dict[str, float]:
        """The outcomes of this month (concept.md §6; ODD.md §8)."""
        c = self.citizens
        legitimacy = c.overall_legitimacy()
        components = c.legitimacy.mean(axis=0)
        by_q = m.quintile_means(
            {
                "accuracy": c.accuracy,
                "fulfilment": c.fulfilment,
                "legitimacy": legitimacy,
                "participation": c.took_part,
                "coproduction": c.coproduced,
            },
            c.quintile,
        )
        need_totals = c.needs.sum(axis=0)
        need_share = need_totals / max(need_totals.sum(), 1e-12)
        transaction_hours = m.HOURS_PER_UNIT * sum(self.costs.values())
        professional_hours = self.service_hours + transaction_hours
        citizen_hours = (
            m.CITIZEN_HOURS["arena"] * c.took_part.sum()
            + m.CITIZEN_HOURS["coproduction"] * c.coproduced.sum()
            + m.HOURS_PER_UNIT * self.scenario.volunteer_capacity * c.volunteered.sum()
        )
        hours_per_citizen = (professional_hours + citizen_hours) / c.count
        accuracy = float(c.accuracy.mean())
        values = {
            "legitimacy": float(legitimacy.mean()),
            "accuracy": accuracy,
            "inequality": m.gini(c.fulfilment),
            "legitimacy_input": float(components[0]),
            "legitimacy_throughput": float(components[1]),
            "legitimacy_output": float(components[2]),
            "fulfilment": float(c.fulfilment.mean()),
            "accuracy_policy": float(1.0 - 0.5 * np.abs(self.allocation - need_share).sum()),
            "gap_accuracy": float(by_q["accuracy"][4] - by_q["accuracy"][0]),
            "gap_fulfilment": float(by_q["fulfilment"][4] - by_q["fulfilment"][0]),
            "gap_legitimacy": float(by_q["legitimacy"][4] - by_q["legitimacy"][0]),
            "participation": float(c.took_part.mean()),
            **{f"participation_q{q + 1}": float(by_q["participation"][q]) for q in range(5)},
            "coproduction": float(c.coproduced.mean()),
            "volunteering": float(c.volunteered.mean()),
            "choice": float(c.chose.mean()),
            "arena_representativeness": m.representativeness(c.quintile, c.took_part),
            "arena_resources": float(c.resources[c.took_part].mean())
            if c.took_part.any()
            else float("nan"),
            "arenas": int(self.arenas.sum()),
            "innovations": self.innovations,
            "captured": self.captured,
            "setbacks": self.setbacks,
            "willingness": float(c.willingness.mean()),
            "recognition": float(self.professionals.recognition.mean()),
            "arena_rate": float(self.of_leaders("arena_rate").mean()),
            "coordination": float(self.of_leaders("coordination").mean()),
            "quality": float(self.of_leaders("quality").mean()),
            "power_sharing": self.power_sharing,
            "professional_hours": professional_hours,
            "citizen_hours": float(citizen_hours),
            "counter_hours": m.HOURS_PER_UNIT * self.costs["counter"],
            "transaction_hours": transaction_hours,
            "arena_overhead_hours": m.HOURS_PER_UNIT
            * self.scenario.arena_overhead
            * float(self.arenas.sum()),
            "cost_per_citizen": float(hours_per_citizen),
            "accuracy_per_cost": accuracy / hours_per_citizen if hours_per_citizen > 0 else 0.0,
        }
        return values


def _reporter(name: str):
    def report(model: SamskapingModel) -> float:
        return model.metrics[name]

    report.__name__ = name
    return report
