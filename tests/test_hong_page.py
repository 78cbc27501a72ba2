"""The Hong–Page engine: exact climbs, the published result, Grim et al.'s flip, reproducibility."""

from __future__ import annotations

import json

import numpy as np
import pytest

from samskaping.cli import main
from samskaping.experiments.hong_page_study import run_landscapes, study, summarise
from samskaping.simulation import hong_page as hp


def climb(values: np.ndarray, heuristic: np.ndarray, x: int) -> int:
    """Hong & Page's climb, written the slow and obvious way."""
    fails, j, n = 0, 0, values.size
    while fails < heuristic.size:
        y = (x + heuristic[j]) % n
        if values[y] > values[x]:
            x, fails = y, 0
        else:
            fails += 1
        j = (j + 1) % heuristic.size
    return x


@pytest.mark.parametrize("smoothness", [0.0, 3.0])
@pytest.mark.parametrize("l", [6, 12])
def test_vectorised_climbs_equal_the_obvious_climb(l, smoothness):  # noqa: E741
    rng = np.random.default_rng(l)
    values = hp.landscape(rng, 150, smoothness)
    ends = hp.endpoints(values, l)
    every = hp.heuristics(l)
    for h in rng.choice(every.shape[0], 40, replace=False):
        assert [climb(values, every[h], x) for x in range(150)] == ends[h].tolist()


def test_heuristics_are_all_ordered_triples_of_distinct_steps():
    every = hp.heuristics(12)
    assert every.shape == (12 * 11 * 10, 3)
    assert len({tuple(h) for h in every}) == every.shape[0]
    assert ((every >= 1) & (every <= 12)).all()
    assert (every[:, 0] != every[:, 1]).all() and (every[:, 1] != every[:, 2]).all()


def test_relay_ends_where_no_member_improves():
    rng = np.random.default_rng(3)
    values = hp.landscape(rng, 300)
    ends = hp.endpoints(values, 12)
    team = rng.choice(ends.shape[0], 5, replace=False)
    final = hp.relay(ends[team], np.arange(300))
    for member in team:
        assert np.array_equal(ends[member][final], final)
    assert (values[final] >= values[ends[team[0]]]).all()


def test_steps_longer_than_the_ring_are_refused():
    with pytest.raises(ValueError, match="l < n"):
        hp.endpoints(np.zeros(10), 12)


def test_diversity_counts_positions_that_differ():
    assert hp.diversity(np.array([[1, 2, 3], [1, 3, 5]])) == pytest.approx(2 / 3)
    assert hp.diversity(np.array([[3, 4, 5], [4, 5, 6]])) == 1.0
    assert hp.diversity(np.array([[1, 2, 3], [1, 2, 3]])) == 0.0


def test_smoothing_interpolates_between_random_points():
    rng = np.random.default_rng(5)
    rough, smooth = hp.landscape(rng, 2000, 0), hp.landscape(rng, 2000, 10)
    assert smooth.min() >= 0 and smooth.max() <= 100
    assert np.abs(np.diff(smooth)).mean() < np.abs(np.diff(rough)).mean() / 5


def test_random_team_beats_best_team_on_the_random_landscape():
    """Hong & Page (2004), 10 agents, l = 12: best ≈ 92.6, random ≈ 94.5 (and Wallrich 2022's
    replication over 500 landscapes: 92.3 ± 1.3 and 94.4 ± 0.6)."""
    record = study(10, 12, 30, seed=11)
    assert record["random_wins"] >= 0.8
    assert 91.0 <= record["best"]["solution"] <= 93.5
    assert 93.7 <= record["random"]["solution"] <= 95.2
    assert record["random"]["diversity"] > record["best"]["diversity"]


def test_with_strong_smoothing_the_able_team_wins():
    """Grim et al. (2019): on smooth landscapes ability trumps diversity."""
    record = study(10, 12, 30, seed=11, smoothness=8)
    assert record["best"]["solution"] > record["random"]["solution"]
    assert record["random_wins"] < 0.5


def test_same_seed_same_numbers_whatever_the_workers():
    one = run_landscapes(4, 12, [10, 20], seed=9, workers=1)
    two = run_landscapes(4, 12, [10, 20], seed=9, workers=2)
    assert summarise(one, 10, 12, 0.0) == summarise(two, 10, 12, 0.0)
    assert summarise(one, 20, 12, 0.0) == summarise(two, 20, 12, 0.0)
    assert summarise(one, 10, 12, 0.0) != summarise(run_landscapes(4, 12, [10], 10), 10, 12, 0.0)


def test_cli_json_has_the_documented_shape(capsys):
    assert main(["hong-page", "--agents", "10", "--l", "12", "--landscapes", "2",
                 "--seed", "1", "--json"]) == 0  # fmt: skip
    record = json.loads(capsys.readouterr().out)
    assert {k: record[k] for k in ("agents", "l", "k", "n", "landscapes", "smoothness")} == {
        "agents": 10, "l": 12, "k": 3, "n": 2000, "landscapes": 2, "smoothness": 0.0,
    }  # fmt: skip
    for team in ("best", "random"):
        assert set(record[team]) == {"solution", "solution_sd", "diversity"}
        assert 0 <= record[team]["solution"] <= 100 and 0 <= record[team]["diversity"] <= 1
    assert 0 <= record["random_wins"] <= 1


@pytest.mark.parametrize("n", [13, 100, 150, 500, 777, 2000])
def test_abilities_are_numpys_mean_bit_for_bit(n):
    """The compiled ability (by start) adds in numpy's own order: ranking by ability, and so the
    professionals' training, is what numpy's mean gives."""
    rng = np.random.default_rng(n)
    values = hp.landscape(rng, n, 3.0 if n % 2 else 0.0)
    ends = hp.endpoints(values, 12)
    assert np.array_equal(hp.abilities(values, ends), values[ends].mean(axis=1))
    assert np.array_equal(hp.reach(values, np.ascontiguousarray(ends.T)), values[ends].mean(axis=1))
