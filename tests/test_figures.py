"""The results folder's figures in the page's language: the same code draws them in English (as
saved) and in bokmål, from the folder's tidy files."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from samskaping.cli import main
from samskaping.experiments import figures
from samskaping.experiments.runner import redraw
from samskaping.simulation.metrics import HEADLINE
from samskaping.ui import app
from samskaping.ui.texts import figure_words

#: English words no bokmål figure may write
ENGLISH = (*HEADLINE, "month", "final", "co-creation", "bureaucracy", "all runs", "Mean over")


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    root = tmp_path_factory.mktemp("results")
    out = root / "cmp"
    main(["compare", "--reps", "3", "--steps", "4", "--set", "citizens=80", "--workers", "1",
          "--out", str(out)])  # fmt: skip
    return root.resolve(), out.resolve()


def texts_of(fig) -> list[str]:
    """Every text a figure writes, tick labels included (made when it is drawn)."""
    fig.draw_without_rendering()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def test_drawn_again_in_english_the_figures_are_the_saved_ones(compared):
    _root, out = compared
    saved = {p.name: p.read_bytes() for p in (out / "figures").glob("*.png")}
    drawn = redraw(out)
    assert set(drawn) == set(saved) == {"timeseries.png", "outcomes.png"}
    assert drawn == saved  # same calls, same words: the same bytes
    assert redraw(out, figure_words("en")) == saved  # the page's English is the figures'


def test_in_bokmal_the_figures_write_bokmal_and_no_english(compared):
    _root, out = compared
    runs = pd.read_parquet(out / "runs.parquet")
    bands = pd.DataFrame({"arm": ["npm", "co-creation"] * 2, "step": [0, 0, 1, 1],
                          "metric": "legitimacy", "mean": 0.5, "ci_low": 0.4, "ci_high": 0.6})  # fmt: skip
    words = figure_words("nb")
    drawn = figures.sweep_figures(runs, ["npm", "co-creation"], bands, ["regime"], words)
    assert set(drawn) == {"timeseries.png", "outcomes.png"}
    shown = " | ".join(text for fig in drawn.values() for text in texts_of(fig))
    for bokmal in ("legitimitet", "treffsikkerhet", "ulikhet", "måned", "til slutt", "NPM",
                   "samskaping", "Snitt over replikasjonene"):  # fmt: skip
        assert bokmal in shown, bokmal
    assert not [word for word in ENGLISH if word in shown], shown
    assert "0," in shown and "0." not in shown  # numbers with a decimal comma
    # and what the page gets from the folder is drawn in bokmål, not the saved English
    assert set(redraw(out, words)) == {"timeseries.png", "outcomes.png"}


def test_a_sweeps_effects_write_its_parameters_and_regimes_in_bokmal():
    rng = np.random.default_rng(1)
    runs = pd.DataFrame({
        "status": "ok", "arm": "x",
        "param_regime": ["npm", "co-creation", "bureaucracy"] * 4,
        "param_counter_strategy": ["none"] * 6 + ["resource-support"] * 6,
        "param_recognition": [0.2, 0.2, 0.2, 0.6, 0.6, 0.6] * 2,
        **{metric: rng.uniform(0, 1, 12) for metric in HEADLINE},
    })  # fmt: skip
    factors = ["regime", "counter_strategy", "recognition"]
    english = texts_of(figures.effects_figure(runs, factors))
    assert {"none", "resource-support", "counter_strategy", "final legitimacy"} <= set(english)
    assert {"npm", "co-creation", "bureaucracy"} <= set(english)
    shown = texts_of(figures.effects_figure(runs, factors, figure_words("nb")))
    assert {"ingen", "ressursstøtte", "Motstrategi (counter_strategy)",
            "legitimitet til slutt", "NPM", "samskaping", "byråkrati"} <= set(shown)  # fmt: skip
    assert not [text for text in shown if any(word in text for word in ENGLISH)], shown
    alone = texts_of(figures.effects_figure(runs, factors[1:], figure_words("nb")))
    assert "alle kjøringer" in alone  # no regime varied: one line for all runs


def test_arm_labels_name_their_regime_in_the_language():
    words = figure_words("nb")
    assert figures.arm_label("co-creation", words) == "samskaping"
    assert figures.arm_label("elderly-care / npm", words) == "elderly-care / NPM"
    assert figures.arm_label("regime=co-creation, recognition=0.2", words) == (
        "regime=samskaping, recognition=0.2"
    )
    assert figures.arm_label("elderly-care", words) == "elderly-care"


def test_the_page_shows_the_saved_figures_in_english_and_redrawn_ones_in_bokmal(compared):
    root, out = compared
    pictures = sorted((out / "figures").glob("*.png"))
    saved = [p.read_bytes() for p in pictures]
    assert app.figures_in(out, root, pictures, "en") == saved
    app._drawn.cache_clear()
    bokmal = app.figures_in(out, root, pictures, "nb")
    assert len(bokmal) == len(saved) and all(a != b for a, b in zip(bokmal, saved, strict=True))
    assert app.figures_in(out, root, pictures, "nb") == bokmal
    assert app._drawn.cache_info().hits == 1  # switching back draws nothing again


def test_a_folder_with_a_file_from_outside_or_a_damaged_file_is_not_drawn(compared, tmp_path):
    root, out = compared
    pictures = sorted((out / "figures").glob("*.png"))
    saved = [p.read_bytes() for p in pictures]
    # a file linked from outside the results folder is not read: the saved figures are shown
    outside = tmp_path / "outside.csv"
    outside.write_text("kind,arm\narm,SECRET\n")
    (out / "extra.csv").symlink_to(outside)
    try:
        assert app.figures_in(out, root, pictures, "nb") == saved
    finally:
        (out / "extra.csv").unlink()
    # a damaged file raises what the page turns into its one-line message
    damaged = root / "damaged"
    shutil.copytree(out, damaged)
    (damaged / "timeseries.parquet").write_bytes(b"PAR1 cut short")
    with pytest.raises(ValueError, match=r"timeseries\.parquet: damaged"):
        app.figures_in(damaged, root, sorted((damaged / "figures").glob("*.png")), "nb")
