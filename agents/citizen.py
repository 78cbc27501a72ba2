"""Citizens: their state and their rules (concept.md §2.1).

All citizens' state lives in the arrays of :class:`Citizens`, one row per citizen, and each rule is
one array expression over all of them, written once: the same code serves 300 citizens in a
classroom and a million in a sweep. :class:`Citizen` is the Mesa agent, the public face of one row.

Arrays with a column per domain (needs, accounts, what the services know) or per component of
legitimacy are column-major (Fortran order): each column runs over all citizens in one block of
memory, so that a rule over a column, a sum over a citizen's domains, or a per-citizen factor
applied to every domain is one long loop; in row-major order each is a million loops of four.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
import scipy.sparse as sp

from samskaping.helpers.random_streams import standard_normal

if TYPE_CHECKING:
    from samskaping.agents.professional import Professional
    from samskaping.scenarios.parameters import SamskapingScenario

# the three components of perceived legitimacy (Scharpf 1999; Schmidt 2013)
INPUT, THROUGHPUT, OUTPUT = 0, 1, 2
QUINTILES = 5
#: social influence sums neighbours' legitimacy in one sparse product with an (N, 4) array while
#: that array is this small; beyond it, the random reads of its rows miss the cache, and a product
#: per component over one column at a time is faster (the sums, and their order, are the same)
PRODUCT_BYTES = 8 * 2**20


class Citizens:
    """The population: resources, needs, legitimacy, willingness, and the rules that change them."""

    def __init__(
        self, scenario: SamskapingScenario, citizens: int, streams: dict[str, np.random.Generator]
    ):
        self.scenario = scenario
        #: one random stream per mechanism (see ``helpers/random_streams.py``)
        self.streams = streams
        rng = streams["population"]
        self.count = citizens
        self.resources = self.draw_resources(citizens, scenario.vulnerable_share, rng)
        rank = np.empty(citizens, dtype=np.int64)
        rank[np.argsort(self.resources, kind="stable")] = np.arange(citizens)
        #: resource quintile 0 (lowest) .. 4 (highest)
        self.quintile = rank * QUINTILES // citizens
        domains = scenario.domains
        #: how common each domain is as a citizen's main need: care first, housing last
        self.domain_weights = 0.75 ** np.arange(domains)
        self.domain_weights /= self.domain_weights.sum()
        individual = self._individual_needs(np.arange(citizens), rng)
        #: the need everyone would have if needs were uniform: the population's average
        self.typical_need = individual.mean(axis=0)
        self.needs = self._mix(individual)
        self.willingness = _beta_around(scenario.willingness, citizens, rng)
        #: how precisely each citizen knows its own needs (see :meth:`own_account`)
        self.lay_expertise = self.precision(self.resources)
        self.legitimacy = rng.beta(6.0, 6.0, size=(3, citizens)).T  # column-major, see above
        self.took_part = np.zeros(citizens, dtype=bool)  # in an arena this month
        self.coproduced = np.zeros(citizens, dtype=bool)
        self.volunteered = np.zeros(citizens, dtype=bool)
        self.answered_survey = np.zeros(citizens, dtype=bool)
        self.chose = np.zeros(citizens, dtype=bool)  # complained and switched provider (NPM)
        self.accuracy = np.zeros(citizens)
        self.fulfilment = np.zeros(citizens)
        #: problem-solving heuristic (a row of ``model.heuristics``); diverse, drawn by the model
        #: when it sets up the units' problems
        self.heuristic = np.zeros(citizens, dtype=np.int64)

    # --- state drawn at the start -------------------------------------------------------------
    @staticmethod
    def draw_resources(citizens: int, vulnerable_share: float, rng: np.random.Generator):
        """Resources (time, money, civic skills) are skewed: a vulnerable share draws from Beta(1.5, 8),
        the rest from Beta(2.5, 3) (Verba, Schlozman & Brady 1995: resources drive taking part)."""
        vulnerable = rng.random(citizens) < vulnerable_share
        return np.where(vulnerable, rng.beta(1.5, 8.0, citizens), rng.beta(2.5, 3.0, citizens))

    def draw_needs(self, who: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A citizen's needs: a main domain plus composite needs in the others that grow with problem
        complexity and with lack of resources; heterogeneity mixes the individual profile with the
        population's typical one (concept.md §2.1: needs are heterogeneous and composite)."""
        return self._mix(self._individual_needs(who, rng))

    def _mix(self, individual: np.ndarray) -> np.ndarray:
        h = self.scenario.need_heterogeneity
        return h * individual + (1.0 - h) * self.typical_need

    def _individual_needs(self, who: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        s = self.scenario
        domains = self.domain_weights.size
        poor = 1.0 - self.resources[who]
        main = rng.choice(domains, size=who.size, p=self.domain_weights)
        intensity = np.clip(0.3 + 0.5 * poor + 0.1 * rng.standard_normal(who.size), 0.05, 1.0)
        spread = np.clip(s.complexity * (0.5 + poor), 0.0, 1.0)
        individual = spread[:, None] * rng.random((domains, who.size)).T  # column-major
        individual[np.arange(who.size), main] = 1.0
        return individual * intensity[:, None]

    # --- rules, each over all citizens ----------------------------------------------------------
    def drift_needs(self) -> np.ndarray:
        """Needs drift a little each month and, with chance ``shock_rate``, change completely (a job
        lost, an illness); returns who had a shock. Uniform needs (heterogeneity 0) stay uniform
        (concept.md §4, step 1)."""
        s, rng = self.scenario, self.streams["needs"]
        noise = standard_normal(rng, self.needs.shape)
        noise *= s.need_drift * s.need_heterogeneity
        self.needs += noise
        np.clip(self.needs, 0.0, 1.0, out=self.needs)
        shocked = np.flatnonzero(rng.random(self.count) < s.shock_rate)
        self.needs[shocked] = self.draw_needs(shocked, rng)
        return shocked

    def main_domain(self, who: np.ndarray | slice = slice(None)) -> np.ndarray:
        """The domain of each citizen's (or each of ``who``'s) largest need: the unit whose client
        the citizen is (concept.md §2.1)."""
        return self.needs[who].argmax(axis=1)

    def precision(self, resources: np.ndarray) -> np.ndarray:
        """Lay expertise: how well a citizen knows its own needs, ``lay_expertise`` on average and
        higher by ``lay_expertise_gradient`` per unit of resources above the mean, since health
        and civic literacy follow education and income (Nutbeam 2008; Berkman et al. 2011)."""
        s = self.scenario
        gradient = s.lay_expertise_gradient * (resources - resources.mean())
        return np.clip(s.lay_expertise + gradient, 0.0, 1.0)

    def own_account(self) -> np.ndarray:
        """A citizen's own account of its needs: citizens know their own lives better than any
        professional, up to an error of 0.3 x (1 - its lay expertise) (concept.md §2.1; the
        seed's slide 7, seed.md §7)."""
        noise = 0.3 * (1.0 - self.lay_expertise[:, None])
        account = noise * standard_normal(self.streams["accounts"], self.needs.shape)
        account += self.needs
        return np.clip(account, 0.0, 1.0, out=account)

    def effective_resources(self, supported: np.ndarray) -> np.ndarray:
        """Resource support closes a share ``resource_support`` of a supported citizen's resource gap
        for the purpose of taking part (Jakobsen 2013; Jakobsen & Andersen 2013)."""
        gap = 1.0 - self.resources
        return self.resources + supported * self.scenario.resource_support * gap

    def participation_chance(self, resources: np.ndarray) -> np.ndarray:
        """An invited citizen takes part with probability willingness x resources^bias: people don't
        take part because they can't, don't want to, or nobody asked (Verba, Schlozman & Brady 1995)."""
        return self.willingness * resources**self.scenario.participation_bias

    def take_part(self, invited: np.ndarray, chance: np.ndarray, stream: str) -> np.ndarray:
        """Who of the invited takes part, each with their :meth:`participation_chance` (Verba,
        Schlozman & Brady 1995)."""
        return invited & (self.streams[stream].random(self.count) < chance)

    def choose(self, experienced: np.ndarray) -> np.ndarray:
        """Exit and voice under NPM: a citizen whose service fell short of its expectation
        complains and switches provider with chance choice_rate x (0.3 + 0.7 x resources), since
        the resourceful exit and complain first (Hirschman 1970; Dowding & John 2012)."""
        s = self.scenario
        chance = s.choice_rate * (0.3 + 0.7 * self.resources)
        chance = np.where(experienced < s.service_expectation, chance, 0.0)
        return self.streams["choice"].random(self.count) < chance

    def volunteer(self, resources: np.ndarray) -> np.ndarray:
        """A citizen volunteers with chance volunteer_rate x willingness x resources: volunteering,
        like all civic work, draws on time and skills (Wilson 2000, "Volunteering")."""
        chance = self.scenario.volunteer_rate * self.willingness * resources
        return self.streams["volunteering"].random(self.count) < chance

    def answer_survey(self) -> np.ndarray:
        """Under NPM a citizen answers a user survey with chance survey_rate x (0.3 + 0.7 x resources):
        response rates rise with education and resources (Groves & Couper 1998)."""
        chance = self.scenario.survey_rate * (0.3 + 0.7 * self.resources)
        return self.streams["surveys"].random(self.count) < chance

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
        L[:, INPUT] += np.where(spoke, rate, 0.1 * rate) * (
            np.where(spoke, heard, s.voice_base) - L[:, INPUT]
        )
        towards = np.clip(0.5 + process, 0.0, 1.0) - L[:, THROUGHPUT]
        speed = np.where(towards < 0.0, min(1.0, rate * s.negativity_bias), rate)
        L[:, THROUGHPUT] += speed * towards
        L[:, OUTPUT] += rate * (fulfilment - L[:, OUTPUT])
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

    def influence(self, ties: sp.csr_array, tie_source: np.ndarray, degree: np.ndarray) -> None:
        """Social influence along ties: legitimacy moves toward that of neighbours within the confidence
        bound (Deffuant et al. 2000; Hegselmann & Krause 2002); willingness toward all neighbours'.

        ``ties`` is the symmetric tie matrix, ``tie_source`` the row of each of its entries and
        ``degree`` each citizen's number of ties: the rule is two sparse products, one over the
        ties within the bound (which also counts them) and one over all ties."""
        s = self.scenario
        if ties.nnz == 0 or s.social_influence == 0.0:
            return
        overall = self.overall_legitimacy()
        gap = overall[ties.indices]
        gap -= overall[tie_source]
        inside = np.abs(gap, out=gap) < s.confidence_bound
        close = gap
        np.copyto(close, inside)  # 1.0 within the bound
        within = sp.csr_array((close, ties.indices, ties.indptr), shape=ties.shape)
        if self.count * 4 * close.itemsize <= PRODUCT_BYTES:
            counted = np.empty((self.count, 4))  # the three components, and a 1 that counts ties
            counted[:, :3] = self.legitimacy
            counted[:, 3] = 1.0
            total = np.asfortranarray(within @ counted)
        else:  # the same sums a component at a time, and the ties within the bound counted
            total = np.empty((self.count, 4), order="F")
            for component in (INPUT, THROUGHPUT, OUTPUT):
                total[:, component] = within @ self.legitimacy[:, component]
            total[:, 3] = _row_counts(inside, ties.indptr)
        pull = _mean_difference(total[:, :3], total[:, 3:], self.legitimacy)
        pull *= s.social_influence
        self.legitimacy += pull
        total = ties @ self.willingness
        self.willingness += s.social_influence * _mean_difference(total, degree, self.willingness)
        np.clip(self.legitimacy, 0.0, 1.0, out=self.legitimacy)
        np.clip(self.willingness, 0.0, 1.0, out=self.willingness)


def _row_counts(mask: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """The number of entries ``mask`` marks in each row of a CSR matrix (``indptr``), as floats."""
    running = np.empty(mask.size + 1, dtype=np.int64 if mask.size >= 2**31 else np.int32)
    running[0] = 0
    np.cumsum(mask, out=running[1:])
    return (running[indptr[1:]] - running[indptr[:-1]]).astype(float)


def _mean_difference(total: np.ndarray, count: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Mean of (neighbour's value - own value) from the sum over ``count`` neighbours; 0 with none."""
    difference = count * own
    np.subtract(total, difference, out=difference)  # 0 without neighbours: dividing by 1 keeps 0
    difference /= np.maximum(count, 1.0)
    return difference


def _beta_around(mean: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Draws in [0, 1] with the given mean and a moderate spread (Beta with a + b = 4)."""
    eps = 1e-3
    return rng.beta(4.0 * mean + eps, 4.0 * (1.0 - mean) + eps, n)


class Citizen(mesa.Agent):
    """A resident with resources, composite needs, expertise on their own life and a view of the
    public sector's legitimacy; reads and writes its row of the :class:`Citizens` arrays."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index
        #: this citizen's node in ``model.network``
        self.node = index

    @property
    def _population(self) -> Citizens:
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
