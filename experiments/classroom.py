"""A classroom session (issue 18): one shared model a whole class plays, the students as some of
its citizens, politicians and professionals, the teacher moving the months.

This is the session without its pages: who may do what, which agent each student plays, what each
sees of their own agent, and the month. The browser pages (``ui/``) and ``samskaping classroom``
sit on top of it. What a student decides reaches the model through ``SamskapingModel.decide``
(``simulation/decisions.py``): the browser changes nothing but who decides.

- **Codes.** The teacher code (printed in the terminal) is needed to start, advance, change the
  set-up and end; the join code lets a student in while the session is open. Both are compared
  in constant time, and both die with the session.
- **Roles.** Students get roles in the order they join: every ``POLITICIAN_EVERY``-th a council
  seat while seats are free, every ``PROFESSIONAL_EVERY``-th a professional if the teacher wants
  professionals played, the rest citizens. The citizens are drawn from every resource quintile in
  turn, so that some students play the poorest and feel what taking part costs them. The draw has
  its own generator from the seed, apart from the model's: playing never changes the town drawn.
- **Rejoining.** A browser that joins again (its ``browser`` key) gets its role back; a student
  who left is played by the rules until they return.
- **Months.** The teacher advances, one month at a time or with :meth:`Classroom.play`: then
  the month moves on by itself as soon as every student present has decided, or when the
  deadline passes (whoever has not decided is played by the rules that month). The month's
  decisions are recorded in :attr:`Classroom.log` (month, role, choices), so a debrief can replay
  the class's run through the Python API.
- **The teacher's browser** is remembered: a teacher page reloaded mid-session resumes as the
  teacher's without the code.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from samskaping.scenarios import library
from samskaping.scenarios.library import ScenarioError
from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.decisions import DecisionError

#: the most students a session takes
MOST_STUDENTS = 40
#: roles by order of joining: every this-many-th student a politician, or a professional
POLITICIAN_EVERY, PROFESSIONAL_EVERY = 8, 6
#: the longest nickname kept
LONGEST_NAME = 24
#: the regimes a class can play, and the deadline of a month on Play (seconds: default, range)
REGIMES = ("co-creation", "npm", "bureaucracy")
DEADLINE, SHORTEST, LONGEST = 60.0, 5.0, 900.0


class ClassroomError(ValueError):
    """What a page says when a request is refused: a wrong code, a full or ended session, a
    choice that is not the student's to make (one line)."""


@dataclass(frozen=True)
class Role:
    """Whom a student plays: ``who`` ("citizen", "politician", "professional") number
    ``agent`` of the town."""

    who: str
    agent: int


@dataclass
class Student:
    name: str
    role: Role
    #: the student's pages open (tabs of their browser): none, and the rules play the role
    pages: int = 1
    #: the month the student last decided for
    decided: int = -1

    @property
    def present(self) -> bool:
        return self.pages > 0


@dataclass
class Classroom:
    """One session (see the module's docstring)."""

    scenario: str = library.DEFAULT
    regime: str = "co-creation"
    seed: int = 42
    professionals_played: bool = False
    #: the town's citizens; None: the scenario file's, else the classroom population
    citizens: int | None = None
    teacher_code: str = field(default_factory=lambda: secrets.token_urlsafe(9))
    join_code: str = field(default_factory=lambda: _join_code())
    students: dict[str, Student] = field(default_factory=dict)
    #: each month's decisions: (month, who, agent, choices)
    log: list[tuple[int, str, int, dict[str, Any]]] = field(default_factory=list)
    started: bool = False
    ended: bool = False
    #: on Play, the month moves on by itself (see the module's docstring), ``deadline`` seconds
    #: after it began at the latest
    playing: bool = False
    deadline: float = DEADLINE

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        #: notified, under the lock, at every change: pages wait on it (``version`` counts them)
        self.changed = threading.Condition(self.lock)
        self.version = 0
        #: the debrief's folder, once saved
        self.saved: Any = None
        self.result: Any = None
        #: the browsers that gave the teacher code
        self.teachers: set[str] = set()
        #: when this month began (``time.monotonic``), and Play's thread
        self.began = time.monotonic()
        self._timer: threading.Thread | None = None
        self._draw()

    # --- the teacher ------------------------------------------------------------------------
    def check_teacher(self, code: str) -> None:
        if not secrets.compare_digest(str(code), self.teacher_code):
            raise ClassroomError("wrong teacher code")

    def enter(self, code: str, browser: str) -> None:
        """The teacher's page: ``browser`` is the teacher's from now on (a reload resumes)."""
        with self.lock:
            self.check_teacher(code)
            self.teachers.add(browser)

    def set_up(
        self,
        code: str,
        scenario: str | None = None,
        regime: str | None = None,
        professionals: bool | None = None,
    ) -> None:
        """Choose the scenario, the regime and whether professionals are played, before the
        first month (the town is drawn anew, the students who joined cast again)."""
        with self.lock:
            self.check_teacher(code)
            self._open()
            if self.started:
                raise ClassroomError("the session has started: the set-up is fixed")
            if regime is not None and regime not in REGIMES:
                raise ClassroomError(f"regime {regime!r}: one of {', '.join(REGIMES)}")
            was = self.scenario, self.regime, self.professionals_played
            self.scenario = scenario or self.scenario
            self.regime = regime or self.regime
            if professionals is not None:
                self.professionals_played = bool(professionals)
            try:
                self._draw()
            except (ScenarioError, ValueError) as error:
                self.scenario, self.regime, self.professionals_played = was
                self._draw()
                raise ClassroomError(str(error).splitlines()[0]) from None
            self._touch()

    def advance(self, code: str) -> int:
        """One month, with the decisions made for it; the new month."""
        with self.lock:
            self.check_teacher(code)
            self._open()
            return self._step()

    def play(self, code: str, deadline: float | None = None) -> None:
        """Months move on by themselves: as soon as every student present has decided, or
        ``deadline`` seconds after the month began."""
        with self.lock:
            self.check_teacher(code)
            self._open()
            if deadline is not None:
                if not SHORTEST <= float(deadline) <= LONGEST:
                    raise ClassroomError(
                        f"deadline {deadline}: {SHORTEST:g} to {LONGEST:g} seconds"
                    )
                self.deadline = float(deadline)
            self.playing = True
            self.began = time.monotonic()
            if self._timer is None or not self._timer.is_alive():
                self._timer = threading.Thread(target=self._play, daemon=True,
                                               name="classroom-play")  # fmt: skip
                self._timer.start()
            self._touch()

    def pause(self, code: str) -> None:
        """Months move on only when the teacher advances."""
        with self.lock:
            self.check_teacher(code)
            self.playing = False
            self._touch()

    def left(self) -> float | None:
        """Seconds left before the deadline moves the month on (None: not playing)."""
        if not self.playing or self.ended:
            return None
        return max(0.0, self.began + self.deadline - time.monotonic())

    def end(self, code: str) -> None:
        with self.lock:
            self.check_teacher(code)
            self.ended = True
            self.playing = False
            self.join_code = ""
            self._touch()

    def debriefed(self, folder: Any, result: Any = None) -> None:
        """The debrief (``result``) is saved in ``folder``."""
        with self.lock:
            self.saved, self.result = folder, result
            self._touch()

    @property
    def month(self) -> int:
        return len(self.model.towns.history) - 1

    def waiting_for(self) -> list[str]:
        """The present students who have not decided for the coming month."""
        return [s.name for s in self.students.values() if s.present and s.decided < self.month]

    def parameters(self) -> dict[str, Any]:
        """The town's parameters: the scenario's, with the class's regime and population."""
        parameters = library.load(self.scenario).parameters
        citizens = self.citizens or parameters.get("citizens", library.CLASSROOM)
        return parameters | {"regime": self.regime, "citizens": int(citizens)}

    def in_arenas(self) -> dict[int, list[str]]:
        """The students whose citizens were in an arena this month, by service domain."""
        with self.lock:
            towns = self.model.towns
            took_part, domain = towns.citizens.took_part[0], towns.domain_of_citizen[0]
            arenas: dict[int, list[str]] = {}
            for student in self.students.values():
                role = student.role
                if role.who == "citizen" and took_part[role.agent]:
                    arenas.setdefault(int(domain[role.agent]), []).append(student.name)
            return dict(sorted(arenas.items()))

    # --- the students -------------------------------------------------------------------------
    def join(self, code: str, name: str, browser: str) -> Student:
        """A student joins with the join code and a nickname; the same ``browser`` joining
        again gets its role back."""
        with self.lock:
            self._open()
            if not code or not secrets.compare_digest(str(code).strip().upper(), self.join_code):
                raise ClassroomError("wrong join code")
            if browser in self.students:
                student = self.students[browser]
                student.pages = max(student.pages, 1)
                self._touch()
                return student
            if len(self.students) >= MOST_STUDENTS:
                raise ClassroomError(f"the session is full ({MOST_STUDENTS} students)")
            name = " ".join(str(name).split())[:LONGEST_NAME]
            if not name:
                raise ClassroomError("a nickname is needed")
            student = Student(name, self._cast(len(self.students) + 1))
            self.students[browser] = student
            self._touch()
            return student

    def back(self, browser: str) -> Student | None:
        """A page of ``browser`` opened (a reload, another tab): its student has the same role,
        no code needed while the session is open; None for a browser that never joined."""
        with self.lock:
            student = self.students.get(browser)
            if student is not None and not self.ended:
                student.pages += 1
                self._touch()
            return student

    def leave(self, browser: str) -> None:
        """A page of the student's closed: once none is open, the rules play the role until
        they return."""
        with self.lock:
            student = self.students.get(browser)
            if student is not None and student.pages > 0:
                student.pages -= 1
                self._touch()

    def decide(self, browser: str, **choices: Any) -> None:
        """The student's choices for the coming month, for their own agent only."""
        with self.lock:
            self._open()
            student = self.students.get(browser)
            if student is None or not student.present:
                raise ClassroomError("join the session first")
            role = student.role
            try:
                self.model.decide(role.who, role.agent, **choices)
            except DecisionError as error:
                raise ClassroomError(str(error)) from None
            self.log.append((self.month + 1, role.who, role.agent, dict(choices)))
            student.decided = self.month
            self._touch()

    def situation(self, browser: str) -> dict[str, Any]:
        """What the student's page shows: their own agent's state this month, and nothing of
        anyone else's but what their neighbours did, in shares."""
        with self.lock:
            student = self.students.get(browser)
            if student is None:
                raise ClassroomError("join the session first")
            role, model = student.role, self.model
            towns = model.towns
            seen: dict[str, Any] = {"who": role.who, "month": self.month, "name": student.name}
            if role.who == "citizen":
                c, i = towns.citizens, role.agent
                neighbours = model.ties[[i]].indices  # a row of the CSR matrix
                seen |= {
                    "service": int(towns.domain_of_citizen[0, i]),
                    "needs": c.needs[0, i].tolist(),
                    "resources": float(c.resources[0, i]),
                    "quintile": int(c.quintile[0, i]) + 1,
                    "accuracy": float(c.accuracy[0, i]),
                    "fulfilment": float(c.fulfilment[0, i]),
                    "legitimacy": float(c.legitimacy[0, i].mean()),
                    "invited": bool(towns.invited[0, i]),
                    "took_part": bool(c.took_part[0, i]),
                    "coproduced": bool(c.coproduced[0, i]),
                    "volunteered": bool(c.volunteered[0, i]),
                    "neighbours": int(neighbours.size),
                    # what they did last month, in shares, of what the regime offers
                    "neighbours_did": {
                        choice: float(did[0, neighbours].mean()) if neighbours.size else 0.0
                        for choice, did, offered in (
                            ("take_part", c.took_part, model.regime.arenas),
                            ("coproduce", c.coproduced, model.regime.coproduction),
                            ("volunteer", c.volunteered, model.regime.volunteering),
                            ("answer", c.answered_survey, model.regime.surveys),
                        )
                        if offered
                    },
                }
            elif role.who == "politician":
                council = towns.council
                seen |= {
                    "power_sharing": float(council.power_sharing[0, role.agent]),
                    "priorities": council.priorities[0, role.agent].tolist(),
                    "allocation": np.asarray(model.allocation).tolist(),
                }
            else:
                seen |= {"recognition": float(model.professionals.recognition[role.agent])}
            return seen

    # --- inside ---------------------------------------------------------------------------------
    def _touch(self) -> None:
        """A change: every page waiting hears of it (call under the lock)."""
        self.version += 1
        self.changed.notify_all()

    def _open(self) -> None:
        if self.ended:
            raise ClassroomError("the session has ended")

    def _step(self) -> int:
        """The month moves on (under the lock)."""
        self.started = True
        self.model.step()
        self.began = time.monotonic()
        self._touch()
        return self.month

    def _play(self) -> None:
        """Play's thread: waits for every present student's decision or the deadline, and
        moves the month on; asleep while paused, gone once the session ends."""
        with self.lock:
            while not self.ended:
                if not self.playing:
                    self.changed.wait()
                    continue
                left = self.began + self.deadline - time.monotonic()
                present = any(s.present for s in self.students.values())
                if left <= 0 or (present and not self.waiting_for()):
                    self._step()
                    continue
                self.changed.wait(timeout=left)

    def _draw(self) -> None:
        """The town, and whom students play in it (drawn apart from the model's stream: playing
        never changes the town); the students who joined are cast again in joining order."""
        self.model = SamskapingModel(SamskapingScenario(rng=self.seed, **self.parameters()))
        self._casting = np.random.default_rng(np.random.SeedSequence([self.seed, 18]))
        self._citizens = self._citizens_by_quintile()
        joined, self.students = self.students, {}
        for browser, student in joined.items():
            student.role = self._cast(len(self.students) + 1)
            self.students[browser] = student

    def _citizens_by_quintile(self) -> list[int]:
        """Citizens to cast, taking each resource quintile in turn from the poorest."""
        quintile = self.model.towns.citizens.quintile[0]
        pools = [list(self._casting.permutation(np.flatnonzero(quintile == q))) for q in
                 range(int(quintile.max()) + 1)]  # fmt: skip
        order = []
        while any(pools):
            order += [int(pool.pop()) for pool in pools if pool]
        return order

    def _cast(self, number: int) -> Role:
        seats = self.model.towns.council.power_sharing.shape[1]
        taken = {s.role for s in self.students.values()}
        politicians = sum(r.who == "politician" for r in taken)
        professionals = sum(r.who == "professional" for r in taken)
        if number % POLITICIAN_EVERY == 0 and politicians < seats:
            return Role("politician", politicians)
        if (self.professionals_played and number % PROFESSIONAL_EVERY == 0
                and professionals < self.model.professionals.count):  # fmt: skip
            return Role("professional", professionals)
        citizens = sum(r.who == "citizen" for r in taken)
        return Role("citizen", self._citizens[citizens])


def _join_code() -> str:
    """Five letters and digits a class can read off a projector (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(5))
