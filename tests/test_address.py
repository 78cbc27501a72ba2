"""The page's address: what it writes is what it reads, and what it refuses it names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from samskaping.scenarios import library
from samskaping.ui.address import MOST_SEED, SetUp, read, search_of

LEVERS = {
    "power_sharing": st.sampled_from([0.0, 0.05, 0.2, 0.55, 1.0]),
    "recognition": st.sampled_from([0.0, 0.35, 1.0]),
    "mode_b": st.booleans(),
    "counter_strategy": st.sampled_from(["none", "outreach", "resource-support"]),
    "citizens": st.integers(10, 20_000),
}


@st.composite
def set_ups(draw) -> SetUp:
    scenario = draw(st.sampled_from(library.available()))
    regime = draw(st.sampled_from(["npm", "co-creation", "bureaucracy"]))
    wanted = draw(st.fixed_dictionaries({}, optional=LEVERS))
    base = SetUp(scenario=scenario, regime=regime).settings()
    return SetUp(
        page=draw(st.sampled_from(["explore", "compare", "results"])),
        language=draw(st.sampled_from(["en", "nb"])),
        scenario=scenario,
        regime=regime,
        seed=draw(st.integers(0, MOST_SEED)),
        compare_seed=draw(st.integers(0, MOST_SEED)),
        projector=draw(st.booleans()),
        changed={k: v for k, v in wanted.items() if base[k] != v},
    )


@settings(max_examples=60, deadline=None)
@given(set_ups())
def test_an_address_reads_back_as_the_set_up_it_was_written_from(setup):
    assert read(search_of(setup)) == (setup, [])


def test_a_fresh_page_has_an_empty_address():
    assert search_of(SetUp()) == ""
    assert read("") == (SetUp(), [])
    assert read(None) == (SetUp(), [])


def test_each_refused_entry_is_named_in_one_line_and_the_rest_is_used():
    setup, refused = read(
        "seed=-1&power_sharing=7&scenario=../../etc/passwd&colour=red&language=nb&page=x"
        "&mode_a=perhaps&citizens=1.5&recognition=0.45"
    )
    assert setup.language == "nb"
    assert setup.changed == {"recognition": 0.45}
    assert setup.scenario == library.DEFAULT and setup.seed == SetUp().seed
    assert len(refused) == 7
    for line, name in zip(refused, ["seed", "scenario", "colour", "page"], strict=False):
        assert line.startswith(f"{name}:")
    assert all("\n" not in line for line in refused)
    assert any("[0, 1]" in line for line in refused if line.startswith("power_sharing"))


def test_a_setting_as_the_scenario_file_has_it_is_not_written():
    setup, refused = read(f"power_sharing={SetUp().settings()['power_sharing']}")
    assert refused == [] and setup.changed == {}
