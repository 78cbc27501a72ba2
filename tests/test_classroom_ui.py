"""The classroom in a real browser (Chromium through Playwright): a teacher and a class of 30
students, each in a browser context of their own, against ``samskaping classroom``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

playwright = pytest.importorskip("playwright.sync_api")

from conftest import CHROMIUM, free_port, wait_for_port  # noqa: E402

from samskaping.scenarios import library  # noqa: E402
from samskaping.simulation import SamskapingModel, SamskapingScenario  # noqa: E402

TIMEOUT = 30_000
SEED = 5
STUDENTS = 30
MONTHS = 6
#: students who close their pages after this month
LEAVE_AFTER, LEAVING = 2, 5

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
    wait_for_port(port)
    yield {"url": f"http://127.0.0.1:{port}/?page=classroom", "teacher": teacher, "join": join,
           "results": results}  # fmt: skip
    process.terminate()
    process.wait(10)


def open_page(browser, url: str, width: int = 400, height: int = 800):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    watch(page)
    page.goto(url)
    page.locator(".join-form").wait_for(timeout=TIMEOUT)
    return page


def watch(page) -> None:
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)


def town() -> SamskapingModel:
    parameters = {"citizens": 300} | library.load("default").parameters
    return SamskapingModel(SamskapingScenario(rng=SEED, **(parameters | {"regime": "co-creation"})))


def tick(page, name: str, yes: bool) -> None:
    """Set a citizen's choice ``name`` on the page (a tick stays from month to month)."""
    if page.locator(f".choose-{name} input").is_checked() != yes:
        page.locator(f".choose-{name} label").first.click()


def slide(page, css: str, end: str) -> None:
    """Move a slider to its end ("End": 1) or its start ("Home": 0) by keyboard."""
    page.locator(f"{css} [role=slider]").press(end)


def on_month(page, month: int) -> None:
    page.wait_for_function(
        "m => document.querySelector('.student-month').innerText.endsWith(' ' + m)",
        arg=month, timeout=TIMEOUT,
    )  # fmt: skip


def test_a_class_of_30_plays_6_months_and_its_debrief_is_the_python_api(
    classroom, browser, tmp_path
):
    teacher = open_page(browser, classroom["url"], 1280, 900)
    teacher.get_by_text("I am the teacher").first.click()
    teacher.locator(".teacher-code-input input").fill("not the code")
    teacher.locator(".teacher-enter").click()
    teacher.locator(".classroom-message").wait_for(timeout=TIMEOUT)  # refused
    teacher.locator(".teacher-code-input input").fill(classroom["teacher"])
    teacher.locator(".teacher-enter").click()
    teacher.locator(".join-code").wait_for(timeout=TIMEOUT)
    assert teacher.locator(".join-code").inner_text() == classroom["join"]
    assert teacher.locator(".join-qr").count() == 1

    model = town()
    students, roles = [], []
    for n in range(STUDENTS):
        page = open_page(browser, classroom["url"])
        page.locator(".join-code-input input").fill(classroom["join"])
        page.locator(".nickname-input input").fill(f"<b>kid {n}</b>")
        page.locator(".join-button").click()
        page.locator(".student-role").wait_for(timeout=TIMEOUT)
        role = page.locator(".student-role").inner_text()
        who = "citizen" if "citizen" in role else "politician" if "seat" in role else "other"
        roles.append((who, int(re.search(r"\d+", role).group()) - 1))
        if who == "citizen":  # the page shows the student's own citizen's needs
            needs = model.citizens.needs[roles[-1][1]]
            shown = page.locator(".student-needs").inner_text()
            assert [f"{x:.2f}" for x in needs] == re.findall(r"\d\.\d\d", shown)
        students.append(page)
    teacher.wait_for_function(
        f"() => document.querySelectorAll('.student-list > *').length === {STUDENTS}",
        timeout=TIMEOUT,
    )
    assert "<b>kid 0</b>" in teacher.locator(".student-list").inner_text()  # shown as text
    assert [who for who, _ in roles].count("politician") == STUDENTS // 8
    # isolation: a student's page names no other student, and a student cannot advance
    for n, page in enumerate(students[:3]):
        text = page.locator("body").inner_text()
        assert not any(f"kid {m}</b>" in text for m in range(STUDENTS) if m != n)
    spy = students[0]
    spy.get_by_text("I am the teacher").first.click()
    spy.locator(".teacher-code-input input").fill(classroom["join"])
    spy.locator(".teacher-enter").click()
    spy.locator(".classroom-message").wait_for(timeout=TIMEOUT)
    assert (
        spy.locator(".advance-button").count() == 0 and spy.locator(".teacher-month").count() == 0
    )
    # a second tab of the same browser, and a reload: the same role back
    again = students[1].context.new_page()
    watch(again)
    again.goto(classroom["url"])
    again.locator(".student-role").wait_for(timeout=TIMEOUT)
    assert (
        again.locator(".student-role").inner_text()
        == students[1].locator(".student-role").inner_text()
    )
    again.close()
    students[2].reload()
    students[2].locator(".student-role").wait_for(timeout=TIMEOUT)
    assert str(roles[2][1] + 1) in students[2].locator(".student-role").inner_text()

    citizens = [n for n, (who, _) in enumerate(roles) if who == "citizen"]
    politicians = [n for n, (who, _) in enumerate(roles) if who == "politician"]
    leaving = citizens[-LEAVING + 1 :] + politicians[-1:]
    decided: dict[int, list[tuple[str, int, dict]]] = {}
    waits = []
    for month in range(1, MONTHS + 1):
        here = [n for n in range(STUDENTS) if not (month > LEAVE_AFTER and n in leaving)]
        decided[month] = []
        for n in here:
            page, (who, agent) = students[n], roles[n]
            if who == "citizen":
                choices = {"take_part": (n + month) % 2 == 0, "coproduce": (n + month) % 3 == 0,
                           "volunteer": n % 4 == 0}  # fmt: skip
                for name, yes in choices.items():
                    tick(page, name, yes)
                say = (n + (month >= 4)) % 4
                if month in (1, 4):
                    page.locator(".choose-say").first.click()
                    page.get_by_role("option", name=f"service {say + 1}", exact=True).click()
                choices["say"] = say
            else:
                slide(page, ".choose-power_sharing", "End")
                for d in range(4):
                    slide(page, f".choose-priority-{d + 1}", "End" if d == month % 4 else "Home")
                choices = {"power_sharing": 1.0,
                           "priorities": [float(d == month % 4) for d in range(4)]}  # fmt: skip
            if (n + month) % 7 == 3:
                continue  # this one does not decide this month: the rules play
            page.locator(".decide-button").click()
            page.locator(".student-decided").wait_for(timeout=TIMEOUT)
            decided[month].append((who, agent, choices))
        if month == LEAVE_AFTER + 1:  # those who left are away on the teacher's page
            teacher.wait_for_function(
                f"() => document.querySelectorAll('.listed-away').length === {len(leaving)}",
                timeout=TIMEOUT,
            )
        started = time.monotonic()
        teacher.locator(".advance-button").click()
        for n in here:  # every open page hears of the month
            on_month(students[n], month)
        waits.append(time.monotonic() - started)
        if month == 4:  # the guide's pictures (docs/classroom.md), kept where asked
            folder = Path(os.environ.get("SAMSKAPING_SCREENSHOTS", tmp_path))
            time.sleep(1.5)  # the charts fit their places
            teacher.screenshot(path=folder / "classroom-teacher.png", full_page=True)
            student = students[citizens[1]]
            student.locator(".student-month").scroll_into_view_if_needed()  # a phone's first screen
            student.screenshot(path=folder / "classroom-student.png", full_page=True)
        if month == LEAVE_AFTER:
            for n in leaving:
                students[n].context.close()
    print(f"\nseconds until all {STUDENTS} pages showed the month: {np.round(waits, 2)}")
    teacher.locator(".end-button").click()
    teacher.locator(".debrief-saved").wait_for(timeout=TIMEOUT)
    teacher.locator(".debrief-outcomes").wait_for(timeout=TIMEOUT)
    folder = re.search(r"classroom-\S+", teacher.locator(".debrief-saved").inner_text()).group()
    summary = pd.read_csv(classroom["results"] / folder / "summary.csv")

    # the same choices through the Python API, on the same town
    for month in range(1, MONTHS + 1):
        for who, agent, choices in decided[month]:
            model.decide(who, agent, **choices)
        model.step()
    arm = summary[(summary.kind == "arm") & (summary.arm == "class")].set_index("metric")["mean"]
    for metric in ("legitimacy", "accuracy", "inequality"):
        assert arm[metric] == pytest.approx(model.metrics[metric], rel=1e-12, abs=1e-15)
    rules = summary[(summary.kind == "arm") & (summary.arm == "co-creation")]
    assert not np.allclose(rules.set_index("metric")["mean"][arm.index], arm)  # choices mattered
    shown = teacher.locator(".debrief-outcomes").inner_text()
    assert f"{model.metrics['legitimacy']:.3f}" in shown
    teacher.locator(".lang-nb").click()
    teacher.get_by_text("Oppsummering", exact=False).first.wait_for(timeout=TIMEOUT)

    staying = [page for n, page in enumerate(students) if n not in leaving]
    for page in staying:
        page.locator(".session-ended").wait_for(timeout=TIMEOUT)
        assert page.locator(".advance-button").count() == 0
    assert teacher.errors == [] and all(page.errors == [] for page in staying)
