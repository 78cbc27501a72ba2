"""Scenario files and the typed scenario: defaults, ranges, and clear errors."""

from __future__ import annotations

import pytest

from samskaping.scenarios import available, load
from samskaping.simulation import (
    SamskapingModel,
    SamskapingScenario,
    ScenarioError,
    parameter_specs,
)


def test_every_parameter_has_default_range_and_meaning():
    specs = parameter_specs()
    assert {"citizens", "recognition", "power_sharing", "arena_rate", "complexity"} <= set(specs)
    for spec in specs.values():
        assert spec.meaning, spec.name
        assert spec.check(spec.default) == spec.default
        if spec.kind in (int, float):
            assert spec.low is not None and spec.high is not None
            assert spec.low <= spec.default <= spec.high


def test_assigning_a_parameter_is_checked_too():
    scenario = SamskapingScenario(rng=1)
    scenario.recognition = 0.7
    assert scenario.recognition == 0.7
    with pytest.raises(ScenarioError, match=r"outside the allowed range \[0, 1\]"):
        scenario.recognition = 5
    with pytest.raises(ScenarioError, match="unknown parameter"):
        scenario.recogniton = 0.5


def test_a_relative_network_file_is_read_beside_the_scenario(tmp_path):
    import networkx as nx

    nx.write_edgelist(nx.cycle_graph(20), tmp_path / "ties.edges", data=False)
    (tmp_path / "town.toml").write_text('[parameters]\nnetwork_file = "ties.edges"\n')
    scenario_file = load(str(tmp_path / "town.toml"))
    assert scenario_file.parameters["network_file"] == str(tmp_path / "ties.edges")
    assert SamskapingModel(scenario_file.scenario(rng=1)).scenario.citizens == 20


def test_shipped_scenarios_load_and_run():
    assert "default" in available()
    for name in available():
        scenario_file = load(name)
        assert scenario_file.title and scenario_file.description
        model = SamskapingModel(scenario_file.scenario(rng=1, citizens=100))
        model.run_for(2)


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"recognition": 1.5}, r"recognition: 1.5 is outside the allowed range \[0, 1\]"),
        ({"citizens": 5}, r"citizens: 5 is outside the allowed range \[10, 1000000\]"),
        ({"regime": "anarchy"}, "not one of npm | co-creation"),
        ({"recogniton": 0.5}, "unknown parameter 'recogniton'"),
        ({"mode_a": "yes"}, "not true or false"),
        ({"citizens": 10.5}, "not a whole number"),
    ],
)
def test_bad_values_are_rejected_with_a_clear_message(parameters, message):
    with pytest.raises(ScenarioError, match=message):
        SamskapingScenario(rng=1, **parameters)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[parameters]\nrecognition = 2\n", r"parameters.recognition: 2 is outside"),
        ("[parameters]\nnope = 1\n", "parameters.nope: unknown parameter"),
        ("[parameters\n", "TOML syntax error"),
        ("colour = 'red'\n", "unknown key 'colour'"),
        ("parameters = 3\n", "'parameters' must be a table"),
    ],
)
def test_bad_scenario_files_name_file_and_key(tmp_path, text, message):
    path = tmp_path / "town.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message) as error:
        load(str(path))
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


def test_a_missing_scenario_is_a_clear_error():
    with pytest.raises(ScenarioError, match="no such scenario or file"):
        load("atlantis")
