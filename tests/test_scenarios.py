"""Scenario files and the typed scenario: defaults, ranges, and clear errors."""

from __future__ import annotations

import re

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
        ("nb = 'hei'\n", "'nb' must be a table"),
        ("[nb]\ntittel = 'By'\n", r"nb.tittel: unknown key \(allowed: title, description, try\)"),
        ("[nb]\ntitle = 3\n", "nb.title: must be text"),
        ("try = 3\n", "try: must be text"),
    ],
)
def test_bad_scenario_files_name_file_and_key(tmp_path, text, message):
    path = tmp_path / "town.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message) as error:
        load(str(path))
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


def test_a_scenario_says_what_to_try_and_in_bokmal_too(tmp_path):
    path = tmp_path / "town.toml"
    path.write_text(
        'title = "Town"\ndescription = "A town."\ntry = """Turn mode A off;\n watch."""\n'
        '[nb]\ntitle = "By"\ntry = "Slå av form A."\n'
    )
    town = load(str(path))
    assert (town.text("title"), town.text("try")) == ("Town", "Turn mode A off; watch.")
    assert (town.text("title", "nb"), town.text("try", "nb")) == ("By", "Slå av form A.")
    assert town.text("description", "nb") == "A town."  # not translated: the English


def test_a_missing_scenario_is_a_clear_error():
    with pytest.raises(ScenarioError, match="no such scenario or file"):
        load("atlantis")


# --- the scenario library ------------------------------------------------------------------------

SHARES = ("legitimacy", "accuracy", "inequality", "fulfilment", "participation", "quality")


def test_the_library_has_the_settings_students_ask_about():
    assert len(available()) >= 9
    assert {"default", "elderly-care", "urban-planning", "volunteer-centre", "kommune-3",
            "relational-welfare", "standardised-service", "npm-baseline",
            "vulnerable-minority"} <= set(available())  # fmt: skip


@pytest.mark.parametrize("name", available())
def test_every_scenario_loads_runs_and_stays_in_range(name):
    scenario = load(name)
    assert scenario.title and scenario.description
    for key in ("title", "description", "try"):  # what the page's Info panel shows, both ways
        assert scenario.text(key, "en") and scenario.translations["nb"].get(key)
    model = SamskapingModel(scenario.scenario(rng=3, citizens=300))
    model.run_for(12)
    for metric in SHARES:
        assert 0.0 <= model.metrics[metric] <= 1.0, metric


@pytest.mark.parametrize("name", available())
def test_the_description_and_the_file_agree(name):
    """Every parameter the file changes is named in the description with its value, and every
    'parameter value' the description states is what the file sets; a file sets nothing to its
    default (that would not be a difference)."""
    scenario = load(name)
    specs = parameter_specs()
    text = " ".join(scenario.description.split())
    for key, (_default, value) in scenario.differences().items():
        if key.startswith("mode_"):  # switched-off modes are named; their value is 'off'
            assert key in text and "off" in text, key
        elif key == "regime":
            assert scenario.regime == value
        else:
            assert f"{key} {_shown(value)}" in text, key
    assert scenario.differences().keys() == scenario.parameters.keys()
    for key, stated in re.findall(r"\b([a-z_]+) (-?[0-9][0-9.]*|[a-z-]+)\b", text):
        spec = specs.get(key)
        is_value = spec is not None and (
            (spec.kind in (int, float) and stated[0].isdigit()) or stated in (spec.choices or ())
        )
        if not is_value:  # an ordinary word after a parameter's name ("council shares")
            continue
        assert key in scenario.parameters, f"the description states {key} {stated}; the file not"
        if spec.kind in (int, float):
            assert float(stated.rstrip(".")) == scenario.parameters[key], key
        else:
            assert stated == scenario.parameters[key], key


def _shown(value):
    return value if isinstance(value, str) else f"{value:g}"
