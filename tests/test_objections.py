"""The six objections: a complete report, the numbers behind every verdict, the same for the same
seed (a quick version: few citizens, months and replications)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from samskaping.cli import main

QUICK = ["objections", "--reps", "2", "--steps", "12", "--set", "citizens=150", "--workers", "2"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("objections")
    assert main([*QUICK, "--out", str(out)]) == 0
    return out


def test_the_report_answers_all_six_with_figures_and_numbers(report):
    text = (report / "report.md").read_text()
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    assert len(sections) == 6
    for number, section in enumerate(sections, start=1):
        assert section.startswith(f"Objection {number}:")
        for part in ("**Claim.**", "**The seed's answer.**", "**Hypothesis.**", "**Design.**",
                     "**Verdict:", "**Conditions.**"):  # fmt: skip
            assert part in section, (number, part)
        figure = re.search(r"!\[objection \d\]\((figures/objection-\d\.png)\)", section)
        assert figure and (report / figure.group(1)).is_file()
        assert re.search(r"[+-]\d\.\d{3} \[[+-]\d\.\d{3}, [+-]\d\.\d{3}\]", section)
    assert "cannot be tested" in sections[3].lower() and "historians" in sections[3]
    verdicts = pd.read_csv(report / "verdicts.csv")
    assert sorted(verdicts["objection"].unique()) == [1, 2, 3, 4, 5, 6]
    assert {"finding", "metric", "mean", "ci_low", "ci_high", "n", "verdict"} <= set(verdicts)
    for stem in ("1-fit", "2-professionalism", "3-privatisation", "4-right-wing",
                 "5-inequality", "6-welfare-state"):  # fmt: skip
        assert (report / stem / "runs.parquet").is_file()


def test_the_same_seed_gives_the_same_report(report, tmp_path):
    again = tmp_path / "again"
    assert main([*QUICK[:-2], "--workers", "1", "--out", str(again)]) == 0
    assert (again / "report.md").read_text() == (report / "report.md").read_text()
    assert (again / "verdicts.csv").read_text() == (report / "verdicts.csv").read_text()


def test_only_one_objection_adds_to_the_report_rather_than_replacing_it(report, capsys):
    assert main([*QUICK, "--only", "4", "--out", str(report)]) == 0
    assert "6." in capsys.readouterr().out
    assert len(re.findall(r"^## Objection", (report / "report.md").read_text(), re.M)) == 6


def test_a_varied_parameter_cannot_be_set(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["objections", "--set", "regime=npm", "--out", str(tmp_path / "x")])
    assert exit_.value.code == 2
    assert "varies it" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
