"""An experiment: which arms to run, how many replications, for how long, from which seed.

An **arm** is one set of parameter values; a **run** is one replication of one arm. Replication r
of every arm gets the same seed (common random numbers, ``random_streams.py``): two arms differ only
by what differs between them, so their difference is measured paired, replication by replication.
The seeds come from one ``numpy.random.SeedSequence(seed)``: replication r's is drawn from its
child r + 1 (child 0 draws a Latin-hypercube design), so adding replications keeps the earlier ones.

A sweep is declared in a TOML file (``load_experiment``); ``samskaping compare`` and the Python
API's ``compare`` build the same object from scenarios and regimes (``compare_experiment``).
Either way everything is checked before anything runs, against the ranges written once in
``LIMITS``: a mistake is one :class:`ScenarioError` line naming the key and its allowed range, and a
graph file is read once, as a run would read it, so a file that is not a graph fails no run.

```toml
title = "Recognition and power sharing"
description = "Does co-production need recognition, and arenas a mandate?"
scenario = "default"            # the base: a shipped scenario or a file (relative to this one)
steps = 120
replications = 10
seed = 2026

[parameters]                    # fixed changes to the base scenario
citizens = 1000

[vary]                          # the factors: a list of values, or a range
regime = ["npm", "co-creation"]
recognition = { from = 0.0, to = 1.0, step = 0.25 }
power_sharing = { from = 0.0, to = 1.0, count = 3 }

[design]
kind = "factorial"              # or "latin-hypercube" (then `samples = N`; ranges need no step)
# optimization = "random-cd"    # a Latin hypercube only: scipy's "random-cd" or "lloyd"
```

A Latin hypercube is drawn by ``scipy.stats.qmc.LatinHypercube`` (McKay, Beckman & Conover 1979)
and mapped to each factor's values; its unit sample's centred discrepancy is kept with the
experiment (``Hypercube``) as a measure of how evenly it fills the space.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import numbers
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from samskaping.experiments import sensitivity_design
from samskaping.experiments.sensitivity_design import Sensitivity
from samskaping.scenarios import library
from samskaping.scenarios.parameters import SamskapingScenario, ScenarioError, parameter_specs

#: in files; `compare` makes a "comparison"; the SALib designs are run by `samskaping sensitivity`
SWEEP_DESIGNS = ("factorial", "latin-hypercube")
DESIGNS = (*SWEEP_DESIGNS, *sensitivity_design.KINDS)
#: more arms than this is almost surely a mistake in a range's step
MAX_ARMS = 100_000
#: seeds fit Parquet's int64 and every tool's integers
SEED_BITS = 63
#: the allowed range of each whole number a user gives an experiment, written once: the Python
#: API, experiment files and the command line's options check these. A comparison needs two
#: replications for an interval (a file may ask for one); ``workers`` are local processes.
LIMITS: dict[str, tuple[int, int]] = {
    "reps": (2, 10_000),
    "steps": (1, 100_000),
    "seed": (0, 2**SEED_BITS - 1),
    "workers": (1, 1024),
}
#: seconds the command line and the Python API take for a run's time limit and for waiting on
#: Dask workers
SECONDS: dict[str, tuple[float, float]] = {
    "run_timeout": (0.001, 1e7),
    "wait_for_workers": (0, 1e7),
}
#: an experiment file may run one replication (a sensitivity design's many points average the noise)
FILE_REPLICATIONS = (1, LIMITS["reps"][1])
#: scipy's optimisations of a Latin hypercube (``[design] optimization``): "random-cd" swaps values
#: within each factor to lower the centred discrepancy and keeps every stratum used once; "lloyd"
#: moves the points apart (Lloyd-Max), and then a stratum may be empty or used twice
OPTIMIZATIONS = ("random-cd", "lloyd")
#: the discrepancy costs samples² operations: above this many samples it is not measured
DISCREPANCY_SAMPLES = 2_000


@dataclass(frozen=True)
class Arm:
    """One set of parameter values: ``parameters`` on top of the defaults; ``factors`` are the
    values that set this arm apart (the tidy columns of the summary)."""

    label: str
    scenario: str
    parameters: dict[str, Any]
    factors: dict[str, Any]


@dataclass(frozen=True)
class Run:
    """One replication of one arm: everything a worker needs."""

    run_id: int
    arm: str
    scenario: str
    replication: int
    seed: int
    steps: int
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Hypercube:
    """How a Latin hypercube was drawn: scipy's ``optimization`` of it (None, "random-cd" or
    "lloyd"), and the centred L2 discrepancy of its unit sample (Hickernell 1998; lower is more
    even; None above ``DISCREPANCY_SAMPLES`` samples). The discrepancy describes the draw and is
    not part of the fingerprint: the arms already are, and a float's last digit may differ
    between machines."""

    optimization: str | None
    discrepancy: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"optimization": self.optimization, "discrepancy": self.discrepancy}


@dataclass(frozen=True)
class Experiment:
    """Arms × replications, each run for ``steps`` months from seeds spawned from ``seed``."""

    name: str
    title: str
    arms: tuple[Arm, ...]
    replications: int
    steps: int
    seed: int
    description: str = ""
    factors: tuple[str, ...] = ()
    design: str = "factorial"
    #: what the experiment asks, in words: ``hypothesis``, and for an objection ``claim`` and
    #: ``answer`` (the seed's answer); shown in the report, not part of the results
    notes: dict[str, str] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)
    #: a SALib design's sample, options and outputs (``sensitivity_design.py``); None for a sweep
    sensitivity: Sensitivity | None = None
    #: how a Latin hypercube was drawn; None for every other design
    hypercube: Hypercube | None = None

    def seeds(self) -> list[int]:
        """Replication r's seed, the same in every arm."""
        children = np.random.SeedSequence(self.seed).spawn(self.replications + 1)[1:]
        return [
            int(child.generate_state(1, np.uint64)[0] >> (64 - SEED_BITS)) for child in children
        ]

    @property
    def size(self) -> int:
        """How many runs: arms × replications (without making them)."""
        return len(self.arms) * self.replications

    def runs(self) -> list[Run]:
        """Every run, numbered arm by arm; run ``a * replications + r`` is replication r of arm a."""
        seeds = self.seeds()
        return [
            Run(
                run_id=a * self.replications + r,
                arm=arm.label,
                scenario=arm.scenario,
                replication=r,
                seed=seed,
                steps=self.steps,
                parameters=arm.parameters,
            )
            for a, arm in enumerate(self.arms)
            for r, seed in enumerate(seeds)
        ]

    def contrasts(self) -> list[tuple[str, str]]:
        """Pairs (arm, the arm it is compared with). The first varied factor is the contrast: an
        arm is compared with the arm that has that factor's first value and the same values of
        every other factor (co-creation with NPM at each complexity, say). A Latin hypercube,
        whose arms share no values, has none."""
        for factor in self.factors:
            values = list(dict.fromkeys(arm.factors.get(factor) for arm in self.arms))
            if len(values) > 1:
                break
        else:
            return []

        def others(arm: Arm) -> str:
            return json.dumps({k: v for k, v in arm.factors.items() if k != factor}, default=str)

        baseline = {others(a): a.label for a in self.arms if a.factors.get(factor) == values[0]}
        return [
            (arm.label, baseline[others(arm)])
            for arm in self.arms
            if arm.factors.get(factor) != values[0] and others(arm) in baseline
        ]

    def to_dict(self) -> dict[str, Any]:
        """Everything that determines the results, as JSON-ready data (the manifest's record)."""
        record = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "design": self.design,
            "factors": list(self.factors),
            "replications": self.replications,
            "steps": self.steps,
            "seed": self.seed,
            "arms": [
                {
                    "label": a.label,
                    "scenario": a.scenario,
                    "factors": a.factors,
                    "parameters": a.parameters,
                }
                for a in self.arms
            ],
            "notes": self.notes,
            "source": self.source,
        }
        if self.sensitivity is not None:
            record["sensitivity"] = self.sensitivity.to_dict()
        # only a Latin hypercube has one: every other design's fingerprint stays as it was
        if self.hypercube is not None:
            record["hypercube"] = self.hypercube.to_dict()
        return record

    @property
    def fingerprint(self) -> str:
        """A hash of what determines the results: an output folder belongs to one experiment."""
        record = self.to_dict()
        del record["source"], record["title"], record["description"], record["notes"]
        if "hypercube" in record:
            del record["hypercube"]["discrepancy"]
        text = json.dumps(record, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- compare: scenarios × regimes --------------------------------------------------------------


def compare_experiment(
    scenarios: list[str | Path] | tuple[str | Path, ...],
    regimes: list[str] | tuple[str, ...] | None,
    replications: int,
    steps: int,
    seed: int,
    overrides: dict[str, Any] | None = None,
) -> Experiment:
    """Each scenario under each regime. Without ``regimes``, one scenario is compared under NPM
    and co-creation, and several scenarios each under its own regime.

    Everything is checked here, before anything runs, whether it comes from the command line or a
    notebook: a mistake is one :class:`ScenarioError` line naming the argument as the Python API
    names it (``reps``, ``steps``, ``seed``, ``regimes``, ``parameters.NAME``) and its allowed
    range. Each arm must make a scenario (the rules binding several parameters included), and
    each graph file must be a graph."""
    names = _scenario_names(scenarios)
    regimes = _regime_names(regimes)
    replications = within_limits("reps", replications)
    steps = within_limits("steps", steps)
    seed = within_limits("seed", seed)
    overrides = _parameter_values(overrides)
    files = [library.load(name) for name in names]
    if regimes is None and len(files) == 1:
        regimes = ["npm", "co-creation"]
    own_regimes = regimes is None
    arms = []
    for file in files:
        own = (file.parameters | overrides).get("regime", parameter_specs()["regime"].default)
        for regime in regimes or [own]:
            if len(files) == 1:
                label = regime
            elif regimes is None or len(regimes) == 1:
                label = file.name
            else:
                label = f"{file.name} / {regime}"
            parameters = file.parameters | overrides | {"regime": regime}
            # with their own regimes, scenarios are the arms; else regimes within each scenario
            factors = (
                {"scenario": file.name}
                if own_regimes
                else {"regime": regime, "scenario": file.name}
            )
            arms.append(Arm(label, file.name, parameters, factors))
    labels = [arm.label for arm in arms]
    if len(set(labels)) < len(labels):
        raise ScenarioError(f"scenarios: each scenario can be compared once ({', '.join(labels)})")
    _check_arms(arms)
    _check_graphs(files, overrides)
    stems = "-".join(dict.fromkeys(f.name for f in files))
    return Experiment(
        name=f"compare-{stems}",
        title=" vs ".join(labels),
        description="; ".join(f"{f.name}: {f.title}" for f in files),
        arms=tuple(arms),
        replications=replications,
        steps=steps,
        seed=seed,
        factors=("scenario",) if own_regimes else ("regime", "scenario"),
        design="comparison",
        source={"command": "compare", "scenarios": names, "regimes": regimes,
                "overrides": overrides},
    )  # fmt: skip


def within_limits(key: str, value: Any) -> int:
    """``value`` as a whole number within ``LIMITS[key]``; else a one-line error naming ``key``
    (``reps: 0 is outside the allowed range [2, 10000]``)."""
    return _whole(value, *LIMITS[key], _argument, key)


def _argument(key: str, message: str) -> ScenarioError:
    """A mistake in an argument of the Python API (or an option the command line passes on)."""
    return ScenarioError(f"{key}: {message}")


def _scenario_names(scenarios: Any) -> list[str]:
    """Shipped scenarios' names or scenario files: a non-empty list (a path may be a Path)."""
    if isinstance(scenarios, str | os.PathLike):
        raise _argument("scenarios", f"{str(scenarios)!r} is one name, not a list (give "
                                     f"[{str(scenarios)!r}])")  # fmt: skip
    if not isinstance(scenarios, list | tuple):
        raise _argument("scenarios", f"{scenarios!r} is not a list of scenario names or files")
    if not scenarios:
        raise _argument("scenarios", "the list is empty (e.g. ['default'])")
    for name in scenarios:
        if not isinstance(name, str | os.PathLike):
            raise _argument("scenarios", f"{name!r} is not a scenario name or file")
    return [os.fspath(name) for name in scenarios]


def _regime_names(regimes: Any) -> list[str] | None:
    """None (the default arms), or a non-empty list of the regime parameter's words, each once."""
    if regimes is None:
        return None
    choices = parameter_specs()["regime"].choices or ()
    allowed = " | ".join(choices)
    if isinstance(regimes, str) or not isinstance(regimes, list | tuple):
        raise _argument("regimes", f"{regimes!r} is not a list of regimes (allowed: None, or a "
                                   f"list of {allowed})")  # fmt: skip
    if not regimes:
        raise _argument("regimes", f"the list is empty (allowed: None, or a list of {allowed})")
    for i, regime in enumerate(regimes):
        if not isinstance(regime, str) or regime not in choices:
            raise _argument("regimes", f"{regime!r} is not one of {allowed}")
        if regime in regimes[:i]:
            raise _argument("regimes", f"{regime!r} is listed twice")
    return list(regimes)


def _parameter_values(parameters: Any) -> dict[str, Any]:
    """Changes to every arm, each a known parameter with an allowed value: checked by the same
    ``ParameterSpec.check`` as ``--set`` (``cli/arguments.py``) and scenario files."""
    if parameters is None:
        return {}
    if not isinstance(parameters, dict):
        raise _argument("parameters", f"{parameters!r} is not a dict of parameter values (e.g. "
                                      "{'citizens': 2000})")  # fmt: skip
    specs = parameter_specs()
    checked = {}
    for name, value in parameters.items():
        if name not in specs:
            raise _argument(f"parameters.{name}", "unknown parameter (see 'samskaping params')")
        try:
            checked[name] = specs[name].check(value)
        except ScenarioError as error:
            raise ScenarioError(f"parameters.{error}") from None
    graph = checked.get("network_file")
    if graph and Path(graph).is_file():  # a path that works from anywhere (a Dask worker, say)
        checked["network_file"] = str(Path(graph).resolve())
    return checked


def _check_arms(arms: list[Arm], fail=_argument, key: str = "parameters") -> None:
    """An arm whose parameters break a rule binding several of them would fail every run: refused
    here (``SamskapingScenario.check_together``; a few microseconds an arm)."""
    for arm in arms:
        try:
            SamskapingScenario(**arm.parameters)
        except ScenarioError as error:
            raise fail(key, f"the {arm.label!r} arm breaks a rule: {error}") from None


def _check_graphs(files: list[library.ScenarioFile], overrides: dict[str, Any]) -> None:
    """Every distinct graph file the arms name, read once: from ``parameters`` or a scenario."""
    read = set()
    for file in files:
        graph = (file.parameters | overrides).get("network_file", "")
        if not graph or graph in read:
            continue
        read.add(graph)
        if problem := _graph_problem(graph):
            where = "" if "network_file" in overrides else f"{file.path}: "
            raise ScenarioError(f"{where}parameters.network_file: {graph}: {problem}")


def _graph_problem(graph: str) -> str | None:
    """Why a graph file cannot give a run its citizens' ties (``no such file``, ``not a readable
    graph (...)``, ``has 3 nodes, needs 10+``), or None. Read as a run reads it
    (``simulation/network.py``), so a file that is not a graph is refused before anything runs
    instead of failing every run that uses it."""
    from samskaping.simulation.network import load_social_ties  # only when a file is named

    try:
        load_social_ties(graph)
    except ScenarioError as error:
        return str(error).removeprefix(f"network_file: {Path(graph)}: ")
    return None


# --- sweep: a declarative experiment file --------------------------------------------------------

#: where results go unless a folder is named (relative to the working directory)
RESULTS = Path("results")
NOTES = ("claim", "answer", "hypothesis", "limits")
KNOWN_KEYS = {
    "title", "description", *NOTES, "scenario", "steps", "replications", "seed",
    "parameters", "vary", "design", "outputs",
}  # fmt: skip


#: the example experiment files that ship with samskaping
EXAMPLES = Path(__file__).parent / "examples"


def examples() -> list[str]:
    return sorted(path.stem for path in EXAMPLES.glob("*.toml"))


def resolve_experiment(name_or_path: str | Path) -> Path:
    """The file an experiment's path or the name of a shipped example stands for."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    example = EXAMPLES / f"{name_or_path}.toml"
    if example.is_file():
        return example
    raise ScenarioError(
        f"{name_or_path}: no such experiment file (shipped examples: {', '.join(examples())})"
    )


def load_experiment(name_or_path: str | Path) -> Experiment:
    """Read and validate an experiment file; any mistake is one line naming the file and key."""
    path = resolve_experiment(name_or_path)
    try:
        # utf-8-sig: files saved by Windows Notepad start with a byte-order mark
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{path}: TOML syntax error: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    return parse_experiment(document, path)


def parse_experiment(document: dict[str, Any], path: Path) -> Experiment:
    """An experiment from the contents of an experiment file (``path`` names it in errors)."""

    def fail(key: str, message: str) -> ScenarioError:
        return ScenarioError(f"{path}: {key}: {message}")

    for key in document:
        if key not in KNOWN_KEYS:
            raise fail(key, f"unknown key (allowed: {', '.join(sorted(KNOWN_KEYS))})")
    steps = _whole(document.get("steps", 120), *LIMITS["steps"], fail, "steps")
    replications = _whole(document.get("replications", 10), *FILE_REPLICATIONS, fail,
                          "replications")  # fmt: skip
    seed = _whole(document.get("seed", 42), *LIMITS["seed"], fail, "seed")
    for key in ("title", "description", "scenario", *NOTES):
        if not isinstance(document.get(key, ""), str):
            raise fail(key, "must be text")

    scenario_name = document.get("scenario", library.DEFAULT)
    beside = path.parent / scenario_name
    try:
        base = library.load(str(beside) if beside.is_file() else scenario_name)
    except ScenarioError as error:
        raise fail("scenario", str(error)) from None

    specs = parameter_specs()
    fixed = _table(document, "parameters", fail)
    for key, value in fixed.items():
        fixed[key] = _checked(key, value, specs, fail, f"parameters.{key}")

    design = _table(document, "design", fail)
    kind = design.get("kind", "factorial")
    if kind not in DESIGNS:
        raise fail("design.kind", f"{kind!r} is not one of {' | '.join(DESIGNS)}")
    if kind in sensitivity_design.KINDS:
        return _sensitivity(document, path, kind, design, base, fixed, steps, replications, seed,
                            fail)  # fmt: skip
    if "outputs" in document:
        raise fail("outputs", "only a sensitivity design (sobol, morris, fast, pawn) takes outputs")
    for key in design:
        if key not in ("kind", "samples", "optimization"):
            raise fail(f"design.{key}", "unknown key (allowed: kind, samples, optimization)")
    samples, optimization = None, None
    if kind == "latin-hypercube":
        samples = _whole(design.get("samples", 10), 1, MAX_ARMS, fail, "design.samples")
        optimization = design.get("optimization")
        if optimization is not None and optimization not in OPTIMIZATIONS:
            raise fail("design.optimization", f"{optimization!r} is not one of "
                                              f"{' | '.join(OPTIMIZATIONS)}")  # fmt: skip
    for key in ("samples", "optimization"):
        if key in design and kind != "latin-hypercube":
            raise fail(f"design.{key}", f"only a latin-hypercube design takes {key}")

    vary = _table(document, "vary", fail)
    factors = {
        name: _factor(name, spec_value, specs, fail, kind) for name, spec_value in vary.items()
    }
    # graph files are read beside the experiment file, and must be there before anything runs
    if "network_file" in fixed:
        fixed["network_file"] = _graph_file(fixed["network_file"], path, fail, "parameters")
    if "network_file" in factors:
        files = factors["network_file"].values or ()
        factors["network_file"] = _Factor(
            values=tuple(_graph_file(f, path, fail, "vary") for f in files)
        )
    _check_scenario_graph(base, {*fixed, *factors}, fail)
    hypercube = None
    if kind == "factorial":
        combos = _factorial(factors, fail)
    else:
        combos, hypercube = _latin_hypercube(factors, samples or 1, seed, specs, optimization)
    base_parameters = base.parameters | fixed
    # short labels (0.1, not 0.1000000000000001) unless two arms would then share one
    exact = len({_label(v, _shown) for v in combos}) < len(combos)
    arms = []
    for i, values in enumerate(combos):
        label = _label(values, repr if exact else _shown) or base.name
        if kind == "latin-hypercube":  # sampled values may coincide; the sample number may not
            label = f"#{i + 1} {label}"
        arms.append(Arm(label, base.name, base_parameters | values, dict(values)))
    _check_arms(arms, fail, "vary")
    return _from_file(document, path, arms, replications, steps, seed, tuple(factors), kind,
                      hypercube=hypercube)  # fmt: skip


def _from_file(
    document: dict[str, Any], path: Path, arms: list[Arm], replications: int, steps: int,
    seed: int, factors: tuple[str, ...], kind: str, sensitivity: Sensitivity | None = None,
    hypercube: Hypercube | None = None,
) -> Experiment:  # fmt: skip
    """The experiment an experiment file describes, once its arms are built."""
    return Experiment(
        name=path.stem,
        title=document.get("title", path.stem),
        description=" ".join(document.get("description", "").split()),
        arms=tuple(arms),
        replications=replications,
        steps=steps,
        seed=seed,
        factors=factors,
        design=kind,
        notes={key: " ".join(document[key].split()) for key in NOTES if key in document},
        source={"file": str(path), "document": document},
        sensitivity=sensitivity,
        hypercube=hypercube,
    )


def _sensitivity(
    document: dict[str, Any], path: Path, kind: str, design: dict[str, Any], base: Any,
    fixed: dict[str, Any], steps: int, replications: int, seed: int, fail,
) -> Experiment:  # fmt: skip
    """A SALib design: every sampled point under each listed regime, with the same seeds."""
    from samskaping.experiments.single_run import metric_names

    specs = parameter_specs()
    # one replication per point unless asked: the design's many points already average the noise
    replications = _whole(document.get("replications", 1), *FILE_REPLICATIONS, fail,
                          "replications")  # fmt: skip
    vary = _table(document, "vary", fail)
    regimes: tuple[str, ...] = ()
    factors = []
    for name, value in vary.items():
        if name not in specs:
            raise fail(f"vary.{name}", "unknown parameter (see 'samskaping params')")
        if name == "network_file":
            raise fail("vary.network_file", "graph files cannot be sampled (give one in "
                                            "[parameters])")  # fmt: skip
        if name == sensitivity_design.CROSSED:
            if not isinstance(value, list) or not value:
                raise fail(f"vary.{name}", "a list of regimes, each run at every point")
            regimes = tuple(_checked(name, v, specs, fail, f"vary.{name}") for v in value)
            if len(set(regimes)) < len(regimes):
                raise fail(f"vary.{name}", "a value is listed twice")
            continue

        def check(v: Any, key: str, name: str = name) -> Any:
            return _checked(name, v, specs, fail, key)

        factors.append(sensitivity_design.factor(name, value, specs[name], check, fail))
    chosen = sensitivity_design.options(kind, design, len(factors), fail)
    if kind == "morris":
        factors = [dataclasses.replace(f, grid=True) for f in factors]
    points = sensitivity_design.size(kind, chosen, len(factors)) * max(1, len(regimes))
    if points > sensitivity_design.MAX_POINTS:
        raise fail("design", f"{points:,} runs per replication (at most "
                             f"{sensitivity_design.MAX_POINTS:,}): a smaller n")  # fmt: skip
    outputs = sensitivity_design.outputs(_table(document, "outputs", fail), metric_names(),
                                         steps, fail)  # fmt: skip
    if "network_file" in fixed:
        fixed["network_file"] = _graph_file(fixed["network_file"], path, fail, "parameters")
    _check_scenario_graph(base, set(fixed), fail)
    sample = sensitivity_design.draw(kind, chosen, tuple(factors), seed)
    plan = Sensitivity(kind, chosen, tuple(factors), regimes, outputs, sample)
    base_parameters = base.parameters | fixed
    # a point that breaks a rule binding several parameters would fail as a run: refused here
    for i, values in enumerate(plan.points()):
        try:
            SamskapingScenario(**(base_parameters | values))
        except ScenarioError as error:
            raise fail("vary", f"sampled point #{i + 1} breaks a rule: {error} (narrow a "
                               "range)") from None  # fmt: skip
    arms = []
    for i, values in enumerate(plan.points()):
        for regime in regimes or (None,):
            crossed = {sensitivity_design.CROSSED: regime} if regime else {}
            label = f"#{i + 1}" + (f" {regime}" if regime else "")
            arms.append(Arm(label, base.name, base_parameters | values | crossed,
                            values | crossed))  # fmt: skip
    crossed_factor = (sensitivity_design.CROSSED,) if regimes else ()
    names = crossed_factor + tuple(f.name for f in factors)
    return _from_file(document, path, arms, replications, steps, seed, names, kind, plan)


def _graph_file(value: str, path: Path, fail, table: str) -> str:
    """A graph file named relative to the experiment file, as a path that works from anywhere,
    read once to see that it is a graph; "" (the model's own generator) stays as it is."""
    if not value:
        return value
    graph = Path(value) if Path(value).is_absolute() else path.parent / value
    if not graph.is_file():
        raise fail(f"{table}.network_file", f"{value}: no such file (read beside {path.name})")
    if problem := _graph_problem(str(graph)):
        raise fail(f"{table}.network_file", f"{value}: {problem}")
    return str(graph.resolve())


def _check_scenario_graph(base: library.ScenarioFile, replaced: set[str], fail) -> None:
    """The base scenario's own graph file, unless the experiment replaces it, read once."""
    graph = base.parameters.get("network_file", "")
    if graph and "network_file" not in replaced and (problem := _graph_problem(graph)):
        raise fail("scenario", f"{base.path}: parameters.network_file: {graph}: {problem}")


def _table(document: dict, key: str, fail) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        raise fail(key, f"must be a table ([{key}])")
    return dict(value)


def _whole(value: Any, low: int, high: int, fail, key: str) -> int:
    # numbers.Integral: numpy's integers too (a notebook's loop over np.arange), never a bool
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise fail(key, f"{value!r} is not a whole number")
    if not low <= value <= high:
        raise fail(key, f"{value} is outside the allowed range [{low}, {high}]")
    return int(value)


def _checked(name: str, value: Any, specs: dict, fail, key: str) -> Any:
    if name not in specs:
        raise fail(key, "unknown parameter (see 'samskaping params')")
    try:
        return specs[name].check(value)
    except ScenarioError as error:
        raise fail(key, str(error).removeprefix(f"{name}: ")) from None


@dataclass(frozen=True)
class _Factor:
    """A varied parameter: a list of values, or an interval [low, high] (Latin hypercube)."""

    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None


def _factor(name: str, value: Any, specs: dict, fail, design: str) -> _Factor:
    key = f"vary.{name}"
    if name not in specs:
        raise fail(key, "unknown parameter (see 'samskaping params')")
    spec = specs[name]
    if isinstance(value, list):
        if not value:
            raise fail(key, "the list of values is empty")
        checked = tuple(_checked(name, v, specs, fail, key) for v in value)
        if len(set(checked)) < len(checked):
            raise fail(key, "a value is listed twice")
        return _Factor(values=checked)
    if not isinstance(value, dict):
        raise fail(key, "must be a list of values or a range { from, to, step | count }")
    if spec.kind not in (int, float):
        raise fail(key, f"a range needs a numeric parameter (allowed: {spec.allowed})")
    for part in value:
        if part not in ("from", "to", "step", "count"):
            raise fail(f"{key}.{part}", "unknown key (allowed: from, to, step, count)")
    if "from" not in value or "to" not in value:
        raise fail(key, "a range needs 'from' and 'to'")
    low = _checked(name, value["from"], specs, fail, f"{key}.from")
    high = _checked(name, value["to"], specs, fail, f"{key}.to")
    if high < low:
        raise fail(key, f"'to' ({high}) is below 'from' ({low})")
    if "step" in value and "count" in value:
        raise fail(key, "give either 'step' or 'count', not both")
    if "step" in value:
        step = value["step"]
        if isinstance(step, bool) or not isinstance(step, int | float) or not step > 0:
            raise fail(f"{key}.step", f"{step!r} is not a positive number")
        if not math.isfinite(step):
            raise fail(f"{key}.step", f"{step!r} is not a finite number")
        if (high - low) / step >= MAX_ARMS:
            raise fail(f"{key}.step", f"{step} gives more than {MAX_ARMS:,} values")
        count = math.floor((high - low) / step + 1e-9) + 1
        values = [low + i * step for i in range(count)]
    elif "count" in value:
        count = _whole(value["count"], 1, MAX_ARMS, fail, f"{key}.count")
        values = list(np.linspace(low, high, count)) if count > 1 else [low]
    elif design == "latin-hypercube":
        return _Factor(low=low, high=high)
    else:
        raise fail(key, "a range in a factorial design needs 'step' or 'count'")
    values = [round(float(v), 12) for v in values]
    if spec.kind is int:
        values = list(dict.fromkeys(round(v) for v in values))
    return _Factor(values=tuple(_checked(name, v, specs, fail, key) for v in values))


def _factorial(factors: dict[str, _Factor], fail) -> list[dict[str, Any]]:
    count = math.prod(len(f.values or ()) for f in factors.values())
    if count > MAX_ARMS:
        raise fail("vary", f"{count:,} combinations (at most {MAX_ARMS:,})")
    names = list(factors)
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(factors[n].values for n in names))
    ]


def _latin_hypercube(
    factors: dict[str, _Factor], samples: int, seed: int, specs: dict, optimization: str | None
) -> tuple[list[dict[str, Any]], Hypercube]:
    """``samples`` arms from scipy's ``qmc.LatinHypercube``: each factor's unit interval is cut
    into ``samples`` equal strata and every stratum is used once, in an independent random order
    per factor, at a random place within it (McKay, Beckman & Conover 1979); ``optimization`` is
    scipy's post-processing (``OPTIMIZATIONS``). A unit value u becomes low + u (high - low) on a
    range (rounded for a whole number, to 6 decimals for a number) and value floor(u k) of a list
    of k. Drawn from child 0 of the experiment's SeedSequence; the replications use the others."""
    from scipy.stats import qmc  # a third of a second: only when a hypercube is drawn

    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    # seed=, not rng=: scipy 1.15 renamed it, and samskaping supports scipy from 1.12
    sampler = qmc.LatinHypercube(d=len(factors), optimization=optimization, seed=rng)
    unit = sampler.random(samples)
    arms: list[dict[str, Any]] = [{} for _ in range(samples)]
    for u, (name, factor) in zip(unit.T, factors.items(), strict=True):
        if factor.values is not None:
            k = len(factor.values)
            picked = [factor.values[min(int(x * k), k - 1)] for x in u]
        else:
            picked = [factor.low + x * (factor.high - factor.low) for x in u]
            if specs[name].kind is int:
                picked = [round(v) for v in picked]
            else:
                picked = [round(float(v), 6) for v in picked]
        for arm, value in zip(arms, picked, strict=True):
            arm[name] = value
    measured = bool(factors) and samples <= DISCREPANCY_SAMPLES
    discrepancy = float(qmc.discrepancy(unit)) if measured else None
    return arms, Hypercube(optimization, discrepancy)


def _label(values: dict[str, Any], shown) -> str:
    return ", ".join(f"{k}={_shown(v) if isinstance(v, bool | str) else shown(v)}"
                     for k, v in values.items())  # fmt: skip


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
