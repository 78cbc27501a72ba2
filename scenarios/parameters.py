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
            meaning="governance regime: New Public Management, co-creation, or traditional bureaucracy (neither)"
        ),
    ] = "npm"
    mode_a: Annotated[
        bool,
        Param(
            meaning="co-creation mode A: arenas where citizens and professionals solve problems together, across silos"
        ),
    ] = True
    mode_b: Annotated[
        bool,
        Param(meaning="co-creation mode B: arena input moves the politicians' budget allocation"),
    ] = True
    mode_c: Annotated[
        bool, Param(meaning="co-creation mode C: citizens volunteer and add service capacity")
    ] = True
    mode_d: Annotated[
        bool,
        Param(
            meaning="co-creation mode D: professional-user co-production in the service relation"
        ),
    ] = True
    counter_strategy: Annotated[
        CounterStrategy,
        Param(
            meaning="against unequal participation: none, information outreach or resource support"
        ),
    ] = "none"

    # --- population and structure ---------------------------------------------------------
    citizens: Annotated[int, Param(10, 1_000_000, "number of citizens")] = 1000
    domains: Annotated[
        int,
        Param(
            2, 8, "service domains (care/health, education, work/welfare, housing/planning, ...)"
        ),
    ] = 4
    clients_per_professional: Annotated[
        int, Param(5, 1000, "citizens per professional (sets the number of professionals)")
    ] = 50
    council: Annotated[int, Param(1, 101, "number of politicians in the council")] = 9

    # --- the citizens' social network -----------------------------------------------------
    network: Annotated[NetworkKind, Param(meaning="generator of citizens' social ties")] = (
        "homophilous"
    )
    network_file: Annotated[
        str,
        Param(
            meaning="GraphML or edge-list file of citizens' ties; overrides network and citizens"
        ),
    ] = ""
    mean_degree: Annotated[
        int,
        Param(2, 50, "average number of social ties per citizen (even; an odd number rounds down)"),
    ] = 6
    rewiring: Annotated[float, Param(0, 1, "small-world: share of ties rewired at random")] = 0.1
    homophily: Annotated[
        float, Param(0, 1, "homophilous: share of ties to citizens with similar resources")
    ] = 0.8

    # --- citizens ---------------------------------------------------------------------------
    vulnerable_share: Annotated[
        float,
        Param(0, 0.9, "share of citizens with few resources and heavier, more composite needs"),
    ] = 0.15
    complexity: Annotated[
        float,
        Param(
            0,
            1,
            "problem complexity: how far needs span several domains and how rugged problems are",
        ),
    ] = 0.5
    need_heterogeneity: Annotated[
        float, Param(0, 1, "how much needs differ between citizens (0 = everyone needs the same)")
    ] = 0.8
    need_drift: Annotated[float, Param(0, 0.2, "monthly random drift of each need")] = 0.02
    shock_rate: Annotated[
        float, Param(0, 0.5, "monthly chance that a citizen's needs change completely")
    ] = 0.01
    willingness: Annotated[float, Param(0, 1, "initial mean willingness to take part")] = 0.5
    participation_bias: Annotated[
        float, Param(0, 3, "how strongly resources drive taking part (0 = not at all)")
    ] = 1.0
    lay_expertise: Annotated[float, Param(0, 1, "how well citizens know their own needs")] = 0.9
    lay_expertise_gradient: Annotated[
        float,
        Param(
            0,
            1,
            "how much more precisely resourceful citizens know their needs: lay expertise rises by this per unit of resources above the mean",
        ),
    ] = 0.0
    social_influence: Annotated[
        float, Param(0, 1, "pull of neighbours' legitimacy and willingness each month")
    ] = 0.1
    confidence_bound: Annotated[
        float,
        Param(0, 1, "neighbours further apart in legitimacy than this do not influence each other"),
    ] = 0.3
    negativity_bias: Annotated[
        float, Param(1, 5, "weight of a bad process experience relative to a good one")
    ] = 2.0
    legitimacy_learning: Annotated[
        float, Param(0.01, 1, "how fast perceived legitimacy follows experience")
    ] = 0.1
    willingness_learning: Annotated[
        float, Param(0, 1, "how fast willingness follows whether taking part made a difference")
    ] = 0.1
    service_expectation: Annotated[
        float, Param(0, 1, "service accuracy citizens expect; less feels unfair")
    ] = 0.75
    voice_expectation: Annotated[
        float, Param(0, 1, "influence citizens expect when they speak up; less feels like tokenism")
    ] = 0.3
    voice_base: Annotated[float, Param(0, 1, "input legitimacy that elections alone give")] = 0.3
    input_weight: Annotated[
        float, Param(0, 1, "weight of input legitimacy (voice) in a citizen's legitimacy")
    ] = 1.0
    throughput_weight: Annotated[
        float,
        Param(0, 1, "weight of throughput legitimacy (the process) in a citizen's legitimacy"),
    ] = 1.0
    output_weight: Annotated[
        float, Param(0, 1, "weight of output legitimacy (need met) in a citizen's legitimacy")
    ] = 1.0
    need_met_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight of how much need is met, against how well the service fits it, in judging the process",
        ),
    ] = 0.0

    # --- professionals and service units ---------------------------------------------------
    expertise: Annotated[
        float, Param(0, 1, "professionals' skill in assessing needs in their own domain")
    ] = 0.6
    recognition: Annotated[
        float,
        Param(0, 1, "initial recognition of lay expertise: weight of a citizen's own account"),
    ] = 0.3
    recognition_learning: Annotated[
        float, Param(0, 1, "how fast recognition grows when citizens' accounts prove right")
    ] = 0.1
    capacity: Annotated[
        float, Param(0.1, 2, "service budget as a share of the population's total need")
    ] = 0.8
    service_quality: Annotated[
        float,
        Param(
            0.1,
            1,
            "quality (need met per unit of service) of the professionals' own solution; better solutions found in arenas raise it toward 1",
        ),
    ] = 0.7
    silo: Annotated[
        float,
        Param(
            0,
            1,
            "how blind a unit is to needs outside its own domain (Lonely Organizational Syndrome)",
        ),
    ] = 0.8
    assessment: Annotated[
        float, Param(0, 1, "share of the gap in knowing a client's needs closed each month")
    ] = 0.5
    quality_decay: Annotated[
        float,
        Param(
            0,
            0.2,
            "monthly chance that a unit's problem changes and its solution must be found again",
        ),
    ] = 0.02

    # --- leaders ----------------------------------------------------------------------------
    arena_rate: Annotated[
        float, Param(0, 0.5, "initial share of a unit's clients invited to an arena each month")
    ] = 0.05
    experimentation: Annotated[
        float, Param(0, 0.1, "size of the leaders' trial changes to their arena rate (0 = fixed)")
    ] = 0.005
    arena_size: Annotated[int, Param(3, 50, "citizens per arena")] = 12
    arena_capture: Annotated[
        float,
        Param(
            0,
            1,
            "monthly chance that a unit's arenas are captured by their most resourceful participant, whose own idea is adopted unchecked (0 = arenas never fail)",
        ),
    ] = 0.0
    coordination_learning: Annotated[
        float, Param(0, 1, "how fast cross-silo arenas teach units to coordinate")
    ] = 0.2

    # --- politicians ------------------------------------------------------------------------
    power_sharing: Annotated[
        float, Param(0, 1, "initial share of arena output that moves decisions (0 = tokenism)")
    ] = 0.5
    power_sharing_response: Annotated[
        float, Param(0, 1, "how fast politicians share more power when legitimacy falls short")
    ] = 0.02
    legitimacy_aspiration: Annotated[float, Param(0, 1, "legitimacy the politicians aim for")] = 0.6
    priority_bias: Annotated[
        float,
        Param(0, 1, "how far the politicians' own priorities are from the population's needs"),
    ] = 0.5
    voice_targeting: Annotated[
        float,
        Param(
            0,
            1,
            "mode B: share of the budget arenas steer that serves the needs of those present first",
        ),
    ] = 0.0
    information_weight: Annotated[
        float,
        Param(
            0,
            1,
            "weight politicians give the services' knowledge of needs against their own priorities",
        ),
    ] = 0.5

    # --- New Public Management --------------------------------------------------------------
    performance_pressure: Annotated[
        float, Param(0, 1, "NPM performance targets: share of assessment time per client cut")
    ] = 0.3
    efficiency_gain: Annotated[
        float, Param(0, 0.5, "NPM competition and targets: extra throughput from the same budget")
    ] = 0.15
    survey_rate: Annotated[
        float,
        Param(0, 1, "NPM user surveys: monthly chance a resourceful citizen is asked and answers"),
    ] = 0.1
    choice_gain: Annotated[
        float,
        Param(
            0,
            1,
            "NPM customer choice: quality a chooser gains per unit of resources above the mean",
        ),
    ] = 0.2
    choice_rate: Annotated[
        float,
        Param(
            0,
            1,
            "NPM exit and voice: monthly chance that a resourceful citizen whose service fell short of expectation complains and switches provider",
        ),
    ] = 0.0
    choice_voice: Annotated[
        float,
        Param(
            0, 1, "NPM exit and voice: the influence a citizen feels when it complains or switches"
        ),
    ] = 0.5

    # --- costs and levers of co-creation ----------------------------------------------------
    arena_cost: Annotated[
        float,
        Param(
            0,
            5,
            "professional time per arena participant per month, in months of one client's service",
        ),
    ] = 0.5
    arena_overhead: Annotated[
        float, Param(0, 20, "fixed professional time per arena, in months of one client's service")
    ] = 2.0
    network_recruitment: Annotated[
        float, Param(0, 1, "chance that each taking-part neighbour brings a citizen along")
    ] = 0.2
    coproduction_cost: Annotated[
        float, Param(0, 1, "extra professional time per co-producing client, in months of service")
    ] = 0.1
    volunteer_rate: Annotated[
        float, Param(0, 1, "monthly chance a willing, resourceful citizen volunteers")
    ] = 0.3
    volunteer_capacity: Annotated[
        float, Param(0, 2, "service a volunteer adds per month, in months of one client's service")
    ] = 0.5
    volunteer_quality: Annotated[
        float, Param(0, 1, "quality of volunteer help relative to professional service")
    ] = 0.5
    volunteer_coordination: Annotated[
        float, Param(0, 1, "professional time to coordinate one volunteer, in months of service")
    ] = 0.05
    substitution: Annotated[
        float,
        Param(0, 1, "share of volunteer capacity the politicians cut from the professional budget"),
    ] = 0.0
    outreach_boost: Annotated[
        float,
        Param(0, 10, "outreach: extra invitations to the two lowest resource quintiles (x times)"),
    ] = 2.0
    outreach_coproduction: Annotated[
        bool,
        Param(
            meaning="outreach also encourages the targeted to co-produce: each extra ask is another chance to say yes"
        ),
    ] = False
    resource_support: Annotated[
        float,
        Param(
            0,
            1,
            "resource support: share of their resource gap closed for the two lowest quintiles",
        ),
    ] = 0.5
    counter_cost: Annotated[
        float,
        Param(
            0,
            5,
            "professional time per citizen reached by outreach or support, in months of service",
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
