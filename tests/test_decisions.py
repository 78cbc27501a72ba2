"""Decisions of people playing the town (``simulation/decisions.py``): a human's choice replaces
the rule's outcome after the rule's draw, so the random streams run as if nobody played."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samskaping.simulation import SamskapingModel, SamskapingScenario
from samskaping.simulation.decisions import DecisionError, Decisions

CITIZENS = 120


def town(regime: str = "co-creation", seed: int = 3, **more) -> SamskapingModel:
    return SamskapingModel(SamskapingScenario(rng=seed, citizens=CITIZENS, regime=regime, **more))


def history(model: SamskapingModel) -> np.ndarray:
    return np.stack(model.towns.history)


def run(model: SamskapingModel, months: int) -> SamskapingModel:
    for _ in range(months):
        model.step()
    return model


@settings(max_examples=12, deadline=None)
@given(
    regime=st.sampled_from(["co-creation", "npm", "bureaucracy"]),
    month=st.integers(0, 5),
    seed=st.integers(0, 2**16),
    picks=st.lists(st.integers(0, CITIZENS - 1), min_size=1, max_size=15, unique=True),
)
def test_deciding_what_the_rules_would_decide_changes_no_number(regime, month, seed, picks):
    rules = run(town(regime, seed), month + 1)
    c = rules.towns.citizens  # what the rules decided in month ``month + 1``
    played = run(town(regime, seed), month)
    for i in picks:
        played.decide("citizen", i, take_part=bool(c.took_part[0, i]))
        if rules.regime.coproduction:
            played.decide("citizen", i, coproduce=bool(c.coproduced[0, i]))
        if rules.regime.volunteering:
            played.decide("citizen", i, volunteer=bool(c.volunteered[0, i]))
        if rules.regime.surveys:
            played.decide("citizen", i, answer=bool(c.answered_survey[0, i]))
    run(played, 3)
    run(rules, 2)
    assert np.array_equal(history(played), history(rules), equal_nan=True)  # NaN: no arena


def test_a_choice_replaces_the_rule_for_that_citizen_and_month_only():
    rules = run(town(), 2)  # what the rules decide in month 2
    c = rules.towns.citizens
    staying = int(np.flatnonzero(c.coproduced[0])[0])  # a co-producer who will stay home
    played = run(town(), 1)
    played.decide("citizen", staying, coproduce=False)
    played.step()
    mine = played.towns.citizens
    assert np.flatnonzero(mine.coproduced[0] != c.coproduced[0]).tolist() == [staying]
    assert np.array_equal(mine.took_part, c.took_part)  # the other rules drew as before
    assert np.array_equal(mine.volunteered, c.volunteered)
    assert not played.towns.decisions  # next month nobody has decided: the rules again


def test_an_uninvited_citizen_cannot_come_to_an_arena():
    probe = run(town(), 2)
    came = probe.towns.citizens.took_part[0]
    played = run(town(), 1)
    everyone = range(CITIZENS)
    for i in everyone:
        played.decide("citizen", i, take_part=True)
    played.step()
    took = played.towns.citizens.took_part[0]
    assert took.sum() > came.sum()  # the invited who would have stayed home came
    assert not took.all()  # but only the invited


def test_what_a_citizen_stresses_is_told_as_its_largest_need():
    decisions = Decisions()
    model = town()
    decisions.decide(model.towns, 0, "citizen", 4, say=2)
    account = np.random.default_rng(1).random((1, CITIZENS, model.towns.citizens.needs.shape[2]))
    before = account.copy()
    decisions.stress(account)
    assert account[0, 4].argmax() == 2
    assert sorted(account[0, 4]) == sorted(before[0, 4])  # the same values, another emphasis
    assert np.array_equal(np.delete(account, 4, axis=1), np.delete(before, 4, axis=1))


def test_professionals_and_politicians_set_their_state_and_the_rules_learn_on():
    model = town()
    model.decide("professional", 3, recognition=0.95)
    model.decide("politician", 1, power_sharing=1.0, priorities=[1, 0, 0, 0])
    model.towns.decisions.apply_states(model.towns)
    towns = model.towns
    assert towns.professionals.recognition[3] == 0.95
    assert towns.council.power_sharing[0, 1] == 1.0
    assert towns.council.priorities[0, 1].tolist() == [1.0, 0.0, 0.0, 0.0]
    model.step()  # and learning goes on from there
    assert not model.towns.decisions


def test_a_politician_shares_no_power_without_arenas():
    model = town("npm")
    model.decide("politician", 0, power_sharing=0.9)
    model.towns.decisions.apply_states(model.towns)
    assert model.towns.council.power_sharing[0, 0] == 0.0


@pytest.mark.parametrize(
    ("who", "agent", "choices", "message"),
    [
        ("mayor", 0, {"take_part": True}, "mayor: not someone who decides"),
        ("citizen", CITIZENS, {"take_part": True}, f"citizen {CITIZENS}: there are {CITIZENS}"),
        ("citizen", -1, {"take_part": True}, "citizen -1: there are"),
        ("citizen", 0, {"recognition": 0.5}, "citizen: cannot decide 'recognition'"),
        ("citizen", 0, {"take_part": "yes"}, "take_part: 'yes' is not yes or no"),
        ("citizen", 0, {"say": 9}, "say: 9 is not a domain"),
        ("citizen", 0, {"say": True}, "say: True is not a domain"),
        ("professional", 0, {"recognition": 1.5}, "recognition: 1.5 is not a number from 0 to 1"),
        ("politician", 0, {"power_sharing": float("nan")}, "power_sharing: nan is not a number"),
        ("politician", 0, {"priorities": [1, 2]}, "priorities: [1, 2] is not 4 shares"),
        ("politician", 0, {"priorities": [0, 0, 0, 0]}, "priorities: [0, 0, 0, 0] is not 4"),
        ("politician", 0, {"priorities": "abcd"}, "priorities: 'abcd' is not 4 shares"),
    ],
)
def test_a_bad_decision_is_refused_in_one_line_and_nothing_is_recorded(
    who, agent, choices, message
):
    model = town()
    valid = {"take_part": True} if who == "citizen" else {}  # refused with the bad one
    with pytest.raises(DecisionError, match="^" + re.escape(message)) as refused:
        model.decide(who, agent, **(valid | choices))
    assert "\n" not in str(refused.value)
    assert not model.towns.decisions
