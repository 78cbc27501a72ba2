"""The network: citizens' social ties and the service ties that bind the four kinds of actor.

One networkx graph holds them all. Nodes ``0 .. N-1`` are the citizens, followed by the
professionals, the leaders and the politicians; every node has a ``kind`` and every edge a ``tie``:

- ``social``: between citizens (small-world, scale-free, homophilous, or the user's own file);
- ``client``: professional – client;
- ``unit``: leader – the professionals of the leader's unit;
- ``constituency``: politician – the citizens of the politician's constituency.

The step loop never walks the graph: :func:`social_tie_arrays` turns the social ties into two index
arrays once, before the service ties join them, and influence along ties is a sum over those arrays.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np

from samskaping.simulation.scenario import ScenarioError

SOCIAL, CLIENT, UNIT, CONSTITUENCY = "social", "client", "unit", "constituency"


def generate_social_ties(
    kind: str,
    citizens: int,
    mean_degree: int,
    rewiring: float,
    homophily: float,
    resources: np.ndarray,
    rng: np.random.Generator,
) -> nx.Graph:
    """Citizens' social ties from one of the three generators.

    - small-world: Watts & Strogatz (1998), ring lattice with a share ``rewiring`` of ties rewired;
    - scale-free: Barabási & Albert (1999), preferential attachment;
    - homophilous: ties follow resources (McPherson, Smith-Lovin & Cook 2001, "birds of a feather"):
      a share ``homophily`` of each citizen's ties goes to citizens of similar resource rank, the rest
      at random, so that the resourceful know the resourceful.
    """
    degree = min(mean_degree, citizens - 1)
    seed = int(rng.integers(2**32))
    if kind == "small-world":
        graph = nx.watts_strogatz_graph(citizens, max(2, degree), rewiring, seed=seed)
    elif kind == "scale-free":
        graph = nx.barabasi_albert_graph(citizens, max(1, degree // 2), seed=seed)
    else:  # homophilous (the scenario has validated the word)
        graph = nx.Graph()
        graph.add_nodes_from(range(citizens))
        graph.add_edges_from(_homophilous_edges(citizens, degree, homophily, resources, rng))
    return graph


def _homophilous_edges(
    citizens: int, degree: int, homophily: float, resources: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    per_citizen = max(1, degree // 2)
    order = np.argsort(resources, kind="stable")
    rank = np.empty(citizens, dtype=np.int64)
    rank[order] = np.arange(citizens)
    source = np.repeat(np.arange(citizens), per_citizen)
    # a neighbourhood in resource rank: a few percent of the population, at least the degree
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
    pairs = np.stack([np.minimum(source, target), np.maximum(source, target)], axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


def load_social_ties(path: str | Path) -> nx.Graph:
    """Read a user's graph of citizens' ties from GraphML (``.graphml``, ``.xml``) or an edge list.

    Node labels become citizens ``0 .. N-1`` in file order; direction, parallel edges, self-loops
    and attributes are dropped: a social tie is a tie.
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
    graph = nx.Graph(graph)
    graph.remove_edges_from(nx.selfloop_edges(graph))
    if graph.number_of_nodes() < 10:
        raise ScenarioError(f"network_file: {path}: has {graph.number_of_nodes()} nodes, needs 10+")
    relabelled = nx.convert_node_labels_to_integers(graph, label_attribute="label")
    bare = nx.Graph()
    bare.add_nodes_from(relabelled.nodes)
    bare.add_edges_from(relabelled.edges)
    return bare


def add_service_ties(
    graph: nx.Graph,
    professional_of: np.ndarray,
    unit_of_professional: np.ndarray,
    constituency: np.ndarray,
    politicians: int,
) -> dict[str, int]:
    """Add the professionals, leaders and politicians to the citizens' graph, with their ties.

    Returns the first node number of each kind, so that agents know their node.
    """
    citizens = professional_of.size
    professionals = unit_of_professional.size
    leaders = int(unit_of_professional.max()) + 1
    first = {
        "citizen": 0,
        "professional": citizens,
        "leader": citizens + professionals,
        "politician": citizens + professionals + leaders,
    }
    nx.set_node_attributes(graph, "citizen", "kind")
    nx.set_edge_attributes(graph, SOCIAL, "tie")
    graph.add_nodes_from(range(first["professional"], first["leader"]), kind="professional")
    graph.add_nodes_from(range(first["leader"], first["politician"]), kind="leader")
    graph.add_nodes_from(
        range(first["politician"], first["politician"] + politicians), kind="politician"
    )
    citizen_nodes = np.arange(citizens)
    graph.add_edges_from(
        zip(professional_of + first["professional"], citizen_nodes, strict=True), tie=CLIENT
    )
    graph.add_edges_from(
        zip(
            unit_of_professional + first["leader"],
            np.arange(professionals) + first["professional"],
            strict=True,
        ),
        tie=UNIT,
    )
    graph.add_edges_from(
        zip(constituency + first["politician"], citizen_nodes, strict=True), tie=CONSTITUENCY
    )
    return first


def social_tie_arrays(social_ties: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Both directions of every tie of a citizens-only graph as (source, target) index arrays."""
    pairs = np.array(social_ties.edges, dtype=np.int64).reshape(-1, 2)
    source = np.concatenate([pairs[:, 0], pairs[:, 1]])
    target = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return source, target


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
