"""One-way layers: every module imports alone in a fresh interpreter, every folder of code is an
installed package, and the layer contract (import-linter, run by ``make test``) covers them all
and breaks when a lower layer imports a higher one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: each top-level package of the ``samskaping`` namespace and its folder, e.g. ``agents``
FOLDERS: dict[str, str] = PYPROJECT["tool"]["setuptools"]["package-dir"]
CONTRACT = PYPROJECT["tool"]["importlinter"]["contracts"][0]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

#: imports each module named on the command line after forgetting every ``samskaping`` module,
#: so that no module is helped by what an earlier import left behind; prints the failures
IMPORT_ALONE = """
import importlib, sys
failures = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "samskaping" or m.startswith("samskaping.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failures.append(f"{name}: {type(error).__name__}: {error}")
print("\\n".join(failures))
sys.exit(1 if failures else 0)
"""


def _modules() -> list[str]:
    """Every module of the package, by walking the folders (``__main__`` modules are scripts)."""
    names = []
    for package, folder in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__main__":
                continue
            names.append(".".join((package, *parts[: -1 if parts[-1] == "__init__" else None])))
    return names


def _folders_with(pattern: str) -> set[str]:
    """The packages, by name, of the folders that hold files matching ``pattern``."""
    return {
        ".".join((package, *path.parent.relative_to(ROOT / folder).parts))
        for package, folder in FOLDERS.items()
        for path in (ROOT / folder).rglob(pattern)
        if "__pycache__" not in path.parts
    }


def _layered() -> set[str]:
    return {name.strip() for layer in CONTRACT["layers"] for name in layer.split("|")}


def test_every_module_imports_alone_in_a_fresh_interpreter(tmp_path):
    modules = _modules()
    assert "samskaping.agents.citizen" in modules and "samskaping.ui.app" in modules
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALONE, *modules],
        cwd=tmp_path,  # as a user would: not from the checkout, whose folders are not packages
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]


def test_public_imports_work_first_thing_in_a_fresh_interpreter(tmp_path):
    """The imports the README shows, each as the first line of a new session."""
    for line in (
        "from samskaping.agents import Citizen",
        "from samskaping.simulation import SamskapingModel, SamskapingScenario",
        "from samskaping.experiments import compare, sweep",
        "from samskaping.scenarios import SamskapingScenario, load",
        "from samskaping.ui.app import Explore, Compare",
        "from samskaping.cli import main",
    ):
        done = subprocess.run(
            [sys.executable, "-c", line], cwd=tmp_path, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"


def test_every_folder_of_code_or_data_is_an_installed_package():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert _folders_with("*.py") | _folders_with("*.toml") == listed


def test_the_console_script_is_the_command_line():
    (script,) = entry_points(group="console_scripts", name="samskaping")
    from samskaping.cli import main

    assert script.load() is main


def test_the_layer_contract_covers_every_top_level_package():
    assert CONTRACT["type"] == "layers"
    assert _layered() == set(FOLDERS) == set(PYPROJECT["tool"]["importlinter"]["root_packages"])


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("agents/citizen.py", "from samskaping.simulation import model"),
        ("simulation/model.py", "import samskaping.experiments.runner"),
        ("helpers/arrays.py", "from samskaping.scenarios import parameters"),
        ("experiments/runner.py", "from samskaping.ui import texts"),
    ],
)
def test_the_contract_breaks_when_a_lower_layer_imports_a_higher_one(tmp_path, module, upward):
    """On a copy of the package with one upward import added, ``lint-imports`` fails and names
    it; on the copy as it is, it passes."""
    tree = tmp_path / "samskaping"  # the namespace, laid out as an installed package would be
    for package, folder in FOLDERS.items():
        shutil.copytree(
            ROOT / folder,
            tree / package.removeprefix("samskaping."),
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)

    def lint() -> subprocess.CompletedProcess:
        return subprocess.run(
            [LINT_IMPORTS, "--no-cache", "--no-logo"],
            cwd=tmp_path,
            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )

    assert lint().returncode == 0
    target = tree / module
    target.write_text(f"{upward}  # noqa\n" + target.read_text(encoding="utf-8"))
    done = lint()
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout and upward.split()[1] in done.stdout
