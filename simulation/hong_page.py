"""Collective problem solving after Hong & Page (2004, PNAS 101:16385), with Grim et al.'s (2019,
Philosophy of Science 86:98) smoothed landscapes (concept.md §5; the engine's rules: ODD.md §7.11).

- A **landscape** is a ring of ``n`` values drawn from U[0, 100]; with ``smoothness`` s > 0, random
  values stand only about s apart and the ring between them is interpolated linearly (Grim et al.).
- A **heuristic** is an ordered tuple of ``k`` distinct step sizes from 1..``l``.
- A solver **climbs**: from x it tries its steps in turn, moves to x + step whenever that is higher,
  goes on with the next step from there, and stops when none of its k steps improves.
- **Ability** is the mean value a heuristic reaches over all n starting points.
- A group searches as a **relay**: each member climbs from where the group stands, in turn, until
  no member improves.
- **Diversity** of two heuristics is the share of the k positions in which they differ.

Speed. Climbing is a deterministic walk on states (x, j): "at x, try step j next". A heuristic and
its k rotations share those states (rotation r starts at (x, r)), so one table of ends per
rotation class serves k heuristics. A move always goes higher, so taken from the highest start
down, every state's end is one look-up of the end of the state it moves to (:func:`climb_ends`):
all 1,320 heuristics of l = 12 from all 500 starts of a unit's problem in about 2 ms.
"""

from __future__ import annotations

from functools import cache
from itertools import permutations

import numba
import numpy as np

N_POINTS = 2000
STEPS = 3
#: values on the landscape are drawn from U[0, VALUE_MAX]
VALUE_MAX = 100.0


def landscape(rng: np.random.Generator, n: int = N_POINTS, smoothness: float = 0.0) -> np.ndarray:
    """A ring of ``n`` values in [0, 100]. Smoothness 0 is Hong & Page's random landscape; with
    smoothness s, random values are placed 1 + U{0, .., 2s - 1} points apart and the ring between
    them is interpolated linearly, closing the circle (Grim et al. 2019)."""
    if smoothness <= 0:
        return rng.uniform(0.0, VALUE_MAX, n)
    spread = max(1, round(2 * smoothness))
    gaps = 1 + rng.integers(0, spread, size=n)
    anchors = np.concatenate([[0], np.cumsum(gaps)])
    anchors = anchors[anchors < n]
    values = rng.uniform(0.0, VALUE_MAX, anchors.size)
    ring_x = np.concatenate([anchors, [n]])
    ring_v = np.concatenate([values, values[:1]])
    return np.interp(np.arange(n), ring_x, ring_v)


@cache
def heuristic_classes(l: int, k: int = STEPS) -> np.ndarray:  # noqa: E741 - Hong & Page's name
    """One representative per rotation class: the k-permutations of 1..l whose first step is the
    smallest, shape (l!/(l-k)!/k, k). Rotation r of class c is ``np.roll(classes[c], -r)``."""
    all_tuples = np.array(list(permutations(range(1, l + 1), k)), dtype=np.int64)
    return all_tuples[all_tuples[:, 0] == all_tuples.min(axis=1)]


@cache
def heuristics(l: int, k: int = STEPS) -> np.ndarray:  # noqa: E741
    """Every heuristic, shape (l!/(l-k)!, k), ordered as (class, rotation): heuristic
    ``c * k + r`` is rotation r of class c."""
    classes = heuristic_classes(l, k)
    return np.stack([np.roll(classes, -r, axis=1) for r in range(k)], axis=1).reshape(-1, k)


def endpoints(values: np.ndarray, l: int, k: int = STEPS) -> np.ndarray:  # noqa: E741
    """Where each heuristic's climb ends from each start, shape (heuristics, n), in the order of
    :func:`heuristics`."""
    n = values.size
    if not 1 <= k <= l < n:
        raise ValueError(f"need 1 <= k <= l < n, got k={k}, l={l}, n={n}")
    classes = heuristic_classes(l, k)
    ends = np.empty((n, classes.size), dtype=np.int16 if n <= 2**15 else np.int32)
    climb_ends(np.ascontiguousarray(values, dtype=float), classes, l, ends)
    return np.ascontiguousarray(ends.T)


@numba.njit(cache=True, nogil=True)
def climb_ends(values, classes, l, ends):  # noqa: E741
    """Every climb's end, by start, into ``ends``: ``ends[x, c * k + r]`` is where heuristic
    (class c, rotation r) ends from x.

    Climbing is a walk on states (x, j): "at x, try step j next". A move always goes to a higher
    value, so taking the starts from the highest value down, the state a move leads to has its end
    already: each state is settled by one look at the (at most k) steps it may take and one
    look-up. Compiled, because the walk is a loop of small, data-dependent steps (numba; the
    array version, pointer doubling over all states, took eight times as long)."""
    n = values.size
    c, k = classes.shape
    # first[j, b]: the first of steps j, j+1, .. (mod k) whose bit is set in b, -1 if none
    first = np.full((k, 1 << k), -1, dtype=np.int64)
    for j in range(k):
        for b in range(1 << k):
            for t in range(k):
                if b >> ((j + t) % k) & 1:
                    first[j, b] = (j + t) % k
                    break
    up = np.zeros(l + 1, dtype=np.int64)  # up[s]: whether x + s is higher than x (l < n: one lap)
    for x in np.argsort(-values, kind="mergesort"):
        higher = 0
        for s in range(1, l + 1):
            y = x + s
            if y >= n:
                y -= n
            up[s] = values[y] > values[x]
            higher |= up[s]
        row = ends[x]
        if higher == 0:  # a peak for every step size: every climb from here ends here
            row[:] = x
            continue
        for cl in range(c):
            b = 0
            for m in range(k):
                b |= up[classes[cl, m]] << m
            for j in range(k):
                m = first[j, b]
                if m < 0:
                    row[cl * k + j] = x
                else:
                    y = x + classes[cl, m]
                    if y >= n:
                        y -= n
                    row[cl * k + j] = ends[y, cl * k + (m + 1) % k]


def abilities(values: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Each heuristic's ability: the mean value its climbs reach over all starts (``ends`` as
    :func:`endpoints` gives them, a row per heuristic)."""
    return reach(values, np.ascontiguousarray(ends.T))  # compiled for the by-start layout


def reach(values: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The mean value every heuristic's climbs reach over all starts, from the ends by start
    (``ends[x, h]``, as :func:`climb_ends` gives them). Each heuristic's sum is taken in numpy's
    own order (numpy's ``pairwise_sum``: the starts split in halves down to blocks of at most
    128, each added in eight running sums), so the numbers are those of ``mean``, bit for bit;
    written here because numpy would need every heuristic's reach gathered row by row first."""
    leaves = _blocks(0, ends.shape[0])
    flat = _leaves(leaves)
    sums = _block_sums(values, ends, np.array([f for f, _ in flat]), np.array([n for _, n in flat]))
    index = iter(range(len(flat)))

    def add(tree):
        if isinstance(tree, tuple):
            return sums[next(index)]
        left = add(tree[0])
        return left + add(tree[1])

    return add(leaves) / ends.shape[0]


def _blocks(first: int, n: int) -> tuple[int, int] | list:
    """numpy's pairwise split of ``n`` numbers from ``first``: a block of at most 128, or the two
    halves (the first a multiple of 8 long)."""
    if n <= 128:
        return (first, n)
    half = n // 2 - (n // 2) % 8
    return [_blocks(first, half), _blocks(first + half, n - half)]


def _leaves(tree: tuple[int, int] | list) -> list[tuple[int, int]]:
    return [tree] if isinstance(tree, tuple) else _leaves(tree[0]) + _leaves(tree[1])


@numba.njit(cache=True, nogil=True)
def _block_sums(values, ends, firsts, lengths):
    """For each block of starts (``firsts[b]``, ``lengths[b]`` long) and every heuristic h, the
    sum of ``values[ends[x, h]]`` over the block as numpy adds a block: below 8 one by one, else
    in eight running sums added pairwise, then the rest one by one."""
    heuristics = ends.shape[1]
    total = np.zeros((firsts.size, heuristics))
    running = np.empty((8, heuristics))
    for b in range(firsts.size):
        first, n = firsts[b], lengths[b]
        if n < 8:
            for x in range(first, first + n):
                for h in range(heuristics):
                    total[b, h] += values[ends[x, h]]
            continue
        for k in range(8):
            for h in range(heuristics):
                running[k, h] = values[ends[first + k, h]]
        i = 8
        while i < n - n % 8:
            for k in range(8):
                for h in range(heuristics):
                    running[k, h] += values[ends[first + i + k, h]]
            i += 8
        for h in range(heuristics):
            r = running[:, h]
            total[b, h] = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for x in range(first + i, first + n):
            for h in range(heuristics):
                total[b, h] += values[ends[x, h]]
    return total


@numba.njit(cache=True, nogil=True)
def relays(ends, landscape, groups, starts):
    """Where each group's relay ends, group g on landscape ``landscape[g]`` from ``starts[g]``:
    its members (a row of ``groups``; an index past the last heuristic is no one) climb in turn,
    each from where the group stands, until a whole round brings no improvement. ``ends`` holds
    each landscape's ends by start (``ends[landscape, x, h]``, as :func:`climb_ends` gives
    them)."""
    heuristics = ends.shape[2]
    found = np.empty(groups.shape[0], dtype=np.int64)
    for g in range(groups.shape[0]):
        position = starts[g]
        climbs = ends[landscape[g]]
        while True:
            before = position
            for member in groups[g]:
                if 0 <= member < heuristics:
                    position = climbs[position, member]
            if position == before:
                break
        found[g] = position
    return found


def relay(ends: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Where a group's relay ends from each start: members climb in turn, each from where the
    group stands, until a whole round brings no improvement. ``ends`` holds the members' rows of
    :func:`endpoints`."""
    starts = np.asarray(starts)
    group = np.broadcast_to(np.arange(ends.shape[0]), (starts.size, ends.shape[0]))
    one = np.zeros(starts.size, dtype=np.int64)
    return relays(np.ascontiguousarray(ends.T)[None], one, np.ascontiguousarray(group), starts)


def diversity(team: np.ndarray) -> float:
    """Mean over ordered pairs of members of the share of positions in which their heuristics
    differ (Hong & Page 2004, p. 16386)."""
    members, k = team.shape
    if members < 2:
        return 0.0
    differ = (team[:, None, :] != team[None, :, :]).sum(axis=2) / k
    return float(differ.sum() / (members * (members - 1)))
