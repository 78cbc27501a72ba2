"""Compare's band (``ui/band.py``): many seeds per side, the paired difference month by month, the
same numbers as ``samskaping compare`` gives for the same scenario, settings and seed."""

from __future__ import annotations

import numpy as np

from samskaping.experiments import compare
from samskaping.experiments.statistics import summarise
from samskaping.simulation.metrics import HEADLINE
from samskaping.ui import session
from samskaping.ui.band import Recipe, band
from samskaping.ui.charts import DifferenceChart

SMALL = session.settings_of("default") | {"citizens": 60}


def sides(seed: int = 7, **right: object) -> tuple[Recipe, Recipe]:
    """NPM on the left, co-creation on the right (with ``right``'s changes), one seed."""
    return (
        Recipe.of("default", SMALL | {"regime": "npm"}, seed),
        Recipe.of("default", SMALL | {"regime": "co-creation"} | right, seed),
    )


def test_the_band_is_the_compare_commands_paired_difference_month_by_month(tmp_path):
    months, seeds = 5, 3
    drawn = band(*sides(), seeds, months)
    settings = {k: v for k, v in SMALL.items() if k != "regime"}
    results = compare(["default"], reps=seeds, steps=months, seed=7, parameters=settings,
                      out=tmp_path / "compare", workers=1, progress=None)  # fmt: skip
    runs = results.runs[["run_id", "arm", "replication", "status"]]
    for month in range(months + 1):
        table = runs.merge(results.timeseries.query("step == @month"), on="run_id")
        summary = summarise(table, ["npm", "co-creation"], HEADLINE, [("co-creation", "npm")])
        summary = summary[summary["kind"] == "difference"].set_index("metric")
        for metric in HEADLINE:
            expected = summary.loc[metric, ["mean", "ci_low", "ci_high"]].to_numpy(float)
            got = [drawn.mean[metric][month], drawn.low[metric][month], drawn.high[metric][month]]
            np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    final = results.summary.query("kind == 'difference'").set_index("metric")  # summary.csv's
    for metric in HEADLINE:
        np.testing.assert_allclose(drawn.mean[metric][-1], final.loc[metric, "mean"], rtol=1e-12)
        np.testing.assert_allclose(
            [drawn.low[metric][-1], drawn.high[metric][-1]],
            final.loc[metric, ["ci_low", "ci_high"]].to_numpy(float),
            rtol=1e-12,
        )


def test_the_same_seed_gives_the_same_band_and_another_seed_another():
    left, right = sides(power_sharing=0.9)  # the sides differ beyond the regime, too
    one, again = band(left, right, 3, 4), band(left, right, 3, 4)
    other = band(*sides(8, power_sharing=0.9), 3, 4)
    for metric in HEADLINE:
        for part in ("mean", "low", "high"):
            np.testing.assert_array_equal(getattr(one, part)[metric], getattr(again, part)[metric])
        assert not np.array_equal(one.mean[metric][1:], other.mean[metric][1:])
    assert (one.seeds, one.months, one.mean["legitimacy"].shape) == (3, 4, (5,))
    assert (one.low["accuracy"] <= one.mean["accuracy"]).all()
    assert (one.mean["accuracy"] <= one.high["accuracy"]).all()


def test_a_band_no_longer_wanted_stops_between_months():
    asked = []

    def going() -> bool:
        asked.append(True)
        return len(asked) < 3

    assert band(*sides(), 2, 10, going=going) is None
    assert len(asked) == 3


def test_a_reset_records_what_the_model_was_built_from():
    side = session.Side("band-test", "co-creation")
    assert side.built == Recipe.of("default", session.settings_of("default", "co-creation"), 42)
    side.change("power_sharing", 0.9)  # a lever: the running model, not what it was built from
    assert dict(side.built.settings)["power_sharing"] == 0.5
    side.reset(seed=5)
    assert side.built == Recipe.of("default", side.settings.value, 5)
    assert dict(side.built.settings)["power_sharing"] == 0.9


def test_the_difference_chart_draws_the_band_once_under_the_live_lines():
    chart = DifferenceChart("nb")
    drawn = band(*sides(), 2, 3)
    chart.band(drawn)
    k = len(HEADLINE)

    def traces():
        data = chart.widget.data  # the figure the browser has
        return data[:k], data[k : 2 * k], data[2 * k : 3 * k], data[3 * k]

    shaded, means, lines, key = traces()
    assert [len(trace["x"]) for trace in shaded] == [2 * 4] * k  # high forth, low back
    assert [list(trace["x"]) for trace in means] == [[0, 1, 2, 3]] * k
    assert [len(trace["customdata"]) for trace in means] == [4] * k  # its interval, hovered
    assert [list(trace["y"]) for trace in lines] == [[]] * k  # the live lines: no month yet
    assert key["visible"] and key["name"] == "bånd: 2 frø per side"
    assert chart.widget.plot_layout["xaxis"]["range"] == [0, 12]
    chart.band(None)
    shaded, _, _, key = traces()
    assert [list(trace["x"]) for trace in shaded] == [[]] * k and not key["visible"]
