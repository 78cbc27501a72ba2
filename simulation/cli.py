"""The command line: ``samskaping run``, ``params``, ``hong-page``, ``compare`` and ``sweep``.

A user's mistake (unknown parameter, value out of range, malformed ``--set``, missing or broken
scenario file) ends with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, get_args

from samskaping.experiments.design import RESULTS, Experiment, compare_experiment, load_experiment
from samskaping.experiments.executors import WorkerLostError, default_workers
from samskaping.experiments.hong_page_study import study
from samskaping.experiments.single_run import RunResult, run_regimes
from samskaping.scenarios import library
from samskaping.simulation.hong_page import heuristics
from samskaping.simulation.metrics import HEADLINE
from samskaping.simulation.scenario import RegimeName, ScenarioError, parameter_specs

if TYPE_CHECKING:
    from samskaping.experiments.runner import Results

USER_ERROR = 2
REGIMES = get_args(RegimeName)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        _fail(message)


def _fail(message: str) -> NoReturn:
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
    compare.add_argument(
        "--reps",
        type=_whole_number(2, 10_000),
        default=10,
        help="replications per arm (default 10)",
    )
    compare.add_argument(
        "--steps", type=_whole_number(1, 100_000), default=120, help="months (default 120)"
    )
    compare.add_argument(
        "--seed", type=_whole_number(0), default=42, help="random seed (default 42)"
    )
    _set_option(compare, "change one parameter in every arm, e.g. --set citizens=2000 (repeatable)")
    _executor_options(compare)

    objections = commands.add_parser(
        "objections", help="put the six common objections to co-creation to the model: one report"
    )
    objections.add_argument(
        "--only", type=_whole_number(1, 6), action="append", metavar="N",
        help="run only objection N (1-6; repeatable); the report covers every objection run so far",
    )  # fmt: skip
    objections.add_argument(
        "--reps", type=_whole_number(2, 10_000), default=None,
        help="replications per arm (default: 10, as in each objection's file)",
    )  # fmt: skip
    objections.add_argument(
        "--seed", type=_whole_number(0), default=None,
        help="base seed (objection N uses seed + N; default: the seeds in the files)",
    )  # fmt: skip
    objections.add_argument(
        "--steps", type=_whole_number(1, 100_000), default=None,
        help="months per run (default: as in each objection's file, 120 or 240)",
    )  # fmt: skip
    _set_option(
        objections,
        "change a parameter the objections do not vary, e.g. --set citizens=300 for a quick "
        "classroom version (repeatable)",
    )
    _executor_options(objections)

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

    sweep = commands.add_parser(
        "sweep", help="run a declarative experiment file: resumable, parallel, tidy results"
    )
    sweep.add_argument(
        "experiment",
        metavar="EXPERIMENT.toml",
        help="an experiment file, or a shipped example's name",
    )
    _executor_options(sweep)
    return parser


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
        type=_whole_number(1, 1024),
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


def _regimes(text: str | None, default: str, option: str = "--regime") -> list[str]:
    if text is None:
        return [default]
    regimes = list(dict.fromkeys(word.strip() for word in text.split(",") if word.strip()))
    for regime in regimes:
        if regime not in REGIMES:
            raise ScenarioError(f"{option} {regime!r}: allowed: {', '.join(REGIMES)}")
    if not regimes:
        raise ScenarioError(f"{option}: allowed: {', '.join(REGIMES)}")
    return regimes


def command_run(args: argparse.Namespace) -> int:
    scenario_file = library.load(args.scenario)
    overrides = parse_overrides(args.overrides)
    parameters = scenario_file.parameters | overrides
    regimes = _regimes(args.regime, parameters.get("regime", "npm"))
    results = run_regimes(parameters, regimes, args.steps, args.seed)
    if args.json:
        for result in results:
            print(json.dumps(result.to_json(), allow_nan=False))
    else:
        print(format_table(results, scenario_file.title))
    return 0


def format_table(results: list[RunResult], title: str) -> str:
    """Final metrics, one column per regime, headline metrics first."""
    first = results[0]
    names = list(HEADLINE) + [k for k in first.metrics if k not in HEADLINE]
    width = max(len(name) for name in names)
    columns = [result.regime for result in results]
    head = f"{title}: {first.steps} months, seed {first.seed}"
    lines = [head, "", f"{'metric':<{width}}  " + "  ".join(f"{c:>12}" for c in columns)]
    lines.append("-" * len(lines[-1]))
    for name in names:
        if name == names[len(HEADLINE)]:
            lines.append("")
        values = [result.metrics[name] for result in results]
        # counts and hours as whole numbers, shares and scores with three decimals
        whole = all(isinstance(v, int) for v in values) or any(abs(v) >= 100 for v in values)
        cells = "  ".join(f"{_cell(value, whole):>12}" for value in values)
        lines.append(f"{name:<{width}}  {cells}")
    return "\n".join(lines)


def _cell(value: float, whole: bool) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "-"
    return f"{value:,.0f}" if whole else f"{value:.3f}"


def command_params(args: argparse.Namespace) -> int:
    specs = parameter_specs().values()
    if args.json:
        table = [
            {
                "name": p.name,
                "type": p.kind.__name__,
                "default": p.default,
                "low": p.low,
                "high": p.high,
                "choices": list(p.choices) if p.choices else None,
                "allowed": p.allowed,
                "meaning": p.meaning,
            }
            for p in specs
        ]
        print(json.dumps(table, indent=1))
        return 0
    name_w = max(len(p.name) for p in specs)
    default_w = max(len(_shown(p.default)) for p in specs)
    allowed_w = max(len(p.allowed) for p in specs)
    for p in specs:
        default = _shown(p.default)
        print(f"{p.name:<{name_w}}  {default:<{default_w}}  {p.allowed:<{allowed_w}}  {p.meaning}")
    return 0


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if value != "" else '""'


def command_hong_page(args: argparse.Namespace) -> int:
    count = heuristics(args.l).shape[0]
    if args.agents >= count:
        raise ScenarioError(f"--agents {args.agents}: must be fewer than the {count} heuristics")
    record = study(args.agents, args.l, args.landscapes, args.seed, args.smoothness, args.workers)
    if args.json:
        print(json.dumps(record, allow_nan=False))
        return 0
    print(
        f"Hong & Page: {record['agents']} agents, l = {record['l']}, k = {record['k']}, "
        f"n = {record['n']}, {record['landscapes']} landscapes, smoothness {record['smoothness']}"
    )
    print(f"\n{'team':<8} {'solution':>9} {'sd':>6} {'diversity':>10}")
    for team in ("best", "random"):
        r = record[team]
        print(f"{team:<8} {r['solution']:>9.2f} {r['solution_sd']:>6.2f} {r['diversity']:>10.3f}")
    print(f"\nthe random team scored higher on {record['random_wins']:.0%} of the landscapes")
    return 0


def command_scenarios(args: argparse.Namespace) -> int:
    if args.action == "list":
        files = [library.load(name) for name in library.available()]
        width = max(len(f.name) for f in files)
        print(f"{'scenario':<{width}}  {'regime':<11}  {'modes':<7}  title")
        for f in files:
            modes = "".join(f.modes) if f.regime == "co-creation" else "-"
            print(f"{f.name:<{width}}  {f.regime:<11}  {modes:<7}  {f.title}")
        print(
            "\nsamskaping scenarios show NAME prints one; samskaping run --scenario NAME runs it."
        )
        return 0
    if not args.name:
        raise ScenarioError("scenarios show: which scenario? (samskaping scenarios lists them)")
    f = library.load(args.name)
    print(f"{f.title}  ({f.name}: {f.path})\n")
    print(textwrap.fill(f.description, width=88) + "\n")
    modes = ", ".join(f.modes) or "none"
    print(f"regime: {f.regime}; co-creation modes on: {modes}\n")
    differences = f.differences()
    if not differences:
        print("Every parameter keeps its default.")
        return 0
    specs = parameter_specs()
    width = max(len(name) for name in differences)
    print(f"{'parameter':<{width}}  {'default':>11}  {'here':>11}  meaning")
    for name, (default, value) in differences.items():
        print(f"{name:<{width}}  {_shown(default):>11}  {_shown(value):>11}  {specs[name].meaning}")
    return 0


def command_compare(args: argparse.Namespace) -> int:
    from samskaping.experiments.report import headline_table
    from samskaping.experiments.runner import describe

    regimes = _regimes(args.regimes, "npm", "--regimes") if args.regimes is not None else None
    experiment = compare_experiment(
        args.scenarios or [library.DEFAULT],
        regimes,
        args.reps,
        args.steps,
        args.seed,
        parse_overrides(args.overrides),
    )
    results = _run(experiment, args, f"compare {' '.join(sys.argv[2:])}".strip())
    print(f"{experiment.title}: {experiment.replications} replications, {experiment.steps} "
          f"months, seed {experiment.seed}; mean ± 95 % interval\n")  # fmt: skip
    print(headline_table(results.summary, HEADLINE))
    print(f"\n{describe(results)}")
    return _exit_code(results)


def command_objections(args: argparse.Namespace) -> int:
    from samskaping.experiments.objections.report import default_folder, run_objections

    overrides = parse_overrides(args.overrides)
    out = args.out or default_folder(args.reps, args.seed, args.steps, overrides)
    numbers = sorted(set(args.only or range(1, 7)))
    try:
        reported = run_objections(
            numbers,
            out,
            replications=args.reps,
            seed=args.seed,
            steps=args.steps,
            overrides=overrides,
            workers=args.workers,
            scheduler=args.scheduler,
            progress="auto",
        )
    except OSError as error:
        raise ScenarioError(f"{out}: cannot write results ({error.strerror or error})") from None
    for number, _, verdict in reported:
        print(f"{number}. {verdict.summary}")
    print(f"\nreport: {out}/report.md (numbers in verdicts.csv)")
    return 0


def command_sweep(args: argparse.Namespace) -> int:
    from samskaping.experiments.runner import describe

    experiment = load_experiment(args.experiment)
    results = _run(experiment, args, f"sweep {' '.join(sys.argv[2:])}".strip())
    print(describe(results))
    return _exit_code(results)


def _exit_code(results: Results) -> int:
    """1 (and a line saying so) if any run failed, else 0."""
    if results.failed.empty:
        return 0
    print(
        f"samskaping: {len(results.failed)} run(s) failed (see report.md); run the same command "
        "again to retry them",
        file=sys.stderr,
    )
    return 1


def _run(experiment: Experiment, args: argparse.Namespace, command: str) -> Results:
    # the runner brings pyarrow and matplotlib: imported only when needed, so that the other
    # commands, and the worker processes that start from this module, start fast
    from samskaping.experiments.runner import default_folder, run_experiment

    out = args.out or default_folder(experiment)  # named here for the error message
    try:
        return run_experiment(
            experiment,
            out,
            workers=args.workers,
            scheduler=args.scheduler,
            progress="auto",
            command=command,
        )
    except OSError as error:
        raise ScenarioError(f"{out}: cannot write results ({error.strerror or error})") from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return command_run(args)
        if args.command == "hong-page":
            return command_hong_page(args)
        if args.command == "scenarios":
            return command_scenarios(args)
        if args.command == "compare":
            return command_compare(args)
        if args.command == "objections":
            return command_objections(args)
        if args.command == "ui":
            from samskaping.simulation.ui.server import serve

            serve(args.host, args.port, args.results)
            return 0
        if args.command == "sweep":
            return command_sweep(args)
        return command_params(args)
    except ScenarioError as error:
        _fail(str(error))
    except WorkerLostError as error:
        print(
            f"samskaping: a worker process died ({error}); the runs already finished are kept: "
            "run the same command again to resume (with fewer --workers if memory ran out)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(
            "samskaping: interrupted (a compare or sweep resumes where it stopped when the same "
            "command runs again)",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:  # e.g. `samskaping params | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
