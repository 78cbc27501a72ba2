"""Every rule says itself in its docstring and names its source: a study (its year), the
conceptual model (docs/concept.md) or the seed (docs/seed.md)."""

from __future__ import annotations

import inspect
import re

import pytest

from samskaping.agents import Citizens, Leader, Politician, Professionals, council_allocation

SOURCE = re.compile(r"\b(1[89]|20)\d\d\b|concept\.md §|seed\.md §")


def _rules():
    for cls in (Citizens, Professionals, Leader, Politician):
        for name, member in vars(cls).items():
            function = member.__func__ if isinstance(member, staticmethod) else member
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            yield f"{cls.__name__}.{name}", function
    yield "council_allocation", council_allocation


@pytest.mark.parametrize(
    ("name", "rule"), list(_rules()), ids=lambda x: x if isinstance(x, str) else ""
)
def test_rule_docstring_states_the_rule_and_its_source(name, rule):
    doc = inspect.getdoc(rule)
    assert doc, f"{name} has no docstring"
    assert SOURCE.search(doc), f"{name}'s docstring names no source"
