"""What one browser page holds: a model per side, its settings, and the page's choices.

Solara keeps a module-level ``solara.reactive`` per page (per kernel), so two students, or two
tabs, never share a model. A model is mutable: it is made per page by a factory
(``KernelStoreFactory``), never handed out as one shared default, and every change to it bumps
``version``, which the components read to redraw.

Settings are the parameters the controls change, on top of the chosen scenario file; they take
effect on Reset, through ``SamskapingScenario``, which checks every value. A value it refuses
becomes a message on the page, and the model that runs stays as it was.
"""

from __future__ import annotations

import threading
from typing import Any

import solara
import solara.toestand

from samskaping.scenarios import library
from samskaping.scenarios.parameters import ScenarioError, parameter_specs
from samskaping.simulation.model import SamskapingModel

#: the parameters the page's controls set, in the order they are shown
CONTROLLED = (
    "regime", "mode_a", "mode_b", "mode_c", "mode_d", "counter_strategy",
    "recognition", "power_sharing", "arena_rate", "complexity", "citizens",
)  # fmt: skip
#: a classroom population: fast to step and to draw
CLASSROOM = 300
#: the most citizens the page will build (larger runs belong to the command line)
MOST = 20_000
DEFAULT_SEED = 42

language = solara.reactive("en")
page = solara.reactive("explore")


def settings_of(scenario: str, regime: str | None = None) -> dict[str, Any]:
    """The controlled parameters as the scenario file sets them (defaults otherwise; a
    classroom population unless the file says)."""
    specs = parameter_specs()
    values = {name: specs[name].default for name in CONTROLLED} | {"citizens": CLASSROOM}
    values |= {k: v for k, v in library.load(scenario).parameters.items() if k in CONTROLLED}
    if regime is not None:
        values["regime"] = regime
    return values


def build(scenario: str, settings: dict[str, Any], seed: int) -> SamskapingModel:
    """A new model; raises ScenarioError with a one-line message for a refused value."""
    if not 10 <= int(settings.get("citizens", CLASSROOM)) <= MOST:
        raise ScenarioError(f"citizens: at most {MOST:,} in the browser (use the command line)")
    return SamskapingModel(library.load(scenario).scenario(seed, **settings))


class Side:
    """One model on the page, with the settings and seed it was built from."""

    def __init__(self, key: str, regime: str) -> None:
        self.key = key
        self.scenario = solara.reactive(library.DEFAULT)
        self.settings = solara.Reactive(
            solara.toestand.KernelStoreFactory(
                lambda: settings_of(library.DEFAULT, regime), key=f"samskaping:{key}:settings"
            )
        )
        self.seed = solara.reactive(DEFAULT_SEED)
        self.model = solara.Reactive(
            solara.toestand.KernelStoreFactory(
                lambda: build(library.DEFAULT, settings_of(library.DEFAULT, regime), DEFAULT_SEED),
                key=f"samskaping:{key}:model",
            )
        )
        self.version = solara.reactive(0)
        self.error = solara.reactive("")
        #: a month is stepped, and a picture read, under this page's lock: Play steps in a
        #: thread while a click or a redraw may come from another
        self.lock = solara.Reactive(
            solara.toestand.KernelStoreFactory(threading.RLock, key=f"samskaping:{key}:lock")
        )

    def change(self, name: str, value: Any) -> None:
        """Change one setting (it takes effect on Reset)."""
        self.settings.set(self.settings.value | {name: value})

    def choose_scenario(self, name: str) -> None:
        self.scenario.set(name)
        self.settings.set(settings_of(name))

    def step(self) -> None:
        with self.lock.value:
            self.model.value.step()
        self.version.value += 1

    def reset(self, seed: int | None = None) -> None:
        """Build a new model from the settings; on a refused value keep the old one."""
        try:
            model = build(
                self.scenario.value, self.settings.value, self.seed.value if seed is None else seed
            )
        except ScenarioError as error:
            self.error.set(str(error))
            return
        self.error.set("")
        self.model.set(model)
        self.version.value += 1


explore = Side("explore", "co-creation")
left = Side("left", "npm")
right = Side("right", "co-creation")
#: the compare page's one seed: both sides start from the same citizens
compare_seed = solara.reactive(DEFAULT_SEED)
