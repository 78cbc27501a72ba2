"""The network: citizens' social ties and the service ties that bind the four kinds of actor.

The working structure is a sparse matrix. Citizens' social ties are an array of pairs ``(i, j)``,
``i < j``, made by vectorised generators (or read from a user's file), and the step loop uses them
only as :func:`tie_matrix`, a symmetric scipy CSR matrix: recruitment and social influence are
sparse matrix–vector products, so a step costs the same per citizen at 1,000 and 1,000,000.

A networkx graph of every tie is built only where it serves: on demand (:func:`service_graph`,
``model.network``) for analysis, and for Mesa's ``Network`` space (``model.social_space``). It
holds the same ties as the matrix. Nodes ``0 .. N-1`` are the citizens, followed by the
professionals, the leaders and the politicians; every node has a ``kind`` and every edge a ``tie``:

- ``social``: between citizens (small-world, scale-free, homophilous, or the user's own file);
- ``client``: professional – client;
- ``unit``: leader – the professionals of the leader's unit;
- ``constituency``: politician – the citizens of the politician's constituency.

The small-world and scale-free generators follow networkx's ``watts_strogatz_graph`` and
``barabasi_albert_graph`` in distribution, with whole arrays instead of a loop over nodes: the
same statistics (a test compares degrees and clustering), about twenty times faster at 100,000
citizens, and a million citizens in under a second at the default degree.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse as sp

from samskaping.scenarios.parameters import ScenarioError

SOCIAL, CLIENT, UNIT, CONSTITUENCY = "social", "client", "unit", "constituency"
#: rounds of redrawing ties that landed on a self-loop or a double tie (a safety cap: in practice
#: a few rounds, and a tie with nowhere to go is handled before)
REDRAWS = 10_000


def generate_social_ties(
    kind: str,
    citizens: int,
    mean_degree: int,
    rewiring: float,
    homophily: float,
    resources: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Citizens' social ties from one of the three generators, as pairs ``(i, j)`` with ``i < j``.

    - small-world: Watts & Strogatz (1998), ring lattice with a share ``rewiring`` of ties rewired;
    - scale-free: Barabási & Albert (1999), preferential attachment;
    - homophilous: ties follow resources (McPherson, Smith-Lovin & Cook 2001, "birds of a feather"):
      a share ``homophily`` of each citizen's ties goes to citizens of similar resource rank, the rest
      at random, so that the resourceful know the resourceful.
    """
    degree = min(mean_degree, citizens - 1)
    if kind == "small-world":
        return small_world_ties(citizens, max(2, degree), rewiring, rng)
    if kind == "scale-free":
        return scale_free_ties(citizens, max(1, degree // 2), rng)
    # homophilous (the scenario has validated the word)
    return homophilous_ties(citizens, degree, homophily, resources, rng)


def small_world_ties(
    citizens: int, degree: int, rewiring: float, rng: np.random.Generator
) -> np.ndarray:
    """Watts–Strogatz: each citizen tied to the ``degree // 2`` next on a ring, then each tie's far
    end moved with chance ``rewiring`` to a citizen drawn at random (not itself, not a tie it has),
    as in networkx's ``watts_strogatz_graph``; the tie of a citizen already tied to everyone
    stays where it was."""
    near = np.arange(citizens).repeat(degree // 2)
    lattice = (near + np.tile(np.arange(1, degree // 2 + 1), citizens)) % citizens
    far = lattice.copy()
    moved = np.flatnonzero(rng.random(near.size) < rewiring)
    far[moved] = rng.integers(0, citizens, moved.size)
    keep_first = np.ones(near.size, dtype=bool)
    keep_first[moved] = False  # a lattice tie stays; a moved one that collides is drawn again
    for _ in range(REDRAWS):
        bad = _self_or_double(near, far, citizens, keep_first)
        if bad.size == 0:
            break
        good = np.ones(near.size, dtype=bool)
        good[bad] = False
        ties = np.bincount(near[good], minlength=citizens) + np.bincount(
            far[good], minlength=citizens
        )
        full = ties[near[bad]] >= citizens - 1  # already tied to everyone else
        far[bad[full]] = lattice[bad[full]]
        keep_first[bad[full]] = True  # back on the ring, where another moved tie must yield
        far[bad[~full]] = rng.integers(0, citizens, int((~full).sum()))
    return _pairs(near, far, citizens)


def scale_free_ties(citizens: int, ties_per_newcomer: int, rng: np.random.Generator) -> np.ndarray:
    """Barabási–Albert preferential attachment, as networkx's ``barabasi_albert_graph``: a star of
    ``m + 1`` citizens, then each newcomer ties to ``m`` distinct earlier citizens chosen with
    chance proportional to their ties.

    Vectorised after Batagelj & Brandes (2005): every tie end is a slot in one list, a newcomer's
    pick is a random earlier slot, and a slot that holds an earlier pick is followed back until it
    names a citizen (pointer jumping). A pick that repeats one of its newcomer's earlier picks is
    drawn again, as networkx does, but only once the repeat is certain: while any pick it was
    followed through is itself to be drawn again, the newcomer waits (redrawing it early would
    thin out the hubs). Newcomers are settled in blocks that grow with the list (an eighth of the
    ties before them), so a round of redraws touches one block, not the whole graph.
    """
    m = ties_per_newcomer
    star = m  # ties 0 .. m-1: the hub 0 to citizens 1 .. m
    tie = np.arange(star, star + max(0, citizens - m - 1) * m)
    newcomer = m + 1 + (tie - star) // m
    first_tie = star + (newcomer - m - 1) * m
    # slot 2t is tie t's newcomer end (the hub for the star), slot 2t + 1 its picked end
    slot = rng.integers(0, 2 * first_tie)
    picked = np.empty(tie.size, dtype=np.int64)
    begin = 0
    while begin < tie.size:
        end = min(tie.size, begin + m * max(64, (star + begin) // (8 * m)))
        block = slice(begin, end)
        for _ in range(REDRAWS):
            picked[block], _ = _follow(slot[block], star + begin, picked, star, m)
            repeats = _repeated_picks(newcomer[block], picked[block], m)
            if repeats.size == 0:
                break
            pending = np.zeros(end - begin, dtype=bool)
            pending[repeats] = True
            _, unsure = _follow(slot[block], star + begin, picked, star, m, pending)
            waiting = np.zeros(citizens, dtype=bool)
            waiting[newcomer[block][unsure]] = True
            certain = repeats[~waiting[newcomer[block][repeats]]]
            slot[begin + certain] = rng.integers(0, 2 * first_tie[begin + certain])
        begin = end
    near = np.concatenate([np.zeros(star, dtype=np.int64), newcomer])
    far = np.concatenate([np.arange(1, star + 1), picked])
    return _pairs(near, far, citizens)


def _follow(
    slot: np.ndarray,
    first: int,
    picked: np.ndarray,
    star: int,
    m: int,
    watched: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The citizen each slot of a block of ties (tie ``first`` onwards) names: an even slot is a
    newcomer's end, an odd slot of the star one of its leaves, an odd slot of an earlier block's
    tie that tie's settled pick (``picked``), and an odd slot of this block's tie that tie's own
    slot, followed until it names a citizen. Also, per slot, whether it was followed through a
    tie of the block that ``watched`` marks."""
    position = slot.copy()
    through = np.zeros(slot.size, dtype=bool)
    inside = (position % 2 == 1) & (position // 2 >= first)
    open_ = np.flatnonzero(inside)
    while open_.size:
        passed = position[open_] // 2 - first
        if watched is not None:
            through[open_] |= watched[passed]
        position[open_] = slot[passed]
        still = (position[open_] % 2 == 1) & (position[open_] // 2 >= first)
        open_ = open_[still]
    tie = position // 2
    newcomer_end = np.where(tie < star, 0, m + 1 + (tie - star) // m)
    settled = picked[np.clip(tie - star, 0, None)]  # only read for earlier blocks' ties
    far_end = np.where(tie < star, tie + 1, settled)
    return np.where(position % 2 == 0, newcomer_end, far_end), through


def _repeated_picks(newcomer: np.ndarray, picked: np.ndarray, m: int) -> np.ndarray:
    """Ties whose pick repeats an earlier pick of the same newcomer."""
    if m == 1 or newcomer.size == 0:
        return np.empty(0, dtype=np.int64)
    key = newcomer * (int(newcomer.max()) + 1) + picked
    order = np.argsort(key, kind="stable")
    repeated = np.zeros(key.size, dtype=bool)
    repeated[order[1:]] = key[order[1:]] == key[order[:-1]]
    return np.flatnonzero(repeated)


def homophilous_ties(
    citizens: int, degree: int, homophily: float, resources: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Each citizen makes ``degree // 2`` ties: with chance ``homophily`` to a citizen a random
    distance away in resource rank (within a window of 2 % of the population, at least the degree),
    otherwise to anyone."""
    per_citizen = max(1, degree // 2)
    order = np.argsort(resources, kind="stable")
    rank = np.empty(citizens, dtype=np.int64)
    rank[order] = np.arange(citizens)
    source = np.repeat(np.arange(citizens), per_citizen)
    window = max(degree, citizens // 50)
    offset = rng.integers(1, window + 1, source.size) * rng.choice([-1, 1], source.size)
    target_rank = rank[source] + offset
    target_rank = np.abs(target_rank)  # reflect at both ends of the ranking
    target_rank = np.where(
        target_rank > citizens - 1, 2 * (citizens - 1) - target_rank, target_rank
    )
    similar = order[np.clip(target_rank, 0, citizens - 1)]
    anyone = rng.integers(0, citizens, source.size)
    target = np.where(rng.random(source.size) < homophily, similar, anyone)
    return _pairs(source, target, citizens)


def _self_or_double(
    near: np.ndarray, far: np.ndarray, citizens: int, keep_first: np.ndarray
) -> np.ndarray:
    """Ties that are self-loops or repeat another tie; of a repeated pair, one stays (a tie with
    ``keep_first`` before the others)."""
    key = np.minimum(near, far) * citizens + np.maximum(near, far)
    order = np.lexsort((~keep_first, key))
    repeated = np.zeros(key.size, dtype=bool)
    repeated[order[1:]] = key[order[1:]] == key[order[:-1]]
    return np.flatnonzero(repeated | (near == far))


def _pairs(near: np.ndarray, far: np.ndarray, citizens: int) -> np.ndarray:
    """Distinct ties as sorted pairs ``(i, j)``, ``i < j``; self-loops and repeats dropped."""
    low, high = np.minimum(near, far), np.maximum(near, far)
    key = np.sort((low * citizens + high)[low != high])  # sorting beats np.unique's hashing
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else key
    return np.column_stack([key // citizens, key % citizens])


def load_social_ties(path: str | Path) -> tuple[int, np.ndarray]:
    """Read a user's graph of citizens' ties from GraphML (``.graphml``, ``.xml``) or an edge list.

    Returns the number of citizens and the ties as pairs. Node labels become citizens
    ``0 .. N-1`` in file order; direction, parallel edges, self-loops and attributes are dropped:
    a social tie is a tie.
    """
    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"network_file: {path}: no such file")
    try:
        if path.suffix.lower() in {".graphml", ".xml"}:
            graph = nx.read_graphml(path)
        else:
            graph = nx.read_edgelist(path, comments="#", data=False)
    except Exception as error:  # networkx and its parsers raise many kinds
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ScenarioError(f"network_file: {path}: not a readable graph ({reason})") from None
    if graph.number_of_nodes() < 10:
        raise ScenarioError(f"network_file: {path}: has {graph.number_of_nodes()} nodes, needs 10+")
    graph = nx.Graph(graph)  # a directed graph or a multigraph (a repeated edge) becomes simple
    number = {label: i for i, label in enumerate(graph.nodes)}
    ends = np.array([(number[a], number[b]) for a, b in graph.edges], dtype=np.int64)
    ends = ends.reshape(-1, 2)
    return len(number), _pairs(ends[:, 0], ends[:, 1], len(number))


def own_ties(scenarios: list) -> np.ndarray | None:
    """The users' own ties, if the scenarios name a ``network_file`` (one for all: it is part of
    an ensemble's shape), read once; every scenario's ``citizens`` becomes their number."""
    if not scenarios[0].network_file:
        return None
    citizens, pairs = load_social_ties(scenarios[0].network_file)
    for scenario in scenarios:
        scenario.citizens = citizens
    return pairs


def tie_matrix(pairs: np.ndarray, citizens: int) -> sp.csr_array:
    """The social ties as a symmetric citizens × citizens CSR matrix of ones, one entry per
    direction of each tie: row ``i`` holds citizen ``i``'s neighbours. Its indices are 64-bit:
    scipy's products with them are as fast or faster than with 32-bit ones at every size here
    (2.6 times for a matrix–vector product at 10,000 citizens, a sixth for four columns)."""
    source = np.concatenate([pairs[:, 0], pairs[:, 1]])
    target = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.lexsort((target, source))
    indptr = np.zeros(citizens + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=citizens), out=indptr[1:])
    return sp.csr_array((np.ones(target.size), target[order], indptr), shape=(citizens, citizens))


def ties_among(ties: sp.csr_array, members: np.ndarray) -> np.ndarray:
    """Each citizen's number of ties to ``members`` (a mask): ``ties @ members`` for a symmetric
    tie matrix of ones, counted from the members' own rows, which are few when members are."""
    rows = np.flatnonzero(members)
    starts, ends = ties.indptr[rows], ties.indptr[rows + 1]
    lengths = ends - starts
    first = np.cumsum(lengths) - lengths  # where each member's neighbours begin in the list
    entry = np.arange(int(lengths.sum())) + np.repeat(starts - first, lengths)
    return np.bincount(ties.indices[entry], minlength=members.size)


def first_nodes(citizens: int, professionals: int, leaders: int) -> dict[str, int]:
    """The first node number of each kind: citizens, then professionals, leaders, politicians."""
    return {
        "citizen": 0,
        "professional": citizens,
        "leader": citizens + professionals,
        "politician": citizens + professionals + leaders,
    }


def citizens_graph(pairs: np.ndarray, citizens: int) -> nx.Graph:
    """The social ties alone as a networkx graph (for Mesa's ``Network`` space and analysis)."""
    graph = nx.Graph()
    graph.add_nodes_from(range(citizens))
    graph.add_edges_from(pairs.tolist())
    return graph


def service_graph(
    pairs: np.ndarray,
    professional_of: np.ndarray,
    unit_of_professional: np.ndarray,
    constituency: np.ndarray,
    politicians: int,
) -> nx.Graph:
    """One networkx graph of all ties: the citizens' social ties and the service ties of the
    professionals, leaders and politicians, with a ``kind`` on every node and a ``tie`` on every
    edge."""
    citizens = professional_of.size
    leaders = int(unit_of_professional.max()) + 1
    first = first_nodes(citizens, unit_of_professional.size, leaders)
    graph = nx.Graph()
    graph.add_nodes_from(range(citizens), kind="citizen")
    graph.add_edges_from(pairs.tolist(), tie=SOCIAL)
    graph.add_nodes_from(range(first["professional"], first["leader"]), kind="professional")
    graph.add_nodes_from(range(first["leader"], first["politician"]), kind="leader")
    graph.add_nodes_from(
        range(first["politician"], first["politician"] + politicians), kind="politician"
    )
    citizen_nodes = np.arange(citizens)
    for near, far, tie in (
        (professional_of + first["professional"], citizen_nodes, CLIENT),
        (
            unit_of_professional + first["leader"],
            first["professional"] + np.arange(unit_of_professional.size),
            UNIT,
        ),
        (constituency + first["politician"], citizen_nodes, CONSTITUENCY),
    ):
        graph.add_edges_from(np.column_stack([near, far]).tolist(), tie=tie)
    return graph


def resource_circle_layout(resources: np.ndarray) -> dict[int, tuple[float, float]]:
    """An explicit, instant layout for Mesa's ``Network`` and for drawing: citizens on a circle in
    order of resources, so that homophilous ties run along the rim and cross-class ties across it
    (a spring layout takes seconds at 1,000 nodes)."""
    order = np.argsort(resources, kind="stable")
    angle = np.empty(resources.size)
    angle[order] = 2 * np.pi * np.arange(resources.size) / resources.size
    return {
        int(i): (float(x), float(y))
        for i, (x, y) in enumerate(zip(np.cos(angle), np.sin(angle), strict=True))
    }
