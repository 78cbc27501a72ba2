"""Common random numbers: one named random stream per mechanism, all spawned from the run's one
numpy Generator (itself seeded from the scenario's seed).

Switching a mechanism on or off must not reshuffle the draws of the others. With one shared
stream, turning on volunteering would change who is invited to arenas next month, and a comparison
of two arms would mix the mechanism's effect with noise. With a stream per mechanism, two arms
with the same seed differ only by what differs between them (common random numbers; Law 2015,
*Simulation Modeling and Analysis*, ch. 11).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

#: Append new streams at the end: the order fixes which child seed each stream gets.
STREAMS = (
    "population",  # citizens' resources, needs, willingness and legitimacy at the start
    "network",  # the social-tie generator
    "professionals",  # professionals' expertise and recognition at the start
    "assignment",  # who is whose client, and constituencies
    "council",  # politicians' agendas and responsiveness
    "needs",  # drift and shocks
    "accounts",  # citizens' own accounts of their needs
    "assessment",  # what professionals see
    "arenas",  # invitations and taking part in arenas
    "coproduction",  # taking part in co-production
    "surveys",  # answering user surveys
    "volunteering",  # volunteering
    "problems",  # units' problem landscapes and where they start
    "heuristics",  # citizens' and professionals' problem-solving heuristics
    "arena_search",  # whether an arena's solution is adopted
    "problem_changes",  # when a unit's problem changes
)


def spawn_streams(rng: np.random.Generator) -> dict[str, np.random.Generator]:
    """One independent Generator per mechanism, derived deterministically from ``rng``."""
    return dict(zip(STREAMS, rng.spawn(len(STREAMS)), strict=True))


#: levels of the quantile table behind :func:`standard_normal`
NORMAL_LEVELS = 2**16
_NORMAL_QUANTILES = ndtri((np.arange(NORMAL_LEVELS) + 0.5) / NORMAL_LEVELS)


def standard_normal(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Standard normal draws for every citizen (rows) and domain (columns), in the model's
    column-major layout (see ``Citizens``).

    Drawn by inverse transform through a table of 65,536 quantiles: one random 16-bit integer and
    one table look-up per draw, four times faster than numpy's ziggurat. The draws are the normal
    distribution cut into 65,536 equally likely levels (mean 0, SD 0.99999, tails cut at ±4.3 SD,
    which a true normal passes once in 65,000 draws). The step draws three noise terms for every
    citizen and domain each month; with the ziggurat they were a quarter of a step."""
    rows, columns = shape
    return (
        _NORMAL_QUANTILES[_uniform_levels(rng, columns * rows).astype(np.intp)]
        .reshape(columns, rows)
        .T
    )


def _uniform_levels(rng: np.random.Generator, n: int) -> np.ndarray:
    """``rng.integers(0, NORMAL_LEVELS, n, dtype=np.uint16)``, the same numbers and the same state
    after, three times faster for numpy's default bit generator.

    numpy draws 16-bit integers over their full range two to a 32-bit draw, low half first, and
    PCG64 gives its 32-bit draws two to a 64-bit one, low half first: the ``n`` integers are the
    first ``n`` 16-bit quarters of ``ceil(n / 4)`` raw 64-bit outputs. When that takes an odd number
    of 32-bit draws, PCG64 keeps the unused high half of the last output for its next 32-bit draw;
    so does this. Used only where a check at import found numpy to behave so."""
    bits = rng.bit_generator
    if not (_RAW_LEVELS and type(bits) is np.random.PCG64) or n == 0:
        return rng.integers(0, NORMAL_LEVELS, n, dtype=np.uint16)
    if bits.state["has_uint32"]:  # a 32-bit half is waiting: numpy would use it first
        return rng.integers(0, NORMAL_LEVELS, n, dtype=np.uint16)
    raw = bits.random_raw(-(-n // 4))
    if -(-n // 2) % 2:  # an odd number of 32-bit draws: the last high half stays buffered
        state = bits.state
        state["has_uint32"], state["uinteger"] = 1, int(raw[-1] >> np.uint64(32))
        bits.state = state
    return raw.view(np.uint16)[:n]


def _raw_levels_match() -> bool:
    """Whether :func:`_uniform_levels`'s shortcut gives numpy's own draws here (see there)."""
    global _RAW_LEVELS
    _RAW_LEVELS = True
    try:
        for n in (1, 2, 3, 4, 5, 6, 7, 8, 1001, 4002):
            ours, theirs = np.random.Generator(np.random.PCG64(n)), np.random.default_rng(n)
            for _ in range(3):
                drawn = theirs.integers(0, NORMAL_LEVELS, n, dtype=np.uint16)
                if not np.array_equal(_uniform_levels(ours, n), drawn):
                    return False
                if (
                    ours.integers(0, 2**32, 3, dtype=np.uint32).tolist()
                    != theirs.integers(0, 2**32, 3, dtype=np.uint32).tolist()
                    or ours.random() != theirs.random()
                ):
                    return False
    finally:
        _RAW_LEVELS = False
    return True


_RAW_LEVELS = False
_RAW_LEVELS = _raw_levels_match()
