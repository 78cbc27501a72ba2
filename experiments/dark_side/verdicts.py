"""What the runs say about each evil of co-creation's dark side (Steen, Brandsen & Verschuere
2018): a verdict, from the findings (paired contrasts with 95 % intervals, ``findings.py``), that
states where the evil shows and where it does not. Fixed rules: the same runs give the same
words."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from samskaping.experiments.findings import (
    CO,
    NPM,
    Verdict,
    contrast,
    difference_in_differences,
)


def responsibility(runs: pd.DataFrame) -> Verdict:
    """1. Does counting volunteers against the budget shed responsibility onto citizens?"""
    cut = {
        metric: contrast(runs, "co-creation: substitution 1 − 0", metric,
                         CO | {"substitution": 1.0}, CO | {"substitution": 0.0})
        for metric in ("fulfilment", "gap_fulfilment", "inequality",
                       "professional_hours_per_citizen")
    }  # fmt: skip
    versus_npm = {
        share: contrast(runs, f"co-creation at substitution {share:g} − NPM", "fulfilment",
                        CO | {"substitution": share}, NPM | {"substitution": share})
        for share in (0.0, 1.0)
    }  # fmt: skip
    shed = cut["professional_hours_per_citizen"].sign < 0 and cut["fulfilment"].sign < 0
    unequal = cut["gap_fulfilment"].sign > 0 or cut["inequality"].sign > 0
    summary = (
        "Supported where the budget is cut by what volunteers add: need met falls"
        + (", most for those with few resources." if unequal else ".")
        if shed
        else "Not supported here: cutting the budget by what volunteers add does not clearly "
        "lower need met."
    )
    text = (
        f"When politicians cut the professional budget by everything volunteers add (substitution "
        f"1 against 0), professional hours per citizen-month change by "
        f"{cut['professional_hours_per_citizen']}, need met (fulfilment) by {cut['fulfilment']}, "
        f"the top-bottom fulfilment gap by {cut['gap_fulfilment']} and inequality by "
        f"{cut['inequality']}. Against NPM, co-creation's fulfilment differs by "
        f"{versus_npm[0.0]} with the budget kept whole and by {versus_npm[1.0]} with it cut."
    )
    falls_on = {
        1: "and the loss falls most on the resource-poor (the top-bottom gap widens)",
        -1: "and the loss falls least on the resource-poor (the top-bottom gap narrows)",
        0: "though the loss does not clearly fall more on the resource-poor",
    }[cut["gap_fulfilment"].sign]
    conditions = (
        "The evil is a political choice, not a property of co-creation: it appears when the "
        f"council treats volunteers as a replacement for professional services, {falls_on}. "
        "With the budget kept whole, volunteering is no rejection of responsibility."
    )
    return Verdict(summary, text, conditions, [*cut.values(), *versus_npm.values()])


def transaction_costs(runs: pd.DataFrame) -> Verdict:
    """3. As co-production costs more professional time, where does co-creation stop paying?"""
    levels = (0.05, 0.1, 0.2, 0.4)
    by = {
        level: {
            metric: contrast(runs, f"co-creation − NPM at coproduction_cost {level:g}", metric,
                             CO | {"coproduction_cost": level}, NPM | {"coproduction_cost": level})
            for metric in ("transaction_hours_per_citizen", "fulfilment", "accuracy")
        }
        for level in levels
    }  # fmt: skip
    low, high = by[levels[0]], by[levels[-1]]
    rising = contrast(runs, "co-creation: coproduction_cost 0.4 − 0.05", "fulfilment",
                      CO | {"coproduction_cost": 0.4}, CO | {"coproduction_cost": 0.05})  # fmt: skip
    behind = [lv for lv in levels if by[lv]["fulfilment"].sign < 0]
    lost_accuracy = [lv for lv in levels if by[lv]["accuracy"].sign <= 0]
    summary = (
        "Supported: higher transaction costs eat what co-creation delivers."
        if rising.sign < 0
        else "Not supported here: what co-creation delivers does not clearly fall as its "
        "transaction costs rise."
    )
    text = (
        f"From half to four times the default time per co-producing client, co-creation's extra "
        f"transaction hours per citizen-month against NPM go from "
        f"{low['transaction_hours_per_citizen']} to {high['transaction_hours_per_citizen']}. Its "
        f"own need met (fulfilment) changes by {rising}; against NPM its difference in need met "
        f"goes from {low['fulfilment']} to {high['fulfilment']}, and in accuracy from "
        f"{low['accuracy']} to {high['accuracy']}."
    )
    conditions = (
        f"Co-creation meets clearly less need than NPM at coproduction_cost "
        f"{', '.join(f'{lv:g}' for lv in behind) or 'no level tried'}; its accuracy advantage is "
        f"gone (not clearly positive) at "
        f"{', '.join(f'{lv:g}' for lv in lost_accuracy) or 'no level tried'}. Every hour a "
        "transaction takes is an hour not spent on services: where they are dear, what they "
        "bring must be worth more than the service they displace."
    )
    findings = [f for level in levels for f in by[level].values()] + [rising]
    return Verdict(summary, text, conditions, findings)


def democratic_control(runs: pd.DataFrame) -> Verdict:
    """4. Does a skewed room with power over the budget move it away from the population?"""
    skew = {
        share: contrast(runs, f"participation_bias 3 − 0 at power_sharing {share:g}",
                        "accuracy_policy", {"participation_bias": 3.0, "power_sharing": share},
                        {"participation_bias": 0.0, "power_sharing": share})
        for share in (0.2, 0.8)
    }  # fmt: skip
    amplified = difference_in_differences(
        runs, "skew's effect at power_sharing 0.8 − at 0.2", "accuracy_policy",
        ({"participation_bias": 3.0}, {"participation_bias": 0.0}),
        ({"power_sharing": 0.8}, {"power_sharing": 0.2}),
    )  # fmt: skip
    room = contrast(runs, "participation_bias 3 − 0 at power_sharing 0.8",
                    "arena_representativeness", {"participation_bias": 3.0, "power_sharing": 0.8},
                    {"participation_bias": 0.0, "power_sharing": 0.8})  # fmt: skip
    lost = skew[0.8].sign < 0
    summary = (
        "Supported where much power is shared with an unrepresentative room: the budget moves "
        "away from the population's needs."
        if lost and amplified.sign < 0
        else "Partly: an unrepresentative room moves the budget away from the population's needs."
        if lost
        else "Not supported here: an unrepresentative room does not clearly move the budget away "
        "from the population's needs."
    )
    text = (
        f"When taking part follows resources strongly (participation_bias 3 against 0), arena "
        f"representativeness changes by {room}. The match between the budget and the "
        f"population's needs (accuracy_policy) then changes by {skew[0.2]} when the council "
        f"shares little power (0.2) and by {skew[0.8]} when it shares much (0.8); the difference "
        f"between the two is {amplified}."
    )
    conditions = (
        "The loss of control grows with the power the council hands to a room that does not "
        "mirror the population"
        + (" (clearly larger at high power sharing). " if amplified.sign < 0 else ". ")
        + "A representative room, or a counter-strategy that makes it one, keeps the budget "
        "close to the population's needs while power is shared."
    )
    return Verdict(summary, text, conditions, [*skew.values(), amplified, room])


def inequalities(runs: pd.DataFrame) -> Verdict:
    """5. Does voice that serves those present turn unequal voice into unequal service?"""
    rates = (0.05, 0.3)
    target = {
        (rate, metric): contrast(runs, f"co-creation: voice_targeting 1 − 0 at arena_rate {rate:g}",
                                 metric, CO | {"voice_targeting": 1.0, "arena_rate": rate},
                                 CO | {"voice_targeting": 0.0, "arena_rate": rate})
        for rate in rates
        for metric in ("gap_fulfilment", "inequality")
    }  # fmt: skip
    versus_npm = {
        rate: contrast(runs, f"co-creation, targeting 1 − NPM at arena_rate {rate:g}",
                       "inequality", CO | {"voice_targeting": 1.0, "arena_rate": rate},
                       NPM | {"voice_targeting": 1.0, "arena_rate": rate})
        for rate in rates
    }  # fmt: skip
    widened = [r for r in rates
               if target[(r, "gap_fulfilment")].sign > 0 or target[(r, "inequality")].sign > 0]  # fmt: skip
    beyond = [r for r in widened if versus_npm[r].sign > 0]
    summary = (
        "Supported where arenas reach many: when what they win serves those present first, a "
        "skewed room widens the gaps"
        + (", beyond NPM's." if beyond else ", though not beyond NPM's.")
        if widened
        else "Not supported here: serving those present first does not clearly widen the gaps."
    )
    few, many = rates
    text = (
        f"With all the budget the arenas steer serving those present first (voice_targeting 1 "
        f"against 0), the top-bottom fulfilment gap changes by {target[(few, 'gap_fulfilment')]} "
        f"and inequality by {target[(few, 'inequality')]} when one client in twenty is asked to "
        f"an arena a month, and by {target[(many, 'gap_fulfilment')]} and "
        f"{target[(many, 'inequality')]} when three in ten are. Against NPM, co-creation's "
        f"inequality with targeting differs by {versus_npm[few]} and {versus_npm[many]}."
    )
    conditions = (
        "Co-creation reinforces inequalities through two links that both must hold: who takes "
        "part follows resources, and what the room wins goes to those in it; and it needs a room "
        "large enough for what it wins to count. Break either link — a counter-strategy for the "
        "first (objection 5), a council that spreads what arenas win for the second — and the "
        "evil fades."
    )
    return Verdict(summary, text, conditions, [*target.values(), *versus_npm.values()])


def implicit_demands(runs: pd.DataFrame) -> Verdict:
    """6. Does co-production come to favour those able to take part and to speak precisely?"""
    cells = [(bias, gradient) for bias in (0.0, 3.0) for gradient in (0.0, 0.5)]
    effect = {
        (bias, gradient): contrast(
            runs, f"co-production on − off, participation_bias {bias:g}, gradient {gradient:g}",
            "gap_accuracy", {"mode_d": True, "participation_bias": bias,
                             "lay_expertise_gradient": gradient},
            {"mode_d": False, "participation_bias": bias, "lay_expertise_gradient": gradient},
        )
        for bias, gradient in cells
    }  # fmt: skip
    by_taking_part = difference_in_differences(
        runs, "co-production's effect at participation_bias 3 − at 0 (gradient 0)",
        "gap_accuracy", ({"mode_d": True}, {"mode_d": False}),
        ({"participation_bias": 3.0, "lay_expertise_gradient": 0.0},
         {"participation_bias": 0.0, "lay_expertise_gradient": 0.0}),
    )  # fmt: skip
    by_precision = difference_in_differences(
        runs, "co-production's effect at gradient 0.5 − at 0 (participation_bias 0)",
        "gap_accuracy", ({"mode_d": True}, {"mode_d": False}),
        ({"participation_bias": 0.0, "lay_expertise_gradient": 0.5},
         {"participation_bias": 0.0, "lay_expertise_gradient": 0.0}),
    )  # fmt: skip
    widening = [cell for cell in cells if effect[cell].sign > 0]
    channels = [name for name, f in (("who takes part", by_taking_part),
                                     ("how precisely they know their needs", by_precision))
                if f.sign > 0]  # fmt: skip
    summary = (
        "Supported: co-production widens the accuracy gap between the resource-rich and the "
        "resource-poor" + (f", through {' and '.join(channels)}." if channels else ".")
        if (3.0, 0.5) in widening
        else "Not supported here: co-production does not clearly widen the accuracy gap between "
        "the resource-rich and the resource-poor."
    )
    text = (
        "Co-production changes the accuracy gap between the top and bottom resource quintiles by "
        + ", ".join(
            f"{effect[cell]} (participation_bias {cell[0]:g}, gradient {cell[1]:g})"
            for cell in cells
        )
        + f". Making taking part follow resources changes that effect by {by_taking_part}; making "
        f"accounts follow resources, by {by_precision}."
    )
    conditions = (
        "A service that learns from what its clients tell it serves best those who can tell it; "
        "the demand is implicit because no one is refused, but those who cannot take part, or "
        "cannot say precisely what they need, get less. Resource support lowers the first "
        "(ODD.md §7.9); nothing in the model lowers the second."
    )
    return Verdict(summary, text, conditions, [*effect.values(), by_taking_part, by_precision])


def co_destruction(runs: pd.DataFrame) -> Verdict:
    """7. Do captured arenas destroy the value of the service?"""
    levels = (0.0, 0.1, 0.3, 0.6)
    quality = {
        level: contrast(runs, f"co-creation − NPM at arena_capture {level:g}", "quality",
                        CO | {"arena_capture": level}, NPM | {"arena_capture": level})
        for level in levels
    }  # fmt: skip
    fulfilment = {
        level: contrast(runs, f"co-creation − NPM at arena_capture {level:g}", "fulfilment",
                        CO | {"arena_capture": level}, NPM | {"arena_capture": level})
        for level in (0.0, 0.6)
    }  # fmt: skip
    falls = contrast(runs, "co-creation: arena_capture 0.6 − 0", "quality",
                     CO | {"arena_capture": 0.6}, CO | {"arena_capture": 0.0})  # fmt: skip
    setbacks = contrast(runs, "co-creation: arena_capture 0.1 − 0", "setbacks",
                        CO | {"arena_capture": 0.1}, CO | {"arena_capture": 0.0})  # fmt: skip
    below = [lv for lv in levels if quality[lv].sign < 0]
    summary = (
        "Supported where arenas are often captured: service quality falls"
        + (" below NPM's." if below else ", though not below NPM's.")
        if falls.sign < 0
        else "Partly: captured arenas set services back, but the professionals' search and later "
        "arenas recover, and quality does not clearly fall on average."
        if setbacks.sign > 0
        else "Not supported here: captured arenas do not clearly lower service quality."
    )
    text = (
        f"At the default chance of capture (0.1), a unit adopts a captured room's worse idea "
        f"{setbacks.mean:.2f} times a month across the four units ({setbacks}). From arenas never "
        f"captured to captured in six months of ten, co-creation's service quality changes by "
        f"{falls}. Against NPM its quality differs by {quality[0.0]} when arenas are never "
        f"captured, {quality[0.1]} at 0.1, {quality[0.3]} at 0.3 and {quality[0.6]} at 0.6; need "
        f"met (fulfilment) by {fulfilment[0.0]} and {fulfilment[0.6]} at the two ends."
    )
    conditions = (
        f"Co-creation's service quality is clearly below NPM's at arena_capture "
        f"{', '.join(f'{lv:g}' for lv in below) or 'no level tried'}. Whether a captor's idea is "
        "worse than what the unit had is the problem landscape's to say, and a setback lasts "
        "until the professionals' own search and later arenas climb out of it: value is "
        "destroyed where capture is frequent and the search after it weak."
    )
    findings = [*quality.values(), *fulfilment.values(), falls, setbacks]
    return Verdict(summary, text, conditions, findings)


#: evil number (Steen, Brandsen & Verschuere 2018's order) → (experiment file stem, verdict rule)
EVILS: dict[int, tuple[str, Callable[[pd.DataFrame], Verdict]]] = {
    1: ("1-responsibility", responsibility),
    3: ("3-transaction-costs", transaction_costs),
    4: ("4-democratic-control", democratic_control),
    5: ("5-inequalities", inequalities),
    6: ("6-implicit-demands", implicit_demands),
    7: ("7-co-destruction", co_destruction),
}
