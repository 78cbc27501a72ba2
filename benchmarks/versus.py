"""A month's cost in this checkout against another checkout of the project, measured in one
session, alternating, so that the machine's drift falls on both alike.

A benchmark, not a test: it reports and asserts nothing. Run with
``python benchmarks/versus.py --against DIR [--sizes 1000 100000] [--rounds 3]``, where DIR is a
checkout of another commit (``git worktree add /tmp/before <commit>``). Each measurement is a
fresh process: the default scenario with seed 1, three warm-up months, then the mean over at
least three seconds of months; the other checkout's package is put first on ``PYTHONPATH``
through the same folder layout as its ``pyproject.toml`` maps.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGIMES = ("npm", "co-creation")

#: one measurement, in a fresh process: µs per citizen-step
MEASURE = """
import sys, time
from samskaping.simulation import SamskapingModel, SamskapingScenario
citizens, regime = int(sys.argv[1]), sys.argv[2]
model = SamskapingModel(SamskapingScenario(rng=1, citizens=citizens, regime=regime))
model.run_for(3)
months, started = 0, time.perf_counter()
while time.perf_counter() - started < 3.0:
    model.step()
    months += 1
print(1e6 * (time.perf_counter() - started) / months / citizens)
"""


def namespace(checkout: Path, into: Path) -> Path:
    """A folder that makes ``samskaping`` importable from ``checkout``, as its pyproject maps it."""
    folders = tomllib.loads((checkout / "pyproject.toml").read_text())["tool"]["setuptools"]
    package = into / "samskaping"
    package.mkdir(parents=True)
    for name, folder in folders["package-dir"].items():
        (package / name.removeprefix("samskaping.")).symlink_to(checkout / folder)
    return into


def environment(path: Path | None) -> dict[str, str] | None:
    """A process environment that imports the package at ``path`` (see :func:`namespace`), or
    None for this checkout's."""
    return None if path is None else {"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"}


def measure(citizens: int, regime: str, path: Path | None) -> float:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(citizens), regime], capture_output=True, text=True,
        check=True, env=environment(path), cwd=tempfile.gettempdir(),
    )  # fmt: skip
    return float(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, required=True, help="another checkout")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        other = namespace(args.against.resolve(), Path(folder))
        print("| citizens | regime | this | other | this / other (median) |")
        print("|---:|---|---:|---:|---:|")
        for citizens in args.sizes:
            for regime in REGIMES:
                this, that = [], []
                for _ in range(args.rounds):  # alternating, so drift falls on both
                    that.append(measure(citizens, regime, other))
                    this.append(measure(citizens, regime, None))
                a, b = statistics.median(this), statistics.median(that)
                print(f"| {citizens:,} | {regime} | {a:.3f} | {b:.3f} | {a / b:.2f} |")


if __name__ == "__main__":
    main()
