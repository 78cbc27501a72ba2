"""Shared helpers: small, fast runs of the model."""

from __future__ import annotations

import shutil
import socket
import time

import pandas as pd
import pytest

from samskaping.cli import main
from samskaping.simulation import SamskapingModel, SamskapingScenario

#: co-creation with every mode switched off: the baseline each mode is compared with
NO_MODES = {"mode_a": False, "mode_b": False, "mode_c": False, "mode_d": False}


def final_metrics(steps: int = 24, seed: int = 7, **parameters) -> dict[str, float]:
    model = SamskapingModel(SamskapingScenario(rng=seed, **parameters))
    model.run_for(steps)
    return model.metrics


def mean_metrics(reps: int = 4, steps: int = 36, **parameters) -> dict[str, float]:
    """Metrics averaged over the last year and a few seeds: enough to see a mechanism, not to
    publish. NaN (no arena met) is skipped."""
    frames = []
    for r in range(reps):
        model = SamskapingModel(SamskapingScenario(rng=100 + r, **parameters))
        model.run_for(steps)
        frames.append(model.datacollector.get_model_vars_dataframe().tail(12))
    return pd.concat(frames).mean(skipna=True).to_dict()


@pytest.fixture
def small() -> dict:
    return {"citizens": 300}


def refused(capsys: pytest.CaptureFixture, argv: list[str]) -> str:
    """The command's error, checked to be what a user's mistake gives: exit code 2 and one line
    on stderr (what it printed before is dropped)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    return error


#: Debian's Chromium, for the browser tests (Playwright cannot download one here)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, seconds: float = 60) -> None:
    """Wait until a server answers on ``port`` (of this machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port} in {seconds:g} s")


@pytest.fixture(scope="module")
def browser():
    """Chromium through Playwright, headless, one per test module."""
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()
