"""The Hong–Page validation study: the best-N team against a random-N team, landscape by landscape.

For each landscape (its own child seed from one ``SeedSequence``, so results do not depend on the
number of workers): draw the landscape, rank every heuristic by ability, take the N ablest as the
best team and N drawn at random as the random team, let each team search as a relay from every
starting point, and record the mean value reached and the team's diversity (Hong & Page 2004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from samskaping.experiments.executors import process_pool
from samskaping.simulation import hong_page as hp

TEAMS = ("best", "random")


@dataclass(frozen=True)
class Landscape:
    """One landscape's outcome for each team size: mean solution and diversity of both teams."""

    solution: dict[tuple[int, str], float]
    diversity: dict[tuple[int, str], float]
    n: int = hp.N_POINTS
    k: int = hp.STEPS


def search_landscape(
    seed: np.random.SeedSequence,
    l: int,  # noqa: E741 - Hong & Page's name
    sizes: Sequence[int],
    smoothness: float,
    n: int = hp.N_POINTS,
    k: int = hp.STEPS,
) -> Landscape:
    """Both teams of every size on one landscape."""
    landscape_seed, team_seed = seed.spawn(2)
    values = hp.landscape(np.random.default_rng(landscape_seed), n, smoothness)
    ends = hp.endpoints(values, l, k)
    ranking = np.argsort(-hp.abilities(values, ends), kind="stable")
    every = hp.heuristics(l, k)
    starts = np.arange(n)
    solution, diversity = {}, {}
    for size in sizes:
        teams = {
            "best": ranking[:size],
            "random": np.random.default_rng(team_seed).choice(every.shape[0], size, replace=False),
        }
        for team, members in teams.items():
            solution[size, team] = float(values[hp.relay(ends[members], starts)].mean())
            diversity[size, team] = hp.diversity(every[members])
    return Landscape(solution, diversity, n, k)


def _search(args: tuple) -> Landscape:
    return search_landscape(*args)


def run_landscapes(
    landscapes: int,
    l: int,  # noqa: E741
    sizes: Sequence[int],
    seed: int,
    smoothness: float = 0.0,
    workers: int = 1,
    n: int = hp.N_POINTS,
    k: int = hp.STEPS,
) -> list[Landscape]:
    """Search ``landscapes`` landscapes, in order, on ``workers`` processes."""
    seeds = np.random.SeedSequence(seed).spawn(landscapes)
    jobs = [(s, l, tuple(sizes), smoothness, n, k) for s in seeds]
    if workers <= 1:
        return [_search(job) for job in jobs]
    with process_pool(workers, preload=(__name__,)) as pool:
        return list(pool.map(_search, jobs, chunksize=max(1, landscapes // (8 * workers))))


def summarise(results: list[Landscape], size: int, l: int, smoothness: float) -> dict:  # noqa: E741
    """The JSON record of ``samskaping hong-page`` for one team size."""
    record = {
        "agents": size,
        "l": l,
        "k": results[0].k,
        "n": results[0].n,
        "landscapes": len(results),
        "smoothness": smoothness,
    }
    for team in TEAMS:
        solutions = np.array([r.solution[size, team] for r in results])
        record[team] = {
            "solution": float(solutions.mean()),
            "solution_sd": float(solutions.std(ddof=1)) if solutions.size > 1 else 0.0,
            "diversity": float(np.mean([r.diversity[size, team] for r in results])),
        }
    wins = [r.solution[size, "random"] > r.solution[size, "best"] for r in results]
    record["random_wins"] = float(np.mean(wins))
    return record


def study(
    agents: int,
    l: int,  # noqa: E741
    landscapes: int,
    seed: int,
    smoothness: float = 0.0,
    workers: int = 1,
) -> dict:
    """One configuration of the validation study, as ``samskaping hong-page`` reports it."""
    results = run_landscapes(landscapes, l, [agents], seed, smoothness, workers)
    return summarise(results, agents, l, smoothness)
