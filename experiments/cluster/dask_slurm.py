"""A sweep on a Dask cluster that dask-jobqueue runs as SLURM jobs, from a login node.

    pip install dask-jobqueue
    python experiments/cluster/dask_slurm.py regimes-and-problems --jobs 10
    python experiments/cluster/dask_slurm.py regimes-and-problems --jobs 2 --local  # stand-in

dask-jobqueue submits the workers as batch jobs; the sweep starts when the first has joined (and
gives up, exit 2, if none has within --wait seconds: a full queue is said, not waited out in
silence). A worker whose job ends or runs out of memory takes only its runs with it: Dask gives
them to the others, and a run that kills every worker it meets is recorded as failed. The
folder resumes like any other, so a sweep cut short by the allocation's time limit is finished by
running the same command again. ``--local`` uses a LocalCluster of the same shape instead, so the
script can be tried on any machine.
"""

from __future__ import annotations

import argparse
import sys

from samskaping.experiments import ScenarioError, sweep


def cluster(jobs: int, memory: str, walltime: str, local: bool):
    """``jobs`` single-threaded workers: SLURM jobs, or local processes."""
    if local:
        from distributed import LocalCluster

        return LocalCluster(n_workers=jobs, threads_per_worker=1, memory_limit=memory,
                            dashboard_address=None)  # fmt: skip
    from dask_jobqueue import SLURMCluster

    slurm = SLURMCluster(cores=1, processes=1, memory=memory, walltime=walltime,
                         job_name="samskaping-worker")  # fmt: skip
    slurm.scale(jobs=jobs)
    return slurm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment", help="an experiment file, or a shipped example's name")
    parser.add_argument("--out", default=None, help="results folder (default: results/...)")
    parser.add_argument("--jobs", type=int, default=4, help="worker jobs (default 4)")
    parser.add_argument("--memory", default="4GB", help="memory per worker job (default 4GB)")
    parser.add_argument("--walltime", default="02:00:00", help="per worker job (default 2 h)")
    parser.add_argument("--wait", type=float, default=600, help="seconds to wait for a worker")
    parser.add_argument("--local", action="store_true", help="a LocalCluster instead of SLURM")
    args = parser.parse_args()
    with cluster(args.jobs, args.memory, args.walltime, args.local) as dask_cluster:
        try:
            results = sweep(args.experiment, out=args.out, scheduler=dask_cluster.scheduler_address,
                            wait_for_workers=args.wait)  # fmt: skip
        except ScenarioError as error:
            print(f"samskaping: error: {error}", file=sys.stderr)
            return 2
    print(f"{len(results.runs)} runs, {len(results.failed)} failed: {results.out}/report.md")
    return 1 if len(results.failed) else 0


if __name__ == "__main__":
    sys.exit(main())
