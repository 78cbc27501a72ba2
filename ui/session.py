"""What one browser page holds: a model per side, its settings, and the page's choices.

Solara keeps a module-level ``solara.reactive`` per page (per kernel), so two students, or two
tabs, never share a model. A model is mutable: it is made per page by a factory
(``KernelStoreFactory``), never handed out as one shared default.

Every change to a model (a month, a reset, a lever) happens in the page's one *turn*: under the
side's lock, and ending with a new :class:`~samskaping.ui.frame.Frame`, which is published after
the lock is let go. The components draw frames only, so drawing never waits for a month and a
month never waits for drawing.

Settings are the parameters the controls change, on top of the chosen scenario file. Policy
levers (``LEVERS``: the regime, modes, counter-strategy, recognition, power sharing, arena rate)
act on the running model from the next month; structure (population, seed, complexity, the
scenario) waits for Reset, and the page says so. ``SamskapingScenario`` checks every value: a
value it refuses becomes a message on the page, and the model that runs stays as it was.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import solara
import solara.toestand

from samskaping.scenarios import library
from samskaping.scenarios.parameters import ScenarioError, parameter_specs
from samskaping.simulation.intervention import LEVERS
from samskaping.simulation.model import SamskapingModel
from samskaping.ui.band import SEEDS, Recipe
from samskaping.ui.charts import Chart
from samskaping.ui.frame import Change, Frame, frame_of

#: the parameters the page's controls set, in the order they are shown
CONTROLLED = (
    "regime", "mode_a", "mode_b", "mode_c", "mode_d", "counter_strategy",
    "recognition", "power_sharing", "arena_rate", "complexity", "citizens",
)  # fmt: skip
CLASSROOM = library.CLASSROOM
#: the most citizens the page will build (larger runs belong to the command line)
MOST = 20_000
DEFAULT_SEED = 42
#: the regime Explore opens on
EXPLORE_REGIME = "co-creation"
PAGES = ("explore", "compare", "results", "classroom")

language = solara.reactive("en")
page = solara.reactive("explore")
#: the pages shown so far on this page (each stays, hidden, once shown)
visited: solara.Reactive[frozenset[str]] = solara.reactive(frozenset())
#: the projector view: controls hidden, charts large
projector = solara.reactive(False)
#: Play's speed: months a second, and a frame drawn every this many months
speed = solara.reactive(10)
draw_every = solara.reactive(1)
#: the page's address has been read (``address.restore``), and the entries it refused
address_read = solara.reactive(False)
address_refused: solara.Reactive[list[str]] = solara.reactive([])


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
    """One model on the page, with the settings and seed it was built from, and its latest
    frame."""

    def __init__(self, key: str, regime: str) -> None:
        self.key = key
        #: the regime the side opens on
        self.regime = regime
        self.scenario = solara.reactive(library.DEFAULT)
        self.settings = solara.Reactive(
            solara.toestand.KernelStoreFactory(
                lambda: settings_of(library.DEFAULT, regime), key=f"samskaping:{key}:settings"
            )
        )
        self.seed = solara.reactive(DEFAULT_SEED)
        #: the page's model, and what it was built from, in a box: they are swapped under the
        #: lock, and no component redraws because of it (they redraw on a new frame)
        self._box = solara.Reactive(
            solara.toestand.KernelStoreFactory(
                lambda: self._built(
                    Recipe.of(library.DEFAULT, settings_of(library.DEFAULT, regime), DEFAULT_SEED)
                ),
                key=f"samskaping:{key}:model",
            )
        )
        #: the charts of this side's model, by kind (see :meth:`chart`)
        self._charts = solara.Reactive(
            solara.toestand.KernelStoreFactory(dict, key=f"samskaping:{key}:charts")
        )
        #: what the page shows: the model's latest frame (None until the first change)
        self.frame: solara.Reactive[Frame | None] = solara.reactive(None)
        #: the levers moved while this model ran
        self.changes: solara.Reactive[tuple[Change, ...]] = solara.reactive(())
        #: the structural settings changed since the model was built (they wait for Reset)
        self.pending: solara.Reactive[tuple[str, ...]] = solara.reactive(())
        self.error = solara.reactive("")
        #: a month, a reset and a lever change happen under this page's lock: Play steps in a
        #: thread while a click may come from another
        self.lock = solara.Reactive(
            solara.toestand.KernelStoreFactory(threading.RLock, key=f"samskaping:{key}:lock")
        )
        #: frames are shown one at a time: a frame made before a reset, or before a newer month,
        #: is dropped rather than shown over it
        self._showing = solara.Reactive(
            solara.toestand.KernelStoreFactory(threading.RLock, key=f"samskaping:{key}:showing")
        )

    def chart(self, kind: str, make: Callable[[], Chart]) -> Chart:
        """This side's chart ``kind``, built by ``make`` the first time: a page switch, a new
        language and a new model reuse it (a chart's JavaScript, megabytes, is sent to the
        browser once per chart, and a chart the browser still shows is never closed under it)."""
        charts = self._charts.value
        if kind not in charts:
            charts[kind] = make()
        return charts[kind]

    @property
    def model(self) -> SamskapingModel:
        """The running model (change it only under :attr:`lock`)."""
        return self._box.value["model"]

    @property
    def built(self) -> Recipe:
        """What the running model was built from at Reset: its scenario, settings and seed (the
        levers moved since are in :attr:`changes`)."""
        return self._box.value["built"]

    @staticmethod
    def _built(recipe: Recipe) -> dict[str, Any]:
        """A box: a new model built from ``recipe``, and the recipe."""
        return {"model": build(recipe.scenario, dict(recipe.settings), recipe.seed),
                "built": recipe}  # fmt: skip

    def current(self) -> Frame:
        """The latest frame (a new page's model, before its first, is taken as it stands)."""
        frame = self.frame.value
        if frame is None:
            with self.lock.value:
                frame = frame_of(self.model)
        return frame

    def latest(self) -> Frame:
        """The latest frame, read without waiting for the next (see ``app.use_month``)."""
        frame = self.frame.peek()
        if frame is None:
            with self.lock.value:
                frame = frame_of(self.model)
        return frame

    # --- each change: the model changed under the lock, its frame shown after ---------------
    def advance(self, draw: bool = True) -> Frame | None:
        """One month (call it under :attr:`lock`); its frame, if ``draw``, to :meth:`show` once
        the lock is let go."""
        with self.lock.value:
            model = self.model
            before = self.frame.value or frame_of(model)  # the month before, for what moved
            model.step()
            return frame_of(model, before, self.changes.value) if draw else None

    def show(self, frame: Frame | None) -> None:
        """Show a frame (outside the lock: drawing must never hold up a month). A frame of a
        model since replaced, or older than the one shown, is dropped: the play loop may show
        its last month just after a click reset the model or stepped it once more. (Every
        replacement of the model is followed by a show, so the last frame shown is the newest.)"""
        if frame is None:
            return
        with self._showing.value:
            shown = self.frame.value
            stale = frame.model != id(self.model) or (
                shown is not None and shown.model == frame.model and shown.month > frame.month
            )
            if not stale:
                self.frame.set(frame)

    def step(self) -> None:
        """One month, shown."""
        self.show(self.advance())

    def change(self, name: str, value: Any) -> None:
        """Change one setting: a policy lever acts on the running model from the next month; a
        structural setting waits for Reset."""
        self.settings.set(self.settings.value | {name: value})
        if name not in LEVERS:
            self._wait_for_reset(name)
            return
        with self.lock.value:
            model = self.model
            try:
                model.intervene(**{name: value})
            except ScenarioError as error:
                self.error.set(str(error))
                return
            changes = (*self.changes.value, Change(int(model.time), name, value))
            frame = frame_of(model, self.frame.value, changes)
        self.error.set("")
        self.changes.set(changes)
        self.show(frame)

    def choose_scenario(self, name: str) -> None:
        """Another scenario file: its settings, for the next Reset."""
        self.scenario.set(name)
        self.settings.set(settings_of(name))
        self._wait_for_reset("scenario")

    def choose_seed(self, seed: int) -> None:
        self.seed.set(seed)
        self._wait_for_reset("seed")

    def _wait_for_reset(self, name: str) -> None:
        if name not in self.pending.value:
            self.pending.set((*self.pending.value, name))

    def reset(self, seed: int | None = None) -> None:
        """Build a new model from the settings; on a refused value keep the old one."""
        recipe = Recipe.of(
            self.scenario.value, self.settings.value, self.seed.value if seed is None else seed
        )
        try:
            box = self._built(recipe)
        except ScenarioError as error:
            self.error.set(str(error))
            return
        model = box["model"]
        with self.lock.value:
            self._box.value.update(box)
        self.error.set("")
        self.changes.set(())
        self.show(frame_of(model))
        self.pending.set(())  # last: "waiting for Reset" goes once the new model is shown


@contextlib.contextmanager
def turn(*sides: Side):
    """Hold the sides' locks, always in the same order, for one change that must not be split
    (a month of both sides of Compare; a reset of both)."""
    with contextlib.ExitStack() as held:
        for side in sides:
            held.enter_context(side.lock.value)
        yield


explore = Side("explore", EXPLORE_REGIME)
left = Side("left", "npm")
right = Side("right", "co-creation")
#: the compare page's one seed: both sides start from the same citizens
compare_seed = solara.reactive(DEFAULT_SEED)
#: seeds per side in the compare page's band (0: no band)
band_seeds = solara.reactive(SEEDS)
