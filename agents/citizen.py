"""Citizens: their state and their rules (concept.md §2.1).

All citizens' state lives in the arrays of :class:`Citizens`: a row per town of an ensemble
(``simulation/towns.py``; one row in a model of one town), a column per citizen. Each rule is
written once, as an array expression over all of them or, where it is a loop of small steps, as a
compiled kernel (numba): the same code serves 300 citizens in a classroom, a million in one run,
and an ensemble of small towns in a sweep. :class:`Citizen` is the Mesa agent, the public face of
one citizen (``TownCitizens`` is the view of a model's one town).

Within each town, arrays with a column per domain (needs, accounts, what the services know) or
per component of legitimacy are column-major (``by_domain`` in ``helpers/arrays.py``): each
domain runs over all the town's citizens in one block of memory, so that a rule over a domain, a
sum over a citizen's domains, or a per-citizen factor applied to every domain is one long loop;
in row-major order each is a million loops of four.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numba
import numpy as np
import scipy.sparse as sp

from samskaping.helpers.arrays import by_domain, power
from samskaping.helpers.random_streams import normals, uniforms

if TYPE_CHECKING:
    from samskaping.agents.professional import Professional
    from samskaping.scenarios.per_town import PerTown

# the three components of perceived legitimacy (Scharpf 1999; Schmidt 2013)
INPUT, THROUGHPUT, OUTPUT = 0, 1, 2
QUINTILES = 5


class Citizens:
    """The citizens of every town of an ensemble (``simulation/towns.py``): resources, needs,
    legitimacy, willingness, and the rules that change them.

    Arrays have a row per town: ``resources[r, i]`` is citizen i of town r; needs, accounts and
    what the services know are (towns, citizens, domains), legitimacy (towns, citizens, 3), each
    town's block column-major as the module describes. Town r's block is exactly the array one
    town alone would hold, so every rule gives each town the same numbers alone or side by side.
    Each town draws from its own random streams (``streams[r]``).
    """

    def __init__(
        self, scenario: PerTown, citizens: int, streams: list[dict[str, np.random.Generator]]
    ):
        self.scenario = scenario
        #: one random stream per mechanism, per town (see ``helpers/random_streams.py``)
        self.streams = streams
        self.towns = len(streams)
        self.count = citizens
        domains = scenario.domains
        #: how common each domain is as a citizen's main need: care first, housing last
        self.domain_weights = 0.75 ** np.arange(domains)
        self.domain_weights /= self.domain_weights.sum()
        # a main need is drawn as Generator.choice(p=domain_weights) draws it, one uniform per
        # citizen against the cumulative weights (the same numbers, without choice's checks of
        # p each time, which cost seven times the draw)
        self._main_need = self.domain_weights.cumsum()
        self._main_need /= self._main_need[-1]
        self.resources = np.empty((self.towns, citizens))
        #: resource quintile 0 (lowest) .. 4 (highest), within the town
        self.quintile = np.empty((self.towns, citizens), dtype=np.int64)
        #: the need everyone would have if needs were uniform: the town's average
        self.typical_need = np.empty((self.towns, domains))
        self.needs = by_domain(self.towns, citizens, domains)
        self.willingness = np.empty((self.towns, citizens))
        self.legitimacy = by_domain(self.towns, citizens, 3)
        for town, own in enumerate(streams):
            rng, s = own["population"], scenario.of(town)
            self.resources[town] = self.draw_resources(citizens, s.vulnerable_share, rng)
            rank = np.empty(citizens, dtype=np.int64)
            rank[np.argsort(self.resources[town], kind="stable")] = np.arange(citizens)
            self.quintile[town] = rank * QUINTILES // citizens
            individual = self._individual_needs(town, np.arange(citizens), rng)
            self.typical_need[town] = individual.mean(axis=0)
            self.needs[town] = self._mix(town, individual)
            self.willingness[town] = _beta_around(s.willingness, citizens, rng)
            self.legitimacy[town] = rng.beta(6.0, 6.0, size=(3, citizens)).T
        #: how precisely each citizen knows its own needs (see :meth:`own_account`)
        self.lay_expertise = self.precision(self.resources)
        shape = (self.towns, citizens)
        self.took_part = np.zeros(shape, dtype=bool)  # in an arena this month
        self.coproduced = np.zeros(shape, dtype=bool)
        self.volunteered = np.zeros(shape, dtype=bool)
        self.answered_survey = np.zeros(shape, dtype=bool)
        self.chose = np.zeros(shape, dtype=bool)  # complained and switched provider (NPM)
        self.accuracy = np.zeros(shape)
        self.fulfilment = np.zeros(shape)
        #: problem-solving heuristic (a row of ``model.heuristics``); diverse, drawn when the
        #: units' problems are set up (``Towns._train``)
        self.heuristic = np.zeros(shape, dtype=np.int64)

    # --- random draws, each town from its own stream --------------------------------------------
    def uniform(self, stream: str) -> np.ndarray:
        """One U[0, 1) draw per citizen from each town's ``stream``: each mechanism draws from its
        own stream, so switching one on or off leaves the others' draws alone (common random
        numbers; Law 2015, ch. 11)."""
        return uniforms(self.streams, stream, self.count)

    def normal(self, stream: str) -> np.ndarray:
        """One standard normal draw per citizen and domain from each town's ``stream`` (common
        random numbers, as :meth:`uniform`; Law 2015, ch. 11)."""
        return normals(self.streams, stream, self.count, self.typical_need.shape[1])

    # --- state drawn at the start -------------------------------------------------------------
    @staticmethod
    def draw_resources(citizens: int, vulnerable_share: float, rng: np.random.Generator):
        """Resources (time, money, civic skills) are skewed: a vulnerable share draws from Beta(1.5, 8),
        the rest from Beta(2.5, 3) (Verba, Schlozman & Brady 1995: resources drive taking part)."""
        vulnerable = rng.random(citizens) < vulnerable_share
        return np.where(vulnerable, rng.beta(1.5, 8.0, citizens), rng.beta(2.5, 3.0, citizens))

    def draw_needs(self, town: int, who: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A citizen's needs: a main domain plus composite needs in the others that grow with problem
        complexity and with lack of resources; heterogeneity mixes the individual profile with the
        town's typical one (concept.md §2.1: needs are heterogeneous and composite)."""
        return self._mix(town, self._individual_needs(town, who, rng))

    def _mix(self, town: int, individual: np.ndarray) -> np.ndarray:
        h = self.scenario.of(town).need_heterogeneity
        return h * individual + (1.0 - h) * self.typical_need[town]

    def _individual_needs(self, town: int, who: np.ndarray, rng: np.random.Generator):
        s = self.scenario.of(town)
        domains = self.domain_weights.size
        poor = 1.0 - self.resources[town, who]
        main = self._main_need.searchsorted(rng.random(who.size), side="right")
        intensity = np.clip(0.3 + 0.5 * poor + 0.1 * rng.standard_normal(who.size), 0.05, 1.0)
        spread = np.clip(s.complexity * (0.5 + poor), 0.0, 1.0)
        individual = spread[:, None] * rng.random((domains, who.size)).T  # column-major
        individual[np.arange(who.size), main] = 1.0
        return individual * intensity[:, None]

    # --- rules, each over all citizens ----------------------------------------------------------
    def drift_needs(self) -> list[np.ndarray]:
        """Needs drift a little each month and, with chance ``shock_rate``, change completely (a job
        lost, an illness); returns who had a shock, per town. Uniform needs (heterogeneity 0) stay
        uniform (concept.md §4, step 1)."""
        s = self.scenario
        drift = s.row("need_drift") * s.row("need_heterogeneity")
        _drift(self.needs.transpose(0, 2, 1), self.normal("needs").transpose(0, 2, 1), drift)
        shocked = []
        for town, own in enumerate(self.streams):
            rng = own["needs"]
            hit = np.flatnonzero(rng.random(self.count) < s.of(town).shock_rate)
            self.needs[town, hit] = self.draw_needs(town, hit, rng)
            shocked.append(hit)
        return shocked

    def main_domain(self, town: int, who: np.ndarray | slice = slice(None)) -> np.ndarray:
        """The domain of each of a town's citizens' (or each of ``who``'s) largest need: the unit
        whose client the citizen is (concept.md §2.1)."""
        return self.needs[town, who].argmax(axis=1)

    def precision(self, resources: np.ndarray) -> np.ndarray:
        """Lay expertise: how well a citizen knows its own needs, ``lay_expertise`` on average and
        higher by ``lay_expertise_gradient`` per unit of resources above the town's mean, since
        health and civic literacy follow education and income (Nutbeam 2008; Berkman et al.
        2011)."""
        s = self.scenario
        gradient = s.lay_expertise_gradient * (resources - resources.mean(axis=1, keepdims=True))
        return np.clip(s.lay_expertise + gradient, 0.0, 1.0)

    def own_account(self) -> np.ndarray:
        """A citizen's own account of its needs: citizens know their own lives better than any
        professional, up to an error of 0.3 x (1 - its lay expertise) (concept.md §2.1; the
        seed's slide 7, seed.md §7)."""
        account = self.normal("accounts")
        _account(account.transpose(0, 2, 1), self.needs.transpose(0, 2, 1), self.lay_expertise)
        return account

    def effective_resources(self, supported: np.ndarray) -> np.ndarray:
        """Resource support closes a share ``resource_support`` of a supported citizen's resource gap
        for the purpose of taking part (Jakobsen 2013; Jakobsen & Andersen 2013)."""
        gap = 1.0 - self.resources
        return self.resources + supported * self.scenario.resource_support * gap

    def participation_chance(self, resources: np.ndarray) -> np.ndarray:
        """An invited citizen takes part with probability willingness x resources^bias: people don't
        take part because they can't, don't want to, or nobody asked (Verba, Schlozman & Brady 1995)."""
        return self.willingness * power(resources, self.scenario.participation_bias)

    def take_part(self, invited: np.ndarray, chance: np.ndarray, stream: str) -> np.ndarray:
        """Who of the invited takes part, each with their :meth:`participation_chance` (Verba,
        Schlozman & Brady 1995)."""
        return invited & (self.uniform(stream) < chance)

    def choose(self, experienced: np.ndarray) -> np.ndarray:
        """Exit and voice under NPM: a citizen whose service fell short of its expectation
        complains and switches provider with chance choice_rate x (0.3 + 0.7 x resources), since
        the resourceful exit and complain first (Hirschman 1970; Dowding & John 2012)."""
        s = self.scenario
        chance = s.choice_rate * (0.3 + 0.7 * self.resources)
        chance = np.where(experienced < s.service_expectation, chance, 0.0)
        return self.uniform("choice") < chance

    def volunteer(self, resources: np.ndarray) -> np.ndarray:
        """A citizen volunteers with chance volunteer_rate x willingness x resources: volunteering,
        like all civic work, draws on time and skills (Wilson 2000, "Volunteering")."""
        chance = self.scenario.volunteer_rate * self.willingness * resources
        return self.uniform("volunteering") < chance

    def answer_survey(self) -> np.ndarray:
        """Under NPM a citizen answers a user survey with chance survey_rate x (0.3 + 0.7 x resources):
        response rates rise with education and resources (Groves & Couper 1998)."""
        chance = self.scenario.survey_rate * (0.3 + 0.7 * self.resources)
        return self.uniform("surveys") < chance

    def experience(
        self, process: np.ndarray, voice: np.ndarray, spoke: np.ndarray, fulfilment: np.ndarray
    ) -> None:
        """Legitimacy follows experience: input legitimacy the voice one had, throughput the process
        (neutral 0.5 plus how far it beat or missed expectations; falling ``negativity_bias`` times
        faster than rising), output the need fulfilled (Scharpf 1999; Schmidt 2013 on throughput's
        asymmetry; Van Ryzin 2004 on expectations)."""
        s, L = self.scenario, self.legitimacy
        rate = s.legitimacy_learning
        heard = s.voice_base + (1.0 - s.voice_base) * voice
        L[..., INPUT] += np.where(spoke, rate, 0.1 * rate) * (
            np.where(spoke, heard, s.voice_base) - L[..., INPUT]
        )
        towards = np.clip(0.5 + process, 0.0, 1.0) - L[..., THROUGHPUT]
        speed = np.where(towards < 0.0, np.minimum(1.0, rate * s.negativity_bias), rate)
        L[..., THROUGHPUT] += speed * towards
        L[..., OUTPUT] += rate * (fulfilment - L[..., OUTPUT])
        np.clip(L, 0.0, 1.0, out=L)

    def learn_willingness(self, took_part: np.ndarray, voice: np.ndarray) -> None:
        """Efficacy learns: after taking part in an arena or in co-production, willingness moves
        toward how much one's voice counted (Finkel 1985, participation and efficacy)."""
        rate = self.scenario.willingness_learning
        self.willingness += took_part * rate * (voice - self.willingness)

    def overall_legitimacy(self) -> np.ndarray:
        """Each citizen's perceived legitimacy: its input, throughput and output components,
        weighted by ``input_weight``, ``throughput_weight`` and ``output_weight`` (Scharpf 1999;
        Schmidt 2013; Rothstein 2009 on the weight of what government delivers)."""
        return self.weighed(self.legitimacy)

    def weighed(self, components: np.ndarray) -> np.ndarray:
        """Legitimacy from its three components (the last axis of ``components``), weighted
        (Scharpf 1999; Schmidt 2013)."""
        s = self.scenario
        weights = (s.input_weight, s.throughput_weight, s.output_weight)
        total = weights[0] * components[..., INPUT] + weights[1] * components[..., THROUGHPUT]
        total += weights[2] * components[..., OUTPUT]
        return total / sum(weights)

    def influence(self, ties: sp.csr_array, degree: np.ndarray) -> None:
        """Social influence along ties: legitimacy moves toward that of neighbours within the confidence
        bound (Deffuant et al. 2000; Hegselmann & Krause 2002); willingness toward all neighbours'.

        ``ties`` is the symmetric tie matrix over all towns' citizens (citizen i of town r is
        row r x citizens + i; towns share no tie) and ``degree`` each citizen's number of ties.
        Compiled (:func:`_influence`): one pass over each citizen's ties does what was two sparse
        products and a dozen passes over the ties, with the same sums in the same order."""
        s = self.scenario
        if ties.nnz == 0 or np.all(s.social_influence == 0.0):
            return
        everyone = self.towns * self.count
        # each citizen's overall legitimacy, components and willingness side by side: a
        # neighbour's five numbers are one read of memory, not five far apart
        packed = np.empty((everyone, 5))
        packed[:, 0] = self.overall_legitimacy().ravel()
        for component in (INPUT, THROUGHPUT, OUTPUT):
            packed[:, 1 + component] = self.legitimacy[..., component].ravel()
        packed[:, 4] = self.willingness.ravel()
        _influence(
            ties.indptr,
            ties.indices,
            packed,
            degree,
            s.row("confidence_bound"),
            s.row("social_influence"),
            self.count,
        )
        for component in (INPUT, THROUGHPUT, OUTPUT):
            self.legitimacy[..., component] = packed[:, 1 + component].reshape(self.towns, -1)
        self.willingness[:] = packed[:, 4].reshape(self.towns, -1)


@numba.njit(cache=True, nogil=True)
def _influence(indptr, indices, packed, degree, bound, strength, citizens):
    """The rule of :meth:`Citizens.influence`, each citizen in turn, from last month's values
    (``packed``: each citizen's overall legitimacy, its three components and its willingness):
    the mean gap to the neighbours within the bound (legitimacy, each component) and to all
    neighbours (willingness), a share ``strength`` of it taken (``bound`` and ``strength`` per
    town of ``citizens`` each); clipped to [0, 1] and written back into ``packed``. The sums run
    over the ties in the order of the tie matrix's rows, as scipy's products add them."""
    everyone = packed.shape[0]
    moved = np.empty((everyone, 4))
    sums = np.empty(4)
    for i in range(everyone):
        town = i // citizens
        sums[:] = 0.0
        inside = 0.0
        together = 0.0
        me = packed[i, 0]
        for entry in range(indptr[i], indptr[i + 1]):
            j = indices[entry]
            together += packed[j, 4]
            close = 1.0 if abs(packed[j, 0] - me) < bound[town] else 0.0  # as the product adds
            inside += close
            sums[1] += close * packed[j, 1]
            sums[2] += close * packed[j, 2]
            sums[3] += close * packed[j, 3]
        share = strength[town]
        for c in range(1, 4):
            gap = sums[c] - inside * packed[i, c]
            moved[i, c - 1] = min(max(packed[i, c] + gap / max(inside, 1.0) * share, 0.0), 1.0)
        gap = together - degree[i] * packed[i, 4]
        moved[i, 3] = min(max(packed[i, 4] + share * (gap / max(degree[i], 1.0)), 0.0), 1.0)
    packed[:, 1:] = moved


# --- the rules over every citizen and domain, compiled: one pass each instead of four to six ----
# (numba; each array is (towns, domains, citizens), the memory order of the citizens' arrays, and
# every number comes from the same operations in the same order as numpy's would)


@numba.njit(cache=True, nogil=True)
def _drift(needs, noise, drift):
    """Needs move by ``drift`` (per town) times the noise, kept in [0, 1]."""
    towns, domains, citizens = needs.shape
    for town in range(towns):
        for d in range(domains):
            for i in range(citizens):
                need = needs[town, d, i] + noise[town, d, i] * drift[town]
                needs[town, d, i] = min(max(need, 0.0), 1.0)


@numba.njit(cache=True, nogil=True)
def _account(noise, needs, lay_expertise):
    """Each citizen's account of its needs, in place of ``noise``: the need plus an error of
    0.3 x (1 - lay expertise) times the noise, kept in [0, 1]."""
    towns, domains, citizens = noise.shape
    for town in range(towns):
        for d in range(domains):
            for i in range(citizens):
                error = 0.3 * (1.0 - lay_expertise[town, i])
                account = error * noise[town, d, i] + needs[town, d, i]
                noise[town, d, i] = min(max(account, 0.0), 1.0)


def _beta_around(mean: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draws in [0, 1] with the given mean and a moderate spread (Beta with a + b = 4)."""
    eps = 1e-3
    return rng.beta(4.0 * mean + eps, 4.0 * (1.0 - mean) + eps, n)


class TownCitizens:
    """The citizens of a model of one town (``model.citizens``), as views of the only rows of
    its :class:`Citizens`: arrays read and write the town's block (a citizen per row, as one town
    alone holds them); the listed rules give the town's values, the others are the ensemble's
    (arrays with a row per town)."""

    #: the arrays with a row per town
    ARRAYS = (
        "resources",
        "quintile",
        "typical_need",
        "needs",
        "willingness",
        "lay_expertise",
        "legitimacy",
        "took_part",
        "coproduced",
        "volunteered",
        "answered_survey",
        "chose",
        "accuracy",
        "fulfilment",
        "heuristic",
    )

    #: the rules read through the view (the interface, the tests), each a value per citizen
    RULES = ("own_account", "overall_legitimacy", "choose")

    def __init__(self, citizens: Citizens) -> None:
        object.__setattr__(self, "everyone", citizens)

    def __getattr__(self, name: str):
        value = getattr(self.everyone, name)
        if name in self.ARRAYS:
            return value[0]
        if name in self.RULES:
            return lambda *args: value(*args)[0]
        return value

    def __setattr__(self, name: str, value) -> None:
        if name not in self.ARRAYS:
            raise AttributeError(f"{name} is not one of the citizens' arrays")
        getattr(self.everyone, name)[0] = value


class Citizen(mesa.Agent):
    """A resident with resources, composite needs, expertise on their own life and a view of the
    public sector's legitimacy; reads and writes its row of the :class:`Citizens` arrays."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index
        #: this citizen's node in ``model.network``
        self.node = index

    @property
    def _population(self) -> TownCitizens:
        return self.model.citizens

    @property
    def resources(self) -> float:
        """Time, money and civic skills in [0, 1]."""
        return float(self._population.resources[self.index])

    @property
    def quintile(self) -> int:
        """Resource quintile, 1 (lowest) to 5 (highest)."""
        return int(self._population.quintile[self.index]) + 1

    @property
    def needs(self) -> np.ndarray:
        """Need in each service domain, in [0, 1]."""
        return self._population.needs[self.index].copy()

    @property
    def legitimacy(self) -> float:
        """Perceived legitimacy: the input, throughput and output components, weighted."""
        return float(self._population.weighed(self._population.legitimacy[self.index]))

    @property
    def legitimacy_input(self) -> float:
        return float(self._population.legitimacy[self.index, INPUT])

    @property
    def legitimacy_throughput(self) -> float:
        return float(self._population.legitimacy[self.index, THROUGHPUT])

    @property
    def legitimacy_output(self) -> float:
        return float(self._population.legitimacy[self.index, OUTPUT])

    @property
    def willingness(self) -> float:
        """Willingness to take part (efficacy), in [0, 1]."""
        return float(self._population.willingness[self.index])

    @property
    def accuracy(self) -> float:
        """How well this month's service matched the citizen's needs (1 = perfectly)."""
        return float(self._population.accuracy[self.index])

    @property
    def fulfilment(self) -> float:
        """Share of the citizen's need met this month."""
        return float(self._population.fulfilment[self.index])

    @property
    def heuristic(self) -> tuple[int, ...]:
        """The citizen's problem-solving heuristic: the step sizes it tries, in order."""
        steps = self.model.heuristics[self._population.heuristic[self.index]]
        return tuple(int(step) for step in steps)

    @property
    def in_arena(self) -> bool:
        """Whether the citizen took part in an arena this month."""
        return bool(self._population.took_part[self.index])

    @property
    def professional(self) -> Professional:
        """The professional whose client this citizen is."""
        return self.model.professional_agents[int(self.model.professional_of[self.index])]
