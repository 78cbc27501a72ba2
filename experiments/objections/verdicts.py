"""What the runs say about each objection: a verdict, from the findings (paired contrasts with
95 % intervals), that states where the objection holds and where it fails (``findings.py``)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from samskaping.experiments.findings import (
    CO,
    NPM,
    Finding,
    Verdict,
    contrast,
    difference_in_differences,
    label,
    level,
    where,
    word,
)
from samskaping.experiments.statistics import interval

# --- the six objections --------------------------------------------------------------------------


def fit(runs: pd.DataFrame) -> Verdict:
    """1. Co-creation's accuracy advantage against problem complexity and need heterogeneity."""
    cells = [(c, h) for c in (0.0, 0.5, 1.0) for h in (0.0, 0.5, 1.0)]
    accuracy = {
        cell: contrast(runs, f"co-creation − NPM, complexity {cell[0]:g}, heterogeneity {cell[1]:g}",
                       "accuracy", CO | _cell(cell), NPM | _cell(cell))
        for cell in cells
    }  # fmt: skip
    cost = {
        cell: contrast(runs, f"co-creation − NPM, complexity {cell[0]:g}, heterogeneity {cell[1]:g}",
                       "cost_per_citizen", CO | _cell(cell), NPM | _cell(cell))
        for cell in ((0.0, 0.0), (1.0, 1.0))
    }  # fmt: skip
    better = [c for c in cells if accuracy[c].sign > 0]
    worse = [c for c in cells if accuracy[c].sign < 0]
    simple, hard = accuracy[(0.0, 0.0)], accuracy[(1.0, 1.0)]
    summary = (
        "Partly right: co-creation does not fit every field."
        if better and len(better) < len(cells)
        else "Not supported: co-creation is more accurate in every setting tried."
        if better
        else "Supported: co-creation is not more accurate in any setting tried."
    )
    text = (
        f"Co-creation is clearly more accurate than NPM in {len(better)} of {len(cells)} kinds of "
        f"problem, clearly less accurate in {len(worse)}. On simple problems with uniform needs "
        f"its accuracy difference is {simple} while it costs {cost[(0.0, 0.0)]} more hours per "
        f"citizen-month; on complex problems with heterogeneous needs the difference is {hard} "
        f"at {cost[(1.0, 1.0)]} more hours. {_driver(accuracy)}"
    )
    conditions = (
        f"The objection holds where needs are uniform ({_cells(worse) or 'no setting'} clearly "
        f"worse); it fails where they differ ({_cells(better) or 'no setting'} clearly better)."
    )
    return Verdict(summary, text, conditions, [*accuracy.values(), *cost.values()])


def _driver(accuracy: dict[tuple[float, float], Finding]) -> str:
    """Which of the two moves the advantage more, at the middle of the other."""
    by_heterogeneity = accuracy[(0.5, 1.0)].mean - accuracy[(0.5, 0.0)].mean
    by_complexity = accuracy[(1.0, 0.5)].mean - accuracy[(0.0, 0.5)].mean
    first, second = (
        ("how much needs differ between citizens", "how complex the problems are")
        if abs(by_heterogeneity) >= abs(by_complexity)
        else ("how complex the problems are", "how much needs differ between citizens")
    )
    return (
        f"From one end to the other, need heterogeneity moves the advantage by "
        f"{by_heterogeneity:+.3f} and complexity by {by_complexity:+.3f}: {first} matters more "
        f"than {second}."
    )


def _cell(cell: tuple[float, float]) -> dict:
    return {"complexity": cell[0], "need_heterogeneity": cell[1]}


def _cells(cells: list[tuple[float, float]]) -> str:
    return "; ".join(f"complexity {c:g} / heterogeneity {h:g}" for c, h in cells)


def professionalism(runs: pd.DataFrame) -> Verdict:
    """2. Does professional expertise still matter under co-creation, and what does recognition
    of lay expertise do to co-creation's advantage?"""
    mid = {"recognition": 0.5}
    competence = {
        regime["regime"]: contrast(runs, f"expertise 0.9 − 0.3 under {regime['regime']}",
                                   "accuracy", regime | mid | {"expertise": 0.9},
                                   regime | mid | {"expertise": 0.3})
        for regime in (CO, NPM)
    }  # fmt: skip
    advantage = {
        r: contrast(runs, f"co-creation − NPM at recognition {r:g}", "accuracy",
                    CO | {"expertise": 0.6, "recognition": r}, NPM | {"expertise": 0.6, "recognition": r})
        for r in (0.0, 0.5, 1.0)
    }  # fmt: skip
    used = competence["co-creation"].sign > 0
    summary = (
        "Not supported: competence is used differently, not wiped out."
        if used
        else "Supported in this model: professional expertise stops mattering under co-creation."
    )
    text = (
        f"Under co-creation, raising professionals' expertise from 0.3 to 0.9 changes accuracy by "
        f"{competence['co-creation']} (under NPM by {competence['npm']}): professional "
        f"competence {_matters(competence['co-creation'], competence['npm'])}. Co-creation's "
        f"accuracy advantage over NPM is {advantage[0.0]} when professionals give citizens' own "
        f"accounts no weight (recognition 0), {advantage[0.5]} at 0.5 and {advantage[1.0]} at "
        "1: competence is combined with lay expertise, not replaced by it."
    )
    none, full = advantage[0.0], advantage[1.0]
    conditions = (
        f"How much co-creation adds depends on recognition: its advantage is "
        f"{word(none, 'positive', 'negative')} at recognition 0 and "
        f"{word(full, 'positive', 'negative')} at recognition 1"
        + (
            f", {'less than half' if none.mean < full.mean / 2 else 'smaller'} without it. "
            "Where professionals do not take citizens' accounts seriously, co-creation adds "
            "less to what they know."
            if none.ci_high < full.ci_low
            else ". Recognition does not clearly change it."
        )
    )
    return Verdict(summary, text, conditions, [*competence.values(), *advantage.values()])


def _matters(co: Finding, npm: Finding) -> str:
    if co.sign <= 0:
        return "does not clearly matter under co-creation"
    if co.ci_low > npm.ci_high:
        return "matters more under co-creation than under NPM"
    return "still matters under co-creation"


def privatisation(runs: pd.DataFrame) -> Verdict:
    """3. Is co-creation a way to cut public spending? What does it buy?"""
    findings, professional, bought = [], {}, {}
    for budget in (0.6, 0.8, 1.0):
        at = {"capacity": budget}
        professional[budget] = contrast(runs, f"co-creation − NPM at capacity {budget:g}",
                                        "professional_hours_per_citizen", CO | at, NPM | at)  # fmt: skip
        citizen = contrast(runs, f"co-creation − NPM at capacity {budget:g}",
                           "citizen_hours_per_citizen", CO | at, NPM | at)  # fmt: skip
        bought[budget] = [
            contrast(runs, f"co-creation − NPM at capacity {budget:g}", metric, CO | at, NPM | at)
            for metric in ("accuracy", "quality", "legitimacy")
        ]
        findings += [professional[budget], citizen, *bought[budget]]
    cut = [
        b
        for b, f in professional.items()
        if f.ci_high < -0.01 * level(runs, "professional_hours_per_citizen", NPM | {"capacity": b})
    ]  # a cut is more than 1 % of NPM's professional hours, not a rounding of the same budget
    summary = (
        "Not supported: co-creation does not save public money; it buys accuracy and legitimacy."
        if not cut
        else "Partly supported: at some budgets co-creation uses fewer professional hours."
    )
    normal = {f.metric: f for f in bought[0.8]}
    npm_hours = level(runs, "professional_hours_per_citizen", NPM | {"capacity": 0.8})
    text = (
        f"At the normal budget (capacity 0.8) co-creation's professional hours per citizen-month "
        f"differ from NPM's ({npm_hours:.2f}) by {professional[0.8]}: the service budget is the "
        "same, and arenas and co-production spend part of it on listening rather than on "
        "NPM's performance-managed throughput. On top of that, citizens give their own hours. "
        f"In return accuracy changes by {normal['accuracy']}, service quality by "
        f"{normal['quality']} and legitimacy by {normal['legitimacy']}."
    )
    conditions = (
        "By budget — "
        + "; ".join(
            f"at capacity {b:g}: professional hours {professional[b]}, accuracy {bought[b][0]}"
            for b in (0.6, 0.8, 1.0)
        )
        + "."
    )
    if professional[1.0].sign > 0:
        conditions += (
            " Where the budget is more than NPM finds needs to spend it on (capacity 1), "
            "co-creation spends more of it: on needs it has learnt about."
        )
    return Verdict(summary, text, conditions, findings)


def right_wing(runs: pd.DataFrame) -> Verdict:
    """4. Not testable as history; testable: do the council's own priorities matter less when
    power is shared?"""
    effect = ({"priority_bias": 1.0}, {"priority_bias": 0.0})
    by_power = {
        p: contrast(runs, f"priority bias 1 − 0 at power sharing {p:g}", "accuracy_policy",
                    effect[0] | {"power_sharing": p}, effect[1] | {"power_sharing": p})
        for p in (0.0, 0.5, 1.0)
    }  # fmt: skip
    shrink = difference_in_differences(
        runs, "effect of priority bias at power sharing 1 − at 0", "accuracy_policy", effect,
        ({"power_sharing": 1.0}, {"power_sharing": 0.0}),
    )  # fmt: skip
    service = contrast(runs, "priority bias 1 − 0 at power sharing 1", "accuracy",
                       effect[0] | {"power_sharing": 1.0}, effect[1] | {"power_sharing": 1.0})  # fmt: skip
    weaker = shrink.sign > 0  # the (negative) effect is less negative with power shared
    summary = (
        "Cannot be tested by simulation (a historical claim). What can be tested: with power "
        + ("shared, outcomes depend less on the politicians' own priorities." if weaker
           else "shared, outcomes do not depend clearly less on the politicians' priorities.")
    )  # fmt: skip
    text = (
        "Whether co-creation has its roots in the labour movement or on the right is a question "
        "for historians; no model can settle it. What the model can show is whose priorities "
        "the services follow. When the council's own priorities are far from the population's "
        f"needs (priority bias 1 rather than 0), policy accuracy changes by {by_power[0.0]} with "
        f"no power shared, by {by_power[0.5]} at power sharing 0.5 and by {by_power[1.0]} at "
        f"power sharing 1 (the change between those: {shrink}). Co-creation is a way of "
        "governing that makes outcomes less dependent on who holds power, whatever their colour."
    )
    conditions = (
        f"With power shared fully, service accuracy changes by {service} with the council's "
        "priorities: "
        + ("sharing power fully removes the politicians' own priorities from the services — and "
           "hands the allocation to whoever speaks in the arenas (see objection 5)."
           if service.sign == 0 and abs(service.mean) < 1e-3
           else "sharing power dampens the politicians' influence; it does not remove it.")
    )  # fmt: skip
    return Verdict(summary, text, conditions, [*by_power.values(), shrink, service])


def inequality(runs: pd.DataFrame) -> Verdict:
    """5. Gaps between resource quintiles without and with counter-strategies."""
    findings, versus_npm = [], {}
    for strategy in ("none", "outreach", "resource-support"):
        at = {"counter_strategy": strategy}
        versus_npm[strategy] = contrast(runs, f"co-creation ({strategy}) − NPM", "inequality",
                                        CO | at, NPM | at)  # fmt: skip
        findings.append(versus_npm[strategy])
    support, outreach = {"counter_strategy": "resource-support"}, {"counter_strategy": "outreach"}
    none = {"counter_strategy": "none"}
    gap_q = where(runs, CO | none)
    top_bottom = interval((gap_q["participation_q5"] - gap_q["participation_q1"]).to_numpy())
    skew = Finding("co-creation, no counter-strategy: participation top − bottom quintile",
                   "participation_q5 − participation_q1", label(CO | none), label(CO | none),
                   top_bottom["n"], top_bottom["mean"], top_bottom["ci_low"],
                   top_bottom["ci_high"])  # fmt: skip
    compare = [
        contrast(runs, "resource support − outreach (co-creation)", metric, CO | support, CO | outreach)
        for metric in ("gap_fulfilment", "participation_q1", "arena_representativeness",
                       "inequality", "cost_per_citizen")
    ]  # fmt: skip
    findings += [skew, *compare]
    by = {f.metric: f for f in compare}
    gap = contrast(runs, "co-creation (none) − NPM", "gap_fulfilment", CO | none, NPM | none)
    findings.append(gap)
    wider = versus_npm["none"].sign > 0 or gap.sign > 0
    remedy = by["participation_q1"].sign > 0 and by["arena_representativeness"].sign > 0
    summary = (
        "Right without a counter-strategy; " if wider
        else "Not borne out for outcomes here, but voice is unequal; "
    ) + ("resource support is the stronger remedy." if remedy
         else "neither counter-strategy clearly helps.")  # fmt: skip
    text = (
        f"Without a counter-strategy the top resource quintile takes part {skew} more often (share "
        f"per month) than the bottom one. Inequality in fulfilment under co-creation differs "
        f"from NPM by {versus_npm['none']} (the top-bottom fulfilment gap by {gap}); with "
        f"outreach by {versus_npm['outreach']}, with resource support by "
        f"{versus_npm['resource-support']}. Compared with outreach, resource support changes the "
        f"bottom quintile's participation by {by['participation_q1']}, arena representativeness "
        f"by {by['arena_representativeness']} and the top-bottom fulfilment gap by "
        f"{by['gap_fulfilment']}, at {by['cost_per_citizen']} hours per citizen-month."
    )
    conditions = (
        "Co-creation widens the gaps here unless there is a counter-strategy; resource support, "
        "which costs professional time, is what narrows them."
        if wider
        else "In this municipality co-creation does not widen fulfilment gaps even without "
        "a counter-strategy, but who speaks in the arenas is skewed toward the resourceful, "
        "and with more power shared that skew steers the budget (objection 4). The seed's "
        "answer holds for voice: it needs awareness, and resource support evens it out at a "
        "cost."
    )
    return Verdict(summary, text, conditions, findings)


def welfare_state(runs: pd.DataFrame) -> Verdict:
    """6. Volunteering over twenty years: complement or substitute for professional services?"""
    findings, by = [], {}
    for share in (0.0, 0.5, 1.0):
        at = {"substitution": share}
        by[share] = {
            metric: contrast(runs, f"volunteering on − off at substitution {share:g}", metric,
                             {"mode_c": True} | at, {"mode_c": False} | at)
            for metric in ("fulfilment", "professional_hours_per_citizen", "inequality")
        }  # fmt: skip
        findings += by[share].values()
    keep, cut = by[0.0], by[1.0]
    complements = keep["fulfilment"].sign > 0 and keep["professional_hours_per_citizen"].sign >= 0
    erodes = cut["professional_hours_per_citizen"].sign < 0 and (
        cut["fulfilment"].sign < 0 or cut["inequality"].sign > 0
    )
    summary = (
        ("Not supported while politicians keep the budget: volunteering adds to it; "
         if complements
         else "Volunteering does not clearly add to the need met even with the budget kept; ")
        + ("supported when they cut the budget by what volunteers add." if erodes
           else "even full substitution does not clearly erode it here.")
    )  # fmt: skip
    text = (
        "After twenty years of co-creation, with the professional budget kept whole "
        f"(substitution 0), volunteering changes fulfilment by {keep['fulfilment']}, "
        f"professional hours per citizen-month by {keep['professional_hours_per_citizen']} and "
        f"inequality by {keep['inequality']}. When politicians cut the budget by everything "
        f"volunteers add (substitution 1), professional hours change by "
        f"{cut['professional_hours_per_citizen']}, fulfilment by {cut['fulfilment']} and "
        f"inequality by {cut['inequality']}"
        + {
            -1: ": volunteers give less than the professional service they replace, and they are "
            "the resourceful.",
            0: ": in need met the hours cut are neither clearly made up nor clearly lost, though "
            "the help that replaces them comes from the resourceful, at volunteers' quality.",
            1: ": volunteers, recruited actively, give more than the professional hours cut.",
        }[cut["fulfilment"].sign]
    )
    conditions = (
        "Volunteering develops the welfare state when it comes on top of professional services; "
        "it becomes a way to cut them when the budget is reduced by what volunteers give. The "
        f"middle case (substitution 0.5): fulfilment {by[0.5]['fulfilment']}, professional hours "
        f"{by[0.5]['professional_hours_per_citizen']}."
    )
    return Verdict(summary, text, conditions, findings)


#: objection number → (experiment file stem, verdict rule)
OBJECTIONS: dict[int, tuple[str, Callable[[pd.DataFrame], Verdict]]] = {
    1: ("1-fit", fit),
    2: ("2-professionalism", professionalism),
    3: ("3-privatisation", privatisation),
    4: ("4-right-wing", right_wing),
    5: ("5-inequality", inequality),
    6: ("6-welfare-state", welfare_state),
}
