"""The typed scenario: every parameter of the model with its default, allowed range and meaning.

A parameter is declared once, here, as ``name: Annotated[type, Param(low, high, meaning)] = default``
(or a ``Literal`` of its allowed words). The command line (``samskaping params``, ``--set``), the
scenario files, the browser UI and the ODD all read this one table.
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin

from mesa.experimental.scenarios import Scenario


class ScenarioError(ValueError):
    """A user's mistake in a parameter or scenario file; its message is one line for the user."""


@dataclass(frozen=True)
class Param:
    """Allowed range (inclusive), one-line meaning, and the source of the default: a study, or
    "judgement: ..." with the reason."""

    low: float | None = None
    high: float | None = None
    meaning: str = ""
    source: str = ""


@dataclass(frozen=True)
class ParameterSpec:
    """Everything the tools need to know about one parameter."""

    name: str
    kind: type  # int, float, bool or str
    default: Any
    meaning: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    source: str = ""

    @property
    def allowed(self) -> str:
        """The allowed values, as the user reads them."""
        if self.choices is not None:
            return " | ".join(self.choices)
        if self.kind is bool:
            return "true | false"
        if self.low is not None and self.high is not None:
            return f"[{_number(self.low)}, {_number(self.high)}]"
        return "text" if self.kind is str else self.kind.__name__

    def parse(self, text: str) -> Any:
        """Turn the text of ``--set key=text`` into a value of this parameter's type."""
        text = text.strip()
        if self.kind is bool:
            words = {"true": True, "yes": True, "on": True, "1": True}
            words |= {"false": False, "no": False, "off": False, "0": False}
            if text.lower() not in words:
                raise ScenarioError(f"{self.name}: '{text}' is not true or false")
            return words[text.lower()]
        if self.kind is int:
            try:
                number = float(text.replace("_", ""))
            except ValueError:
                raise ScenarioError(f"{self.name}: '{text}' is not a whole number") from None
            if not number.is_integer():
                raise ScenarioError(f"{self.name}: '{text}' is not a whole number")
            return int(number)
        if self.kind is float:
            try:
                return float(text)
            except ValueError:
                raise ScenarioError(f"{self.name}: '{text}' is not a number") from None
        return text

    def check(self, value: Any) -> Any:
        """Return ``value`` if it is allowed for this parameter, else raise a one-line error."""
        where = f"{self.name}: {value!r}"
        if self.kind is bool:
            if not isinstance(value, bool | int) or value not in (0, 1):
                raise ScenarioError(f"{where} is not true or false")
            return bool(value)
        if self.kind is str:
            if not isinstance(value, str):
                raise ScenarioError(f"{where} is not text (allowed: {self.allowed})")
            if self.choices is not None and value not in self.choices:
                raise ScenarioError(f"{where} is not one of {self.allowed}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(f"{where} is not a number (allowed: {self.allowed})")
        if self.kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise ScenarioError(f"{where} is not a whole number (allowed: {self.allowed})")
            value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise ScenarioError(f"{where} is not a finite number (allowed: {self.allowed})")
        if (self.low is not None and value < self.low) or (
            self.high is not None and value > self.high
        ):
            raise ScenarioError(f"{where} is outside the allowed range {self.allowed}")
        return value


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


RegimeName = Literal["npm", "co-creation", "bureaucracy"]
NetworkKind = Literal["small-world", "scale-free", "homophilous"]
CounterStrategy = Literal["none", "outreach", "resource-support"]


class SamskapingScenario(Scenario):
    """Parameters of one run. Defaults describe a mid-sized Norwegian municipality, month by month.

    Build one with ``SamskapingScenario(rng=42, regime="co-creation", recognition=0.8)``;
    unknown names and values outside their range raise :class:`ScenarioError`.
    """

    # --- regime and modes (concept.md §3) -------------------------------------------------
    regime: Annotated[
        RegimeName,
        Param(
            meaning="governance regime: New Public Management, co-creation, or traditional bureaucracy (neither)",
            source="judgement: NPM, the status quo the reform debate starts from (seed.md §2)",
        ),
    ] = "npm"
    mode_a: Annotated[
        bool,
        Param(
            meaning="co-creation mode A: arenas where citizens and professionals solve problems together, across silos",
            source="seed.md §8: the four forms of co-creation; all four on is the full reform",
        ),
    ] = True
    mode_b: Annotated[
        bool,
        Param(
            meaning="co-creation mode B: arena input moves the politicians' budget allocation",
            source="seed.md §8: the four forms of co-creation; all four on is the full reform",
        ),
    ] = True
    mode_c: Annotated[
        bool,
        Param(
            meaning="co-creation mode C: citizens volunteer and add service capacity",
            source="seed.md §8: the four forms of co-creation; all four on is the full reform",
        ),
    ] = True
    mode_d: Annotated[
        bool,
        Param(
            meaning="co-creation mode D: professional-user co-production in the service relation",
            source="seed.md §8: the four forms of co-creation; all four on is the full reform",
        ),
    ] = True
    counter_strategy: Annotated[
        CounterStrategy,
        Param(
            meaning="against unequal participation: none, information outreach or resource support",
            source="judgement: none is the status quo; objection 5 (seed.md §9) asks for one",
        ),
    ] = "none"

    # --- population and structure ---------------------------------------------------------
    citizens: Annotated[
        int,
        Param(
            10,
            1_000_000,
            "number of citizens",
            source="judgement: a small municipality; the results hold from 300 to a million citizens (tests/test_scale.py)",
        ),
    ] = 1000
    domains: Annotated[
        int,
        Param(
            2,
            8,
            "service domains (care/health, education, work/welfare, housing/planning, ...)",
            source="concept.md §2.1: care and health, education, work and welfare, housing and planning",
        ),
    ] = 4
    clients_per_professional: Annotated[
        int,
        Param(
            5,
            1000,
            "citizens per professional (sets the number of professionals)",
            source="judgement: caseloads run from about 10 clients (home care) to about 100 (welfare services)",
        ),
    ] = 50
    council: Annotated[
        int,
        Param(
            1,
            101,
            "number of politicians in the council",
            source="judgement: the size of a municipal executive board (formannskap), 5 to 13 members",
        ),
    ] = 9

    # --- the citizens' social network -----------------------------------------------------
    network: Annotated[
        NetworkKind,
        Param(
            meaning="generator of citizens' social ties",
            source="McPherson, Smith-Lovin & Cook 2001: ties form between people alike in status",
        ),
    ] = "homophilous"
    network_file: Annotated[
        str,
        Param(
            meaning="GraphML or edge-list file of citizens' ties; overrides network and citizens",
            source="none: by default the generator makes the ties",
        ),
    ] = ""
    mean_degree: Annotated[
        int,
        Param(
            2,
            50,
            "average number of social ties per citizen (even; an odd number rounds down)",
            source="judgement: the close ties that carry views on public services; core discussion networks have 2 to 3 members (McPherson, Smith-Lovin & Brashears 2006), neighbours and colleagues add a few",
        ),
    ] = 6
    rewiring: Annotated[
        float,
        Param(
            0,
            1,
            "small-world: share of ties rewired at random",
            source="Watts & Strogatz 1998: networks are small worlds for rewiring between about 0.01 and 0.1",
        ),
    ] = 0.1
    homophily: Annotated[
        float,
        Param(
            0,
            1,
            "homophilous: share of ties to citizens with similar resources",
            source="judgement after McPherson, Smith-Lovin & Cook 2001: status homophily is strong",
        ),
    ] = 0.8

    # --- citizens ---------------------------------------------------------------------------
    vulnerable_share: Annotated[
        float,
        Param(
            0,
            0.9,
            "share of citizens with few resources and heavier, more composite needs",
            source="judgement: about one in ten Norwegians lives in persistent low income (Statistics Norway), and poor health or age makes more vulnerable",
        ),
    ] = 0.15
    complexity: Annotated[
        float,
        Param(
            0,
            1,
            "problem complexity: how far needs span several domains and how rugged problems are",
            source="judgement: the centre, between standardised needs and needs that span every domain",
        ),
    ] = 0.5
    need_heterogeneity: Annotated[
        float,
        Param(
            0,
            1,
            "how much needs differ between citizens (0 = everyone needs the same)",
            source="judgement: needs differ much between persons (seed.md §1); a fifth of everyone's need is the typical one",
        ),
    ] = 0.8
    need_drift: Annotated[
        float,
        Param(
            0,
            0.2,
            "monthly random drift of each need",
            source="judgement: needs change slowly, 2 % a month",
        ),
    ] = 0.02
    shock_rate: Annotated[
        float,
        Param(
            0,
            0.5,
            "monthly chance that a citizen's needs change completely",
            source="judgement: about one citizen in nine a year meets a life event that changes its needs (a job lost, an illness, a birth)",
        ),
    ] = 0.01
    willingness: Annotated[
        float,
        Param(
            0,
            1,
            "initial mean willingness to take part",
            source="judgement: the centre of the range",
        ),
    ] = 0.5
    participation_bias: Annotated[
        float,
        Param(
            0,
            3,
            "how strongly resources drive taking part (0 = not at all)",
            source="Verba, Schlozman & Brady 1995: taking part rises with resources; 1 is in proportion to them",
        ),
    ] = 1.0
    lay_expertise: Annotated[
        float,
        Param(
            0,
            1,
            "how well citizens know their own needs",
            source="judgement: citizens know their needs somewhat better than a professional's first look (seed.md §7): an error of 0.09 against the professionals' 0.12; studies of self-reports range from better to worse than experts",
        ),
    ] = 0.7
    lay_expertise_gradient: Annotated[
        float,
        Param(
            0,
            1,
            "how much more precisely resourceful citizens know their needs: lay expertise rises by this per unit of resources above the mean",
            source="judgement after the literacy gradient (Nutbeam 2008; Berkman et al. 2011): the bottom quintile's accounts about three times as noisy as the top's",
        ),
    ] = 0.5
    social_influence: Annotated[
        float,
        Param(
            0,
            1,
            "pull of neighbours' legitimacy and willingness each month",
            source="judgement: a tenth of the way toward neighbours a month (Deffuant et al. 2000 use 0.1 to 0.5 an encounter)",
        ),
    ] = 0.1
    confidence_bound: Annotated[
        float,
        Param(
            0,
            1,
            "neighbours further apart in legitimacy than this do not influence each other",
            source="Deffuant et al. 2000: bounds from 0.2 to 0.5 on a 0-1 scale give from several clusters to consensus; 0.3 lies between",
        ),
    ] = 0.3
    negativity_bias: Annotated[
        float,
        Param(
            1,
            5,
            "weight of a bad process experience relative to a good one",
            source="Baumeister et al. 2001; Kahneman & Tversky 1979: bad experiences and losses weigh about twice as much as good ones",
        ),
    ] = 2.0
    legitimacy_learning: Annotated[
        float,
        Param(
            0.01,
            1,
            "how fast perceived legitimacy follows experience",
            source="judgement: a tenth of the gap to experience a month, so that views settle within a few years",
        ),
    ] = 0.1
    willingness_learning: Annotated[
        float,
        Param(
            0,
            1,
            "how fast willingness follows whether taking part made a difference",
            source="judgement: as fast as legitimacy (Finkel 1985 for the mechanism)",
        ),
    ] = 0.1
    service_expectation: Annotated[
        float,
        Param(
            0,
            1,
            "the service citizens expect (its fit and, as need_met_weight says, its amount); less feels unfair",
            source="Van Ryzin 2004: expectations anchor on the service people know; the typical experience under the default NPM municipality",
        ),
    ] = 0.7
    voice_expectation: Annotated[
        float,
        Param(
            0,
            1,
            "influence citizens expect when they speak up; less feels like tokenism",
            source="judgement: people who speak up expect some influence, not control (the middle rungs of Arnstein 1969)",
        ),
    ] = 0.3
    voice_base: Annotated[
        float,
        Param(
            0,
            1,
            "input legitimacy that elections alone give",
            source="judgement: elections give everyone some voice",
        ),
    ] = 0.3
    input_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight of input legitimacy (voice) in a citizen's legitimacy",
            source="Rothstein 2009; Dahlberg & Holmberg 2014: what government does and how it does it weighs more for legitimacy than input; half the weight of the others is a judgement",
        ),
    ] = 0.5
    throughput_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight of throughput legitimacy (the process) in a citizen's legitimacy",
            source="Schmidt 2013: the quality of the process is a source of legitimacy of its own",
        ),
    ] = 1.0
    output_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight of output legitimacy (need met) in a citizen's legitimacy",
            source="Scharpf 1999; Rothstein 2009: legitimacy rests on what people get",
        ),
    ] = 1.0
    need_met_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight of how much need is met, against how well the service fits it, in judging the process",
            source="judgement: satisfaction follows both whether the service fits and how much it gives (Van Ryzin 2004); equal weight",
        ),
    ] = 0.5

    # --- professionals and service units ---------------------------------------------------
    expertise: Annotated[
        float,
        Param(
            0,
            1,
            "professionals' skill in assessing needs in their own domain",
            source="judgement: a professional's first look at a client's needs errs by 0.12 on a 0-1 scale",
        ),
    ] = 0.6
    recognition: Annotated[
        float,
        Param(
            0,
            1,
            "initial recognition of lay expertise: weight of a citizen's own account",
            source="judgement: professionals give clients' own accounts limited weight at first (Alford 2009; Vamstad 2012)",
        ),
    ] = 0.3
    recognition_learning: Annotated[
        float,
        Param(
            0,
            1,
            "how fast recognition grows when citizens' accounts prove right",
            source="judgement: as fast as legitimacy (Vamstad 2012 for the mechanism)",
        ),
    ] = 0.1
    capacity: Annotated[
        float,
        Param(
            0.1,
            2,
            "service budget as a share of the population's total need",
            source="judgement: budgets cover most, not all, of the need",
        ),
    ] = 0.8
    service_quality: Annotated[
        float,
        Param(
            0.1,
            1,
            "quality (need met per unit of service) of the professionals' own solution; better solutions found in arenas raise it toward 1",
            source="judgement: the professionals' own solution meets 70 % of the need it covers",
        ),
    ] = 0.7
    silo: Annotated[
        float,
        Param(
            0,
            1,
            "how blind a unit is to needs outside its own domain (Lonely Organizational Syndrome)",
            source="judgement: units see little outside their own domain (seed.md §2: Lonely Organizational Syndrome)",
        ),
    ] = 0.8
    assessment: Annotated[
        float,
        Param(
            0,
            1,
            "share of the gap in knowing a client's needs closed each month",
            source="judgement: half the gap in knowing a client's needs closes a month",
        ),
    ] = 0.5
    quality_decay: Annotated[
        float,
        Param(
            0,
            0.2,
            "monthly chance that a unit's problem changes and its solution must be found again",
            source="judgement: a unit's problem changes about every four years",
        ),
    ] = 0.02

    # --- leaders ----------------------------------------------------------------------------
    arena_rate: Annotated[
        float,
        Param(
            0,
            0.5,
            "initial share of a unit's clients invited to an arena each month",
            source="judgement: one client in twenty is asked to an arena a month",
        ),
    ] = 0.05
    experimentation: Annotated[
        float,
        Param(
            0,
            0.1,
            "size of the leaders' trial changes to their arena rate (0 = fixed)",
            source="judgement: leaders change the arena rate by half a percentage point a month (March 1991 for the mechanism)",
        ),
    ] = 0.005
    arena_size: Annotated[
        int,
        Param(
            3,
            50,
            "citizens per arena",
            source="judgement: a working group or panel of about a dozen (deliberative mini-publics have 10 to 25 members)",
        ),
    ] = 12
    arena_capture: Annotated[
        float,
        Param(
            0,
            1,
            "monthly chance that a unit's arenas are captured by their most resourceful participant, whose own idea is adopted unchecked (0 = arenas never fail)",
            source="judgement: internal exclusion and dominance by the articulate are common in participatory settings (Young 2000; Fung 2006); one month in ten",
        ),
    ] = 0.1
    coordination_learning: Annotated[
        float,
        Param(
            0,
            1,
            "how fast cross-silo arenas teach units to coordinate",
            source="judgement (Bryson, Crosby & Stone 2006 for the mechanism)",
        ),
    ] = 0.2

    # --- politicians ------------------------------------------------------------------------
    power_sharing: Annotated[
        float,
        Param(
            0,
            1,
            "initial share of arena output that moves decisions (0 = tokenism)",
            source="judgement: the middle of Arnstein's (1969) ladder; 0 is tokenism",
        ),
    ] = 0.5
    power_sharing_response: Annotated[
        float,
        Param(
            0,
            1,
            "how fast politicians share more power when legitimacy falls short",
            source="judgement: politicians move slowly (Fung 2006 for the mechanism)",
        ),
    ] = 0.02
    legitimacy_aspiration: Annotated[
        float,
        Param(
            0,
            1,
            "legitimacy the politicians aim for",
            source="judgement: a little above the regimes' typical legitimacy",
        ),
    ] = 0.6
    priority_bias: Annotated[
        float,
        Param(
            0,
            1,
            "how far the politicians' own priorities are from the population's needs",
            source="judgement: the centre of the range",
        ),
    ] = 0.5
    voice_targeting: Annotated[
        float,
        Param(
            0,
            1,
            "mode B: share of the budget arenas steer that serves the needs of those present first",
            source="judgement: in participatory budgeting much of what the room decides serves those present and their areas (Fung 2006); half",
        ),
    ] = 0.5
    information_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight politicians give the services' knowledge of needs against their own priorities",
            source="judgement: the centre of the range",
        ),
    ] = 0.5

    # --- New Public Management --------------------------------------------------------------
    performance_pressure: Annotated[
        float,
        Param(
            0,
            1,
            "NPM performance targets: share of assessment time per client cut",
            source="judgement: targets cut assessment time by about a third (Hood 1991 for the mechanism)",
        ),
    ] = 0.3
    efficiency_gain: Annotated[
        float,
        Param(
            0,
            0.5,
            "NPM competition and targets: extra throughput from the same budget",
            source="Domberger & Jensen 1997: contracting out saved about 20 %; 15 % as competition and targets together",
        ),
    ] = 0.15
    survey_rate: Annotated[
        float,
        Param(
            0,
            1,
            "NPM user surveys: monthly chance a resourceful citizen is asked and answers",
            source="judgement: a user survey reaches one in ten a month, more of the resourceful (Groves & Couper 1998)",
        ),
    ] = 0.1
    choice_gain: Annotated[
        float,
        Param(
            0,
            1,
            "NPM customer choice: quality a chooser gains per unit of resources above the mean",
            source="judgement: choosing well takes resources (Le Grand 2007)",
        ),
    ] = 0.2
    choice_rate: Annotated[
        float,
        Param(
            0,
            1,
            "NPM exit and voice: monthly chance that a resourceful citizen whose service fell short of expectation complains and switches provider",
            source="judgement: each month one in ten citizens whose service fell short complains or switches, the resourceful more (Hirschman 1970)",
        ),
    ] = 0.1
    choice_voice: Annotated[
        float,
        Param(
            0,
            1,
            "NPM exit and voice: the influence a citizen feels when it complains or switches",
            source="judgement: exit gives control over one's own service and over nothing else; between a survey answer and full influence",
        ),
    ] = 0.5

    # --- costs and levers of co-creation ----------------------------------------------------
    arena_cost: Annotated[
        float,
        Param(
            0,
            5,
            "professional time per arena participant per month, in months of one client's service",
            source="judgement: following up one participant's account across services takes 2 to 8 professional hours a month; 5 hours",
        ),
    ] = 0.5
    arena_overhead: Annotated[
        float,
        Param(
            0,
            20,
            "fixed professional time per arena, in months of one client's service",
            source="judgement: preparing, holding and reporting a monthly arena takes two professionals 10 to 30 hours; 20 hours",
        ),
    ] = 2.0
    network_recruitment: Annotated[
        float,
        Param(
            0,
            1,
            "chance that each taking-part neighbour brings a citizen along",
            source="judgement: participants bring people like themselves (Verba, Schlozman & Brady 1995 on recruitment)",
        ),
    ] = 0.2
    coproduction_cost: Annotated[
        float,
        Param(
            0,
            1,
            "extra professional time per co-producing client, in months of service",
            source="judgement: a co-producing client takes half an hour to an hour and a half more a month; an hour",
        ),
    ] = 0.1
    volunteer_rate: Annotated[
        float,
        Param(
            0,
            1,
            "monthly chance a willing, resourceful citizen volunteers",
            source="judgement: volunteering is common in Norway (about half of adults in a year, Statistics Norway); three in ten of the willing and resourceful a month",
        ),
    ] = 0.3
    volunteer_capacity: Annotated[
        float,
        Param(
            0,
            2,
            "service a volunteer adds per month, in months of one client's service",
            source="judgement: a volunteer gives about five hours a month",
        ),
    ] = 0.5
    volunteer_quality: Annotated[
        float,
        Param(
            0,
            1,
            "quality of volunteer help relative to professional service",
            source="judgement: volunteer help at half the quality of professional service",
        ),
    ] = 0.5
    volunteer_coordination: Annotated[
        float,
        Param(
            0,
            1,
            "professional time to coordinate one volunteer, in months of service",
            source="judgement: half an hour of professional time per volunteer a month",
        ),
    ] = 0.05
    substitution: Annotated[
        float,
        Param(
            0,
            1,
            "share of volunteer capacity the politicians cut from the professional budget",
            source="judgement: no cut; objection 6 varies it",
        ),
    ] = 0.0
    outreach_boost: Annotated[
        float,
        Param(
            0,
            10,
            "outreach: extra asks to the two lowest resource quintiles, to arenas and (with outreach_coproduction) to co-produce (x times)",
            source="judgement: at 0.4 outreach spends about the professional hours that resource support does at its default, so that the two compare at equal cost (ODD.md §13, fact 3); information alone moved little in field experiments (Jakobsen 2013)",
        ),
    ] = 0.4
    outreach_coproduction: Annotated[
        bool,
        Param(
            meaning="outreach also encourages the targeted to co-produce: each extra ask is another chance to say yes",
            source="judgement: outreach asks the under-represented wherever they can take part, as resource support helps them wherever they take part (Jakobsen 2013)",
        ),
    ] = True
    resource_support: Annotated[
        float,
        Param(
            0,
            1,
            "resource support: share of their resource gap closed for the two lowest quintiles",
            source="Jakobsen & Andersen 2013: resources for co-production narrowed the gaps; closing half the resource gap is a judgement",
        ),
    ] = 0.5
    counter_cost: Annotated[
        float,
        Param(
            0,
            5,
            "professional time per citizen reached by outreach or support, in months of service",
            source="judgement: an hour of professional time per citizen reached",
        ),
    ] = 0.1

    def __init__(self, *, rng: Any = None, **parameters: Any) -> None:
        specs = parameter_specs()
        scenario_id = parameters.pop("_scenario_id", None)
        checked = {}
        for name, value in parameters.items():
            if name not in specs:
                raise ScenarioError(f"unknown parameter '{name}' (see 'samskaping params')")
            checked[name] = specs[name].check(value)
        if scenario_id is not None:
            checked["_scenario_id"] = scenario_id
        super().__init__(rng=rng, **checked)
        self.check_together()

    def check_together(self) -> None:
        """The rules that bind several parameters: a citizen's legitimacy needs some weight."""
        if self.input_weight + self.throughput_weight + self.output_weight <= 0:
            raise ScenarioError(
                "input_weight, throughput_weight and output_weight: at least one must be above 0"
            )

    def __setattr__(self, name: str, value: Any) -> None:
        specs = parameter_specs()
        if name in specs:
            value = specs[name].check(value)
        elif name not in ("model", "rng") and not name.startswith("_"):
            raise ScenarioError(f"unknown parameter '{name}' (see 'samskaping params')")
        super().__setattr__(name, value)

    @property
    def parameters(self) -> dict[str, Any]:
        """The parameter values of this scenario, in declaration order (without the seed)."""
        return {name: getattr(self, name) for name in parameter_specs()}


def parameter_specs() -> dict[str, ParameterSpec]:
    """The parameter table, read from the annotations of :class:`SamskapingScenario`."""
    if _SPECS:
        return _SPECS
    hints = typing.get_type_hints(SamskapingScenario, include_extras=True)
    for name in SamskapingScenario.__annotations__:
        hint = hints[name]
        if get_origin(hint) is not Annotated:
            continue
        base, *extras = get_args(hint)
        param = next(e for e in extras if isinstance(e, Param))
        choices = None
        if get_origin(base) is Literal:
            choices = tuple(get_args(base))
            base = str
        _SPECS[name] = ParameterSpec(
            name=name,
            kind=base,
            default=getattr(SamskapingScenario, name),
            meaning=param.meaning,
            low=param.low,
            high=param.high,
            choices=choices,
            source=param.source,
        )
    return _SPECS


_SPECS: dict[str, ParameterSpec] = {}
