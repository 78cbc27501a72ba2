"""A classroom session without its pages (``experiments/classroom.py``): codes, roles, decisions,
months, and the class's run replayed through the Python API."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from samskaping.experiments.classroom import (
    MOST_STUDENTS,
    POLITICIAN_EVERY,
    Classroom,
    ClassroomError,
)
from samskaping.experiments.debrief import debrief, write
from samskaping.scenarios import library
from samskaping.simulation import SamskapingModel, SamskapingScenario


@pytest.fixture
def room() -> Classroom:
    return Classroom(seed=7)


def history(model: SamskapingModel) -> np.ndarray:
    return np.stack(model.towns.history)


def test_only_the_teacher_code_starts_advances_sets_up_and_ends(room):
    for act in (lambda c: room.advance(c), lambda c: room.set_up(c, regime="npm"),
                lambda c: room.end(c)):  # fmt: skip
        with pytest.raises(ClassroomError, match=r"^wrong teacher code$"):
            act("guess")
        with pytest.raises(ClassroomError):
            act(room.join_code)  # a student's code is not the teacher's
    assert room.month == 0 and not room.ended
    assert room.advance(room.teacher_code) == 1


def test_joining_needs_the_code_and_a_name_and_the_same_browser_gets_its_role_back(room):
    with pytest.raises(ClassroomError, match=r"^wrong join code$"):
        room.join("ZZZZZ", "Ada", "browser-1")
    with pytest.raises(ClassroomError, match=r"^a nickname is needed$"):
        room.join(room.join_code, "   ", "browser-1")
    ada = room.join(room.join_code.lower(), "  Ada\n Lovelace <b>" * 3, "browser-1")
    assert "\n" not in ada.name and len(ada.name) <= 24
    room.leave("browser-1")
    assert room.join(room.join_code, "someone else", "browser-1").role == ada.role
    assert len(room.students) == 1


def test_a_full_session_and_an_ended_one_refuse(room):
    for n in range(MOST_STUDENTS):
        room.join(room.join_code, f"s{n}", f"b{n}")
    with pytest.raises(ClassroomError, match="full"):
        room.join(room.join_code, "one more", "b-extra")
    code = room.join_code
    room.end(room.teacher_code)
    for act in (lambda: room.join(code, "late", "b-late"), lambda: room.decide("b0", volunteer=True),
                lambda: room.advance(room.teacher_code)):  # fmt: skip
        with pytest.raises(ClassroomError, match=r"^the session has ended$"):
            act()


def test_roles_give_seats_to_every_eighth_and_citizens_from_every_quintile(room):
    students = [room.join(room.join_code, f"s{n}", f"b{n}") for n in range(20)]
    roles = [s.role for s in students]
    assert [n + 1 for n, r in enumerate(roles) if r.who == "politician"] == [
        POLITICIAN_EVERY,
        2 * POLITICIAN_EVERY,
    ]
    citizens = [r.agent for r in roles if r.who == "citizen"]
    assert len(set(citizens)) == len(citizens)
    quintile = room.model.towns.citizens.quintile[0]
    assert sorted(quintile[citizens[:5]]) == [0, 1, 2, 3, 4]  # the poorest among the first five


def test_a_session_nobody_plays_is_the_model_of_its_seed(room):
    for _ in range(4):
        room.advance(room.teacher_code)
    parameters = (
        {"citizens": 300} | library.load(room.scenario).parameters | {"regime": room.regime}
    )
    plain = SamskapingModel(SamskapingScenario(rng=room.seed, **parameters))
    for _ in range(4):
        plain.step()
    assert np.array_equal(history(room.model), history(plain), equal_nan=True)


def test_the_class_run_is_the_model_with_the_same_choices_through_the_python_api():
    room = Classroom(seed=11, professionals_played=True)
    browsers = [f"b{n}" for n in range(30)]
    for n, browser in enumerate(browsers):
        room.join(room.join_code, f"student {n}", browser)
    rng = np.random.default_rng(5)
    for month in range(6):
        for n, browser in enumerate(browsers):
            if (n + month) % 4 == 0:
                continue  # undecided this month: the rules play
            who = room.students[browser].role.who
            if who == "citizen":
                room.decide(browser, take_part=bool(rng.random() < 0.7),
                            coproduce=bool(rng.random() < 0.5), say=int(rng.integers(4)))  # fmt: skip
            elif who == "politician":
                room.decide(browser, power_sharing=float(rng.random()))
            else:
                room.decide(browser, recognition=float(rng.random()))
        room.advance(room.teacher_code)
    # the same choices through the Python API, on the same town
    parameters = (
        {"citizens": 300} | library.load(room.scenario).parameters | {"regime": room.regime}
    )
    replay = SamskapingModel(SamskapingScenario(rng=room.seed, **parameters))
    for month in range(1, 7):
        for when, who, agent, choices in room.log:
            if when == month:
                replay.decide(who, agent, **choices)
        replay.step()
    assert np.array_equal(history(room.model), history(replay), equal_nan=True)
    # and the choices made a difference: the town played by the rules alone went otherwise
    rules = Classroom(seed=11)
    for _ in range(6):
        rules.advance(rules.teacher_code)
    assert not np.array_equal(history(room.model), history(rules.model), equal_nan=True)


def test_a_student_decides_only_what_their_role_may_and_sees_only_their_own_agent(room):
    for n in range(8):
        room.join(room.join_code, f"s{n}", f"b{n}")
    with pytest.raises(ClassroomError, match="cannot decide 'power_sharing'"):
        room.decide("b0", power_sharing=1.0)  # a citizen is not on the council
    with pytest.raises(ClassroomError, match=r"^join the session first$"):
        room.decide("stranger", take_part=True)
    seen = room.situation("b0")
    assert (
        seen["who"] == "citizen" and len(seen["needs"]) == room.model.towns.citizens.needs.shape[2]
    )
    regime = room.model.regime  # what the neighbours did: each thing the regime offers
    offered = {"take_part": regime.arenas, "coproduce": regime.coproduction,
               "volunteer": regime.volunteering, "answer": regime.surveys}  # fmt: skip
    assert set(seen["neighbours_did"]) == {choice for choice, yes in offered.items() if yes}
    assert all(0 <= share <= 1 for share in seen["neighbours_did"].values())
    assert room.situation("b7")["who"] == "politician"  # the eighth


def test_students_who_leave_are_played_by_the_rules_and_the_session_goes_on(room):
    for n in range(10):
        room.join(room.join_code, f"s{n}", f"b{n}")
    for n in range(10):
        if room.students[f"b{n}"].role.who == "citizen":
            room.decide(f"b{n}", volunteer=True)
    for n in range(5):
        room.leave(f"b{n}")
    room.advance(room.teacher_code)
    assert sorted(room.waiting_for()) == sorted(f"s{n}" for n in range(5, 10))
    with pytest.raises(ClassroomError, match=r"^join the session first$"):
        room.decide("b0", volunteer=True)
    room.advance(room.teacher_code)
    assert room.month == 2


def test_the_debrief_sets_the_class_beside_the_rules_and_saves_a_results_folder(tmp_path):
    room = Classroom(seed=5)
    for n in range(16):
        room.join(room.join_code, f"s{n}", f"b{n}")
    for _ in range(4):
        for browser, student in room.students.items():
            if student.role.who == "citizen":
                room.decide(browser, take_part=True, volunteer=True)
            else:
                room.decide(browser, power_sharing=1.0)
        room.advance(room.teacher_code)
    result = debrief(room)
    assert np.array_equal(result.series["class"], history(room.model)[:, 0], equal_nan=True)
    parameters = {"citizens": 300} | library.load(room.scenario).parameters | {"regime": "npm"}
    npm = SamskapingModel(SamskapingScenario(rng=5, **parameters))
    for _ in range(4):
        npm.step()
    assert np.array_equal(result.series["npm"], history(npm)[:, 0], equal_nan=True)
    table = result.participation()
    assert table["students"].sum() == 14 and table["quintile"].tolist() == [1, 2, 3, 4, 5]
    assert any("council seats shared power 1.00" in line for line in result.differences())
    out = write(result, tmp_path / "debrief")
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary[summary.kind == "arm"].arm) == {"class", "npm", "co-creation"}
    assert set(summary[summary.kind == "difference"].versus) == {"npm", "co-creation"}
    series = pd.read_parquet(out / "timeseries.parquet")
    assert series.groupby("run_id").size().tolist() == [5, 5, 5]
    assert "## Who took part in an arena, by resource quintile" in (out / "report.md").read_text()


def test_play_moves_the_month_on_once_everyone_present_decided_or_at_the_deadline(room):
    for n in range(3):
        room.join(room.join_code, f"s{n}", f"b{n}")
    room.leave("b2")  # away: not waited for
    with pytest.raises(ClassroomError, match=r"^deadline 1: 5 to 900 seconds$"):
        room.play(room.teacher_code, 1)
    with pytest.raises(ClassroomError, match=r"^wrong teacher code$"):
        room.play("guess")
    room.play(room.teacher_code, 5)
    assert room.month == 0 and 0 < room.left() <= 5
    room.decide("b0", say=1)
    assert room.month == 0  # one still deciding
    room.decide("b1", say=2)
    with room.changed:
        assert room.changed.wait_for(lambda: room.month == 1, timeout=5)
    began = room.began
    with room.changed:  # nobody decides: the deadline moves it on
        assert room.changed.wait_for(lambda: room.month == 2, timeout=10)
    assert room.began - began == pytest.approx(5, abs=1)
    room.pause(room.teacher_code)
    assert room.left() is None
    room.decide("b0", say=0)
    room.decide("b1", say=0)
    with room.changed:
        assert not room.changed.wait_for(lambda: room.month == 3, timeout=0.5)
    assert [(m, choices) for m, who, _, choices in room.log if m == 3] == [
        (3, {"say": 0}),
        (3, {"say": 0}),
    ]


def test_the_set_up_before_the_first_month_and_its_refusals(room):
    ada = room.join(room.join_code, "Ada", "b0")
    with pytest.raises(ClassroomError, match=r"^regime 'anarchy': one of co-creation, npm"):
        room.set_up(room.teacher_code, regime="anarchy")
    with pytest.raises(ClassroomError, match="nowhere"):
        room.set_up(room.teacher_code, scenario="nowhere")
    assert (room.scenario, room.regime) == ("default", "co-creation")  # unchanged
    room.set_up(room.teacher_code, scenario="elderly-care", regime="npm", professionals=True)
    assert room.model.regime.surveys and not room.model.regime.arenas
    assert room.students["b0"] is ada and ada.role.who == "citizen"
    assert room.model.citizens.count == room.parameters()["citizens"]
    room.advance(room.teacher_code)
    with pytest.raises(ClassroomError, match="has started"):
        room.set_up(room.teacher_code, regime="co-creation")


def test_a_teacher_browser_is_remembered_and_a_student_sees_only_their_own(room):
    with pytest.raises(ClassroomError):
        room.enter("guess", "teacher-browser")
    room.enter(room.teacher_code, "teacher-browser")
    assert room.teachers == {"teacher-browser"}
    for n in range(8):
        room.join(room.join_code, f"s{n}", f"b{n}")
    for _ in range(3):
        for n in range(8):
            if room.students[f"b{n}"].role.who == "citizen":
                room.decide(f"b{n}", take_part=True)
        room.advance(room.teacher_code)
    seen = room.situation("b0")
    assert seen["name"] == "s0" and not any(f"s{n}" in str(seen) for n in range(1, 8))
    assert {"invited", "took_part", "needs", "service"} <= set(seen)
    agent = room.students["b0"].role.agent
    assert seen["took_part"] == seen["invited"]  # a yes stands only for the invited
    assert seen["needs"] == room.model.citizens.needs[agent].tolist()
    arenas = room.in_arenas()
    inside = {name for names in arenas.values() for name in names}
    took = room.model.towns.citizens.took_part[0]
    assert inside == {s.name for s in room.students.values()
                      if s.role.who == "citizen" and took[s.role.agent]}  # fmt: skip
    with pytest.raises(ClassroomError):
        room.situation("never-joined")


def test_a_student_is_away_only_once_every_tab_of_their_browser_closed(room):
    room.join(room.join_code, "Ada", "b0")  # from a page: one open
    assert room.back("b0").present  # a second tab
    room.leave("b0")  # one tab closed: still here
    assert room.students["b0"].present and room.waiting_for() == ["Ada"]
    room.leave("b0")
    assert not room.students["b0"].present and room.waiting_for() == []
    room.leave("b0")  # a stray close changes nothing
    assert room.back("b0").present  # a reload: back, same role
    assert room.back("never-joined") is None
