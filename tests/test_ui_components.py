"""The UI's components work outside the server too, as in a Jupyter notebook (no browser)."""

from __future__ import annotations

import time

import ipyvuetify as v
import numpy as np
import solara

from samskaping.ui import session
from samskaping.ui.app import Compare, Explore
from samskaping.ui.frame import frame_of
from samskaping.ui.texts import LANGUAGES, TEXTS, number, whole


def counter(rc, side: str):
    return rc.find(v.Html, class_=f"{side}-counter step-counter")


def test_explore_steps_in_a_notebook():
    _box, rc = solara.render(Explore(), handle_error=False)
    assert counter(rc, "explore").widget.children == ["Month: 0"]
    rc.find(v.Btn, class_="explore-step").widget.click()
    counter(rc, "explore").assert_single()
    assert counter(rc, "explore").widget.children == ["Month: 1"]
    assert session.explore.model.time == 1


def test_compare_renders_both_sides_in_a_notebook():
    _box, rc = solara.render(Compare(), handle_error=False)
    assert counter(rc, "left").widget.children == counter(rc, "right").widget.children


def test_every_text_is_in_both_languages():
    for key, entry in TEXTS.items():
        assert set(entry) == set(LANGUAGES), key


def test_numbers_are_written_as_each_language_writes_them():
    assert number(0.5523, "en") == "0.552"
    assert number(0.5523, "nb") == "0,552"
    assert whole(20_000, "en") == "20,000"
    assert whole(20_000, "nb") == "20\u00a0000"
    assert number(1234.5, "nb", 1) == "1\u00a0234,5"


def test_a_lever_acts_on_the_running_model_and_is_marked():
    side = session.Side("lever-test", "co-creation")
    side.step()
    side.step()
    side.change("power_sharing", 0.9)
    assert side.model.scenario.power_sharing == 0.9
    assert side.model.time == 2  # no reset
    (change,) = side.changes.value
    assert (change.month, change.name, change.value) == (2, "power_sharing", 0.9)
    assert side.frame.value.changes == (change,)
    side.change("citizens", 400)  # structure: waits for Reset
    assert side.model.citizens.count == 300 and side.pending.value == ("citizens",)
    side.reset()
    assert side.model.citizens.count == 400 and side.pending.value == ()
    assert side.changes.value == ()


def test_a_refused_lever_changes_nothing_and_says_why():
    side = session.Side("refused-test", "co-creation")
    side.change("power_sharing", 7.0)
    assert "power_sharing" in side.error.value
    assert side.model.scenario.power_sharing == 0.5


def test_a_frame_is_a_snapshot():
    side = session.Side("frame-test", "co-creation")
    frame = frame_of(side.model)
    legitimacy = frame.legitimacy.copy()
    side.step()
    assert frame.month == 0 and (frame.legitimacy == legitimacy).all()


def test_the_classroom_page_in_a_notebook(tmp_path):
    """Join, decide, the teacher's month and the debrief on the page, without a browser."""
    from samskaping.experiments.classroom import Classroom
    from samskaping.ui import classroom

    room = Classroom(seed=3)
    classroom.ROOM, classroom.RESULTS = room, tmp_path
    try:
        _box, rc = solara.render(classroom.ClassroomPage(), handle_error=False)
        rc.find(v.Btn, class_="join-button").wait_for(timeout=10)
        room.join(room.join_code, "Ada", "notebook")  # the page hears of it from the session
        rc.find(v.Btn, class_="decide-button").wait_for(timeout=10)
        rc.find(v.Btn, class_="decide-button").widget.click()
        assert room.students["notebook"].decided == 0 and room.log[0][0] == 1
        decided = rc.find(v.Html, class_="student-decided").widget  # a line the page writes
        _wait(lambda: decided.children == ["Decided for month 1."])
        room.advance(room.teacher_code)  # the month reaches the page without a render
        month, service = (rc.find(v.Html, class_=f"student-{line}").widget
                          for line in ("month", "service"))  # fmt: skip
        _wait(lambda: month.children == ["Month: 1"] and decided.children == [""])
        assert service.children[0].startswith("Last month the service")
        session.language.set("nb")  # the lines in the page's language
        _wait(lambda: month.children == ["Måned: 1"])
        session.language.set("en")
        classroom.teacher.set(True)
        rc.find(v.Btn, class_="advance-button").wait_for(timeout=10)
        rc.find(v.Btn, class_="advance-button").widget.click()
        assert room.month == 2
        rc.find(v.Btn, class_="end-button").wait_for(timeout=10)
        rc.find(v.Btn, class_="end-button").widget.click()
        assert room.ended and (room.saved / "summary.csv").is_file()
        rc.find(v.Html, class_="debrief-line").wait_for(timeout=10)
        rc.close()  # the page taken off: its thread waiting for changes ends
    finally:
        classroom.ROOM, classroom.teacher.value = None, False
        session.language.set("en")


def test_a_students_page_follows_a_new_role():
    """The teacher's set-up casts the class again: a student's open page shows the new role,
    and its lines are the new role's."""
    from samskaping.experiments.classroom import Classroom
    from samskaping.ui import classroom

    room = Classroom(seed=3)
    classroom.ROOM = room
    try:
        _box, rc = solara.render(classroom.ClassroomPage(), handle_error=False)
        rc.find(v.Btn, class_="join-button").wait_for(timeout=10)
        for n in range(5):  # the sixth to join is a professional, when professionals are played
            room.join(room.join_code, f"kid {n}", f"browser {n}")
        room.join(room.join_code, "Ada", "notebook")
        rc.find(v.Btn, class_="decide-button").wait_for(timeout=10)
        for professionals, role in ((True, "You are professional 1."), (False, "You are citizen")):
            room.set_up(room.teacher_code, professionals=professionals)
            _wait(lambda r=role: rc.find(v.Html, class_="student-role").widget.children[0]
                  .startswith(r))  # fmt: skip
        needs = rc.find(v.Html, class_="student-needs").widget
        _wait(lambda: needs.children == [classroom.student_lines(room, "notebook", "en")["needs"]])
        assert room.students["notebook"].role.who == "citizen"
        rc.close()
    finally:
        classroom.ROOM = None


def test_a_students_lines_say_their_month():
    """What a student's page writes as the session goes: nothing of a month before the first,
    the decision until the next month, the month's service and invitation after it; in the
    page's language."""
    from samskaping.experiments.classroom import Classroom
    from samskaping.ui.classroom import student_lines

    room = Classroom(seed=3, regime="co-creation")
    room.join(room.join_code, "Ada", "a")
    room.join(room.join_code, "Bo", "b")
    first = student_lines(room, "a", "en")
    assert first["month"] == "Month: 0" and first["service"] == first["invitation"] == ""
    assert first["decided"] == first["deadline"] == ""
    assert student_lines(room, "nobody", "en") == {}
    room.decide("a", say=0)
    assert student_lines(room, "a", "en")["decided"] == "Decided for month 1."
    assert student_lines(room, "b", "en")["decided"] == ""
    room.advance(room.teacher_code)
    lines = student_lines(room, "a", "en")
    assert lines["month"] == "Month: 1" and lines["decided"] == ""
    assert lines["service"] and lines["invitation"] and lines["neighbours"]
    assert student_lines(room, "a", "nb")["month"] == "Måned: 1"
    towns, agent = room.model.towns, room.students["a"].role.agent
    staff = towns.professionals  # one of town 0's professionals in another service
    other = (staff.town == 0) & (staff.domain != towns.domain_of_citizen[0, agent])
    elsewhere = int(np.flatnonzero(other)[0])
    towns.professional_of[0, agent] = elsewhere  # as a shock to the needs moves a client
    moved = int(staff.domain[elsewhere]) + 1
    assert student_lines(room, "a", "en")["unit"].startswith(f"Your service is service {moved}:")
    count = room.situation("a")["neighbours"]
    assert lines["neighbours"].startswith(f"Your {count} neighbours last month: ")
    assert "were in an arena" in lines["neighbours"]
    for regime, did in (("npm", "answered the user survey"), ("bureaucracy", "")):
        other = Classroom(seed=3, regime=regime)  # what the neighbours can do, by regime
        other.join(other.join_code, "Ada", "a")
        other.advance(other.teacher_code)
        theirs = student_lines(other, "a", "en")
        assert theirs["invitation"] == "" and did in theirs["neighbours"]
        assert bool(theirs["neighbours"]) == bool(did)
    room.play(room.teacher_code, 60)
    assert student_lines(room, "a", "en")["deadline"].startswith("The next month comes")
    room.pause(room.teacher_code)
    room.end(room.teacher_code)
    assert student_lines(room, "a", "en") == {}


def _wait(done, timeout: float = 10.0) -> None:
    """Until ``done()``: a line a page's thread writes, not a widget it renders."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "not in time"
        time.sleep(0.02)
