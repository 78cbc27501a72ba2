"""Towns: the model's rules stepped for several towns side by side, one month a step.

A town is one run: its citizens, professionals, leaders and politicians, its network and its
own random streams. An ensemble of towns of the same shape (``scenarios/per_town.py``) is stepped
as one array program: the citizens of all towns are the rows of the same arrays, towns share no
tie (the tie matrix is block-diagonal), sums are taken per town, and a parameter that differs
between towns is a column with a row per town. A month's fixed costs (a few hundred array
operations, each some microseconds whatever its size) are then paid once for all towns, not once
per town. Each town draws from its own streams in its own order, and every sum over a town's
citizens is taken over that town's block alone in the order one town alone would take it: a
town's numbers are the same alone or side by side, bit for bit (tests/test_ensembles.py).

:class:`~samskaping.simulation.model.SamskapingModel`, the Mesa model, is one town of this engine
with Mesa's agents as its public face; the experiment runner steps whole ensembles.

The schedule of one step follows concept.md §4 (in detail ODD.md §3); each numbered block below
calls the rules of the agents (``samskaping.agents``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numba
import numpy as np

from samskaping.agents.citizen import Citizens
from samskaping.agents.leader import Leaders
from samskaping.agents.politician import Council, council_allocation
from samskaping.agents.professional import Professionals
from samskaping.helpers.arrays import by_domain, per_town, power
from samskaping.helpers.random_streams import spawn_streams
from samskaping.scenarios.parameters import SamskapingScenario
from samskaping.scenarios.per_town import PerTown
from samskaping.simulation import hong_page as hp
from samskaping.simulation import metrics as m
from samskaping.simulation.decisions import Decisions
from samskaping.simulation.network import generate_social_ties, tie_matrix, ties_among
from samskaping.simulation.problem_solving import (
    LARGEST_STEP,
    LEAP,
    POINTS,
    TEAM,
    Climbs,
    UnitProblem,
    arenas_search,
    professionals_search,
    search,
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
#: metrics that count things: whole numbers in a town's results
COUNTS = ("arenas", "innovations", "captured", "setbacks")


class Towns:
    """R towns of the same shape, stepped together.

    Example::

        towns = Towns([SamskapingScenario(citizens=1000, regime=r) for r in ("npm", "npm")],
                      [np.random.default_rng(seed) for seed in (1, 2)])
        towns.run_for(120)
        towns.metrics["legitimacy"]  # one number per town
    """

    def __init__(
        self,
        scenarios: Sequence[SamskapingScenario],
        rngs: Sequence[np.random.Generator],
        climbs: Climbs | None = None,
        ties: np.ndarray | None = None,
    ) -> None:
        self.scenario = s = PerTown(scenarios)
        self.regime = Regime.of(scenarios[0])
        self.count = R = len(scenarios)
        #: one random stream per mechanism per town, each town's from its own generator
        self.streams = [spawn_streams(rng) for rng in rngs]
        N, D = s.citizens, s.domains

        # --- citizens and their ties ---------------------------------------------------------
        self.citizens = c = Citizens(s, N, self.streams)
        pairs = []
        for town, own in enumerate(self.streams):
            t = s.of(town)
            pairs.append(
                ties  # the users' own ties (``network_file``), the same in every town
                if ties is not None
                else generate_social_ties(
                    t.network,
                    N,
                    t.mean_degree,
                    t.rewiring,
                    t.homophily,
                    c.resources[town],
                    own["network"],
                )
            )
        #: citizens' social ties, every town's block: a symmetric sparse matrix whose row
        #: ``town x citizens + i`` is citizen i of that town
        self.ties = tie_matrix(
            np.concatenate([p + town * N for town, p in enumerate(pairs)]).reshape(-1, 2), R * N
        )
        #: each citizen's number of social ties
        self.degree = np.diff(self.ties.indptr).astype(float)

        # --- units, professionals, and the service ties --------------------------------------
        main = [c.main_domain(town) for town in range(R)]
        self.unit_size = np.empty((R, D), dtype=np.int64)
        for town in range(R):
            wanted = max(D, math.ceil(N / s.of(town).clients_per_professional))
            share = np.bincount(main[town], minlength=D) / N
            self.unit_size[town] = np.maximum(1, np.round(share * wanted)).astype(np.int64)
        #: each unit's first professional, numbered across towns
        self.unit_start = (np.cumsum(self.unit_size) - self.unit_size.ravel()).reshape(R, D)
        self.professionals = Professionals(
            s, [np.repeat(np.arange(D), size) for size in self.unit_size], self.streams
        )
        #: each unit's problem-solving team: its first ``TEAM`` professionals (-1: no one), a
        #: row per unit, town after town (a working group does not grow with the town)
        first = np.arange(TEAM)
        self.team = np.where(
            first < self.unit_size[..., None], self.unit_start[..., None] + first, -1
        ).reshape(R * D, TEAM)
        #: the professional (numbered across towns) whose client each citizen is
        self.professional_of = np.empty((R, N), dtype=np.int64)
        #: the politician whose constituency each citizen is in, within its town's council
        self.constituency = np.empty((R, N), dtype=np.int64)
        for town, own in enumerate(self.streams):
            self.professional_of[town] = self._assign_professionals(town, main[town])
            self.constituency[town] = own["assignment"].integers(0, s.council, N)

        #: every problem-solving heuristic's step sizes: citizens' and professionals'
        #: ``heuristic`` is a row of it
        self.heuristics = hp.heuristics(LARGEST_STEP)
        #: every unit's climbs on its problem, town after town: ``ends[town x domains + domain]``
        self.ends = np.empty((R * D, POINTS, len(self.heuristics)), dtype=np.int16)
        #: each unit's problem (a Hong–Page landscape) and where the unit stands on it
        self.problems = [
            [
                UnitProblem(
                    s.of(town).complexity, own["problems"], self.ends[town * D + unit], climbs
                )
                for unit in range(D)
            ]
            for town, own in enumerate(self.streams)
        ]
        self.leaders = Leaders(s, self.problems, self.regime.arenas)
        self._train()
        need_share = c.needs.sum(axis=1) / self._total(c.needs)[:, None]
        self.council = Council(s, need_share, self.regime.arenas, self.streams)

        # --- what the services know, the budget, the first allocation ------------------------
        self.known = self.professionals.observe(
            c.needs, self.professional_of, self._silo_blindness(), c.typical_need
        )
        #: the service budget, in units of service a month, fixed at the start
        self.budget = per_town(s.capacity) * self._total(c.needs)
        self.arena_voice: np.ndarray | None = None
        self.allocation = self._allocate(arena_voice=None)
        self.volunteer_capacity = np.zeros(R)
        self.costs = {
            kind: np.zeros(R)
            for kind in ("arenas", "coproduction", "volunteers", "counter", "surveys", "choice")
        }
        self.arenas = np.zeros((R, D), dtype=np.int64)
        #: who was asked to an arena this month (what a citizen played in the classroom is told)
        self.invited = np.zeros(c.took_part.shape, dtype=bool)
        self.innovations = np.zeros(R, dtype=np.int64)
        self.captured = np.zeros(R, dtype=np.int64)
        self.setbacks = np.zeros(R, dtype=np.int64)
        self._deliver()
        self.metrics = self._measure()
        #: the metrics of every month so far, month 0 the start: one (towns, metrics) array each
        self.history = [self._row()]
        #: what the people who play the town decided for the next month (``decisions.py``)
        self.decisions = Decisions()

    # ------------------------------------------------------------------------------------------
    def step(self) -> None:
        """One month (concept.md §4), with the decisions of those who play it."""
        decisions = self.decisions
        if decisions:
            decisions.apply_states(self)
        self._change_needs()  # 1.
        account, observation, heard = self._gather_information()  # 2.
        self._allocate_budget(account)  # 3.
        self._deliver()  # 4.-5.
        voice = self._update_legitimacy(heard)  # 6.
        self._adapt(account, observation, voice)  # 7.
        self.metrics = self._measure()  # 8.
        self.history.append(self._row())
        decisions.month_done()

    def run_for(self, months: int) -> None:
        """Step every town ``months`` months."""
        for _ in range(months):
            self.step()

    def series(self, town: int) -> np.ndarray:
        """Town ``town``'s metrics of every month so far, shape (months + 1, metrics), in the
        order of :attr:`metrics`."""
        return np.array([month[town] for month in self.history])

    def outcome(self, town: int) -> dict[str, float]:
        """Town ``town``'s metrics this month, as numbers (counts as whole numbers)."""
        return {
            name: int(values[town]) if name in COUNTS else float(values[town])
            for name, values in self.metrics.items()
        }

    def _row(self) -> np.ndarray:
        return np.column_stack([np.asarray(v, dtype=float) for v in self.metrics.values()])

    # --- the blocks of a step ------------------------------------------------------------------
    def _change_needs(self) -> None:
        """1. Needs drift and shocks; a citizen whose main need changed becomes another unit's
        client."""
        c, p = self.citizens, self.professionals
        for town, shocked in enumerate(c.drift_needs()):
            main = c.main_domain(town, shocked)
            moved = main != p.domain[self.professional_of[town, shocked]]
            self.professional_of[town, shocked[moved]] = self._assign_professionals(
                town, main[moved]
            )

    def _gather_information(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """2. Information: surveys (NPM); arenas, co-production and volunteering (co-creation);
        assessment; arena dialogue and problem solving; the month's costs. Returns the citizens'
        own accounts, the professionals' observations, and how far each citizen's professional
        recognises lay expertise (the month's clients are settled: recognition changes in 7.)."""
        s, c, p, regime = self.scenario, self.citizens, self.professionals, self.regime
        decided = self.decisions  # each applied after its rule's draw (``decisions.py``)
        account = c.own_account()
        decided.stress(account)
        domain = self.domain_of_citizen
        targeted = c.quintile < TARGETED_QUINTILES
        supported = targeted & (regime.counter_strategy == "resource-support")
        resources = c.effective_resources(supported)

        previously = c.took_part
        nobody = np.zeros(c.took_part.shape, dtype=bool)
        invited = self._invite_to_arenas(previously, domain, targeted) if regime.arenas else nobody
        self.invited = invited
        chance = c.participation_chance(resources) if regime.arenas or regime.coproduction else 0
        c.took_part = c.take_part(invited, chance, "arenas")
        decided.overrule("take_part", c.took_part, invited)
        everyone = np.ones(c.took_part.shape, dtype=bool)
        if regime.coproduction and self._encouraged():
            # outreach asks the targeted 1 + outreach_boost times: each ask another chance of a yes
            asked = 1.0 - power(1.0 - chance, 1.0 + s.outreach_boost)
            chance = np.where(targeted, asked, chance)
        c.coproduced = nobody
        if regime.coproduction:
            c.coproduced = c.take_part(everyone, chance, "coproduction")
            decided.overrule("coproduce", c.coproduced)
        c.answered_survey = nobody
        if regime.surveys:
            c.answered_survey = c.answer_survey()
            decided.overrule("answer", c.answered_survey)
        # a town whose choice_rate is 0 chooses no one (its "choice" stream serves nothing else)
        choice = regime.customer_choice and np.any(s.choice_rate > 0)
        c.chose = self._choose() if choice else nobody
        c.volunteered = nobody
        if regime.volunteering:
            c.volunteered = c.volunteer(resources)
            decided.overrule("volunteer", c.volunteered)
        heard = p.recognition[self.professional_of]
        self.volunteer_capacity = per_town(s.volunteer_capacity) * c.volunteered.sum(axis=1)

        observation = p.observe(
            c.needs, self.professional_of, self._silo_blindness(), c.typical_need
        )
        intensity = per_town(self.leaders.time_per_client(regime.performance_management))
        self.known = p.assess(
            self.known,
            observation,
            account,
            c.coproduced,
            heard,
            intensity,
        )
        # one-way: a survey answer or a complaint tells the unit about the need it is about
        town, told = np.nonzero(c.answered_survey | c.chose)
        about = domain[town, told]
        self.known[town, told, about] = account[town, told, about]
        power_sharing = self.power_sharing
        unit = domain + self.unit_size.shape[1] * np.arange(self.count)[:, None]
        taking_part = np.bincount(
            unit.ravel(), weights=c.took_part.ravel(), minlength=self.arenas.size
        )
        self.arenas = np.ceil(taking_part.reshape(self.count, -1) / s.arena_size).astype(np.int64)
        if regime.problem_arenas:
            # dialogue: professionals in the arena learn participants' composite needs, and the
            # service acts on it as far as arena output is allowed to move decisions
            listened = c.took_part * heard * power_sharing[:, None]
            toward = account - self.known
            toward *= listened[..., None]
            self.known += toward
        self._solve_problems(power_sharing, domain)
        self.costs = {
            "arenas": per_town(s.arena_cost) * c.took_part.sum(axis=1)
            + per_town(s.arena_overhead) * self.arenas.sum(axis=1),
            "coproduction": per_town(s.coproduction_cost) * c.coproduced.sum(axis=1),
            "volunteers": per_town(s.volunteer_coordination) * c.volunteered.sum(axis=1),
            "counter": per_town(s.counter_cost) * self._reached(targeted),
            "surveys": SURVEY_COST * c.answered_survey.sum(axis=1),
            "choice": CHOICE_COST * c.chose.sum(axis=1),
        }
        return account, observation, heard

    def _allocate_budget(self, account: np.ndarray) -> None:
        """3. The council allocates the budget across domains; under mode B arena participants'
        accounts of their needs move it as far as power is shared."""
        arena_voice = None
        if self.regime.policy_input:
            said = self._present(account)
            total = said.sum(axis=1, keepdims=True)
            arena_voice = np.full(said.shape, np.nan)  # NaN: the town's arenas said nothing
            np.divide(said, total, out=arena_voice, where=total > 0)
            if np.isnan(arena_voice).all():
                arena_voice = None
        self.arena_voice = arena_voice
        self.allocation = self._allocate(arena_voice)

    def _update_legitimacy(self, heard_by_professional: np.ndarray) -> np.ndarray:
        """6. Legitimacy from voice, process and results; then social influence along ties.
        ``heard_by_professional``: how far each citizen's professional recognises lay expertise.
        Returns each citizen's voice this month (for willingness learning)."""
        s, c = self.scenario, self.citizens
        power_sharing = self.power_sharing[:, None]
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
        c.influence(self.ties, self.degree)
        return voice

    def _adapt(self, account: np.ndarray, observation: np.ndarray, voice: np.ndarray) -> None:
        """7. Adaptation: willingness, recognition, leaders' arena rate, politicians' power
        sharing."""
        c, regime = self.citizens, self.regime
        c.learn_willingness(c.took_part | c.coproduced, voice)
        if regime.coproduction:
            self.professionals.learn_recognition(
                c.needs, observation, account, c.coproduced, self.professional_of
            )
        if regime.arenas:
            unit = self.unit_of_citizen.ravel()
            results = (c.accuracy + c.fulfilment + c.overall_legitimacy()) / 3.0
            clients = np.maximum(1, np.bincount(unit, minlength=self.leaders.quality.size))
            performance = np.bincount(unit, weights=results.ravel(), minlength=clients.size)
            self.leaders.experiment((performance / clients).reshape(self.leaders.quality.shape))
            self.council.respond_to_legitimacy(self._mean_over_components(c.legitimacy))

    # --- who belongs where ---------------------------------------------------------------------
    @property
    def domain_of_citizen(self) -> np.ndarray:
        """The domain of the unit whose client each citizen is."""
        return self.professionals.domain[self.professional_of]

    @property
    def unit_of_citizen(self) -> np.ndarray:
        """The unit (numbered across towns: town x domains + domain) whose client each citizen
        is."""
        return self.professionals.unit[self.professional_of]

    @property
    def power_sharing(self) -> np.ndarray:
        """Each town's council's power sharing: the mean of its members'."""
        return self.council.shared()

    # --- the rules the blocks share ------------------------------------------------------------
    def _assign_professionals(
        self, town: int, domain: np.ndarray, stream: str = "assignment"
    ) -> np.ndarray:
        """Each citizen of ``town`` becomes the client of a professional, drawn at random, in its
        main domain."""
        draw = self.streams[town][stream].random(domain.size)
        pick = (draw * self.unit_size[town, domain]).astype(np.int64)
        return self.unit_start[town, domain] + pick

    def _silo_blindness(self) -> np.ndarray:
        """Per town and unit: how much of the needs outside its domain it cannot see."""
        return self.scenario.silo * (1.0 - self.leaders.coordination)

    def _invite_to_arenas(self, previously: np.ndarray, domain: np.ndarray, targeted: np.ndarray):
        """Who is asked: a unit's arena rate of its clients, more of the targeted quintiles under
        outreach, and anyone whose neighbours took part last month may be brought along."""
        s, regime, c = self.scenario, self.regime, self.citizens
        rate = np.take_along_axis(self.leaders.arena_rate, domain, axis=1)
        if regime.counter_strategy == "outreach":
            rate = np.where(targeted, np.minimum(1.0, rate * (1.0 + s.outreach_boost)), rate)
        friends = ties_among(self.ties, previously.ravel()).reshape(previously.shape)
        # friends counts ties: the powers are those of a table over the counts that occur
        powers = (1.0 - s.network_recruitment) ** np.arange(friends.max(initial=0) + 1.0)
        brought = 1.0 - np.take_along_axis(np.atleast_2d(powers), friends, axis=1)
        chance = 1.0 - (1.0 - rate) * (1.0 - brought)
        return c.uniform("arenas") < chance

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
        for town in range(self.count):
            movers = np.flatnonzero(chose[town])
            domain = self.professionals.domain[self.professional_of[town, movers]]
            self.professional_of[town, movers] = self._assign_professionals(town, domain, "choice")
        return chose

    def _encouraged(self) -> bool:
        """Whether outreach also asks the targeted to co-produce (``outreach_coproduction``)."""
        return self.regime.counter_strategy == "outreach" and self.scenario.outreach_coproduction

    def _reached(self, targeted: np.ndarray) -> np.ndarray:
        """How many targeted citizens the counter-strategy reached this month in each town (for
        its cost): under outreach the extra asks, under resource support those supported."""
        c, strategy, s = self.citizens, self.regime.counter_strategy, self.scenario
        if strategy == "outreach":
            reached = np.zeros(self.count)
            if self.regime.arenas:  # extra invitations to arenas
                rates = self.leaders.arena_rate.mean(axis=1)
                reached = targeted.sum(axis=1) * rates * per_town(s.outreach_boost)
            if self.regime.coproduction and self._encouraged():  # extra asks to co-produce
                reached += targeted.sum(axis=1) * per_town(s.outreach_boost)
            return reached
        if strategy == "resource-support":
            return (targeted & (c.took_part | c.coproduced | c.volunteered)).sum(axis=1) * 1.0
        return np.zeros(self.count)

    def _train(self) -> None:
        """Problem-solving heuristics: citizens' are diverse (any heuristic, at random);
        professionals' come from a shared training, the ablest on their unit's problem. Then each
        unit's professionals search once: the status quo the simulation starts from."""
        c, p = self.citizens, self.professionals
        for town, own in enumerate(self.streams):
            rng = own["heuristics"]
            c.heuristic[town] = rng.integers(0, len(self.heuristics), c.count)
            staff = slice(p.first[town], p.first[town + 1])
            pools = np.array([problem.training_pool() for problem in self.problems[town]])
            draw = rng.integers(0, pools.shape[1], staff.stop - staff.start)
            p.heuristic[staff] = pools[p.domain[staff], draw]
        self._professionals_search()
        self.leaders.assess_quality()

    def _retrain(self, town: int, domain: int) -> None:
        """A unit facing a new problem trains its professionals anew: heuristics from the ablest
        on the new problem, so they stay able but alike."""
        p, rng = self.professionals, self.streams[town]["heuristics"]
        start, size = self.unit_start[town, domain], self.unit_size[town, domain]
        pool = self.problems[town][domain].training_pool()
        p.heuristic[start : start + size] = pool[rng.integers(0, pool.size, size)]

    def _teams(self, town: int) -> list[np.ndarray]:
        """The heuristics of each of a town's units' problem-solving team: its first ``TEAM``
        professionals."""
        domains = self.unit_size.shape[1]
        rows = self.team[town * domains : (town + 1) * domains]
        return [self.professionals.heuristic[row[row >= 0]] for row in rows]

    def _professionals_search(self) -> None:
        """Every unit's professionals search from where it stands (``professionals_search``)."""
        none = len(self.heuristics)
        heuristics = np.where(self.team >= 0, self.professionals.heuristic[self.team], none)
        professionals_search(self.ends, self._units(), heuristics)

    def _units(self) -> list[UnitProblem]:
        """Every unit's problem, town after town."""
        return [problem for problems in self.problems for problem in problems]

    def _solve_problems(self, power_sharing: np.ndarray, domain: np.ndarray) -> None:
        """The world moves on (a unit's problem may change); each unit's professionals search
        from where it stands; with mode A, the unit's arenas search too, and what they find is
        adopted as far as power is shared (Hong & Page 2004; ``problem_solving.py``). ``domain``:
        the domain of each citizen's unit this month."""
        self.innovations[:] = self.captured[:] = self.setbacks[:] = 0
        for town, own in enumerate(self.streams):
            problems = self.problems[town]
            changes = (
                own["problem_changes"].random(len(problems)) < self.scenario.of(town).quality_decay
            )
            for changed in np.flatnonzero(changes):
                problems[changed].new_problem()
                self._retrain(town, changed)
        self._professionals_search()
        if self.regime.problem_arenas:
            self._arenas_search(power_sharing, domain)
            # cross-silo routines change only under a real mandate
            practice = np.minimum(1.0, PROFESSIONALS_PER_ARENA * self.arenas / self.unit_size)
            self.leaders.learn_coordination(practice * power_sharing[:, None])
        self.leaders.assess_quality()

    def _arenas_search(self, power_sharing: np.ndarray, domain: np.ndarray) -> None:
        """Every unit's arenas search its problem (mode A): ``arena_size`` of its participants
        each, in order, with the professionals of the first two; then each unit adopts what its
        arenas found, or its captor's idea (``arenas_search``)."""
        c, p, units = self.citizens, self.professionals, self._units()
        domains = self.leaders.quality.shape[1]
        town, citizen = np.nonzero(c.took_part)
        unit = town * domains + domain[town, citizen]
        order = np.argsort(unit, kind="stable")  # by unit, each unit's in citizens' order
        town, citizen, unit = town[order], citizen[order], unit[order]
        present = np.bincount(unit, minlength=len(units))
        first = np.cumsum(present) - present
        size = np.repeat(self.scenario.row("arena_size").astype(np.int64), domains)
        arenas = -(-present // size)
        first_arena = np.cumsum(arenas) - arenas
        rank = np.arange(unit.size) - first[unit]
        arena, seat = first_arena[unit] + rank // size[unit], rank % size[unit]
        width, none = int(size.max()), units[0].none
        groups = np.full((int(arenas.sum()), width + PROFESSIONALS_PER_ARENA), none)
        groups[arena, seat] = c.heuristic[town, citizen]
        hosts = seat < PROFESSIONALS_PER_ARENA  # the professionals of the first two seats
        groups[arena[hosts], width + seat[hosts]] = p.heuristic[
            self.professional_of[town[hosts], citizen[hosts]]
        ]
        found = search(self.ends, units, groups, np.repeat(np.arange(len(units)), arenas))
        for u, problem in enumerate(units):
            t, s = u // domains, self.scenario.of(u // domains)
            here = citizen[first[u] : first[u] + present[u]]
            captor = self._captor(t, here) if s.arena_capture > 0.0 else None
            gain = arenas_search(
                problem,
                found[first_arena[u] : first_arena[u] + arenas[u]],
                float(power_sharing[t]),
                self.streams[t]["arena_search"],
                captor,
            )
            self.innovations[t] += int(gain > LEAP)
            self.captured[t] += int(captor is not None and arenas[u] > 0)
            self.setbacks[t] += int(gain < 0.0)  # a captured room's worse idea, adopted

    def _captor(self, town: int, present: np.ndarray) -> tuple[int, int] | None:
        """With chance ``arena_capture`` a unit's arenas are captured this month by their most
        resourceful participant: its heuristic, and the point it starts from (its own view of the
        problem, anywhere on the landscape); None otherwise (Young 2000; Janis 1972)."""
        rng, c = self.streams[town]["capture"], self.citizens
        if rng.random() >= self.scenario.of(town).arena_capture or present.size == 0:
            return None
        captor = present[np.argmax(c.resources[town, present])]
        return int(c.heuristic[town, captor]), int(rng.integers(POINTS))

    def _allocate(self, arena_voice: np.ndarray | None) -> np.ndarray:
        """The councils' budget shares across domains (see :func:`council_allocation`)."""
        priorities = self.council.priorities.mean(axis=1)
        known = self.known.sum(axis=1)
        total = known.sum(axis=1, keepdims=True)
        known_share = np.full(known.shape, 1 / known.shape[1])
        np.divide(known, total, out=known_share, where=total > 0)
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
        gain = per_town(s.efficiency_gain) if regime.performance_management else 0.0
        budget = self.budget * (1.0 + gain) - per_town(s.substitution) * self.volunteer_capacity
        self.service_budget = np.maximum(0.0, budget - sum(self.costs.values()))
        allocated = self.allocation * self.service_budget[:, None]
        demand = self.known.sum(axis=1)
        coverage = self._coverage(allocated, demand)
        # towns whose arenas steered service (coverage per citizen) and towns whose did not (one
        # coverage for all) are served each alone: what is left uncovered (``_serve``) is summed
        # in an order that follows the layout of coverage, so one mixed array would change a
        # town's bits against the town alone
        if isinstance(coverage, list):
            served = by_domain(*c.needs.shape)
            for town, covered in enumerate(coverage):
                served[town] = self._serve(slice(town, town + 1), covered)[0]
        else:
            served = self._serve(slice(None), coverage)
        # NPM's efficiency gain is more service from the same hours, not more hours
        delivered = np.minimum(allocated, demand).sum(axis=1)
        self.service_hours = m.HOURS_PER_UNIT * delivered / (1.0 + gain)
        c.accuracy, c.fulfilment = m.accuracy_and_fulfilment(served, c.needs)

    def _serve(self, towns: slice, coverage: np.ndarray) -> np.ndarray:
        """The service each citizen of ``towns`` receives in each domain: what the unit knows of
        the need, covered as far as ``coverage`` (per town and domain, or per citizen and domain)
        says, at the unit's quality (under customer choice, the resourceful get more of it); then
        volunteers' share of what is left uncovered (:func:`_served`)."""
        s, c, regime = self.scenario, self.citizens, self.regime
        known, quality = self.known[towns], self.leaders.quality[towns]
        choosing = np.empty((0, 0))
        if regime.customer_choice:
            resources = c.resources[towns]
            choosing = 1.0 + _rows(s.choice_gain, towns) * (
                resources - resources.mean(axis=1, keepdims=True)
            )
        volunteers = np.zeros((0, 0))
        capacity = self.volunteer_capacity[towns]
        if np.any(capacity > 0.0):
            left = (known * (1.0 - coverage)).sum(axis=1)  # what is left uncovered, per domain
            offered = self.allocation[towns] * capacity[:, None]
            share = np.minimum(
                1.0, np.divide(offered, left, out=np.zeros_like(left), where=left > 0)
            )
            volunteers = share * _rows(s.volunteer_quality, towns)
        served = by_domain(*known.shape)
        _served(
            served.transpose(0, 2, 1),
            known.transpose(0, 2, 1),
            coverage.transpose(0, 2, 1),
            quality,
            choosing,
            volunteers,
        )
        return served

    def _coverage(self, allocated: np.ndarray, demand: np.ndarray) -> np.ndarray | list:
        """The share of each known need that its domain's budget covers, the same for everyone
        in a town, shape (towns, 1, domains); under mode B with ``voice_targeting``, that share of
        the budget the arenas steered serves the needs of those present first, and everyone's
        remaining need shares the rest, so a skewed room skews who is served (Verba, Schlozman &
        Brady 1995; Fung 2006): then (towns, citizens, domains), or, where only some towns'
        arenas steered, a list with each town's own."""
        s, c = self.scenario, self.citizens
        everyone = np.minimum(
            1.0, np.divide(allocated, demand, out=np.ones_like(demand), where=demand > 0)
        )[:, None, :]
        if self.arena_voice is None:
            return everyone
        steered = ~np.isnan(self.arena_voice[:, 0]) & c.took_part.any(axis=1)
        steered &= s.row("voice_targeting") != 0.0
        if not steered.any():
            return everyone
        earmark = (
            (per_town(s.voice_targeting) * self.power_sharing)[:, None]
            * self.arena_voice
            * self.service_budget[:, None]
        )
        present = self._present(self.known)
        first = np.minimum(earmark, present)
        share = np.divide(first, present, out=np.zeros_like(present), where=present > 0)
        left = demand - first
        rest = np.divide(allocated - first, left, out=np.ones_like(left), where=left > 0)
        rest = np.clip(rest, 0.0, 1.0)
        targeted = np.where(
            c.took_part[..., None], (share + (1.0 - share) * rest)[:, None, :], rest[:, None, :]
        )
        if steered.all():
            return targeted
        return [
            targeted[town : town + 1] if steered[town] else everyone[town : town + 1]
            for town in range(self.count)
        ]

    def _measure(self) -> dict[str, np.ndarray]:
        """The outcomes of this month, one number per town (concept.md §6; ODD.md §8)."""
        s, c, p = self.scenario, self.citizens, self.professionals
        legitimacy = c.overall_legitimacy()
        components = c.legitimacy.mean(axis=1)
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
        need_totals = c.needs.sum(axis=1)
        need_share = need_totals / np.maximum(need_totals.sum(axis=1, keepdims=True), 1e-12)
        transaction_hours = m.HOURS_PER_UNIT * sum(self.costs.values())
        professional_hours = self.service_hours + transaction_hours
        citizen_hours = (
            m.CITIZEN_HOURS["arena"] * c.took_part.sum(axis=1)
            + m.CITIZEN_HOURS["coproduction"] * c.coproduced.sum(axis=1)
            + m.HOURS_PER_UNIT * per_town(s.volunteer_capacity) * c.volunteered.sum(axis=1)
        )
        hours_per_citizen = (professional_hours + citizen_hours) / c.count
        accuracy = c.accuracy.mean(axis=1)
        arenas = self.arenas.sum(axis=1)
        values = {
            "legitimacy": legitimacy.mean(axis=1),
            "accuracy": accuracy,
            "inequality": m.gini(c.fulfilment),
            "legitimacy_input": components[:, 0],
            "legitimacy_throughput": components[:, 1],
            "legitimacy_output": components[:, 2],
            "fulfilment": c.fulfilment.mean(axis=1),
            "accuracy_policy": 1.0 - 0.5 * np.abs(self.allocation - need_share).sum(axis=1),
            "gap_accuracy": by_q["accuracy"][:, 4] - by_q["accuracy"][:, 0],
            "gap_fulfilment": by_q["fulfilment"][:, 4] - by_q["fulfilment"][:, 0],
            "gap_legitimacy": by_q["legitimacy"][:, 4] - by_q["legitimacy"][:, 0],
            "participation": c.took_part.mean(axis=1),
            **{f"participation_q{q + 1}": by_q["participation"][:, q] for q in range(5)},
            "coproduction": c.coproduced.mean(axis=1),
            "volunteering": c.volunteered.mean(axis=1),
            "choice": c.chose.mean(axis=1),
            "arena_representativeness": m.representativeness(c.quintile, c.took_part),
            "arena_resources": np.array(
                [
                    c.resources[t][c.took_part[t]].mean() if c.took_part[t].any() else np.nan
                    for t in range(self.count)
                ]
            ),
            "arenas": arenas,
            "innovations": self.innovations.copy(),
            "captured": self.captured.copy(),
            "setbacks": self.setbacks.copy(),
            "willingness": c.willingness.mean(axis=1),
            "recognition": np.array(
                [p.recognition[p.first[t] : p.first[t + 1]].mean() for t in range(self.count)]
            ),
            "arena_rate": self.leaders.arena_rate.mean(axis=1),
            "coordination": self.leaders.coordination.mean(axis=1),
            "quality": self.leaders.quality.mean(axis=1),
            "power_sharing": self.power_sharing,
            "professional_hours": professional_hours,
            "citizen_hours": citizen_hours * 1.0,
            "counter_hours": m.HOURS_PER_UNIT * self.costs["counter"],
            "transaction_hours": transaction_hours,
            "arena_overhead_hours": m.HOURS_PER_UNIT * per_town(s.arena_overhead) * arenas,
            "cost_per_citizen": hours_per_citizen,
            "accuracy_per_cost": np.divide(
                accuracy,
                hours_per_citizen,
                out=np.zeros(self.count),
                where=hours_per_citizen > 0,
            ),
        }
        return values

    # --- sums over a town's whole array, as one town alone takes them --------------------------
    def _present(self, array: np.ndarray) -> np.ndarray:
        """Each town's sum over the citizens who took part in an arena this month, per domain."""
        took_part = self.citizens.took_part
        return np.array([array[t][took_part[t]].sum(axis=0) for t in range(self.count)])

    def _total(self, array: np.ndarray) -> np.ndarray:
        """Each town's sum over all its citizens and domains, in the order of its block."""
        return array.transpose(0, 2, 1).reshape(self.count, -1).sum(axis=1)

    def _mean_over_components(self, array: np.ndarray) -> np.ndarray:
        """Each town's mean over all its citizens and components, in the order of its block."""
        return array.transpose(0, 2, 1).reshape(self.count, -1).mean(axis=1)


@numba.njit(cache=True, nogil=True)
def _served(served, known, coverage, quality, choosing, volunteers):
    """The rule of :meth:`Towns._serve`, one town, domain and citizen at a time (arrays
    (towns, domains, citizens); ``coverage`` has one citizen where it is the same for all;
    ``choosing`` and ``volunteers`` are empty where there is no customer choice or no
    volunteering), each number from the operations numpy's expressions take, in their order."""
    towns, domains, citizens = served.shape
    everyone = coverage.shape[2] == 1
    for t in range(towns):
        for d in range(domains):
            for i in range(citizens):
                covered = coverage[t, d, 0 if everyone else i]
                need = known[t, d, i]
                if choosing.size:
                    service = min(max(choosing[t, i] * quality[t, d], 0.0), 1.0) * covered * need
                else:
                    service = need * (covered * quality[t, d])
                if volunteers.size:
                    service = service + need * (1.0 - covered) * volunteers[t, d]
                served[t, d, i] = service


def _rows(value: float | np.ndarray, towns: slice) -> float | np.ndarray:
    """A parameter for the towns ``towns``: a number, or their rows of its column."""
    return value[towns] if isinstance(value, np.ndarray) else value
