"""What a user can type: the ``samskaping`` command's parser, its option types, and ``--set``.

Every value is checked where it is read: a mistake ends with one line on stderr that names the
option and the allowed range, and exit code 2 (:func:`fail`), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn, get_args

from samskaping.experiments.design import LIMITS, RESULTS, SECONDS
from samskaping.experiments.executors import default_workers, memory_size
from samskaping.experiments.shards import Shard
from samskaping.scenarios import library
from samskaping.scenarios.parameters import RegimeName, ScenarioError, parameter_specs

#: the exit code of a user's mistake
USER_ERROR = 2
REGIMES = get_args(RegimeName)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        fail(message)


def fail(message: str) -> NoReturn:
    print(f"samskaping: error: {message}", file=sys.stderr)
    raise SystemExit(USER_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="samskaping",
        description="Co-creation (samskaping) versus New Public Management: an agent-based model.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="run the model and print the final metrics")
    run.add_argument(
        "--regime",
        default=None,
        help="npm, co-creation, or both separated by a comma for a side-by-side table "
        "(default: the scenario's regime)",
    )
    run.add_argument(
        "--steps",
        type=_whole_number(1, 100_000),
        default=120,
        help="months to simulate (default 120)",
    )
    run.add_argument("--seed", type=_whole_number(0), default=42, help="random seed (default 42)")
    run.add_argument(
        "--scenario",
        default=library.DEFAULT,
        help=f"a shipped scenario name or a TOML file (default: {library.DEFAULT})",
    )
    _set_option(run, "change one parameter, e.g. --set recognition=0.8 (repeatable)")
    run.add_argument("--json", action="store_true", help="print one JSON object per regime")

    params = commands.add_parser("params", help="list every parameter: default, range, meaning")
    params.add_argument("--json", action="store_true", help="print the table as JSON")

    hong_page = commands.add_parser(
        "hong-page",
        help="validate the problem-solving engine: best-N team vs random-N team (Hong & Page 2004)",
    )
    hong_page.add_argument(
        "--agents", type=_whole_number(2, 200), default=10, help="team size (default 10)"
    )
    hong_page.add_argument(
        "--l", type=_whole_number(4, 24), default=12, help="largest step size (default 12)"
    )
    hong_page.add_argument(
        "--landscapes", type=_whole_number(1, 100_000), default=50, help="landscapes (default 50)"
    )
    hong_page.add_argument("--seed", type=_whole_number(0), default=42, help="random seed")
    hong_page.add_argument(
        "--smoothness",
        type=_number(0, 100),
        default=0.0,
        help=(
            "Grim et al.'s smoothing: random points stand 1 to 2s apart (mean s + 0.5), the ring "
            "interpolated between them; s is rounded to the nearest half (0 = random landscape)"
        ),
    )
    hong_page.add_argument(
        "--workers", type=_whole_number(1, 64), default=1, help="processes (results do not change)"
    )
    hong_page.add_argument("--json", action="store_true", help="print one JSON object")

    scenarios = commands.add_parser(
        "scenarios",
        help="list the shipped scenarios, or show one: what it stands for and how it differs",
    )
    scenarios.add_argument("action", nargs="?", choices=["list", "show"], default="list")
    scenarios.add_argument("name", nargs="?", help="a scenario name or file (for show)")

    compare = commands.add_parser(
        "compare",
        help="replicated runs of regimes or scenarios side by side, with confidence intervals",
    )
    compare.add_argument(
        "--scenario",
        dest="scenarios",
        action="extend",
        nargs="+",
        metavar="NAME|FILE",
        help="one or more scenarios (default: default)",
    )
    compare.add_argument(
        "--regimes",
        default=None,
        help="regimes separated by commas (default: npm,co-creation for one scenario; each "
        "scenario's own regime for several)",
    )
    # the ranges the Python API checks too (design.LIMITS), so the two cannot drift apart
    compare.add_argument(
        "--reps",
        type=_whole_number(*LIMITS["reps"]),
        default=10,
        help="replications per arm (default 10)",
    )
    compare.add_argument(
        "--steps", type=_whole_number(*LIMITS["steps"]), default=120, help="months (default 120)"
    )
    compare.add_argument(
        "--seed", type=_whole_number(*LIMITS["seed"]), default=42, help="random seed (default 42)"
    )
    _set_option(compare, "change one parameter in every arm, e.g. --set citizens=2000 (repeatable)")
    _executor_options(compare)
    _run_options(compare)

    _claims_options(
        commands.add_parser(
            "objections",
            help="put the six common objections to co-creation to the model: one report",
        ),
        "objection", 6, "120 or 240",
    )  # fmt: skip
    _claims_options(
        commands.add_parser(
            "dark-side",
            help="put the seven evils of co-creation's dark side to the model: one report",
        ),
        "evil", 7, "120",
    )  # fmt: skip

    ui = commands.add_parser("ui", help="start the browser UI (explore, compare, results)")
    ui.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    ui.add_argument(
        "--port", type=_whole_number(1, 65535), default=8765, help="port (default 8765)"
    )
    ui.add_argument(
        "--results",
        type=Path,
        default=RESULTS,
        help="the folder of compare, sweep and objections results the Results page shows",
    )

    classroom = commands.add_parser(
        "classroom", help="a classroom session: students play the town's people, live"
    )
    classroom.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    classroom.add_argument(
        "--port", type=_whole_number(1, 65535), default=8765, help="port (default 8765)"
    )
    classroom.add_argument("--scenario", default="default", help="a scenario's name or file")
    classroom.add_argument(
        "--regime", default="co-creation", choices=("co-creation", "npm", "bureaucracy")
    )
    classroom.add_argument("--seed", type=_whole_number(0, 2**31 - 1), default=42)
    classroom.add_argument(
        "--professionals", action="store_true", help="let some students play professionals"
    )
    classroom.add_argument(
        "--citizens",
        type=_whole_number(10, 20_000),
        default=None,
        help="the town's citizens (default: the scenario file's, else 300)",
    )
    classroom.add_argument(
        "--results", type=Path, default=RESULTS, help="where the debrief is saved"
    )

    _sweep_options(
        commands.add_parser(
            "sweep", help="run a declarative experiment file: resumable, parallel, tidy results"
        ),
        "an experiment file, or a shipped example's name",
    )
    _sweep_options(
        commands.add_parser(
            "sensitivity",
            help="global sensitivity analysis (SALib: Sobol', Morris, FAST, PAWN) of an "
            "experiment file: which levers drive each output, with intervals",
        ),
        "an experiment file whose [design] kind is sobol, morris, fast or pawn",
    )

    discover = commands.add_parser(
        "discover",
        help="scenario discovery (EMA Workbench PRIM or CART): the parameter ranges where a "
        "condition holds",
    )
    discover.add_argument(
        "results", metavar="RESULTS_DIR", type=Path, help="a sweep's or sensitivity study's folder"
    )
    discover.add_argument(
        "--where",
        required=True,
        metavar="CONDITION",
        help='the condition, on the outputs, e.g. "accuracy_diff < 0" (co-creation less accurate '
        "than NPM at the same point)",
    )
    discover.add_argument(
        "--method", choices=["prim", "cart"], default="prim", help="prim (default) or cart"
    )
    discover.add_argument(
        "--box",
        type=_whole_number(0),
        default=None,
        metavar="N",
        help="PRIM: report box N of the peeling trajectory (default: the best balance of "
        "coverage and lift above the base rate)",
    )
    discover.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write (default: RESULTS_DIR/discovery/<the condition>)",
    )
    return parser


def _claims_options(parser: argparse.ArgumentParser, noun: str, count: int, months: str) -> None:
    """The options of a command that puts a set of claims to the model (objections, dark-side)."""
    parser.add_argument(
        "--only", type=_whole_number(1, count), action="append", metavar="N",
        help=f"run only {noun} N (1-{count}; repeatable); the report covers every {noun} run so far",
    )  # fmt: skip
    parser.add_argument(
        "--reps", type=_whole_number(2, 10_000), default=None,
        help=f"replications per arm (default: 10, as in each {noun}'s file)",
    )  # fmt: skip
    parser.add_argument(
        "--seed", type=_whole_number(0), default=None,
        help=f"base seed ({noun} N uses seed + N; default: the seeds in the files)",
    )  # fmt: skip
    parser.add_argument(
        "--steps", type=_whole_number(1, 100_000), default=None,
        help=f"months per run (default: as in each {noun}'s file, {months})",
    )  # fmt: skip
    _set_option(
        parser,
        f"change a parameter the {noun}s' experiments do not vary, e.g. --set citizens=300 for a "
        "quick classroom version (repeatable)",
    )
    _executor_options(parser)


def _set_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--set KEY=VALUE`` (repeatable), read by :func:`parse_overrides`."""
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE", help=help_text
    )


def _executor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="results folder (default: results/<name>-<fingerprint>; the same command "
        "resumes in the same folder)",
    )
    parser.add_argument(
        "--workers",
        type=_whole_number(*LIMITS["workers"]),
        default=None,
        help=f"local worker processes (default: one per core, here {default_workers()})",
    )
    parser.add_argument(
        "--scheduler",
        type=_address,
        default=None,
        metavar="tcp://HOST:PORT",
        help="run on a Dask distributed cluster instead (workers need samskaping installed)",
    )


def _sweep_options(parser: argparse.ArgumentParser, file_help: str) -> None:
    """A command that runs an experiment file (sweep, sensitivity): the file, where it runs,
    how, and in which slice."""
    parser.add_argument("experiment", metavar="EXPERIMENT.toml", help=file_help)
    _executor_options(parser)
    _run_options(parser)
    _batch_options(parser)


def _run_options(parser: argparse.ArgumentParser) -> None:
    """How the runs of a compare, sweep or sensitivity study are run, bounded and retried."""
    parser.add_argument(
        "--retry-failed", action="store_true",
        help="run the failed runs again (by default a resumed command keeps them as failed)",
    )  # fmt: skip
    parser.add_argument(
        "--run-memory", type=_size, default=None, metavar="SIZE",
        help="how much memory one run may take on, e.g. 2GB or 500MB (each run then gets a fresh "
        "local worker): a run that wants more fails alone (Dask: give workers --memory-limit)",
    )  # fmt: skip
    parser.add_argument(
        "--run-timeout", type=_number(*SECONDS["run_timeout"]), default=None, metavar="SECONDS",
        help="a run that takes longer fails alone",
    )  # fmt: skip
    parser.add_argument(
        "--wait-for-workers", type=_number(*SECONDS["wait_for_workers"]), default=None, metavar="SECONDS",
        help="with --scheduler: give up (exit 2) if no Dask worker has joined by then (default: "
        "wait, saying so every minute)",
    )  # fmt: skip
    parser.add_argument(
        "--dry-run", action="store_true",
        help="print the plan (runs, estimated time from a short calibration, disk) and stop",
    )  # fmt: skip


def _batch_options(parser: argparse.ArgumentParser) -> None:
    """Splitting a sweep over batch jobs, and mending its folder: one at a time."""
    parser = parser.add_mutually_exclusive_group()
    parser.add_argument(
        "--shard", type=_shard, default=None, metavar="I/N",
        help="run only the I-th of N slices of the design (every N-th run), e.g. one per job of "
        "a SLURM array; the shard that finds every run done merges",
    )  # fmt: skip
    parser.add_argument(
        "--merge", action="store_true",
        help="merge the runs the shards left in the folder into the tidy files, running nothing",
    )  # fmt: skip
    parser.add_argument(
        "--repair", action="store_true",
        help="rebuild a damaged results folder from what is whole, running again what is lost",
    )  # fmt: skip


def _shard(text: str) -> tuple[int, int]:
    """An argparse type: I/N with 1 <= I <= N."""
    try:
        shard = Shard.parse(text, "")
    except ScenarioError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not I/N with 1 <= I <= N (e.g. 3/10)"
        ) from None
    return shard.index, shard.count


def _size(text: str) -> int:
    """An argparse type: an amount of memory such as 2GB, 500MB or 1.5GiB (at least 16 MB)."""
    try:
        return memory_size(text, "")
    except ScenarioError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix(": ")) from None


def _address(text: str) -> str:
    """An argparse type: a scheduler address such as tcp://10.0.0.5:8786."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty (expected e.g. tcp://10.0.0.5:8786)")
    return text.strip()


def _number(low: float, high: float):
    """An argparse type: a finite number in [low, high]."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not low <= value <= high:  # also false for NaN
            raise argparse.ArgumentTypeError(f"{text} is outside the allowed range [{low}, {high}]")
        return value

    return parse


def _whole_number(low: int, high: int | None = None):
    """An argparse type: a whole number in [low, high]."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if high is None and value < low:
            raise argparse.ArgumentTypeError(f"{value} is not allowed: must be {low} or more")
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{value} is outside the allowed range [{low}, {high}]"
            )
        return value

    return parse


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """``["recognition=0.8", "citizens=2000"]`` → typed, range-checked values."""
    specs = parameter_specs()
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ScenarioError(f"--set {pair!r}: expected KEY=VALUE, e.g. --set recognition=0.8")
        if key not in specs:
            raise ScenarioError(f"--set {key}: unknown parameter (see 'samskaping params')")
        try:
            values[key] = specs[key].check(specs[key].parse(text))
        except ScenarioError as error:
            raise ScenarioError(f"--set {error}") from None
    return values


def regime_list(text: str | None, default: str, option: str = "--regime") -> list[str]:
    """The regimes that ``--regime`` or ``--regimes`` names, comma-separated and checked; only
    ``default`` when the option is not given."""
    if text is None:
        return [default]
    regimes = list(dict.fromkeys(word.strip() for word in text.split(",") if word.strip()))
    for regime in regimes:
        if regime not in REGIMES:
            raise ScenarioError(f"{option} {regime!r}: allowed: {', '.join(REGIMES)}")
    if not regimes:
        raise ScenarioError(f"{option}: allowed: {', '.join(REGIMES)}")
    return regimes
