"""The page's set-up in its address, so a teacher can bookmark or share it and a reload keeps it.

``/?page=compare&language=nb&scenario=default&seed=7&power_sharing=0.2&mode_b=false`` opens the
Compare page in bokmål on the default scenario, seed 7, with power sharing at 0.2 and mode B off.
The address carries the Explore page's set-up (scenario, seed, and each setting that differs from
the scenario file's), Compare's seed, the page, the language and the projector view; the words are
the parameters' own names, as in scenario files and ``--set``. Opening it builds the Explore model
from it, and Compare's two sides from its scenario and settings under their own regimes.

A refused entry (an unknown scenario, a seed out of range, a lever outside its range, a word that
is not a setting) is named in one line on the page, and the rest of the address is used. A
scenario is only ever one of the library's names: an address never reads a file.

The address is written as the set-up changes with the browser's ``history.replaceState``: one
entry in the history, and no new render of the page (Solara's own router would render it anew).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

import ipyvue
import solara
import traitlets

from samskaping.scenarios import library
from samskaping.scenarios.parameters import ParameterSpec, ScenarioError, parameter_specs
from samskaping.ui import session
from samskaping.ui.texts import LANGUAGES

#: the largest seed the page takes
MOST_SEED = 2**31 - 1
#: the projector view's word: true or false, as a setting's
PROJECTOR = ParameterSpec("projector", bool, False, "the projector view")


@dataclass(frozen=True)
class SetUp:
    """What an address holds."""

    page: str = "explore"
    language: str = "en"
    scenario: str = library.DEFAULT
    #: Explore's regime (a page opens on co-creation, whatever the scenario file says)
    regime: str = session.EXPLORE_REGIME
    seed: int = session.DEFAULT_SEED
    compare_seed: int = session.DEFAULT_SEED
    projector: bool = False
    #: the settings that differ from the scenario file's (as :func:`session.settings_of` has them)
    changed: dict[str, Any] = field(default_factory=dict)

    def settings(self, regime: str | None = None) -> dict[str, Any]:
        """All the controlled settings: the scenario file's, then the address's (a side of
        Compare keeps its own ``regime``)."""
        return session.settings_of(self.scenario, regime or self.regime) | self.changed


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def search_of(setup: SetUp) -> str:
    """The address's query (without ``?``): only what differs from a page opened afresh."""
    fresh = SetUp()
    entries: dict[str, Any] = {
        name: getattr(setup, name)
        for name in ("page", "language", "scenario", "regime", "seed", "compare_seed", "projector")
        if getattr(setup, name) != getattr(fresh, name)
    }
    return urlencode({name: _word(value) for name, value in (entries | setup.changed).items()})


def _whole(name: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ScenarioError(f"{name}: '{text}' is not a whole number") from None
    if not 0 <= value <= MOST_SEED:
        raise ScenarioError(f"{name}: {value} is outside the allowed range [0, {MOST_SEED}]")
    return value


def _one_of(name: str, text: str, allowed: list[str] | tuple[str, ...]) -> str:
    if text not in allowed:
        raise ScenarioError(f"{name}: '{text}' is not one of {' | '.join(allowed)}")
    return text


def read(search: str | None) -> tuple[SetUp, list[str]]:
    """The set-up an address's query stands for, and a line for each entry refused."""
    found: dict[str, Any] = {}
    wanted: dict[str, str] = {}
    refused: list[str] = []
    specs = parameter_specs()
    entries = parse_qsl(search or "", keep_blank_values=True)
    for name, text in entries:
        try:
            if name == "page":
                found[name] = _one_of(name, text, session.PAGES)
            elif name == "language":
                found[name] = _one_of(name, text, tuple(LANGUAGES))
            elif name == "scenario":
                found[name] = _one_of(name, text, library.available())
            elif name == "regime":
                found[name] = _one_of(name, text, specs[name].choices or ())
            elif name in ("seed", "compare_seed"):
                found[name] = _whole(name, text)
            elif name == "projector":
                found[name] = PROJECTOR.parse(text)
            elif name in session.CONTROLLED:  # the settings of the scenario file's choosing
                wanted[name] = text
            else:
                raise ScenarioError(f"{name}: not a setting of the page")
        except ScenarioError as error:
            refused.append(str(error))
    setup = SetUp(**found)
    base = setup.settings()
    changed: dict[str, Any] = {}
    for name, text in wanted.items():
        try:
            value = specs[name].check(specs[name].parse(text))
        except ScenarioError as error:
            refused.append(str(error))
            continue
        if value != base[name]:
            changed[name] = value
    return replace(setup, changed=changed), refused


def current() -> SetUp:
    """The page's set-up now."""
    side = session.explore
    regime = side.settings.value["regime"]
    base = session.settings_of(side.scenario.value, regime)
    changed = {k: v for k, v in side.settings.value.items() if base.get(k) != v}
    return SetUp(
        page=session.page.value,
        language=session.language.value,
        scenario=side.scenario.value,
        regime=regime,
        seed=int(side.seed.value),
        compare_seed=int(session.compare_seed.value),
        projector=bool(session.projector.value),
        changed=changed,
    )


def restore(search: str | None) -> None:
    """Set the page up as its address says (once, when the page opens)."""
    setup, refused = read(search)
    session.language.set(setup.language)
    session.projector.set(setup.projector)
    session.page.set(setup.page)
    session.compare_seed.set(setup.compare_seed)
    if setup != SetUp(page=setup.page, language=setup.language, projector=setup.projector,
                      compare_seed=setup.compare_seed):  # fmt: skip
        # (a side's own regime, for Compare: left NPM, right co-creation)
        for side, seed in ((session.explore, setup.seed), (session.left, setup.compare_seed),
                           (session.right, setup.compare_seed)):  # fmt: skip
            regime = None if side is session.explore else side.regime
            side.scenario.set(setup.scenario)
            side.settings.set(setup.settings(regime))
            side.seed.set(seed)
            with side.lock.value:
                side.reset(seed)
    elif setup.compare_seed != session.DEFAULT_SEED:
        for side in (session.left, session.right):
            with side.lock.value:
                side.reset(setup.compare_seed)
    session.address_refused.set(refused)


class AddressBar(ipyvue.VueTemplate):
    """Writes ``search`` into the browser's address, replacing the entry (no new history entry,
    no page load)."""

    search = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        "<template><span></span></template><script>module.exports = {"
        " mounted() { this.write(); },"
        " watch: { search() { this.write(); } },"
        " methods: { write() {"
        "  const url = new URL(window.location.href);"
        "  url.search = this.search;"
        "  if (url.href !== window.location.href)"
        "   window.history.replaceState(window.history.state, '', url.href);"
        " } } };</script>"
    ).tag(sync=True)


@solara.component
def Address():
    """Open the page as its address says, then keep the address up to date."""
    router = solara.use_router()

    def once() -> None:
        if not session.address_read.value:
            restore(router.search)
            session.address_read.set(True)

    solara.use_effect(once, [])
    if session.address_read.value:  # not before: the page's address is what it opened with
        AddressBar.element(search=search_of(current()))
    if session.address_refused.value:
        solara.Warning("; ".join(session.address_refused.value), classes=["address-refused"])
