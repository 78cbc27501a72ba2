"""The classroom in a real browser (Chromium through Playwright): a teacher and a class of
students, each in a browser context of their own, against ``samskaping classroom``."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest

playwright = pytest.importorskip("playwright.sync_api")

from conftest import CHROMIUM, free_port  # noqa: E402

from samskaping.scenarios import library  # noqa: E402
from samskaping.simulation import SamskapingModel, SamskapingScenario  # noqa: E402

TIMEOUT = 30_000
SEED = 5
STUDENTS = 10

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    results = tmp_path_factory.mktemp("results")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "samskaping.cli", "classroom", "--port", str(port), "--seed",
         str(SEED), "--results", str(results)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    teacher = re.search(r"teacher code: (\S+)", process.stdout.readline()).group(1)
    join = re.search(r"join code: (\S+)", process.stdout.readline()).group(1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield {"url": f"http://127.0.0.1:{port}/?page=classroom", "teacher": teacher, "join": join,
           "results": results}  # fmt: skip
    process.terminate()
    process.wait(10)


def open_page(browser, url: str, width: int = 400, height: int = 800):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.locator(".join-form").wait_for(timeout=TIMEOUT)
    return page


def test_a_class_plays_and_its_debrief_is_the_python_api_with_the_same_choices(classroom, browser):
    teacher = open_page(browser, classroom["url"], 1280, 720)
    teacher.get_by_text("I am the teacher").first.click()
    teacher.locator(".teacher-code-input input").fill("not the code")
    teacher.locator(".teacher-enter").click()
    teacher.locator(".classroom-message").wait_for(timeout=TIMEOUT)  # refused
    teacher.locator(".teacher-code-input input").fill(classroom["teacher"])
    teacher.locator(".teacher-enter").click()
    teacher.locator(".join-code").wait_for(timeout=TIMEOUT)
    assert teacher.locator(".join-code").inner_text() == classroom["join"]

    students, agents = [], []
    for n in range(STUDENTS):
        page = open_page(browser, classroom["url"])
        page.locator(".join-code-input input").fill(classroom["join"])
        page.locator(".nickname-input input").fill(f"<b>kid {n}</b>")
        page.locator(".join-button").click()
        page.locator(".student-role").wait_for(timeout=TIMEOUT)
        role = page.locator(".student-role").inner_text()
        agents.append(("citizen" if "citizen" in role else "other",
                       int(re.search(r"\d+", role).group()) - 1))  # fmt: skip
        students.append(page)
    teacher.wait_for_function(
        f"() => document.querySelectorAll('.student-list > *').length === {STUDENTS}",
        timeout=TIMEOUT,
    )
    assert "<b>kid 0</b>" in teacher.locator(".student-list").inner_text()  # shown as text
    # each student sees only their own citizen: never another's nickname
    assert "kid 1" not in students[0].locator("body").inner_text()

    citizens = [n for n, (who, _) in enumerate(agents) if who == "citizen"]
    chosen = {}  # student -> choices, the same every month (the ticks stay)
    for n in citizens:
        page = students[n]
        choices = {"take_part": n % 2 == 0, "coproduce": n % 3 == 0, "volunteer": n % 4 == 0}
        for name, yes in choices.items():
            if yes:
                page.locator(f".choose-{name} label").first.click()
        page.locator(".choose-say").first.click()
        page.get_by_role("option", name="service 1", exact=True).click()
        chosen[n] = choices | {"say": 0}
    left = citizens[-2:]  # two students leave after the first month
    months = 3
    played = {}  # month -> students who decided
    for month in range(1, months + 1):
        deciding = [n for n in citizens if not (month > 1 and n in left)]
        for n in deciding:
            students[n].locator(".decide-button").click()
            students[n].locator(".student-decided").wait_for(timeout=TIMEOUT)
        played[month] = deciding
        if month == 1:
            for n in left:
                students[n].context.close()
            teacher.wait_for_function(
                f"() => document.querySelectorAll('.student-away').length === {len(left)}",
                timeout=TIMEOUT,
            )
        teacher.locator(".advance-button").click()
        for n in (n for n in deciding if n not in left):  # each open page hears of the month
            students[n].wait_for_function(
                "m => document.querySelector('.student-month').innerText.includes(String(m))",
                arg=month, timeout=TIMEOUT,
            )  # fmt: skip
    teacher.locator(".end-button").click()
    teacher.locator(".debrief-saved").wait_for(timeout=TIMEOUT)
    folder = re.search(r"classroom-\S+", teacher.locator(".debrief-saved").inner_text()).group()
    summary = pd.read_csv(classroom["results"] / folder / "summary.csv")

    # the same choices through the Python API, on the same town
    parameters = library.load("default").parameters | {"regime": "co-creation"}
    model = SamskapingModel(SamskapingScenario(rng=SEED, **parameters))
    for month in range(1, months + 1):
        for n in played[month]:
            model.decide("citizen", agents[n][1], **chosen[n])
        model.step()
    arm = summary[(summary.kind == "arm") & (summary.arm == "class")].set_index("metric")["mean"]
    for metric in ("legitimacy", "accuracy", "inequality"):
        assert arm[metric] == pytest.approx(model.metrics[metric], rel=1e-12, abs=1e-15)
    rules = summary[(summary.kind == "arm") & (summary.arm == "co-creation")]
    assert not np.allclose(rules.set_index("metric")["mean"][arm.index], arm)  # choices mattered
    staying = [page for n, page in enumerate(students) if n not in left]
    assert teacher.errors == [] and all(page.errors == [] for page in staying)
    for page in staying:
        page.locator(".session-ended").wait_for(timeout=TIMEOUT)
        assert page.locator(".advance-button").count() == 0  # a student cannot advance
