"""The Classroom page (issue 18): the teacher's view and the students' views of one shared
session (``experiments/classroom.py``), served by ``samskaping classroom``.

The session is the server's, shared by every page; each page holds only who it is (the
student's browser, or the teacher once the teacher code is given). A page learns of a change
(a student joined or decided, a month, the end) from the session's :attr:`Classroom.changed`
condition, waited on in a thread of its own: nothing polls, and a page hears of a new month as
soon as the teacher advances.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import datetime
from pathlib import Path

import solara
from solara.server import kernel_context

from samskaping.experiments.classroom import Classroom, ClassroomError
from samskaping.experiments.debrief import debrief, write
from samskaping.ui import session
from samskaping.ui.texts import number, say

#: the server's session, set by ``samskaping classroom`` (``server.py``); None: no classroom
ROOM: Classroom | None = None
#: where the debrief is saved (``samskaping classroom --results``), and the join address
RESULTS = Path("results")
ADDRESS = ""

#: a page's own: whether it is the teacher's, and its last message
teacher = solara.reactive(False)
message = solara.reactive("")


def t(key: str, **values: object) -> str:
    return say(key, session.language.value, **values)


def use_changes(room: Classroom) -> int:
    """The session's version, a page re-rendered at each change of it."""
    version = solara.use_reactive(room.version)
    try:
        closed = kernel_context.get_current_context().closed_event
    except RuntimeError:
        closed = threading.Event()

    def wait() -> None:
        seen = version.value
        while not closed.is_set():
            with room.changed:
                room.changed.wait_for(lambda: room.version != seen, timeout=2.0)
                now = room.version
            if now != seen:
                version.set(now)
                return

    solara.lab.use_task(wait, dependencies=[version.value], prefer_threaded=True)
    return version.value


@solara.component
def ClassroomPage():
    room = ROOM
    if room is None:
        solara.Text(t("classroom_none"), classes=["classroom-none"])
        return
    version = use_changes(room)  # passed down: a component re-renders when its arguments change
    browser = solara.get_session_id()
    solara.use_effect(lambda: on_leaving(room, browser), [])
    with solara.Div():  # always there: the parts below keep their places (and state)
        if message.value:
            solara.Error(message.value, classes=["classroom-message"])
    if teacher.value:
        TeacherView(room, version)
        return
    if room.ended:
        solara.Text(t("session_ended"), classes=["session-ended"])
        return
    student = room.students.get(browser)
    if student is None or not student.present:
        JoinForm(room, browser)
    else:
        StudentView(room, browser, version)
    TeacherLogin(room)


def on_leaving(room: Classroom, browser: str) -> None:
    """This page's student is back if they had joined before (a reload), and away once the
    page closes: the rules play for them until they return."""
    room.back(browser)
    with contextlib.suppress(RuntimeError):  # outside the server (Jupyter) a page never closes
        kernel_context.get_current_context().on_close(lambda: room.leave(browser))


def _refused(act) -> None:
    """Run ``act``; a refusal is the page's message."""
    try:
        act()
        message.set("")
    except ClassroomError as error:
        message.set(str(error))


@solara.component
def JoinForm(room: Classroom, browser: str):
    code, name = solara.use_reactive(""), solara.use_reactive("")
    with solara.Column(classes=["join-form"], style={"max-width": "420px"}):
        solara.InputText(
            t("join_code"), value=code, continuous_update=True, classes=["join-code-input"]
        )
        solara.InputText(
            t("nickname"), value=name, continuous_update=True, classes=["nickname-input"]
        )
        solara.Button(t("join"), color="primary", classes=["join-button"],
                      on_click=lambda: _refused(lambda: room.join(code.value, name.value,
                                                                  browser)))  # fmt: skip


@solara.component
def TeacherLogin(room: Classroom):
    code = solara.use_reactive("")

    def enter() -> None:
        def check() -> None:
            room.check_teacher(code.value)
            teacher.set(True)

        _refused(check)

    with solara.Details(summary=t("teacher_enter")):
        solara.InputText(
            t("teacher_code"), value=code, password=True, classes=["teacher-code-input"]
        )
        solara.Button(t("teacher_enter"), on_click=enter, classes=["teacher-enter"])


@solara.component
def StudentView(room: Classroom, browser: str, version: int):
    seen = room.situation(browser)
    role = room.students[browser].role
    solara.Text(f"{t('month')}: {seen['month']}", classes=["student-month"],
                style={"font-size": "1.3em", "font-weight": "bold"})  # fmt: skip
    if role.who == "citizen":
        CitizenChoices(room, browser, seen)
    elif role.who == "politician":
        solara.Text(t("you_are_politician", agent=role.agent + 1), classes=["student-role"])
        share = solara.use_reactive(seen["power_sharing"])
        with solara.Div(classes=["choose-power-sharing"]):
            solara.SliderFloat(t("your_power_sharing"), value=share, min=0, max=1, step=0.05,
                               disabled=not room.model.regime.arenas)  # fmt: skip
        Decide(room, browser, lambda: {"power_sharing": share.value})
    else:
        solara.Text(t("you_are_professional", agent=role.agent + 1), classes=["student-role"])
        recognition = solara.use_reactive(seen["recognition"])
        with solara.Div(classes=["choose-recognition"]):
            solara.SliderFloat(t("your_recognition"), value=recognition, min=0, max=1, step=0.05)
        Decide(room, browser, lambda: {"recognition": recognition.value})
    student = room.students[browser]
    if student.decided >= room.month:
        solara.Text(t("decided_for", month=room.month + 1), classes=["student-decided"])
        solara.Text(t("waiting_teacher"))


@solara.component
def CitizenChoices(room: Classroom, browser: str, seen: dict):
    language = session.language.value
    regime = room.model.regime
    solara.Text(t("you_are_citizen", agent=room.students[browser].role.agent + 1,
                  quintile=seen["quintile"]), classes=["student-role"])  # fmt: skip
    needs = ", ".join(f"{t('service_n', n=d + 1)} {number(v, language, 2)}"
                      for d, v in enumerate(seen["needs"]))  # fmt: skip
    solara.Text(t("your_needs", needs=needs), classes=["student-needs"])
    if seen["month"] > 0:
        solara.Text(t("your_service", accuracy=_share(seen["accuracy"]),
                      fulfilment=_share(seen["fulfilment"]),
                      legitimacy=number(seen["legitimacy"], language, 2)))  # fmt: skip
        solara.Text(t("your_neighbours", count=seen["neighbours"],
                      share=_share(seen["neighbours_took_part"])))  # fmt: skip
    choices = {
        "take_part": regime.arenas,
        "coproduce": regime.coproduction,
        "volunteer": regime.volunteering,
        "answer": regime.surveys,
    }
    ticks = {name: solara.use_reactive(False) for name in ("take_part", "coproduce", "volunteer",
                                                            "answer")}  # fmt: skip
    for name, offered in choices.items():
        if offered:
            with solara.Div(classes=[f"choose-{name}"]):
                solara.Checkbox(label=t(f"choose_{name}"), value=ticks[name])
    services = [t("service_n", n=d + 1) for d in range(len(seen["needs"]))]
    said = solara.use_reactive(services[int(max(range(len(services)),
                                                 key=lambda d: seen["needs"][d]))])  # fmt: skip
    solara.Select(t("choose_say"), values=services, value=said, classes=["choose-say"])

    def decisions() -> dict:
        made = {name: ticks[name].value for name, offered in choices.items() if offered}
        return made | {"say": services.index(said.value)}

    Decide(room, browser, decisions)


@solara.component
def Decide(room: Classroom, browser: str, decisions):
    solara.Button(t("decide"), color="primary", classes=["decide-button"],
                  on_click=lambda: _refused(lambda: room.decide(browser, **decisions())))  # fmt: skip


@solara.component
def TeacherView(room: Classroom, version: int):
    solara.Text(f"{t('month')}: {room.month}", classes=["teacher-month"],
                style={"font-size": "1.6em", "font-weight": "bold"})  # fmt: skip
    solara.Text(t("join_at", address=ADDRESS or "…", code=room.join_code or "–"),
                classes=["teacher-join"], style={"font-size": "1.4em"})  # fmt: skip
    solara.Text(room.join_code, classes=["join-code"],
                style={"font-size": "3em", "letter-spacing": "0.2em", "font-weight": "bold"})  # fmt: skip
    present = [s for s in room.students.values()]
    solara.Text(t("students_joined", count=len(present)), style={"font-weight": "bold"})
    with solara.Row(style={"flex-wrap": "wrap"}, classes=["student-list"]):
        for student in present:
            state = ("decided" if student.decided >= room.month else "deciding") if \
                student.present else "away"  # fmt: skip
            solara.Text(f"{student.name} ({t(student.role.who)}: {t(state)})",
                        classes=[f"student-{state}"])  # fmt: skip
    if room.ended:
        solara.Text(t("session_ended"), classes=["session-ended"])
        if room.saved is not None:
            solara.Text(t("debrief_saved", folder=room.saved.name), classes=["debrief-saved"])
        return
    with solara.Row():
        solara.Button(t("advance"), color="primary", classes=["advance-button"],
                      on_click=lambda: _refused(lambda: room.advance(room.teacher_code)))  # fmt: skip
        solara.Button(t("end_session"), classes=["end-button"], on_click=lambda: end(room))


def end(room: Classroom) -> None:
    """End the session and save its debrief in the results folder."""

    def close() -> None:
        room.end(room.teacher_code)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        room.debriefed(write(debrief(room), RESULTS / f"classroom-{stamp}"))

    _refused(close)


def _share(value: float) -> str:
    return f"{round(100 * value)} %"
