"""The Classroom page (issue 18): the teacher's view and the students' views of one shared
session (``experiments/classroom.py``), served by ``samskaping classroom``.

The session is the server's, shared by every page; each page holds only who it is (the
student's browser, or the teacher once the teacher code is given: the session remembers the
teacher's browser, so a teacher page reloaded resumes). A page learns of a change (a student
joined or decided, a month, the end) from the session's :attr:`Classroom.changed` condition,
waited on in a thread of its own: nothing polls. The teacher's page renders again at every
change; a student's only when what it is changes (the set-up, its role, its presence). What a
student's page says month by month (the month, its citizen's needs and service, the invitation,
its decision, Play's deadline) the thread writes into the page's lines (:class:`Board`), as
Explore writes a month: with 40 pages open, a new month reaches each page as a few lines of
text, not as a page rendered anew (the difference between about 1 s and about 0.2 s of the
server's work after the teacher's click).

The teacher's view is for the projector: the join address as text and as a QR code, the join
code in large letters, the set-up (before the first month), Next month, Play with a deadline,
Pause, End; who has joined and who has decided; the town (the outcome charts, who takes part by
resource quintile, the network with the students' citizens marked by nickname, the students in
each arena this month); after the end, the debrief. A student's view is for a phone: their own
agent's situation in words and their choices, nothing of any other student's.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import ipyvuetify
import pandas as pd
import segno
import solara
from solara.alias import rv as v
from solara.server import kernel_context

from samskaping.experiments.classroom import (
    DEADLINE,
    LONGEST,
    REGIMES,
    SHORTEST,
    Classroom,
    ClassroomError,
)
from samskaping.experiments.debrief import CLASS, Debrief, debrief, write
from samskaping.scenarios import library
from samskaping.simulation.metrics import HEADLINE
from samskaping.ui import presence, session
from samskaping.ui.charts import NetworkChart, OutcomeChart, ParticipationChart
from samskaping.ui.frame import frame_of
from samskaping.ui.line import line
from samskaping.ui.texts import TEXTS, number, say

#: the server's session, set by ``samskaping classroom`` (``server.py``); None: no classroom
ROOM: Classroom | None = None
#: where the debrief is saved (``samskaping classroom --results``), and the join address
RESULTS = Path("results")
ADDRESS = ""

#: a page's own: whether it is the teacher's, its last message, and Play's deadline
teacher = solara.reactive(False)
message = solara.reactive("")
deadline = solara.reactive(int(DEADLINE))


def t(key: str, **values: object) -> str:
    return say(key, session.language.value, **values)


def use_changes(room: Classroom, browser: str, everything: bool, board: Board) -> int:
    """The page's version, changed when the page must render again: the teacher's page
    (``everything``) at every change of the session, a student's only when what it is changes
    (:func:`student_key`). What a student's page says (a new month, a decision, Play) is written
    into its lines (:class:`Board`) without rendering the page: with 40 pages open, a month
    reaches each page as a few lines of text."""
    key = (lambda: None) if everything else lambda: student_key(room, browser)
    version = solara.use_reactive(room.version)
    language = session.language.value
    with room.lock:
        rendered = key()
    try:
        closed = kernel_context.get_current_context().closed_event
    except RuntimeError:  # outside the server: the page ends when it is taken off
        closed = threading.Event()
    # one thread for the page's life, a new one for a new language or role: the old one ends
    # (as the last one does when the page is taken off)
    ended = solara.use_memo(threading.Event, [everything, language])
    solara.use_effect(lambda: board.end(ended), [everything, language])

    def watch() -> None:
        seen, shown = None, rendered  # first the lines: the session may have changed since
        while not (closed.is_set() or ended.is_set()):
            with room.changed:
                if seen is not None:
                    room.changed.wait_for(lambda s=seen: room.version != s, timeout=2.0)
                if seen == room.version:
                    continue
                seen, now = room.version, key()
                lines = {} if everything else student_lines(room, browser, language)
            if ended.is_set():
                return
            if everything or now != shown:
                shown = now
                version.set(seen)  # renders the page, here and now
            board.write(lines, ended)

    solara.lab.use_task(watch, dependencies=[everything, language], prefer_threaded=True)
    return version.value


def student_key(room: Classroom, browser: str) -> object:
    """What a student's page is (call under the session's lock): the set-up, the student's role
    and presence; anything else it shows is written into its lines."""
    student = room.students.get(browser)
    mine = (student.role, student.present) if student else None
    return room.ended, room.scenario, room.regime, id(room.model), mine


def student_lines(room: Classroom, browser: str, language: str) -> dict[str, str]:
    """The lines of a student's page that change while the page stays (call under the
    session's lock): the month, the citizen's service, needs and treatment, the invitation, the
    neighbours, the budget, the decision and Play's deadline. An empty line is not shown."""
    student = room.students.get(browser)
    if student is None or room.ended:
        return {}

    def t(key: str, **values: object) -> str:
        return say(key, language, **values)

    seen, month, left = room.situation(browser), room.month, room.left()
    decided = student.decided >= month
    lines = {
        "month": f"{t('month')}: {month}",
        "decided": t("decided_for", month=month + 1) if decided else "",
        "waiting": t("waiting_teacher") if decided else "",
        "deadline": t("next_month_by", clock=_clock(left)) if left is not None else "",
    }
    if seen["who"] == "citizen":
        needs = ", ".join(f"{t('service_n', n=d + 1)} {number(v, language, 2)}"
                          for d, v in enumerate(seen["needs"]))  # fmt: skip
        # a shock to the needs may move the citizen to another service
        lines["unit"] = t("your_unit", service=seen["service"] + 1)
        lines["needs"] = t("your_needs", needs=needs)
        lived, arenas = month > 0, room.model.regime.arenas  # after a month: what it brought
        lines["service"] = t("your_service", accuracy=_share(seen["accuracy"]),
                             fulfilment=_share(seen["fulfilment"]),
                             legitimacy=number(seen["legitimacy"], language, 2)) if lived else ""  # fmt: skip
        went = "arena_went" if seen["took_part"] else "arena_stayed"
        lines["invitation"] = (t(went) if seen["invited"] else t("arena_not_invited")
                               ) if lived and arenas else ""  # fmt: skip
        did = ", ".join(t(f"neighbours_{choice}", share=_share(share))
                        for choice, share in seen["neighbours_did"].items())  # fmt: skip
        lines["neighbours"] = t("your_neighbours", count=seen["neighbours"], did=did
                                ) if lived and did else ""  # fmt: skip
    elif seen["who"] == "politician":
        budget = ", ".join(f"{t('service_n', n=d + 1)} {_share(s)}"
                           for d, s in enumerate(seen["allocation"]))  # fmt: skip
        lines["budget"] = t("the_budget", budget=budget)
    return lines


class Board:
    """A student's page's lines, by name (:func:`student_lines`): each a widget made when the
    page renders, written after that only by the page's waiting thread (a render elsewhere on
    the page never sets a line back)."""

    def __init__(self) -> None:
        self.widgets: dict[str, ipyvuetify.Html] = {}
        # a thread's write and the end of its turn (a new language) never cross: an old
        # thread's lines are written before the new thread's first, or not at all
        self.lock = threading.Lock()

    def show(self, lines: dict[str, str], name: str, classes: list[str],
             style: dict | None = None) -> None:  # fmt: skip
        """The line ``name`` in the page here, made with its text the first time."""
        text = lines.get(name, "")
        widget = solara.use_memo(lambda: line(text, classes, style), [])
        self.widgets[name] = widget
        solara.Div(children=[widget])

    def write(self, lines: dict[str, str], ended: threading.Event) -> None:
        """Write ``lines`` unless the writing thread has ``ended``."""
        with self.lock:
            if ended.is_set():
                return
            for name, text in lines.items():
                widget = self.widgets.get(name)
                if widget is not None and widget.children != [text]:
                    widget.children = [text]

    def end(self, ended: threading.Event) -> Callable[[], None]:
        """How a thread's turn ends: ``ended`` set between writes."""

        def stop() -> None:
            with self.lock:
                ended.set()

        return stop


@solara.component
def ClassroomPage():
    if ROOM is None:
        solara.Text(t("classroom_none"), classes=["classroom-none"])
    else:
        Session(ROOM)


@solara.component
def Session(room: Classroom):
    browser = _browser()
    is_teacher = teacher.value or browser in room.teachers
    board = solara.use_memo(Board, [])
    # passed down: a component re-renders when its arguments change
    version = use_changes(room, browser, is_teacher, board)
    solara.use_effect(lambda: on_leaving(room, browser), [])
    with solara.Div():  # always there: the parts below keep their places (and state)
        if message.value:
            solara.Error(message.value, classes=["classroom-message"])
    if is_teacher:
        TeacherView(room, version)
        return
    if room.ended:
        solara.Text(t("session_ended"), classes=["session-ended"])
        return
    student = room.students.get(browser)
    if student is None or not student.present:
        JoinForm(room, browser)
    else:
        StudentView(room, browser, version, board)
    TeacherLogin(room, browser)


def _browser() -> str:
    """Who this page is: its browser's session (the same for a reload and for a second tab);
    outside the server (a notebook) there is one page."""
    try:
        return solara.get_session_id()
    except RuntimeError:
        return "notebook"


def on_leaving(room: Classroom, browser: str) -> None:
    """This page's student is back if they had joined before (a reload, another tab), and away
    once the page closes or its connection drops (``presence.py``): the rules play for them until
    they return."""
    page = Here(room, browser)
    with contextlib.suppress(RuntimeError):  # outside the server (Jupyter) a page never closes
        context = kernel_context.get_current_context()
        presence.on_away(context, page.away, page.back)
        context.on_close(page.away)


class Here:
    """One page's part in its student's presence (``Student.pages``): counted while the page is
    connected, once."""

    def __init__(self, room: Classroom, browser: str) -> None:
        self.room, self.browser, self.here = room, browser, True
        room.back(browser)

    def away(self) -> None:
        if self.here:
            self.here = False
            self.room.leave(self.browser)

    def back(self) -> None:
        if not self.here:
            self.here = True
            self.room.back(self.browser)


def _refused(act: Callable[[], object]) -> None:
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
def TeacherLogin(room: Classroom, browser: str):
    code = solara.use_reactive("")

    def enter() -> None:
        def check() -> None:
            room.enter(code.value, browser)
            teacher.set(True)

        _refused(check)

    with solara.Details(summary=t("teacher_enter")):
        solara.InputText(
            t("teacher_code"), value=code, password=True, classes=["teacher-code-input"]
        )
        solara.Button(t("teacher_enter"), on_click=enter, classes=["teacher-enter"])


# --- a student's view ------------------------------------------------------------------------


@solara.component
def StudentView(room: Classroom, browser: str, version: int, board: Board):
    with room.lock:
        seen = room.situation(browser)
        lines = student_lines(room, browser, session.language.value)
        role, regime = room.students[browser].role, room.model.regime
    board.show(lines, "month", ["student-month"], {"font-size": "1.3em", "font-weight": "bold"})
    if role.who == "citizen":
        CitizenChoices(room, browser, seen, lines, regime, board)
    elif role.who == "politician":
        PoliticianChoices(room, browser, seen, lines, regime.arenas, board)
    else:
        ProfessionalChoices(room, browser, seen)
    board.show(lines, "decided", ["student-decided"])
    board.show(lines, "waiting", ["student-waiting"])
    board.show(lines, "deadline", ["student-deadline"])


@solara.component
def CitizenChoices(room: Classroom, browser: str, seen: dict, lines: dict, regime, board: Board):
    solara.Text(t("you_are_citizen", agent=room.students[browser].role.agent + 1,
                  quintile=seen["quintile"]), classes=["student-role"])  # fmt: skip
    board.show(lines, "unit", ["student-unit"])
    board.show(lines, "needs", ["student-needs"])
    board.show(lines, "service", ["student-service"])
    board.show(lines, "invitation", ["student-invitation"])
    board.show(lines, "neighbours", ["student-neighbours"])
    choices = {
        "take_part": regime.arenas,
        "coproduce": regime.coproduction,
        "volunteer": regime.volunteering,
        "answer": regime.surveys,
    }
    ticks = solara.use_reactive({})  # the choices ticked: they stay ticked month to month
    if regime.arenas:
        solara.Text(t("arena_cost", quintile=seen["quintile"]), classes=["student-cost"],
                    style={"color": "#555"})  # fmt: skip
    for name, offered in choices.items():
        if offered:
            with solara.Div(classes=[f"choose-{name}"]):
                solara.Checkbox(label=t(f"choose_{name}"), value=ticks.value.get(name, False),
                                on_value=lambda yes, n=name: ticks.set(ticks.value | {n: yes}))  # fmt: skip
    services = [t("service_n", n=d + 1) for d in range(len(seen["needs"]))]
    said = solara.use_reactive(int(max(range(len(services)), key=lambda d: seen["needs"][d])))
    with solara.Div(classes=["choose-say"]):
        v.Select(label=t("choose_say"), items=[{"text": s, "value": d} for d, s in
                 enumerate(services)], v_model=said.value, on_v_model=said.set,
                 hide_details=True)  # fmt: skip

    def decisions() -> dict:
        made = {name: ticks.value.get(name, False) for name, offered in choices.items() if offered}
        return made | {"say": int(said.value)}

    Decide(room, browser, decisions)


@solara.component
def PoliticianChoices(
    room: Classroom, browser: str, seen: dict, lines: dict, arenas: bool, board: Board
):
    role = room.students[browser].role
    solara.Text(t("you_are_politician", agent=role.agent + 1), classes=["student-role"])
    board.show(lines, "budget", ["student-budget"])
    share = solara.use_reactive(seen["power_sharing"])
    solara.Text(t("your_power_sharing"), style={"font-weight": "bold"})
    with solara.Div(classes=["choose-power_sharing"]):
        solara.SliderFloat("", value=share, min=0, max=1, step=0.05, disabled=not arenas,
                           thumb_label="always")  # fmt: skip
    solara.Text(t("your_priorities"), style={"font-weight": "bold"})
    weights = solara.use_reactive([round(w, 2) for w in seen["priorities"]])

    def weigh(domain: int, weight: float) -> None:
        weights.set([weight if d == domain else w for d, w in enumerate(weights.value)])

    for d, weight in enumerate(weights.value):
        with solara.Div(classes=["choose-priorities", f"choose-priority-{d + 1}"]):
            solara.SliderFloat(t("service_n", n=d + 1), value=weight, min=0, max=1, step=0.05,
                               on_value=lambda w, d=d: weigh(d, w))  # fmt: skip
    total = sum(weights.value)
    if total > 0:
        shares = ", ".join(f"{t('service_n', n=d + 1)} {_share(w / total)}"
                           for d, w in enumerate(weights.value))  # fmt: skip
        solara.Text(t("priorities_as_shares", shares=shares), style={"color": "#555"})

    def decisions() -> dict:
        made = {"priorities": list(weights.value)} if total > 0 else {}
        return made | ({"power_sharing": share.value} if arenas else {})

    Decide(room, browser, decisions)


@solara.component
def ProfessionalChoices(room: Classroom, browser: str, seen: dict):
    role = room.students[browser].role
    solara.Text(t("you_are_professional", agent=role.agent + 1), classes=["student-role"])
    recognition = solara.use_reactive(seen["recognition"])
    solara.Text(t("your_recognition"))
    with solara.Div(classes=["choose-recognition"]):
        solara.SliderFloat("", value=recognition, min=0, max=1, step=0.05, thumb_label="always")
    Decide(room, browser, lambda: {"recognition": recognition.value})


@solara.component
def Decide(room: Classroom, browser: str, decisions: Callable[[], dict]):
    solara.Button(t("decide"), color="primary", classes=["decide-button"],
                  on_click=lambda: _refused(lambda: room.decide(browser, **decisions())))  # fmt: skip


# --- the teacher's view ----------------------------------------------------------------------


@solara.component
def TeacherView(room: Classroom, version: int):
    with room.lock:
        month, ended, started, left = room.month, room.ended, room.started, room.left()
        # a snapshot: the students change in place, and a component given the same objects
        # again would not render again
        students = tuple((s.name, s.role.who, ("decided" if s.decided >= month else "deciding")
                          if s.present else "away") for s in room.students.values())  # fmt: skip
    with solara.Row(style={"align-items": "baseline", "flex-wrap": "wrap"}):
        solara.Text(f"{t('month')}: {month}", classes=["teacher-month"],
                    style={"font-size": "1.6em", "font-weight": "bold"})  # fmt: skip
        solara.Text(f"{t(room.regime)} · {room.scenario} · {t('seed')} {room.seed}",
                    classes=["teacher-setup"], style={"font-size": "1.2em"})  # fmt: skip
        if left is not None:
            solara.Text(t("playing_until", clock=_clock(left)), classes=["teacher-playing"],
                        style={"font-size": "1.2em", "color": "#1a7f37"})  # fmt: skip
    with solara.Columns([1, 2]):
        with solara.Column():
            if not ended:
                JoinPanel(room)
                with solara.Div():  # always there: the list below keeps its place (and widgets)
                    if not started:
                        SetUp(room)
                Controls(room, left is not None)
            StudentList(students, ended)
        with solara.Column():
            # drawn again at a new month or a new student, not at every decision
            Town(room, month, len(students), id(room.model))
    if ended:
        solara.Text(t("session_ended"), classes=["session-ended"])
        if room.saved is not None:
            solara.Text(t("debrief_saved", folder=room.saved.name), classes=["debrief-saved"])
        if room.result is not None:
            DebriefView(room.result)


@solara.component
def JoinPanel(room: Classroom):
    address = ADDRESS or "…"
    picture = solara.use_memo(lambda: _qr(address), [address])
    with solara.Row(style={"align-items": "center"}):
        if picture:
            solara.HTML(tag="img", attributes={"src": picture, "alt": address, "width": "190"},
                        classes=["join-qr"])  # fmt: skip
        with solara.Column(gap="4px"):
            solara.Text(t("join_at", address=address, code=room.join_code or "–"),
                        classes=["teacher-join"], style={"font-size": "1.2em"})  # fmt: skip
            solara.Text(room.join_code, classes=["join-code"],
                        style={"font-size": "3em", "letter-spacing": "0.2em",
                               "font-weight": "bold"})  # fmt: skip


def _qr(address: str) -> str:
    """The join address as a QR code (an SVG data URI), drawn here: the page stays offline."""
    if not address.startswith("http"):
        return ""
    return segno.make(address, error="m").svg_data_uri(scale=5, border=2)


@solara.component
def SetUp(room: Classroom):
    """The scenario, the regime and whether professionals are played, before the first month."""

    def choose(**what: object) -> None:
        _refused(lambda: room.set_up(room.teacher_code, **what))

    with solara.Row(classes=["classroom-setup"], style={"flex-wrap": "wrap"}):
        with solara.Div(classes=["setup-scenario"], style={"min-width": "200px"}):
            solara.Select(t("scenario"), values=library.available(), value=room.scenario,
                          on_value=lambda name: choose(scenario=name))  # fmt: skip
        with solara.Div(classes=["setup-regime"], style={"min-width": "200px"}):
            v.Select(label=t("regime"), v_model=room.regime, hide_details=True,
                     items=[{"text": t(r) if r in TEXTS else r, "value": r} for r in REGIMES],
                     on_v_model=lambda regime: choose(regime=regime))  # fmt: skip
        with solara.Div(classes=["setup-professionals"]):
            solara.Checkbox(label=t("professionals_played"), value=room.professionals_played,
                            on_value=lambda yes: choose(professionals=yes))  # fmt: skip


@solara.component
def Controls(room: Classroom, playing: bool):
    code = room.teacher_code
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(t("advance"), color="primary", classes=["advance-button"],
                      on_click=lambda: _refused(lambda: room.advance(code)))  # fmt: skip
        if playing:
            solara.Button(t("pause"), classes=["pause-button"], icon_name="mdi-pause",
                          on_click=lambda: _refused(lambda: room.pause(code)))  # fmt: skip
        else:
            solara.Button(t("play"), classes=["play-button"], icon_name="mdi-play",
                          on_click=lambda: _refused(lambda: room.play(code, deadline.value)))  # fmt: skip
        with solara.Div(classes=["deadline-input"], style={"width": "150px"}):
            solara.InputInt(t("deadline", low=int(SHORTEST), high=int(LONGEST)), value=deadline,
                            disabled=playing)  # fmt: skip
        solara.Button(t("end_session"), classes=["end-button"], on_click=lambda: end(room))


#: how the teacher's list marks each student's state, and in which colour
MARKS = {"decided": ("✓", "#1a7f37"), "deciding": ("…", "#333333"), "away": ("⌀", "#999999")}


@solara.component
def StudentList(students: tuple[tuple[str, str, str], ...], ended: bool):
    """Each student's nickname, role and state ("decided", "deciding", "away")."""
    solara.Text(t("students_joined", count=len(students)), style={"font-weight": "bold"})
    decided = sum(state == "decided" for *_, state in students)
    present = sum(state != "away" for *_, state in students)
    solara.Text(t("decided_count", decided=decided, present=present), classes=["decided-count"])
    if not ended:
        solara.Text(" · ".join(f"{MARKS[state][0]} {t(state)}" for state in MARKS),
                    style={"font-size": "0.85em", "color": "#555"})  # fmt: skip
    with solara.Row(style={"flex-wrap": "wrap", "gap": "2px 14px"}, classes=["student-list"]):
        for name, who, state in students:  # compact: a class of 40 fits beside the town
            mark, colour = ("", "inherit") if ended else MARKS[state]
            role = "" if who == "citizen" else f" ({t(who)})"
            solara.Text(f"{mark} {name}{role}".strip(), classes=[f"listed-{state}"],
                        style={"color": colour, "white-space": "nowrap"})  # fmt: skip


@solara.component
def Town(room: Classroom, month: int, students: int, model_id: int):
    """The town on the projector: the outcomes, who takes part by quintile, the network with the
    students' citizens marked, and the students in each arena this month."""
    language = session.language.value
    model = room.model
    charts = solara.use_memo(
        lambda: {
            "outcomes": OutcomeChart(language),
            "participation": ParticipationChart(language),
            "network": NetworkChart(model, language, marked=True),
        },
        [id(model)],
    )
    for chart in charts.values():
        if chart.language != language:
            chart.label(language)
    with room.lock:
        frame = frame_of(model)
        marked = [(s.role.agent, s.name) for s in room.students.values()
                  if s.role.who == "citizen"]  # fmt: skip
        arenas = room.in_arenas() if model.regime.arenas else {}

    def show() -> None:
        charts["network"].marks = ([a for a, _ in marked], [name for _, name in marked])
        for chart in charts.values():
            chart.show(frame)

    solara.use_effect(show, [month, students, language, model_id])
    solara.Column(children=[charts["outcomes"].widget], classes=["chart", "classroom-outcomes"])
    with solara.Columns([1, 1]):
        with solara.Column():
            solara.Column(children=[charts["participation"].widget],
                          classes=["chart", "classroom-participation"])  # fmt: skip
            if model.regime.arenas and frame.month > 0:
                solara.Text(t("in_arenas_title"), style={"font-weight": "bold"})
                with solara.Column(classes=["classroom-arenas"], gap="2px"):
                    for domain, names in arenas.items():
                        solara.Text(f"{t('service_n', n=domain + 1)}: {', '.join(names)}")
                    if not arenas:
                        solara.Text(t("in_arenas_none"))
        solara.Column(children=[charts["network"].widget],
                      classes=["chart", "classroom-network"])  # fmt: skip


def end(room: Classroom) -> None:
    """End the session and save its debrief in the results folder."""

    def close() -> None:
        room.end(room.teacher_code)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        result = debrief(room)
        room.debriefed(write(result, RESULTS / f"classroom-{stamp}"), result)

    _refused(close)


@solara.component
def DebriefView(result: Debrief):
    """The debrief on the page: the outcomes at the end beside the rules' runs, who took part by
    resource quintile, and what the class did differently (``experiments/debrief.py``)."""
    language = session.language.value
    arms = list(result.series)
    names = [t("debrief_class") if arm == CLASS else t(arm) for arm in arms]
    with solara.Column(classes=["classroom-debrief"], style={"font-size": "1.15em"}):
        solara.Text(t("debrief_title", months=result.months), style={"font-size": "1.3em",
                    "font-weight": "bold"})  # fmt: skip
        rows = [[t(metric), *(number(result.last(arm)[metric], language, 3) for arm in arms)]
                for metric in HEADLINE]  # fmt: skip
        _table([t("outcome"), *names], rows, "debrief-outcomes")
        solara.Text(t("debrief_who"), style={"font-weight": "bold"})
        rows = [[t(f"quintile_{int(r['quintile'])}"), str(int(r["students"])),
                 _share(r["class"]), _share(r["rules"])]
                for r in result.participation().to_dict("records")]  # fmt: skip
        _table([t("resources_axis"), t("debrief_students"), t("debrief_class"),
                t("debrief_rules", regime=t(result.regime))], rows, "debrief-participation")  # fmt: skip
        solara.Text(t("debrief_differently"), style={"font-weight": "bold"})
        for kind, c in result.contrasts():
            if kind == "outcome":
                metric = HEADLINE[int(c["metric"])]
                line = t("debrief_gap", outcome=t(metric), regime=t(result.regime),
                         gap=("+" if c["gap"] >= 0 else "") + number(c["gap"], language, 3))  # fmt: skip
            else:
                shown = _share if kind == "citizens" else lambda x: number(x, language, 2)
                line = t(f"debrief_{kind}", count=int(c["count"]), ours=shown(c["class"]),
                         theirs=shown(c["rules"]))  # fmt: skip
            solara.Text("• " + line, classes=["debrief-line"])


def _table(header: list[str], rows: list[list[str]], css: str) -> None:
    """A small table of text, drawn as the Results page draws its tables (escaped by pandas)."""
    table = pd.DataFrame(rows, columns=header).to_html(index=False)
    solara.HTML(tag="div", unsafe_innerHTML=table, classes=["results-table", css])


def _share(value: float) -> str:
    """A share as a whole per cent (a missing one as a dash); the sign never wraps from it."""
    return "–" if value != value else f"{round(100 * value)}\u00a0%"


def _clock(seconds: float) -> str:
    """The clock time ``seconds`` from now (pages show a time, not a countdown: no polling)."""
    return datetime.fromtimestamp(time.time() + seconds).strftime("%H:%M:%S")
