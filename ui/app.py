"""The browser UI for the classroom: Explore, Compare and Results, in English or bokmål.

Start it with ``samskaping ui`` (``server.py``); in Jupyter, display ``Page()`` (or ``Explore()``,
``Compare()``, ``Results()`` alone) as any Solara component. No Markdown or Altair components
are used: their browser assets would come from a public CDN, and the page must work offline.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import pandas as pd
import solara
import solara.lab
import solara.toestand
from solara.server import kernel_context

from samskaping.experiments.design import RESULTS
from samskaping.experiments.indices import ranking
from samskaping.scenarios import library
from samskaping.scenarios.parameters import parameter_specs
from samskaping.simulation.metrics import HEADLINE, HEADLINE_TABLE, LEGITIMACY_COMPONENTS
from samskaping.ui import session
from samskaping.ui.drawing import DifferencePicture, NetworkPicture, OutcomePicture
from samskaping.ui.session import Side
from samskaping.ui.texts import LANGUAGES, say

PNG = {"format": "png", "pil_kwargs": {"compress_level": 1}}
#: seconds between months while playing: ten months a second at most, which a class can follow
#: and a browser can draw (at 0.03 s the page's pictures outran a loaded machine's browser, and
#: the page stopped answering for seconds: the play and pause tests failed one time in three)
PLAY_PAUSE = 0.1
#: while playing, the outcome charts are redrawn every this many months
CHART_EVERY = 3
LEVERS = {"recognition": 0.05, "power_sharing": 0.05, "arena_rate": 0.01, "complexity": 0.05}

explore_playing = solara.reactive(False)
compare_playing = solara.reactive(False)
#: each page's play-loop generation: a loop runs only while it is the newest
explore_loops = solara.Reactive(
    solara.toestand.KernelStoreFactory(lambda: [0], key="samskaping:explore:loops")
)
compare_loops = solara.Reactive(
    solara.toestand.KernelStoreFactory(lambda: [0], key="samskaping:compare:loops")
)


def t(key: str, **values: object) -> str:
    return say(key, session.language.value, **values)


# --- controls --------------------------------------------------------------------------------


@solara.component
def Help(key: str, **values: object):
    solara.Text(t(key, **values), style={"font-size": "0.8em", "color": "#666"}, classes=["help"])


@solara.component
def NumberInput(label: str, value: int, on_value, low: int, high: int, help_key: str, css: str):
    """A whole number typed by the user: refused with a message unless it is in [low, high]."""
    text, set_text = solara.use_state(str(value))
    problem, set_problem = solara.use_state("")
    solara.use_effect(lambda: set_text(str(value)), [value])  # the field shows what is in use

    def typed(new: str) -> None:
        set_text(new)
        try:
            cleaned = new.strip().replace("_", "")
            if not (cleaned.isascii() and cleaned.isdigit()):
                raise ValueError(new)
            number = int(cleaned)
        except ValueError:
            set_problem(f"{t('refused')}: '{new}' — {low}–{high:,}")
            return
        if not low <= number <= high:
            set_problem(f"{t('refused')}: {number:,} — {low}–{high:,}")
            return
        set_problem("")
        on_value(number)

    solara.InputText(label, value=text, on_value=typed, continuous_update=False, classes=[css])
    if problem:
        solara.Text(problem, style={"color": "#b00020"}, classes=["input-error"])
    Help(help_key, most=f"{session.MOST:,}")


@solara.component
def Controls(side: Side, seed_input: bool = True):
    settings = side.settings.value
    specs = parameter_specs()
    solara.Select(t("scenario"), values=library.available(), value=side.scenario.value,
                  on_value=side.choose_scenario, classes=[f"{side.key}-scenario"])  # fmt: skip
    Help("help_scenario")
    solara.Select(t("regime"), values=list(specs["regime"].choices), value=settings["regime"],
                  on_value=lambda v: side.change("regime", v), classes=[f"{side.key}-regime"])  # fmt: skip
    Help("help_regime")
    solara.Text(t("modes"), style={"font-weight": "bold"})
    for mode in ("mode_a", "mode_b", "mode_c", "mode_d"):
        solara.Checkbox(label=t(mode), value=bool(settings[mode]),
                        on_value=lambda v, m=mode: side.change(m, v))  # fmt: skip
    Help("help_modes")
    solara.Select(t("counter_strategy"), values=list(specs["counter_strategy"].choices),
                  value=settings["counter_strategy"],
                  on_value=lambda v: side.change("counter_strategy", v))  # fmt: skip
    Help("help_counter_strategy")
    for lever, step in LEVERS.items():
        spec = specs[lever]
        solara.SliderFloat(t(lever), value=float(settings[lever]), min=spec.low, max=spec.high,
                           step=step, on_value=lambda v, name=lever: side.change(name, v))  # fmt: skip
        Help(f"help_{lever}")
    NumberInput(t("citizens"), int(settings["citizens"]), lambda v: side.change("citizens", v),
                10, session.MOST, "help_citizens", f"{side.key}-citizens")  # fmt: skip
    if seed_input:
        NumberInput(t("seed"), side.seed.value, side.seed.set, 0, 2**31 - 1, "help_seed",
                    f"{side.key}-seed")  # fmt: skip


@solara.component
def Buttons(step, reset, playing: solara.Reactive[bool], name: str):
    with solara.Row():
        solara.Button(t("step"), on_click=step, color="primary", classes=[f"{name}-step"])
        solara.Button(t("pause") if playing.value else t("play"),
                      on_click=lambda: playing.set(not playing.value), classes=[f"{name}-play"])  # fmt: skip
        solara.Button(t("reset"), on_click=reset, classes=[f"{name}-reset"])
    Help("help_reset")


@contextlib.contextmanager
def turn(*sides: Side):
    """Hold the sides' locks, always in the same order, for one change that must not be split:
    a month of every side, or a reset of every side (a Reset pressed while a month is being
    stepped waits for it, and the month cannot land on the new models)."""
    with contextlib.ExitStack() as held:
        for side in sides:
            held.enter_context(side.lock.value)
        yield


def use_play(
    playing: solara.Reactive[bool], step, generation: solara.Reactive[list[int]], sides: list[Side]
) -> None:
    """Step month after month in a thread while ``playing`` is on. Only the newest loop of a
    page runs (Pause, Play and a page switch pressed quickly must not leave two loops stepping
    one model); leaving the page pauses; a closed page's loop ends with it. Whether to go on is
    decided in the same :func:`turn` as the month, so a Reset (which pauses first) is never
    followed by a month of the old loop."""
    try:
        closed = kernel_context.get_current_context().closed_event
    except RuntimeError:  # in Jupyter, outside the server: the notebook's kernel is the page
        closed = threading.Event()

    def loop() -> None:
        newest = generation.value
        newest[0] += 1
        mine = newest[0]
        while True:
            with turn(*sides):
                if not (playing.value and newest[0] == mine and not closed.is_set()):
                    return
                step()
            time.sleep(PLAY_PAUSE)

    solara.lab.use_task(loop, dependencies=[playing.value], prefer_threaded=True)
    solara.use_effect(lambda: lambda: playing.set(False), [])  # on leaving the page


# --- what a model shows ------------------------------------------------------------------------


@solara.component
def Status(side: Side):
    model = side.model.value
    _ = side.version.value
    solara.Text(f"{t('month')}: {int(model.time)}", classes=[f"{side.key}-counter", "step-counter"],
                style={"font-size": "1.3em", "font-weight": "bold"})  # fmt: skip
    with side.lock.value:
        metrics = dict(model.metrics)
    parts = ", ".join(f"{t(m)} {metrics[m]:.3f}" for m in LEGITIMACY_COMPONENTS)
    values = " · ".join(
        f"{t(m)} {metrics[m]:.3f}" + (f" ({parts})" if m == "legitimacy" else "") for m in HEADLINE
    )
    solara.Text(values, classes=[f"{side.key}-outcomes"])
    if side.error.value:
        solara.Error(side.error.value, classes=["refused-message"])


@solara.component
def Network(side: Side):
    model = side.model.value
    version = side.version.value
    picture = solara.use_memo(lambda: NetworkPicture(model), [id(model)])
    with side.lock.value:
        figure = picture.update()
    solara.FigureMatplotlib(figure, dependencies=[version, id(model)], **PNG)
    solara.Text(t("drawn", drawn=f"{picture.sample.size:,}", total=f"{model.citizens.count:,}")
                + ". " + t("legend"), style={"font-size": "0.8em"})  # fmt: skip


@solara.component
def Outcomes(side: Side, playing: solara.Reactive[bool]):
    model = side.model.value
    version = side.version.value
    language = session.language.value
    # while playing, the charts follow every few months: the network shows each month
    shown = version // CHART_EVERY if playing.value else version
    picture = solara.use_memo(lambda: OutcomePicture(language), [id(model), language])
    with side.lock.value:
        figure = picture.update(model)
    solara.FigureMatplotlib(figure, dependencies=[shown, id(model), language], **PNG)


# --- the pages -------------------------------------------------------------------------------


@solara.component
def Explore():
    side = session.explore
    use_play(explore_playing, side.step, explore_loops, [side])

    def reset() -> None:
        explore_playing.set(False)  # a reset while playing would race the loop
        with turn(side):
            side.reset()

    with solara.Columns([1, 2]):
        with solara.Column():
            Buttons(side.step, reset, explore_playing, "explore")
            Controls(side)
        with solara.Column():
            Status(side)
            solara.Text(t("network"), style={"font-weight": "bold"})
            Network(side)
            solara.Text(t("outcomes"), style={"font-weight": "bold"})
            Outcomes(side, explore_playing)


@solara.component
def Compare():
    left, right = session.left, session.right

    def step() -> None:
        with turn(left, right):
            left.step()
            right.step()

    def reset() -> None:
        compare_playing.set(False)  # both sides start again together
        seed = session.compare_seed.value
        with turn(left, right):
            left.reset(seed)
            right.reset(seed)

    use_play(compare_playing, step, compare_loops, [left, right])
    Buttons(step, reset, compare_playing, "compare")
    NumberInput(t("seed"), session.compare_seed.value, session.compare_seed.set, 0, 2**31 - 1,
                "help_seed", "compare-seed")  # fmt: skip
    solara.Text(t("same_seed"))
    with solara.Columns([1, 1]):
        for side, title in ((left, "left"), (right, "right")):
            with solara.Column():
                running = side.model.value.scenario
                solara.Text(f"{t(title)}: {side.scenario.value} · {t(running.regime)}",
                            style={"font-weight": "bold", "font-size": "1.2em"},
                            classes=[f"{side.key}-title"])  # fmt: skip
                Status(side)
                Outcomes(side, compare_playing)
                with solara.Details(summary=t("scenario") + " · " + t("regime") + " · …"):
                    Controls(side, seed_input=False)
    Difference(left, right)


@solara.component
def Difference(left: Side, right: Side):
    a, b = left.model.value, right.model.value
    versions = [v // CHART_EVERY if compare_playing.value else v
                for v in (left.version.value, right.version.value)]  # fmt: skip
    language = session.language.value
    picture = solara.use_memo(lambda: DifferencePicture(language), [language])
    with left.lock.value, right.lock.value:
        figure = picture.update(a, b)
    solara.FigureMatplotlib(figure, dependencies=[*versions, id(a), id(b), language], **PNG)


def results_root() -> Path:
    """The results folder the server was started with (``samskaping ui --results``)."""
    return Path(os.environ.get("SAMSKAPING_RESULTS", RESULTS)).resolve()


def result_folders(root: Path) -> list[str]:
    """The folders of ``compare``, ``sweep`` or ``objections`` directly under ``root``: the only
    names the page offers, so no other path can be read."""
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir()
        if not p.name.startswith(".") and p.is_dir() and p.resolve().is_relative_to(root)
        and any(_readable(p / name, root) for name in ("summary.csv", "verdicts.csv",
                                                        "indices.csv"))
    )  # fmt: skip


def _readable(path: Path, root: Path) -> bool:
    """A file that is really inside the results folder (a link out of it is not)."""
    return path.is_file() and path.resolve().is_relative_to(root)


@solara.component
def Results():
    root = results_root()
    names = result_folders(root)
    chosen, choose = solara.use_state(names[0] if names else "")
    if not names:
        solara.Info(t("no_results", folder=str(root)))
        return
    name = chosen if chosen in names else names[0]  # only a name the folder scan offered
    solara.Select(t("results_folder"), values=names, value=name, on_value=choose,
                  classes=["results-folder"])  # fmt: skip
    folder = (root / name).resolve()
    try:
        ResultsFolder(folder, root)
    except (OSError, ValueError, KeyError, pd.errors.ParserError) as error:
        solara.Error(
            f"{folder.name}: {error.__class__.__name__}: {error}", classes=["refused-message"]
        )


def ResultsFolder(folder: Path, root: Path) -> None:
    """The tables and figures of one folder of the results folder ``root`` (raises on a damaged
    file)."""
    if _readable(folder / "verdicts.csv", root):
        verdicts = pd.read_csv(folder / "verdicts.csv")  # objection or evil, then the verdict
        verdicts = verdicts.iloc[:, :2].drop_duplicates()
        solara.Text(t("verdicts"), style={"font-weight": "bold"})
        solara.HTML(
            tag="div", unsafe_innerHTML=verdicts.to_html(index=False), classes=["results-table"]
        )
    if _readable(folder / "summary.csv", root):
        summary = pd.read_csv(folder / "summary.csv")
        arms = summary[(summary["kind"] == "arm") & summary["metric"].isin(HEADLINE_TABLE)]
        cells = arms.assign(
            value=arms.apply(
                lambda r: f"{r['mean']:.3f} [{r['ci_low']:.3f}, {r['ci_high']:.3f}]", axis=1
            )
        ).pivot_table(index="arm", columns="metric", values="value", aggfunc="first", sort=False)
        solara.Text(t("summary"), style={"font-weight": "bold"})
        solara.HTML(tag="div", unsafe_innerHTML=cells.to_html(), classes=["results-table"])
    if _readable(folder / "indices.csv", root):  # a sensitivity study: its levers, ranked
        levers = ranking(pd.read_csv(folder / "indices.csv"))
        solara.Text(t("levers"), style={"font-weight": "bold"})
        solara.HTML(tag="div", unsafe_innerHTML=levers.to_html(index=False),
                    classes=["results-table"])  # fmt: skip
    pictures = sorted((folder / "figures").glob("*.png")) if (folder / "figures").is_dir() else []
    if pictures:
        solara.Text(t("figures"), style={"font-weight": "bold"})
    for picture in pictures:
        if _readable(picture, root):
            solara.Image(picture.read_bytes(), width="100%")


@solara.component
def Page():
    language = session.language.value
    solara.Title("samskaping")
    with solara.Column(style={"padding": "12px"}):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.Text(t("title"), style={"font-size": "1.4em", "font-weight": "bold"},
                        classes=["page-title"])  # fmt: skip
            for name in ("explore", "compare", "results"):
                solara.Button(t(name), on_click=lambda n=name: session.page.set(n),
                              color="primary" if session.page.value == name else None,
                              text=session.page.value != name, classes=[f"nav-{name}"])  # fmt: skip
            solara.Text(t("language") + ":")
            for code, name in LANGUAGES.items():
                solara.Button(name, on_click=lambda c=code: session.language.set(c),
                              text=language != code, classes=[f"lang-{code}"])  # fmt: skip
        if session.page.value == "explore":
            Explore()
        elif session.page.value == "compare":
            Compare()
        else:
            Results()
