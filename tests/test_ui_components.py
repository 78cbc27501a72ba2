"""The UI's components work outside the server too, as in a Jupyter notebook (no browser)."""

from __future__ import annotations

import ipyvuetify as v
import solara

from samskaping.ui import session
from samskaping.ui.app import Compare, Explore
from samskaping.ui.texts import LANGUAGES, TEXTS


def counter(rc, side: str):
    return rc.find(v.Html, class_=f"{side}-counter step-counter")


def test_explore_steps_in_a_notebook():
    _box, rc = solara.render(Explore(), handle_error=False)
    assert counter(rc, "explore").widget.children == ["Month: 0"]
    rc.find(v.Btn, class_="explore-step").widget.click()
    counter(rc, "explore").assert_single()
    assert counter(rc, "explore").widget.children == ["Month: 1"]
    assert session.explore.model.value.time == 1


def test_compare_renders_both_sides_in_a_notebook():
    _box, rc = solara.render(Compare(), handle_error=False)
    assert counter(rc, "left").widget.children == counter(rc, "right").widget.children


def test_every_text_is_in_both_languages():
    for key, entry in TEXTS.items():
        assert set(entry) == set(LANGUAGES), key
