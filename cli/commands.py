"""The commands: ``samskaping run``, ``params``, ``scenarios``, ``compare``, ``sweep``,
``sensitivity``, ``discover``, ``objections``, ``dark-side``, ``hong-page`` and ``ui``, and
:func:`main`, which dispatches to them.

A user's mistake (unknown parameter, value out of range, malformed ``--set``, missing or broken
scenario file) ends with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import textwrap
import threading
from typing import TYPE_CHECKING, Any

from samskaping.cli.arguments import build_parser, fail, parse_overrides, regime_list
from samskaping.experiments.design import Experiment, compare_experiment, load_experiment
from samskaping.experiments.executors import WorkerLostError, default_workers
from samskaping.experiments.hong_page_study import study
from samskaping.experiments.shards import Shard, ShardReport
from samskaping.experiments.single_run import RunResult, run_regimes
from samskaping.scenarios import library
from samskaping.scenarios.parameters import ScenarioError, parameter_specs
from samskaping.simulation.hong_page import heuristics
from samskaping.simulation.metrics import HEADLINE_TABLE

if TYPE_CHECKING:
    from samskaping.experiments.runner import Results


def command_run(args: argparse.Namespace) -> int:
    scenario_file = library.load(args.scenario)
    overrides = parse_overrides(args.overrides)
    parameters = scenario_file.parameters | overrides
    regimes = regime_list(args.regime, parameters.get("regime", "npm"))
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
    names = list(HEADLINE_TABLE) + [k for k in first.metrics if k not in HEADLINE_TABLE]
    width = max(len(name) for name in names)
    columns = [result.regime for result in results]
    head = f"{title}: {first.steps} months, seed {first.seed}"
    lines = [head, "", f"{'metric':<{width}}  " + "  ".join(f"{c:>12}" for c in columns)]
    lines.append("-" * len(lines[-1]))
    for name in names:
        if name == names[len(HEADLINE_TABLE)]:
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
                "source": p.source,
            }
            for p in specs
        ]
        print(json.dumps(table, indent=1))
        return 0
    name_w = max(len(p.name) for p in specs)
    default_w = max(len(_shown(p.default)) for p in specs)
    allowed_w = max(len(p.allowed) for p in specs)
    indent = " " * (name_w + default_w + allowed_w + 6)
    for p in specs:
        default = _shown(p.default)
        print(f"{p.name:<{name_w}}  {default:<{default_w}}  {p.allowed:<{allowed_w}}  {p.meaning}")
        print(f"{indent}source: {p.source}")
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

    regimes = regime_list(args.regimes, "npm", "--regimes") if args.regimes is not None else None
    experiment = compare_experiment(
        args.scenarios or [library.DEFAULT],
        regimes,
        args.reps,
        args.steps,
        args.seed,
        parse_overrides(args.overrides),
    )
    results = _run(experiment, args, f"compare {' '.join(sys.argv[2:])}".strip())

    def show(results: Results) -> None:
        print(f"{experiment.title}: {experiment.replications} replications, {experiment.steps} "
              f"months, seed {experiment.seed}; mean ± 95 % interval\n")  # fmt: skip
        print(headline_table(results.summary, HEADLINE_TABLE))
        print(f"\n{describe(results)}")

    return _finished(results, show)


def command_claims(args: argparse.Namespace) -> int:
    """``objections`` and ``dark-side``: a set of claims, each an experiment with a verdict."""
    from samskaping.experiments.claims import run_claims
    from samskaping.experiments.dark_side import report as dark_side
    from samskaping.experiments.objections import report as objections

    claims = {"objections": objections.CLAIMS, "dark-side": dark_side.CLAIMS}[args.command]

    overrides = parse_overrides(args.overrides)
    out = args.out or claims.default_folder(args.reps, args.seed, args.steps, overrides)
    numbers = sorted(set(args.only or claims.rules) & set(claims.rules))
    try:
        reported = run_claims(
            claims,
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
    said = {number: verdict.summary for number, _, verdict in reported}
    said |= {
        n: f"Not represented in this model: {claim}" for n, (_, claim, _) in claims.absent.items()
    }
    for number in sorted(said):
        print(f"{number}. {said[number]}")
    print(f"\nreport: {out}/report.md (numbers in verdicts.csv)")
    return 0


def command_sweep(args: argparse.Namespace) -> int:
    from samskaping.experiments.runner import describe

    experiment = load_experiment(args.experiment)
    _say_defaults(experiment)
    if experiment.sensitivity is not None:  # a SALib design: its runs, points and indices
        return command_sensitivity(args, experiment)
    results = _run(experiment, args, f"sweep {' '.join(sys.argv[2:])}".strip())
    return _finished(results, lambda results: print(describe(results)))


def _say_defaults(experiment: Experiment) -> None:
    """What a file that leaves out the size of the experiment will run, and which defaults it
    takes (an empty file is a valid experiment: the default scenario, 10 times)."""
    document = experiment.source.get("document", {})
    taken = {"scenario": library.DEFAULT, "steps": experiment.steps,
             "replications": experiment.replications, "seed": experiment.seed}  # fmt: skip
    left_out = [f"{key} = {value!r}" for key, value in taken.items() if key not in document]
    if "steps" not in document or "replications" not in document:
        print(f"samskaping: {experiment.name}: {len(experiment.arms):,} arm(s) × "
              f"{experiment.replications:,} replication(s) = {experiment.size:,} runs of "
              f"{experiment.steps} months; not in the file, so the defaults: "
              f"{', '.join(left_out)}", file=sys.stderr)  # fmt: skip


def command_sensitivity(args: argparse.Namespace, experiment: Experiment | None = None) -> int:
    from samskaping.experiments.sensitivity import describe, run_sensitivity

    experiment = experiment or load_experiment(args.experiment)
    if experiment.sensitivity is None:
        raise ScenarioError(f"{args.experiment}: design.kind {experiment.design!r} is not a "
                            "sensitivity design (sobol, morris, fast or pawn): run it with "
                            "'samskaping sweep'")  # fmt: skip
    command = f"{args.command} {' '.join(sys.argv[2:])}".strip()
    results = _run(experiment, args, command, run_sensitivity)
    return _finished(results, lambda results: print(describe(results)))


def command_discover(args: argparse.Namespace) -> int:
    from samskaping.experiments.scenario_discovery import describe_box, discover

    try:
        found = discover(args.results, args.where, args.method, args.out, args.box)
    except OSError as error:
        raise ScenarioError(f"{args.out or args.results}: cannot write ({error.strerror or error})"
                            ) from None  # fmt: skip
    print(f"{args.where}: holds at {found.cases} of {found.points} points")
    for number, rows in found.boxes.groupby("box"):
        first = rows.iloc[0]
        print(f"box {number}: {describe_box(found.boxes, number)} (coverage {first['coverage']:.0%}"
              f", density {first['density']:.0%})")  # fmt: skip
    if found.boxes.empty:
        print("no box: no region of the parameters where it stands out (see the report)")
    print(f"report: {found.out}/report.md")
    return 0


def _exit_code(results: Results) -> int:
    """1 (and a line saying so) if any run failed, else 0."""
    if results.failed.empty:
        return 0
    print(
        f"samskaping: {len(results.failed)} run(s) failed (see report.md); run the same command "
        "with --retry-failed to try them again",
        file=sys.stderr,
    )
    return 1


def _run(
    experiment: Experiment, args: argparse.Namespace, command: str, run=None
) -> Results | ShardReport | None:
    """Run an experiment as the options say; None when nothing was run (a dry run, or a plan
    that was not confirmed)."""
    # the runner brings pyarrow and matplotlib: imported only when needed, so that the other
    # commands, and the worker processes that start from this module, start fast
    from samskaping.experiments import plan
    from samskaping.experiments.runner import default_folder, planned, run_experiment

    out = args.out or default_folder(experiment)  # named here for the error message
    shard = Shard(*args.shard) if getattr(args, "shard", None) else None
    merge, repair = getattr(args, "merge", False), getattr(args, "repair", False)
    if args.dry_run and (merge or repair):
        raise ScenarioError("--dry-run: plans runs; --merge and --repair are not runs to plan")
    workers = 1 if args.scheduler else args.workers or default_workers()
    try:
        large = experiment.size > plan.LARGE and not (merge or repair)
        if args.dry_run or large:
            todo = planned(experiment, out, shard, args.retry_failed)
            if args.dry_run or todo:
                found = plan.estimate(experiment, len(todo), workers, run_memory=args.run_memory,
                                      run_timeout=args.run_timeout)  # fmt: skip
                text = plan.describe(found) + (
                    "\n(on Dask: divide the time by the cluster's worker threads)"
                    if args.scheduler and todo else ""
                )  # fmt: skip
                print(text, file=sys.stdout if args.dry_run else sys.stderr)
            if args.dry_run:
                return None
            if todo and sys.stdin.isatty() and sys.stderr.isatty() and not _confirmed():
                print("samskaping: not started", file=sys.stderr)
                return None
        return (run or run_experiment)(
            experiment, out, workers=args.workers, scheduler=args.scheduler, progress="auto",
            command=command, shard=shard, merge=merge, repair=repair,
            retry_failed=args.retry_failed, run_memory=args.run_memory,
            run_timeout=args.run_timeout, wait_for_workers=args.wait_for_workers,
        )  # fmt: skip
    except OSError as error:
        raise ScenarioError(f"{out}: cannot write results ({error.strerror or error})") from None


def _confirmed() -> bool:
    """Asked only at a terminal: a batch job never waits for an answer."""
    try:
        answer = input("Start? [Y/n] ")
    except EOFError:
        return True
    return answer.strip().lower() in ("", "y", "yes", "j", "ja")


def _finished(results: Results | ShardReport | None, say_results) -> int:
    """The end of a compare, sweep or sensitivity command: what it did, and its exit code (1 if
    any run failed)."""
    if results is None:
        return 0
    if isinstance(results, ShardReport):
        if results.failed:
            print(f"samskaping: {results.failed} run(s) of shard {results.shard} failed; run it "
                  "again with --retry-failed to try them again", file=sys.stderr)  # fmt: skip
        return 1 if results.failed else 0
    say_results(results)
    return _exit_code(results)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a batch system's time limit, scancel, kill): ends like Ctrl-C, so that locks are
    let go and the folder resumes."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return _dispatch(args)
        finally:
            signal.signal(signal.SIGTERM, previous)
    return _dispatch(args)


def command_classroom(args: argparse.Namespace) -> int:
    """``samskaping classroom``: one session served with the UI; its codes printed here."""
    from samskaping.experiments.classroom import Classroom
    from samskaping.scenarios import library
    from samskaping.ui.server import serve

    library.load(args.scenario)  # a bad scenario is refused before the server starts
    room = Classroom(args.scenario, args.regime, args.seed, args.professionals, args.citizens)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: --host {args.host}: anyone on this network can reach the classroom",
              file=sys.stderr)  # fmt: skip
    print(f"teacher code: {room.teacher_code}  (on the Classroom page: 'I am the teacher')")
    print(f"join code: {room.join_code}", flush=True)
    serve(args.host, args.port, args.results, room=room)
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    try:
        if args.command == "run":
            return command_run(args)
        if args.command == "hong-page":
            return command_hong_page(args)
        if args.command == "scenarios":
            return command_scenarios(args)
        if args.command == "compare":
            return command_compare(args)
        if args.command in ("objections", "dark-side"):
            return command_claims(args)
        if args.command == "ui":
            from samskaping.ui.server import serve

            serve(args.host, args.port, args.results)
            return 0
        if args.command == "classroom":
            return command_classroom(args)
        if args.command == "sweep":
            return command_sweep(args)
        if args.command == "sensitivity":
            return command_sensitivity(args)
        if args.command == "discover":
            return command_discover(args)
        return command_params(args)
    except ScenarioError as error:
        fail(str(error))
    except WorkerLostError as error:
        print(
            f"samskaping: a worker process died ({error}); the runs already finished are kept: "
            "run the same command again to resume (with fewer --workers if memory ran out)",
            file=sys.stderr,
        )
        return 1
    except Terminated:
        print("samskaping: terminated (a compare or sweep resumes where it stopped when the same "
              "command runs again)", file=sys.stderr)  # fmt: skip
        return 143
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
