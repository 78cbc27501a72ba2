"""The browser UI in a real headless Chromium (Debian's, driven by Playwright): it loads without
console errors, steps, resets, compares, switches language, keeps sessions apart, refuses bad
input with a message, shows results, and never reaches beyond 127.0.0.1."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time

import pytest

from samskaping.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)
LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1(:\d+)?(/|$)")
TIMEOUT = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the UI server did not start")
    yield f"http://127.0.0.1:{port}/", process
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


class Visit:
    """One browser context on the page, with what it tried to reach and what it logged."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "websocket", lambda ws: None if LOCAL.match(ws.url) else self.outside.append(ws.url)
        )
        self.page.goto(url)
        self.page.locator(".explore-counter").wait_for(timeout=TIMEOUT)

    def _route(self, route) -> None:
        url = route.request.url
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

    def picture(self, index: int = 0) -> str:
        return self.page.locator("img").nth(index).get_attribute("src") or ""

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(server, browser):
    visits = []

    def open_page() -> Visit:
        visits.append(Visit(browser, server[0]))
        return visits[-1]

    yield open_page
    for v in visits:
        assert not v.outside, f"requests left 127.0.0.1: {v.outside}"
        v.close()


def test_the_page_loads_without_console_errors_or_outside_requests(visit):
    v = visit()
    v.page.locator("img").first.wait_for(timeout=TIMEOUT)
    assert v.month() == 0
    assert v.errors == []
    assert v.outside == []


def test_step_advances_the_month_and_changes_the_charts(visit):
    v = visit()
    v.page.locator("img").nth(1).wait_for(timeout=TIMEOUT)
    before = (v.picture(0), v.picture(1), v.page.locator(".explore-outcomes").inner_text())
    v.click(".explore-step")
    v.wait_month(1)
    v.page.wait_for_function(
        "old => document.querySelectorAll('img')[1].src !== old", arg=before[1], timeout=TIMEOUT
    )
    assert v.picture(1) != before[1]
    assert v.page.locator(".explore-outcomes").inner_text() != before[2]


def test_a_new_regime_after_reset_changes_the_outcomes(visit):
    v = visit()
    for _ in range(3):
        v.click(".explore-step")
    v.wait_month(3)
    co_creation = v.page.locator(".explore-outcomes").inner_text()
    v.choose(".explore-regime", "npm")
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


def test_switching_language_changes_the_labels(visit):
    v = visit()
    assert "Month" in v.page.locator(".explore-counter").inner_text()
    v.click(".lang-nb")
    v.page.wait_for_function(
        "() => document.querySelector('.explore-counter').innerText.includes('Måned')",
        timeout=TIMEOUT,
    )
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
