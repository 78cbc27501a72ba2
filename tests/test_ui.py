"""The browser UI in a real headless Chromium (Debian's, driven by Playwright): it loads without
console errors, steps, resets, compares, switches language, keeps sessions apart, refuses bad
input with a message, shows results, and never reaches beyond 127.0.0.1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, free_port, wait_for_port

from samskaping.cli import main

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1(:\d+)?(/|$)")
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    results = tmp_path_factory.mktemp("results")
    main(["compare", "--reps", "2", "--steps", "3", "--set", "citizens=60", "--workers", "1",
          "--out", str(results / "first-comparison")])  # fmt: skip
    # what the page must not offer: a hidden folder, and a file linked from outside
    (results / ".hidden").mkdir()
    outside = tmp_path_factory.mktemp("outside") / "summary.csv"
    outside.write_text("kind,arm,metric,mean,ci_low,ci_high\narm,SECRET,legitimacy,1,1,1\n")
    (results / "linked").mkdir()
    (results / "linked" / "summary.csv").symlink_to(outside)
    port = free_port()
    command = [sys.executable, "-m", "samskaping.cli", "ui", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--results", str(results)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port)
    except TimeoutError:
        process.kill()
        pytest.fail("the UI server did not start")
    yield f"http://127.0.0.1:{port}/", process
    process.terminate()
    process.wait(10)


class Visit:
    """One browser context on the page, with what it tried to reach and what it logged."""

    def __init__(
        self,
        browser,
        url: str,
        width: int = 1400,
        height: int = 1000,
        address: str = "",
        refuse: str | None = None,
    ) -> None:
        """``refuse``: the page's requests for addresses containing it fail (as a server
        without them)."""
        self.refuse = refuse
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.outside: list[str] = []
        self.asked: list[str] = []  # every address the page asked for
        self.received: list[int] = []  # the size of each websocket message from the server
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("websocket", self._websocket)
        self.page.goto(url + address)
        self.page.locator(".step-counter").first.wait_for(timeout=TIMEOUT)

    def _websocket(self, ws) -> None:
        if not LOCAL.match(ws.url):
            self.outside.append(ws.url)
        ws.on("framereceived", lambda payload: self.received.append(len(payload)))

    def _route(self, route) -> None:
        url = route.request.url
        self.asked.append(url)
        if self.refuse is not None and self.refuse in url:
            route.fulfill(status=404, body="not here")
            return
        if LOCAL.match(url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def month(self, side: str = "explore") -> int:
        return int(re.search(r"\d+", self.page.locator(f".{side}-counter").inner_text()).group())

    def wait_month(self, month: int, side: str = "explore", at_least: bool = False) -> None:
        """Wait until the side's month is ``month`` (or, ``at_least``, that or more)."""
        self.page.wait_for_function(
            "([css, m, least]) => { const e = document.querySelector(css);"
            " const n = e && (e.innerText.match(/\\d+/) || [''])[0];"
            " return least ? +n >= m : n === String(m); }",
            arg=[f".{side}-counter", month, at_least], timeout=TIMEOUT,
        )  # fmt: skip

    def settled_month(self, side: str = "explore") -> int:
        """The month once it stops changing (a month in flight when Pause is pressed still
        arrives)."""
        deadline = time.monotonic() + 15
        last = self.month(side)
        while time.monotonic() < deadline:
            time.sleep(0.6)
            now = self.month(side)
            if now == last:
                return now
            last = now
        pytest.fail("the month never stopped changing")

    def click(self, css: str) -> None:
        self.page.locator(css).first.click()

    def choose(self, css: str, option: str) -> None:
        self.click(css)
        self.page.get_by_role("option", name=option, exact=True).click()

    def type_into(self, css: str, text: str) -> None:
        field = self.page.locator(f"{css} input").first
        field.fill(text)
        field.press("Enter")

    def chart(self, css: str = ".explore-chart") -> None:
        """Wait until the chart's axes are drawn in the browser."""
        self.page.locator(f"{css} .js-plotly-plot .xtick").first.wait_for(timeout=TIMEOUT)

    def line(self, css: str = ".explore-chart") -> str:
        """The path of the chart's first line, as the browser drew it."""
        return self.page.evaluate(
            "css => (document.querySelector(css + ' .scatterlayer .trace .js-line') || {})"
            ".getAttribute?.('d') || ''",
            css,
        )

    def figures(self) -> list[str]:
        """The Results page's figures as the browser has them: a digest of each image's bytes
        (their addresses are new blob URLs whatever the bytes)."""
        return self.page.evaluate(
            "() => Promise.all([...document.querySelectorAll('img.results-figure')].map("
            " i => fetch(i.src).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest("
            "'SHA-1', b)).then(d => [...new Uint8Array(d)].join('.'))))"
        )

    def figures_until(self, ready) -> list[str]:
        """The figures, once ``ready(figures)`` holds (the server draws them anew)."""
        deadline = time.monotonic() + TIMEOUT / 1000
        while time.monotonic() < deadline:
            shown = self.figures()
            if ready(shown):
                return shown
            time.sleep(0.5)
        pytest.fail(f"the figures never became what was waited for: {shown}")

    def slide_to_end(self, css: str, key: str = "End") -> None:
        """Move a slider to its end (or start, ``key="Home"``) with the keyboard."""
        thumb = self.page.locator(f"{css} .v-slider__thumb-container").first
        thumb.focus()
        thumb.press(key)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(server, browser):
    visits = []

    def open_page(**options) -> Visit:
        visits.append(Visit(browser, server[0], **options))
        return visits[-1]

    yield open_page
    for v in visits:
        assert not v.outside, f"requests left 127.0.0.1: {v.outside}"
        v.close()


def test_the_page_loads_without_console_errors_or_outside_requests(visit):
    v = visit()
    v.chart()
    v.chart(".explore-participation")
    assert v.month() == 0
    assert v.errors == []
    # plotly.js comes once from our server for all the charts, never inside the websocket
    # messages (it was 4.6 MB in each chart's first one)
    assert sum("/samskaping/plotly.min.js" in url for url in v.asked) == 1
    assert max(v.received) < 1_000_000


def test_charts_are_drawn_where_plotly_js_is_not_served(visit):
    """Elsewhere than ``samskaping ui`` (Jupyter), the kernel sends plotly.js, once a page."""
    v = visit(refuse="/samskaping/plotly.min.js")
    v.chart()
    v.chart(".explore-participation")
    assert v.page.locator(".explore-network .js-plotly-plot").count() == 1
    assert sum(size > 1_000_000 for size in v.received) == 1
    v.click(".explore-step")
    v.wait_month(1)
    assert [e for e in v.errors if "404" not in e] == []
    assert v.outside == []


def test_step_advances_the_month_and_changes_the_charts(visit):
    v = visit()
    v.chart()
    before = (v.line(), v.page.locator(".explore-outcomes").inner_text())
    v.click(".explore-step")
    v.wait_month(1)
    v.page.wait_for_function(
        "old => (document.querySelector('.explore-chart .scatterlayer .trace .js-line') || {})"
        ".getAttribute?.('d') !== old",
        arg=before[0],
        timeout=TIMEOUT,
    )
    assert v.page.locator(".explore-outcomes").inner_text() != before[1]


def test_a_new_regime_after_reset_changes_the_outcomes(visit):
    v = visit()
    for _ in range(3):
        v.click(".explore-step")
    v.wait_month(3)
    co_creation = v.page.locator(".explore-outcomes").inner_text()
    v.choose(".explore-regime", "New Public Management")
    v.click(".explore-reset")
    v.wait_month(0)
    for _ in range(3):
        v.click(".explore-step")
    v.wait_month(3)
    assert v.page.locator(".explore-outcomes").inner_text() != co_creation


def test_play_runs_until_paused(visit):
    v = visit()
    v.click(".explore-play")
    v.wait_month(3, at_least=True)
    v.click(".explore-play")  # pause
    paused = v.settled_month()
    time.sleep(1.0)
    assert v.month() == paused >= 3


def test_the_compare_page_steps_both_models(visit):
    v = visit()
    v.click(".nav-compare")
    v.page.locator(".left-counter").wait_for(timeout=TIMEOUT)
    v.click(".compare-step")
    v.click(".compare-step")
    v.wait_month(2, "left")
    v.wait_month(2, "right")
    left = v.page.locator(".left-outcomes").inner_text()
    right = v.page.locator(".right-outcomes").inner_text()
    assert left != right  # NPM on the left, co-creation on the right, the same seed


def test_the_compare_page_draws_a_band_of_seeds_behind_the_difference(visit):
    v = visit()
    v.click(".nav-compare")
    v.chart(".difference-chart")
    v.page.locator(".band-caption").wait_for(timeout=3 * TIMEOUT)  # computed in the background
    assert not v.page.locator(".band-computing").count()
    assert "10 seeds per side" in v.page.locator(".band-caption").inner_text()
    traces = (
        "() => document.querySelector('.difference-chart .js-plotly-plot').data"
        ".map(t => [t.fill || '', (t.x || []).length, t.line && t.line.dash || ''])"
    )
    drawn = v.page.evaluate(traces)
    assert sum(1 for fill, x, _ in drawn if fill == "toself" and x == 2 * 121) == 3  # intervals
    assert sum(1 for fill, x, dash in drawn if dash == "dash" and x == 121) == 3  # means
    legend = v.page.locator(".difference-chart .legend").first.text_content()
    assert "band: 10 seeds per side" in legend  # the band's key, shown once there is a band
    v.click(".compare-step")  # the live seed's difference, drawn over the band
    v.wait_month(1, "right")
    v.type_into(".band-seeds", "2")  # fewer seeds: a new band
    v.page.wait_for_function(
        "() => (document.querySelector('.band-caption') || {}).innerText?.includes('2 seeds')",
        timeout=3 * TIMEOUT,
    )
    assert v.month("left") == v.month("right") == 1  # the band never moved the sides
    assert v.errors == []


def test_switching_language_changes_the_labels(visit):
    v = visit()
    assert "Month" in v.page.locator(".explore-counter").inner_text()
    v.click(".lang-nb")
    v.page.wait_for_function(
        "() => document.querySelector('.explore-counter').innerText.includes('Måned')"
        " && document.querySelector('.explore-step').innerText.toLowerCase().includes('steg')",
        timeout=TIMEOUT,
    )  # (the month is written straight into its widget, the buttons by the page's render)
    assert "Steg" in v.page.locator(".explore-step").inner_text().title()
    assert "Utforsk" in v.page.locator(".nav-explore").inner_text().title()


def test_two_browser_contexts_have_their_own_models(visit):
    one, two = visit(), visit()
    for _ in range(4):
        one.click(".explore-step")
    one.wait_month(4)
    two.page.reload()
    two.page.locator(".explore-counter").wait_for(timeout=TIMEOUT)
    assert two.month() == 0
    two.click(".explore-step")
    two.wait_month(1)
    assert one.month() == 4


def test_bad_values_are_refused_on_the_page_and_the_server_lives(visit, server):
    v = visit()
    v.type_into(".explore-citizens", "lots")
    v.page.locator(".input-error").wait_for(timeout=TIMEOUT)
    assert "lots" in v.page.locator(".input-error").inner_text()
    v.type_into(".explore-citizens", "5000000")
    v.page.wait_for_function(
        "() => document.querySelector('.input-error').innerText.includes('5,000,000')",
        timeout=TIMEOUT,
    )
    v.type_into(".explore-seed", "-3")
    v.page.locator(".input-error").nth(1).wait_for(timeout=TIMEOUT)
    v.click(".explore-reset")  # the refused values were not applied: the old settings stand
    v.wait_month(0)
    v.click(".explore-step")
    v.wait_month(1)
    assert server[1].poll() is None  # the server is still running
    assert v.errors == []


def test_the_results_page_shows_a_folder_and_offers_nothing_else(visit):
    v = visit()
    v.click(".nav-results")
    v.page.locator(".results-table").first.wait_for(timeout=TIMEOUT)
    assert "co-creation" in v.page.locator(".results-table").first.inner_text()
    v.click(".results-folder")
    v.page.get_by_role("option").first.wait_for(timeout=TIMEOUT)  # the menu opens animated
    options = v.page.get_by_role("option").all_inner_texts()
    assert options == ["first-comparison"]
    assert v.page.locator("img").count() >= 1  # its figures
    tables = v.page.locator(".results-table").all_inner_texts()
    assert any("npm" in table and "co-creation" in table for table in tables[1:])  # differences
    v.page.get_by_text("The report (report.md)").click()
    v.page.locator(".results-report").wait_for(timeout=TIMEOUT)
    assert "# npm vs co-creation" in v.page.locator(".results-report").inner_text()


def test_the_results_figures_follow_the_language(visit):
    v = visit()
    v.click(".nav-results")
    v.page.locator("img.results-figure").first.wait_for(timeout=TIMEOUT)
    english = v.figures_until(lambda shown: len(shown) == 2)  # timeseries and outcomes
    v.click(".lang-nb")
    bokmal = v.figures_until(lambda shown: len(shown) == 2 and set(shown).isdisjoint(english))
    v.click(".lang-en")
    v.figures_until(lambda shown: shown == english)  # the saved ones again
    v.click(".lang-nb")
    v.figures_until(lambda shown: shown == bokmal)  # drawn once: the same bytes
    assert v.errors == []


def test_leaving_the_page_pauses_play(visit):
    v = visit()
    v.click(".explore-play")
    v.wait_month(2, at_least=True)
    v.click(".nav-compare")
    v.page.locator(".left-counter").wait_for(timeout=TIMEOUT)
    v.click(".nav-explore")
    v.page.locator(".explore-counter").wait_for(timeout=TIMEOUT)
    paused = v.settled_month()
    time.sleep(1.0)
    assert v.month() == paused  # not playing, and no second loop
    v.click(".explore-step")
    v.wait_month(paused + 1)


def test_reset_while_playing_starts_both_sides_again(visit):
    v = visit()
    v.click(".nav-compare")
    v.page.locator(".left-counter").wait_for(timeout=TIMEOUT)
    v.click(".compare-play")
    v.wait_month(3, "right", at_least=True)
    v.click(".compare-reset")
    v.wait_month(0, "left")
    v.wait_month(0, "right")
    assert v.settled_month("left") == v.settled_month("right") == 0


def test_switching_language_scenario_and_page_while_playing_never_freezes(visit):
    v = visit()
    v.click(".explore-play")
    v.wait_month(2, at_least=True)
    for round_ in range(20):
        v.click(".lang-nb" if round_ % 2 == 0 else ".lang-en")
        v.choose(".explore-scenario", "elderly-care" if round_ % 2 == 0 else "default")
    now = v.month()
    v.wait_month(now + 3, at_least=True)  # still playing
    v.click(".explore-play")  # pause
    paused = v.settled_month()
    time.sleep(1.0)
    assert v.month() == paused
    for _ in range(20):  # leaving the page pauses; coming back, Play and Pause still work
        v.click(".nav-compare")
        v.click(".nav-explore")
    v.page.locator(".explore-counter").wait_for(timeout=TIMEOUT)
    v.click(".explore-play")
    v.wait_month(v.month() + 3, at_least=True)
    v.click(".explore-play")
    paused = v.settled_month()
    time.sleep(1.0)
    assert v.month() == paused
    assert v.errors == []


def test_a_lever_moved_while_playing_acts_from_the_next_month_and_is_marked(visit):
    v = visit()
    v.chart()
    v.click(".explore-play")
    v.wait_month(4, at_least=True)
    v.click(".explore-mode-b label")  # mode B off: the arenas no longer move the budget
    v.page.locator(".explore-chart .annotation-text").first.wait_for(timeout=TIMEOUT)
    marked = v.page.locator(".explore-chart .annotation-text").first.text_content()
    assert "B:" in marked and "off" in marked
    moved_at = v.month()
    v.wait_month(moved_at + 2, at_least=True)  # no reset: the run goes on
    v.click(".explore-play")
    v.slide_to_end(".explore-power-sharing", "Home")  # power sharing to 0: tokenism
    v.page.wait_for_function(
        "() => document.querySelectorAll('.explore-chart .annotation-text').length >= 2",
        timeout=TIMEOUT,
    )
    assert v.settled_month() > moved_at
    assert not v.page.locator(".explore-pending").count()  # nothing waits for Reset
    v.type_into(".explore-citizens", "400")  # structure waits for Reset, and says so
    v.page.locator(".explore-pending").wait_for(timeout=TIMEOUT)


def test_the_speed_control_sets_months_a_second_and_how_often_to_draw(visit):
    v = visit()
    v.slide_to_end(".explore-speed", "Home")  # one month a second
    v.click(".explore-play")
    v.wait_month(1, at_least=True)
    start, started = v.month(), time.monotonic()
    time.sleep(3.0)
    slow = (v.month() - start) / (time.monotonic() - started)
    v.slide_to_end(".explore-speed")  # the fastest
    time.sleep(0.5)
    start, started = v.month(), time.monotonic()
    time.sleep(3.0)
    fast = (v.month() - start) / (time.monotonic() - started)
    assert fast > 3 * slow
    v.slide_to_end(".explore-draw-every")  # draw every 12 months
    v.page.wait_for_function(  # the setting has reached the server (its label says so)
        "() => document.querySelector('.explore-draw-every').innerText.includes(': 12')",
        timeout=TIMEOUT,
    )
    v.wait_month(v.month() + 13, at_least=True)  # a frame drawn under the new setting
    seen = set()
    for _ in range(15):
        seen.add(v.month())
        time.sleep(0.2)
    first = min(seen)
    assert all((month - first) % 12 == 0 for month in seen), seen
    v.click(".explore-play")
    v.settled_month()


def test_in_bokmal_no_english_words_are_left(visit):
    from samskaping.ui.texts import TEXTS

    v = visit()
    v.chart()
    v.click(".explore-step")
    v.wait_month(1)
    v.click(".lang-nb")
    v.page.wait_for_function(
        "() => document.querySelector('.explore-counter').innerText.includes('Måned')",
        timeout=TIMEOUT,
    )
    time.sleep(1.0)
    shown = v.page.evaluate(
        "() => document.body.innerText + ' ' + [...document.querySelectorAll('svg text')]"
        ".map(e => e.textContent).join(' ')"
    )
    english = [
        entry["en"].split("{")[0].strip(" :")
        for entry in TEXTS.values()
        if entry["en"] not in entry["nb"] and len(entry["en"]) >= 4
    ]
    left = [text for text in english if text and re.search(rf"\b{re.escape(text)}\b", shown)]
    assert left == [], left
    assert "0," in v.page.locator(".explore-outcomes").inner_text()  # 0,552, not 0.552


def test_at_1280_by_720_the_projector_view_shows_the_charts(visit, tmp_path):
    v = visit(width=1280, height=720)
    v.chart()
    for _ in range(6):
        v.click(".explore-step")
    v.wait_month(6)
    box = v.page.locator(".explore-chart .js-plotly-plot").first.bounding_box()
    assert box["y"] < 720 - 150 and box["width"] > 500  # visible, and fills the width
    v.click(".projector-toggle")
    v.page.wait_for_function("() => !document.querySelector('.explore-regime')", timeout=TIMEOUT)
    box = v.page.locator(".explore-chart .js-plotly-plot").first.bounding_box()
    assert box["y"] < 720 - 200
    folder = Path(os.environ.get("SAMSKAPING_SCREENSHOTS", tmp_path))
    time.sleep(1.0)  # the charts fit their new places
    v.page.screenshot(path=folder / "explore-projector.png")
    v.click(".projector-toggle")
    v.page.locator(".explore-regime").wait_for(timeout=TIMEOUT)
    time.sleep(1.0)
    v.page.screenshot(path=folder / "explore.png")
    v.click(".nav-compare")
    v.chart(".left-chart")
    for month in range(1, 13):  # a year, over the band
        v.click(".compare-step")
        v.wait_month(month, "right")
    v.page.locator(".band-caption").wait_for(timeout=3 * TIMEOUT)
    v.chart(".difference-chart")
    time.sleep(1.0)
    v.page.screenshot(path=folder / "compare.png")
    v.page.locator(".band-caption").scroll_into_view_if_needed()  # the band, below the sides
    time.sleep(0.5)
    v.page.screenshot(path=folder / "compare-band.png")


def test_the_address_carries_the_set_up_and_a_reload_restores_it(visit):
    v = visit(address="?page=compare&language=nb&compare_seed=7")
    v.page.locator(".left-counter").wait_for(timeout=TIMEOUT)
    assert v.page.locator(".page-title").inner_text().startswith("samskaping: samskaping")
    assert v.page.locator(".page-explore").count() == 0  # opened on Compare
    assert v.page.locator(".compare-seed input").first.input_value() == "7"
    # what is set on the page is written into the address
    v.click(".nav-explore")
    v.page.locator(".explore-counter").wait_for(timeout=TIMEOUT)
    v.slide_to_end(".explore-power-sharing", "Home")
    v.type_into(".explore-seed", "123")
    v.page.locator(".explore-pending").wait_for(timeout=TIMEOUT)
    before = v.page.locator(".explore-outcomes").inner_text()
    v.click(".explore-reset")
    v.page.wait_for_function(  # the new seed's citizens
        "text => (document.querySelector('.explore-outcomes') || {}).innerText !== text",
        arg=before,
        timeout=TIMEOUT,
    )
    v.page.locator(".explore-pending").wait_for(state="detached", timeout=TIMEOUT)
    v.page.wait_for_function(
        "() => ['seed=123', 'power_sharing=0', 'language=nb', 'compare_seed=7']"
        ".every(part => location.search.includes(part)) && !location.search.includes('page=')",
        timeout=TIMEOUT,
    )
    v.wait_month(0)
    outcomes = v.page.locator(".explore-outcomes").inner_text()
    # a reload (or the address opened in another browser) builds the same model
    v.page.reload()
    v.page.locator(".explore-counter").wait_for(timeout=TIMEOUT)
    v.page.wait_for_function(
        "text => (document.querySelector('.explore-outcomes') || {}).innerText === text",
        arg=outcomes,
        timeout=TIMEOUT,
    )
    assert v.page.locator(".explore-seed input").first.input_value() == "123"
    assert "0,00" in v.page.locator(".explore-power-sharing").inner_text()
    assert v.page.locator(".page-title").inner_text().startswith("samskaping: samskaping")
    assert v.page.locator(".explore-pending").count() == 0
    assert v.errors == []


def test_an_address_with_refused_entries_names_each_and_uses_the_rest(visit, server):
    v = visit(
        address="?seed=-1&power_sharing=7&scenario=..%2F..%2Fetc%2Fpasswd&colour=red&language=nb"
    )
    refused = v.page.locator(".address-refused")
    refused.wait_for(timeout=TIMEOUT)
    text = refused.inner_text()
    for name in ("seed", "power_sharing", "scenario", "colour"):
        assert name in text
    assert "passwd" in text and "root:" not in v.page.content()
    assert v.page.locator(".page-title").inner_text().startswith("samskaping: samskaping")
    assert server[1].poll() is None
