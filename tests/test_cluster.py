"""Sweeps that survive a cluster: runs that kill their worker, limits, shards, locks, damaged
folders, plans, and scripts without a main guard (issue 15)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from samskaping.cli import main
from samskaping.experiments import plan
from samskaping.experiments.design import load_experiment
from samskaping.experiments.lock import FolderLock
from samskaping.experiments.runner import Results, run_experiment
from samskaping.experiments.shards import Shard
from samskaping.experiments.single_run import execute
from samskaping.scenarios.parameters import ScenarioError

ROOT = Path(__file__).resolve().parent.parent
SMALL = """
steps = 6
replications = 3
seed = 11
[parameters]
citizens = 150
[vary]
regime = ["npm", "co-creation"]
recognition = [0.2, 0.8]
"""
#: the tidy files a sweep writes; equal bytes mean equal results
TIDY = ("runs.parquet", "timeseries.parquet", "summary.csv", "report.md")


def write(folder: Path, text: str = SMALL, name: str = "small.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def sweep(path: Path, out: Path, *options: str) -> int:
    return main(["sweep", str(path), "--out", str(out), "--workers", "1", *options])


def same_files(one: Path, two: Path, names=TIDY) -> None:
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


# --- 1. a run that kills its worker fails alone ---------------------------------------------------


def killer(run):
    """Kills its own worker on the runs of recognition 0.8 while the marker file exists."""
    marker = Path(os.environ["SAMSKAPING_TEST_MARKER"])
    if marker.exists() and run.parameters["recognition"] == 0.8:
        os.kill(os.getpid(), signal.SIGKILL)
    return execute(run)


def test_a_run_that_kills_its_worker_fails_alone_and_is_retried_only_when_asked(
    tmp_path, monkeypatch
):
    marker = tmp_path / "kill"
    marker.touch()
    monkeypatch.setenv("SAMSKAPING_TEST_MARKER", str(marker))
    experiment = load_experiment(write(tmp_path))
    out = tmp_path / "out"
    results = run_experiment(experiment, out, workers=2, task=killer)
    failed = results.failed
    assert len(failed) == 6 and len(results.runs) == 12
    assert (failed["param_recognition"] == 0.8).all()
    assert failed["error"].str.contains("worker process died").all()
    # a resume keeps them failed; --retry-failed runs them again
    marker.unlink()
    again = run_experiment(experiment, out, workers=2, task=killer)
    assert len(again.failed) == 6
    retried = run_experiment(experiment, out, workers=2, task=killer, retry_failed=True)
    assert retried.failed.empty
    whole = run_experiment(experiment, tmp_path / "whole", workers=1)
    same_files(out, whole.out)


MEMORY = """
steps = 3
replications = 2
seed = 1
[vary]
citizens = [150, 1000000]
"""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_run_over_its_memory_limit_fails_alone(tmp_path, capsys, workers):
    out = tmp_path / "out"
    # big and small runs take turns on the same workers: the cap is each run's own
    text = MEMORY.replace("replications = 2", "replications = 5")
    code = sweep(write(tmp_path, text), out, "--workers", workers, "--run-memory", "250MB")
    assert code == 1
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs["status"].tolist() == ["ok"] * 5 + ["failed"] * 5
    assert runs["error"].iloc[5:].str.startswith("MemoryError").all()
    assert runs["error"].iloc[5:].str.contains("over --run-memory").all()
    assert "--retry-failed" in capsys.readouterr().err


def test_a_run_over_its_time_limit_fails_alone(tmp_path):
    out = tmp_path / "out"
    text = MEMORY.replace("steps = 3", "steps = 100")
    assert sweep(write(tmp_path, text), out, "--run-timeout", "3") == 1
    runs = pd.read_parquet(out / "runs.parquet")
    assert runs["status"].tolist() == ["ok", "ok", "failed", "failed"]
    assert runs["error"].str.contains("run-timeout").iloc[2:].all()


def test_the_clock_between_months_does_not_change_a_run(tmp_path):
    run = load_experiment(write(tmp_path)).runs()[5]
    plain, timed = execute(run), execute(run, timeout=3600)
    assert json.dumps(plain[0]) == json.dumps(timed[0])
    pd.testing.assert_frame_equal(plain[1], timed[1])


def test_a_dask_worker_killed_by_its_memory_limit_fails_its_run_alone(tmp_path):
    distributed = pytest.importorskip("distributed")
    experiment = load_experiment(write(tmp_path, MEMORY))
    # Dask's own settings: a worker is restarted past 95 % of its limit, and a run queued behind
    # a killer on a dying worker is given to another; only a run that kills every worker it meets
    # is failed. A worker holds about 220 MB after a small run; a town of a million, well over 700 MB.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, memory_limit="700MB", host="127.0.0.1",
        dashboard_address=None, processes=True,
    ) as cluster:  # fmt: skip
        results = run_experiment(experiment, tmp_path / "out", scheduler=cluster.scheduler_address)
    assert results.runs["status"].tolist() == ["ok", "ok", "failed", "failed"]
    assert results.failed["error"].str.contains("KilledWorker").all()


# --- 2. shards and locks ----------------------------------------------------------------------------


def test_two_shards_equal_one_sweep_byte_for_byte(tmp_path, capsys):
    path = write(tmp_path)
    whole, sharded = tmp_path / "whole", tmp_path / "sharded"
    assert sweep(path, whole) == 0
    assert sweep(path, sharded, "--shard", "2/2") == 0
    assert "other shards to go" in capsys.readouterr().err
    assert not (sharded / "runs.parquet").exists()
    assert sweep(path, sharded, "--shard", "1/2") == 0  # the last shard merges
    same_files(whole, sharded)
    assert sorted(p.name for p in (whole / "figures").iterdir()) == sorted(
        p.name for p in (sharded / "figures").iterdir()
    )
    manifest = json.loads((sharded / "manifest.json").read_text())
    assert [s.get("shard") for s in manifest["sessions"]] == ["2/2", "1/2"]
    assert manifest["status"] == "complete" and not (sharded / "parts").exists()


def test_merge_says_what_is_missing_and_then_merges(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep(path, out, "--shard", "1/3") == 0
    with pytest.raises(SystemExit) as raised:
        sweep(path, out, "--merge")
    assert raised.value.code == 2
    assert "8 of 12 runs have no result yet" in capsys.readouterr().err
    assert sweep(path, out, "--shard", "2/3") == 0
    assert sweep(path, out, "--shard", "3/3") == 0
    assert (out / "runs.parquet").is_file()


def test_shards_are_disjoint_and_cover_the_design(tmp_path):
    runs = load_experiment(write(tmp_path)).runs()
    shards = [[r.run_id for r in runs if Shard(i, 5).holds(r)] for i in range(1, 6)]
    assert sorted(i for shard in shards for i in shard) == [r.run_id for r in runs]
    for bad in ("4/3", "0/2", "1/", "a/b", (1, 2, 3), (True, 2)):
        with pytest.raises(ScenarioError):
            Shard.parse(bad)
    assert Shard.parse("2/5") == Shard.parse((2, 5)) == Shard(2, 5)


def test_shards_running_at_once_share_the_folder(tmp_path):
    path = write(tmp_path, SMALL.replace("replications = 3", "replications = 8"))
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "samskaping"), "sweep", str(path), "--out",
               str(out), "--workers", "1"]  # fmt: skip
    jobs = [
        subprocess.Popen(
            [*command, "--shard", f"{i}/3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in (1, 2, 3)
    ]
    for job in jobs:
        job.communicate(timeout=300)
        assert job.returncode == 0
    assert sweep(path, tmp_path / "whole") == 0
    same_files(out, tmp_path / "whole")
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(s["shard"] for s in manifest["sessions"]) == ["1/3", "2/3", "3/3"]


def test_a_live_lock_refuses_a_second_job_and_a_dead_ones_is_taken_over(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        record = {"scope": "sweep", "host": os.uname().nodename, "pid": holder.pid,
                  "started": datetime.now(UTC).isoformat(timespec="seconds"),
                  "command": "sweep"}  # fmt: skip
        out.mkdir()
        (out / ".lock-sweep").write_text(json.dumps(record))
        for options in ((), ("--shard", "1/2")):
            with pytest.raises(SystemExit) as raised:
                sweep(path, out, *options)
            assert raised.value.code == 2
            error = capsys.readouterr().err
            assert "another job is working in this folder" in error and str(holder.pid) in error
    finally:
        holder.kill()
        holder.wait()
    assert sweep(path, out) == 0  # the holder is gone: its lock is stale
    assert "took over a stale lock" in capsys.readouterr().err
    assert not list(out.glob(".lock-*"))


def test_shards_of_another_count_conflict(tmp_path):
    with FolderLock(tmp_path, "shard-1-of-2").acquire():
        FolderLock(tmp_path, "shard-2-of-2").acquire().release()
        with pytest.raises(ScenarioError, match="another job"):
            FolderLock(tmp_path, "shard-1-of-3").acquire()


# --- 5. scripts without a main guard ---------------------------------------------------------------


def readme_snippet(out: Path) -> str:
    """The README's compare snippet, made small."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "compare(" in b)
    assert "__main__" not in block
    small = f'reps=2, steps=6, seed=42, parameters={{"citizens": 150}}, workers=2, out={str(out)!r}'
    assert "reps=10, steps=120, seed=42" in block
    return block.replace("reps=10, steps=120, seed=42", small)


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_the_readme_snippet_runs_as_a_script_on_two_workers(tmp_path, how):
    code = readme_snippet(tmp_path / "out")
    assert "workers=2" in code
    command = [sys.executable]
    if how == "file":
        script = tmp_path / "first.py"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run([*command, str(script)], capture_output=True, text=True, timeout=300,
                              cwd=tmp_path)  # fmt: skip
    else:
        done = subprocess.run([*command, "-"], input=code, capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    assert (runs["status"] == "ok").all() and len(runs) == 4
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["sessions"][0]["executor"] == "local, 2 worker(s)"


# --- 6. damaged folders -------------------------------------------------------------------------------


def test_a_truncated_runs_parquet_is_one_line_and_repair_rebuilds_it(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep(path, out) == 0
    before = {name: (out / name).read_bytes() for name in TIDY}
    (out / "runs.parquet").write_bytes(before["runs.parquet"][:100])
    capsys.readouterr()
    with pytest.raises(SystemExit) as raised:
        sweep(path, out)
    assert raised.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "runs.parquet: damaged" in error and "--repair" in error
    with pytest.raises(ScenarioError, match=r"runs\.parquet: damaged"):
        Results.read(out)
    assert sweep(path, out, "--repair") == 0
    assert "12 run(s) rebuilt from the tidy files, 0 to run again" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in TIDY} == before


def test_repair_runs_again_what_a_damaged_timeseries_lost(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep(path, out) == 0
    before = {name: (out / name).read_bytes() for name in TIDY}
    (out / "timeseries.parquet").write_bytes(b"PAR1 not really")
    (out / "summary.csv").write_bytes(b"\x00\xff")
    assert sweep(path, out, "--repair") == 0
    assert "0 run(s) rebuilt from the tidy files, 12 to run again" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in TIDY} == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda json_path, arrow_path: json_path.write_text("{not json"),
        lambda json_path, arrow_path: json_path.write_text('{"run_id": 3}'),
        lambda json_path, arrow_path: arrow_path.write_bytes(b"garbage"),
        lambda json_path, arrow_path: arrow_path.unlink(),
    ],
    ids=["bad-json", "no-status", "bad-arrow", "no-arrow"],
)
def test_a_damaged_part_is_a_line_and_its_run_runs_again(tmp_path, capsys, damage):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep(path, out, "--shard", "1/2") == 0  # leaves parts, not merged
    damage(out / "parts" / "run-00000002.json", out / "parts" / "run-00000002.arrow")
    capsys.readouterr()
    assert sweep(path, out) == 0
    assert "run-00000002.json: damaged" in capsys.readouterr().err
    assert sweep(path, tmp_path / "whole") == 0
    same_files(out, tmp_path / "whole")


def test_a_damaged_manifest_is_a_line_and_repair_rebuilds_it(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep(path, out) == 0
    (out / "manifest.json").write_text("{")
    with pytest.raises(SystemExit):
        sweep(path, out)
    assert "manifest.json: damaged" in capsys.readouterr().err
    assert sweep(path, out, "--repair") == 0
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


# --- 7. plans ---------------------------------------------------------------------------------------


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert sweep(write(tmp_path), out, "--dry-run") == 0
    said = capsys.readouterr().out
    assert "12 runs" in said and "months" in said and "disk" in said
    assert not out.exists()


def test_a_large_design_shows_its_plan_before_starting(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(plan, "LARGE", 10)
    started = time.perf_counter()
    assert sweep(write(tmp_path), tmp_path / "out") == 0
    assert time.perf_counter() - started < 120
    error = capsys.readouterr().err
    assert "12 runs" in error and "disk" in error


def test_two_uncoordinated_sweeps_on_one_folder_do_not_both_run(tmp_path):
    # long enough (80 runs of 60 months) that the second starts while the first still runs
    text = SMALL.replace("replications = 3", "replications = 20").replace("steps = 6", "steps = 60")
    path = write(tmp_path, text)
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "samskaping"), "sweep", str(path), "--out",
               str(out), "--workers", "1"]  # fmt: skip
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    while not (out / ".lock-sweep").exists() and first.poll() is None:
        time.sleep(0.05)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert second.returncode == 2 and "another job is working in this folder" in second.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["sessions"]) == 1 and manifest["runs"]["total"] == 80


def test_an_empty_experiment_file_says_which_defaults_it_runs(tmp_path, capsys):
    assert sweep(write(tmp_path, ""), tmp_path / "out", "--dry-run") == 0
    error = capsys.readouterr().err
    assert "10 runs of 120 months" in error and "replications = 10" in error


# --- 3. Dask without hangs, from the command line ------------------------------------------------


def test_an_http_server_as_scheduler_is_one_line_and_exit_2(tmp_path, capsys):
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started = time.perf_counter()
    try:
        with pytest.raises(SystemExit) as raised:
            sweep(write(tmp_path), tmp_path / "out", "--scheduler",
                  f"tcp://127.0.0.1:{server.server_port}")  # fmt: skip
    finally:
        server.shutdown()
    assert raised.value.code == 2
    assert time.perf_counter() - started < 25  # the connect timeout is 20 s
    error = capsys.readouterr().err.strip().splitlines()
    assert error[-1].startswith("samskaping: error: --scheduler") and "Dask" in error[-1]
    assert not (tmp_path / "out" / "runs.parquet").exists()


def test_a_scheduler_without_workers_gives_up_after_wait_for_workers(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None)
    with cluster, pytest.raises(SystemExit) as raised:
        sweep(write(tmp_path), tmp_path / "out", "--scheduler", cluster.scheduler_address,
              "--wait-for-workers", "2")  # fmt: skip
    assert raised.value.code == 2
    assert "no Dask worker joined" in capsys.readouterr().err


# --- the batch examples of docs/experiments.md, with their local stand-ins ----------------------


def test_the_slurm_array_example_runs_with_its_local_stand_in(tmp_path):
    path = write(tmp_path)
    env = os.environ | {"EXPERIMENT": str(path), "OUT": str(tmp_path / "array"),
                        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}  # fmt: skip
    script = ROOT / "experiments" / "cluster" / "local-array.sh"
    done = subprocess.run(["bash", str(script), "3"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, [p.read_text() for p in tmp_path.glob("*.log")]
    assert sweep(path, tmp_path / "whole") == 0
    same_files(tmp_path / "array", tmp_path / "whole")


def test_the_dask_on_slurm_example_runs_on_a_local_cluster(tmp_path):
    pytest.importorskip("distributed")
    path = write(tmp_path)
    script = ROOT / "experiments" / "cluster" / "dask_slurm.py"
    done = subprocess.run([sys.executable, str(script), str(path), "--out", str(tmp_path / "d"),
                           "--jobs", "2", "--local", "--memory", "2GB"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "12 runs, 0 failed" in done.stdout
    assert sweep(path, tmp_path / "whole") == 0
    same_files(tmp_path / "d", tmp_path / "whole")


# --- 4. the Python API takes the same options, checked the same way ------------------------------


@pytest.mark.parametrize(
    "options, key",
    [
        ({"shard": "3/2"}, "shard"),
        ({"shard": (0, 2)}, "shard"),
        ({"run_memory": "lots"}, "run_memory"),
        ({"run_memory": 1000}, "run_memory"),
        ({"run_timeout": 0}, "run_timeout"),
        ({"wait_for_workers": -1}, "wait_for_workers"),
        ({"retry_failed": "yes"}, "retry_failed"),
        ({"shards": "1/2"}, "shards"),
        ({"out": 5}, "out"),
    ],
)
def test_the_api_checks_the_runner_options(tmp_path, options, key):
    from samskaping.experiments import sweep as api_sweep

    with pytest.raises(ScenarioError, match=f"^{key}: "):
        api_sweep(write(tmp_path), **({"out": tmp_path / "out"} | options))
    assert not (tmp_path / "out").exists()


def test_the_api_runs_shards(tmp_path):
    from samskaping.experiments import sweep as api_sweep

    path = write(tmp_path)
    report = api_sweep(path, out=tmp_path / "out", workers=1, progress=None, shard="1/2")
    assert (report.shard, report.ran, report.failed, report.left) == (Shard(1, 2), 6, 0, 6)
    results = api_sweep(path, out=tmp_path / "out", workers=1, progress=None, shard=(2, 2))
    assert len(results.runs) == 12 and results.failed.empty


# --- what a finished folder, a shard and a batch system's signals do ----------------------------


def test_a_finished_folder_is_not_run_again_by_retry_or_planned_as_work(tmp_path, capsys):
    path = write(tmp_path)
    out = tmp_path / "out"
    assert sweep(path, out) == 0
    assert sweep(path, out, "--retry-failed") == 0
    assert len(json.loads((out / "manifest.json").read_text())["sessions"]) == 1
    capsys.readouterr()
    assert sweep(path, out, "--dry-run") == 0
    assert "(0 to do)" in capsys.readouterr().out
    (out / "runs.parquet").unlink()
    with pytest.raises(SystemExit):
        sweep(path, out)
    assert "runs.parquet: missing from a finished folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [("--shard", "1/2", "--merge"), ("--merge", "--repair"), ("--merge", "--retry-failed"),
     ("--dry-run", "--merge")],
)  # fmt: skip
def test_options_that_do_different_things_go_one_at_a_time(tmp_path, capsys, options):
    with pytest.raises(SystemExit) as raised:
        sweep(write(tmp_path), tmp_path / "out", *options)
    assert raised.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_repair_needs_an_experiments_folder(tmp_path, capsys):
    path = write(tmp_path)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    for out in (foreign, tmp_path / "nothing"):
        with pytest.raises(SystemExit) as raised:
            sweep(path, out, "--repair")
        assert raised.value.code == 2
    assert "nothing to repair" in capsys.readouterr().err
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_a_shard_whose_runs_failed_exits_1(tmp_path, capsys):
    path = write(tmp_path, MEMORY)
    assert sweep(path, tmp_path / "out", "--shard", "1/2", "--run-memory", "250MB") == 1
    assert "1 run(s) of shard 1/2 failed" in capsys.readouterr().err


def test_sigterm_lets_go_of_the_lock_and_the_sweep_resumes(tmp_path):
    path = write(tmp_path, SMALL.replace("replications = 3", "replications = 10"))
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "samskaping"), "sweep", str(path), "--out",
               str(out), "--workers", "1"]  # fmt: skip
    job = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    while len(list(out.glob("parts/run-*.json"))) < 3 and job.poll() is None:
        time.sleep(0.05)
    job.send_signal(signal.SIGTERM)
    _, error = job.communicate(timeout=60)
    assert job.returncode == 143 and "terminated" in error
    assert not list(out.glob(".lock-*"))
    assert sweep(path, out) == 0
    assert sweep(path, tmp_path / "whole") == 0
    same_files(out, tmp_path / "whole")
