"""Sensitivity designs: the points SALib samples from an experiment file's ``[vary]`` ranges.

```toml
[vary]
regime = ["npm", "co-creation"]         # not sampled: every point runs under each regime
complexity = { from = 0.0, to = 1.0 }   # a number: uniform on [from, to]
arena_size = { from = 4, to = 20 }      # a whole number: uniform over 4, 5, ..., 20
network = ["small-world", "scale-free"] # a list: uniform over its values

[design]
kind = "sobol"          # or "morris", "fast", "pawn"
n = 256                 # sobol: base sample, a power of two (n × (2k + 2) points, k factors)
second_order = true     # sobol: also the interactions of pairs
# morris: trajectories = 20, levels = 4      (trajectories × (k + 1) points; n = trajectories)
# fast:   n = 129, m = 4                     (n × k points; n > 4 m²)
# pawn:   n = 500, slides = 10               (a Latin hypercube of n points; PAWN and delta)
resamples = 1000        # bootstrap resamples for the intervals

[outputs]
metrics = ["legitimacy", "accuracy", "inequality"]
last_months = 12        # the mean over the last 12 months (default: the final month)
```

SALib samples continuous inputs on the unit hypercube scaled to each factor's bounds; its
documentation (FAQ, "discrete parameters") leaves whole-number and categorical inputs to the
model: sample them continuously and map the number to a value. In the uniform designs (Sobol',
FAST, PAWN) a whole number in [a, b] is sampled on [a, b + 1) and rounded down, and a list of k
values on [0, k) and rounded down to an index, so every value is equally likely. Morris samples
only a grid of levels, so there the interval is [a, b] or [0, k - 1] and the number is rounded
to the nearest: every level is a value and every step changes it (``Factor.bounds``).

The regime is the question, not a lever to rank: listed in ``[vary]``, it is crossed with every
point (same point, same seeds), so co-creation − NPM at each point is an output of its own
(``outputs.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from samskaping.scenarios.parameters import ScenarioError

#: the SALib designs an experiment file can name, and the options each takes
KINDS: dict[str, dict[str, Any]] = {
    "sobol": {"n": 256, "second_order": True, "resamples": 1000},
    "morris": {"trajectories": 20, "levels": 4, "resamples": 1000},
    "fast": {"n": 129, "m": 4, "resamples": 1000},
    "pawn": {"n": 500, "slides": 10, "resamples": 50},
}
#: what the whole design may hold: more points than this is almost surely a mistake
MAX_POINTS = 200_000
#: the crossed factor: every point runs under each value
CROSSED = "regime"

Fail = Callable[[str, str], ScenarioError]


@dataclass(frozen=True)
class Factor:
    """One sampled input: a numeric interval, whole numbers, or a list of values."""

    name: str
    low: float = 0.0
    high: float = 1.0
    whole: bool = False
    values: tuple[Any, ...] | None = None
    #: sampled on Morris's grid of levels, not uniformly (see :attr:`bounds`)
    grid: bool = False

    @property
    def bounds(self) -> list[float]:
        """The interval SALib samples. Uniform designs: a list's indices [0, k) or whole numbers
        [a, b + 1), cut into equal parts (rounded down), so every value is equally likely. Morris
        samples only its levels, evenly spaced from end to end: a list's indices [0, k - 1] or
        [a, b], rounded to the nearest, so the first and last values are levels and every step
        compares two different values (cut into parts, 4 levels over 3 values would give
        indices 0, 1, 2, 2 and never compare the first two)."""
        extra = 0.0 if self.grid else 1.0
        if self.values is not None:
            return [0.0, len(self.values) - 1.0 + extra]
        if self.whole:
            return [self.low, self.high + extra]
        return [self.low, self.high]

    def value(self, x: float) -> Any:
        """The parameter value a sampled number stands for."""
        if self.values is not None:
            index = round(x) if self.grid else math.floor(x)
            return self.values[min(index, len(self.values) - 1)]
        if self.whole:
            return int(min(round(x) if self.grid else math.floor(x), self.high))
        return float(x)


@dataclass(frozen=True)
class Outputs:
    """What is analysed: these metrics, final or averaged over the last months."""

    metrics: tuple[str, ...] = ("legitimacy", "accuracy", "inequality")
    last_months: int = 0  # 0: the final month's value


@dataclass(frozen=True)
class Sensitivity:
    """A SALib design: its kind and options, the sampled factors, and the sample itself (one row
    per point, in SALib's order, which its analysers need)."""

    kind: str
    options: dict[str, Any]
    factors: tuple[Factor, ...]
    regimes: tuple[str, ...]
    outputs: Outputs
    sample: np.ndarray = field(compare=False, repr=False)

    @property
    def problem(self) -> dict[str, Any]:
        """SALib's problem dictionary."""
        return problem(self.factors)

    def points(self) -> list[dict[str, Any]]:
        """The parameter values of every point, in the sample's order."""
        return [
            {f.name: f.value(x) for f, x in zip(self.factors, row, strict=True)}
            for row in self.sample
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "options": self.options,
            # (``grid`` only where set: it is new, and off it changes nothing)
            "factors": [
                {k: v for k, v in f.__dict__.items() if k != "grid" or v}
                | {"values": f.values and list(f.values)}
                for f in self.factors
            ],
            "regimes": list(self.regimes),
            "outputs": {"metrics": list(self.outputs.metrics),
                        "last_months": self.outputs.last_months},
        }  # fmt: skip


def options(kind: str, given: dict[str, Any], factors: int, fail: Fail) -> dict[str, Any]:
    """The design's options, checked: what SALib would reject (or only warn about) is refused here
    with the key that is wrong."""
    allowed = KINDS[kind]
    given = dict(given)
    if kind == "morris" and "n" in given:  # SALib's N for Morris is the number of trajectories
        if "trajectories" in given:
            raise fail("design.n", "give either n or trajectories (the same number for morris)")
        given["trajectories"] = given.pop("n")
    for key in given:
        if key not in ("kind", *allowed):
            raise fail(f"design.{key}", f"unknown key for {kind} (allowed: {', '.join(allowed)})")
    chosen = allowed | {k: v for k, v in given.items() if k != "kind"}
    for key, value in chosen.items():
        if isinstance(allowed[key], bool):
            if not isinstance(value, bool):
                raise fail(f"design.{key}", f"{value!r} is not true or false")
        elif isinstance(value, bool) or not isinstance(value, int):
            raise fail(f"design.{key}", f"{value!r} is not a whole number")
    if factors < 2:
        raise fail("vary", f"a {kind} design needs two or more sampled factors besides the regime")
    if kind == "sobol":
        n = chosen["n"]
        if n < 4 or n & (n - 1):
            raise fail("design.n", f"{n} is not a power of two of at least 4 (Sobol' sequences "
                                   "keep their balance only at powers of two)")  # fmt: skip
    if kind == "morris":
        if chosen["trajectories"] < 2:
            raise fail("design.trajectories", f"{chosen['trajectories']}: at least 2")
        if not 2 <= chosen["levels"] <= 100 or chosen["levels"] % 2:
            raise fail("design.levels", f"{chosen['levels']}: an even number in [2, 100]")
    if kind == "fast":
        m = chosen["m"]
        if not 1 <= m <= 20:
            raise fail("design.m", f"{m} is outside the allowed range [1, 20]")
        if chosen["n"] <= 4 * m * m:
            raise fail("design.n", f"{chosen['n']}: FAST needs n > 4 m² = {4 * m * m}")
    if kind == "pawn":
        if not 2 <= chosen["slides"] <= 100:
            raise fail("design.slides", f"{chosen['slides']} is outside the allowed range [2, 100]")
        if chosen["n"] < 5 * chosen["slides"]:
            raise fail("design.n", f"{chosen['n']}: PAWN needs at least 5 points per slide "
                                   f"(n ≥ {5 * chosen['slides']})")  # fmt: skip
    if not 10 <= chosen["resamples"] <= 100_000:
        raise fail("design.resamples", f"{chosen['resamples']} is outside [10, 100000]")
    return chosen


def size(kind: str, chosen: dict[str, Any], factors: int) -> int:
    """How many points the design has."""
    if kind == "sobol":
        return chosen["n"] * (2 * factors + 2 if chosen["second_order"] else factors + 2)
    if kind == "morris":
        return chosen["trajectories"] * (factors + 1)
    if kind == "fast":
        return chosen["n"] * factors
    return chosen["n"]


def draw(kind: str, chosen: dict[str, Any], factors: tuple[Factor, ...], seed: int) -> np.ndarray:
    """SALib's sample, drawn from child 0 of the experiment's SeedSequence (the runs' seeds come
    from the other children, as in every design)."""
    from SALib.sample import fast_sampler, latin, morris, sobol

    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(1)[0])
    space = problem(factors)
    if kind == "sobol":
        return sobol.sample(space, chosen["n"], calc_second_order=chosen["second_order"], seed=rng)
    if kind == "morris":
        return morris.sample(space, chosen["trajectories"], num_levels=chosen["levels"], seed=rng)
    if kind == "fast":
        return fast_sampler.sample(space, chosen["n"], M=chosen["m"], seed=rng)
    return latin.sample(space, chosen["n"], seed=rng)


def problem(factors: tuple[Factor, ...]) -> dict[str, Any]:
    """SALib's problem dictionary: the factors' names and the intervals it samples."""
    return {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [f.bounds for f in factors],
    }


def outputs(table: dict[str, Any], metrics: tuple[str, ...], steps: int, fail: Fail) -> Outputs:
    """The ``[outputs]`` table, checked against the model's metrics."""
    for key in table:
        if key not in ("metrics", "last_months"):
            raise fail(f"outputs.{key}", "unknown key (allowed: metrics, last_months)")
    chosen = table.get("metrics", list(Outputs.metrics))
    if isinstance(chosen, str):
        chosen = [chosen]
    if not isinstance(chosen, list) or not chosen:
        raise fail("outputs.metrics", "must be a list of metric names")
    for name in chosen:
        if name not in metrics:
            raise fail("outputs.metrics", f"{name!r} is not a metric (allowed: "
                                          f"{', '.join(metrics)})")  # fmt: skip
    if len(set(chosen)) < len(chosen):
        raise fail("outputs.metrics", "a metric is listed twice")
    last = table.get("last_months", 0)
    if isinstance(last, bool) or not isinstance(last, int) or not 0 <= last <= steps:
        raise fail("outputs.last_months", f"{last!r}: a whole number in [0, {steps}] (the steps)")
    return Outputs(tuple(chosen), last)


def factor(
    name: str, value: Any, spec: Any, check: Callable[[Any, str], Any], fail: Fail
) -> Factor:
    """A ``[vary]`` entry of a sensitivity design: a range ``{ from, to }`` of a number or whole
    number, or a list of values (``check(value, key)`` validates one value)."""
    key = f"vary.{name}"
    if isinstance(value, list):
        if len(value) < 2:
            raise fail(key, "a sampled list needs two or more values")
        values = tuple(check(v, key) for v in value)
        if len(set(values)) < len(values):
            raise fail(key, "a value is listed twice")
        return Factor(name, values=values)
    if not isinstance(value, dict):
        raise fail(key, "must be a list of values or a range { from, to }")
    if spec.kind not in (int, float):
        raise fail(key, f"a range needs a numeric parameter (allowed: {spec.allowed})")
    for part in value:
        if part not in ("from", "to"):
            raise fail(f"{key}.{part}", "unknown key: a sensitivity design samples the whole "
                                        "range (allowed: from, to)")  # fmt: skip
    if "from" not in value or "to" not in value:
        raise fail(key, "a range needs 'from' and 'to'")
    low, high = check(value["from"], f"{key}.from"), check(value["to"], f"{key}.to")
    if not high > low:
        raise fail(key, f"'to' ({high}) must be above 'from' ({low})")
    return Factor(name, low=low, high=high, whole=spec.kind is int)
