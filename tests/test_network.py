"""The network: generators, the user's own graph, and the service ties."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskaping.simulation import SamskapingModel, SamskapingScenario, ScenarioError
from samskaping.simulation.network import (
    generate_social_ties,
    load_social_ties,
    scale_free_ties,
    small_world_ties,
)


@pytest.mark.parametrize("kind", ["small-world", "scale-free", "homophilous"])
def test_generators_give_ties_of_the_asked_degree(kind):
    model = SamskapingModel(SamskapingScenario(rng=1, citizens=500, network=kind, mean_degree=6))
    citizens = model.network.subgraph(range(500))
    degree = 2 * citizens.number_of_edges() / 500
    assert 4.5 <= degree <= 7.5
    assert model.social_source.size == 2 * citizens.number_of_edges()


def test_homophilous_ties_follow_resources():
    def tie_correlation(homophily):
        model = SamskapingModel(SamskapingScenario(rng=2, citizens=1000, homophily=homophily))
        r = model.citizens.resources
        return np.corrcoef(r[model.social_source], r[model.social_target])[0, 1]

    assert tie_correlation(0.9) > 0.5 > abs(tie_correlation(0.0)) + 0.3


def test_service_ties_bind_every_kind_of_actor():
    model = SamskapingModel(SamskapingScenario(rng=3, citizens=300))
    ties = nx.get_edge_attributes(model.network, "tie")
    kinds = nx.get_node_attributes(model.network, "kind")
    counts = {tie: list(ties.values()).count(tie) for tie in set(ties.values())}
    assert counts["client"] == 300 and counts["constituency"] == 300
    assert counts["unit"] == model.professionals.count
    assert sorted(set(kinds.values())) == ["citizen", "leader", "politician", "professional"]
    for a, b in (edge for edge, tie in ties.items() if tie == "client"):
        assert {kinds[a], kinds[b]} == {"citizen", "professional"}


def test_users_graph_from_edge_list_and_graphml(tmp_path):
    graph = nx.karate_club_graph()
    edges = tmp_path / "club.edges"
    nx.write_edgelist(graph, edges, data=False)
    graphml = tmp_path / "club.graphml"
    nx.write_graphml(graph, graphml)
    for path in (edges, graphml):
        model = SamskapingModel(SamskapingScenario(rng=4, network_file=str(path)))
        assert model.scenario.citizens == 34
        assert model.social_source.size == 2 * graph.number_of_edges()
        model.run_for(2)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("<graphml><broken", "not a readable graph"), ("1 2\n", "needs 10+")],
)
def test_a_bad_network_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / ("ties.graphml" if content and content.startswith("<") else "ties.txt")
    if content is not None:
        path.write_text(content)
    with pytest.raises(ScenarioError, match=message):
        load_social_ties(path)


def test_social_space_is_a_mesa_network_with_an_explicit_layout():
    from mesa.discrete_space import Network

    model = SamskapingModel(SamskapingScenario(rng=5, citizens=1000))
    space = model.social_space
    assert isinstance(space, Network)
    assert len(space.all_cells) == 1000
    cell = space._cells[0]
    assert cell.position is not None
    assert {n.coordinate for n in cell.neighborhood} == set(model.network.subgraph(range(1000))[0])


# --- the vectorised generators and the sparse matrix (issue 7) -------------------------------


def _statistics(pairs: np.ndarray, n: int) -> dict[str, float]:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(pairs.tolist())
    degree = np.array([d for _, d in graph.degree()])
    mean = 2 * len(pairs) / n
    return {"ties": len(pairs), "clustering": nx.average_clustering(graph)} | {
        f"degree <= {share} x mean": (degree <= share * mean).mean() for share in (0.5, 1, 1.5, 3)
    }


def _edges(graph: nx.Graph) -> np.ndarray:
    return np.sort(np.array(graph.edges, dtype=np.int64), axis=1)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (
            lambda n, rng: small_world_ties(n, 6, 0.1, rng),
            lambda n, seed: nx.watts_strogatz_graph(n, 6, 0.1, seed=seed),
        ),
        (
            lambda n, rng: small_world_ties(n, 10, 0.5, rng),
            lambda n, seed: nx.watts_strogatz_graph(n, 10, 0.5, seed=seed),
        ),
        (
            lambda n, rng: scale_free_ties(n, 3, rng),
            lambda n, seed: nx.barabasi_albert_graph(n, 3, seed=seed),
        ),
        (
            lambda n, rng: scale_free_ties(n, 1, rng),
            lambda n, seed: nx.barabasi_albert_graph(n, 1, seed=seed),
        ),
    ],
    ids=["small-world-6-0.1", "small-world-10-0.5", "scale-free-3", "scale-free-1"],
)
def test_vectorised_generators_have_networkx_statistics(ours, theirs):
    """The same statistics whichever path built the graph: the number of ties, the degree
    distribution (shares at or below multiples of the mean) and clustering, averaged over seeds,
    as networkx's generator gives them."""
    n, seeds = 2000, range(6)
    mine = [_statistics(ours(n, np.random.default_rng(s)), n) for s in seeds]
    reference = [_statistics(_edges(theirs(n, 1000 + s)), n) for s in seeds]
    for key in mine[0]:
        a = np.mean([m[key] for m in mine])
        b = np.mean([r[key] for r in reference])
        tolerance = {"ties": 0.002 * b, "clustering": 0.05 * b + 0.003}.get(key, 0.015)
        assert abs(a - b) <= tolerance, (key, a, b)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["small-world", "scale-free", "homophilous"]),
    citizens=st.integers(10, 400),
    degree=st.integers(2, 50),
    rewiring=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_generated_ties_are_distinct_sorted_pairs(kind, citizens, degree, rewiring, seed):
    rng = np.random.default_rng(seed)
    resources = rng.random(citizens)
    pairs = generate_social_ties(kind, citizens, degree, rewiring, 0.8, resources, rng)
    assert pairs.ndim == 2 and pairs.shape[1] == 2
    assert (pairs[:, 0] < pairs[:, 1]).all() and pairs.min() >= 0 and pairs.max() < citizens
    assert len(np.unique(pairs, axis=0)) == len(pairs)
    if kind == "small-world" and degree < citizens // 2:  # rewiring moves ties, never drops one
        assert len(pairs) == citizens * (max(2, degree) // 2)


def test_the_tie_matrix_is_the_graph_the_networkx_views_show():
    model = SamskapingModel(SamskapingScenario(rng=8, citizens=800, network="scale-free"))
    ties = model.ties
    assert (ties != ties.T).nnz == 0 and ties.diagonal().sum() == 0
    graph = model.network.subgraph(range(800))
    assert ties.nnz == 2 * graph.number_of_edges()
    for citizen in (0, 17, 799):
        assert set(ties.indices[ties.indptr[citizen] : ties.indptr[citizen + 1]]) == set(
            graph[citizen]
        )
    assert np.array_equal(model.degree, [graph.degree(i) for i in range(800)])
    space = model.social_space
    assert sum(len(cell.connections) for cell in space.all_cells) == ties.nnz


def test_same_seed_same_ties_and_the_step_never_builds_a_networkx_graph(monkeypatch):
    first = SamskapingModel(SamskapingScenario(rng=9, citizens=3000, network="small-world"))

    def refuse(*args, **kwargs):
        raise AssertionError("the model built a networkx graph")

    monkeypatch.setattr(nx, "Graph", refuse)
    second = SamskapingModel(SamskapingScenario(rng=9, citizens=3000, network="small-world"))
    second.run_for(3)
    assert np.array_equal(first.social_pairs, second.social_pairs)


def test_a_users_graph_keeps_its_ties_through_the_matrix(tmp_path):
    graph = nx.les_miserables_graph()
    path = tmp_path / "miserables.edges"
    nx.write_edgelist(graph, path, data=False, delimiter="\t")
    citizens, pairs = load_social_ties(path)
    assert citizens == graph.number_of_nodes() and len(pairs) == graph.number_of_edges()
    label = {
        name: i for i, name in enumerate(dict.fromkeys(a for edge in graph.edges for a in edge))
    }
    expected = {tuple(sorted((label[a], label[b]))) for a, b in graph.edges}
    assert {tuple(p) for p in pairs.tolist()} == expected


def test_preferential_attachment_grows_hubs_as_networkx_does():
    """The oldest citizens' ties, averaged over many seeds: a redraw done too early thins hubs."""
    seeds = range(100)
    ours = [
        np.bincount(scale_free_ties(1000, 5, np.random.default_rng(s)).ravel())[:10] for s in seeds
    ]
    theirs = [
        [d for _, d in nx.barabasi_albert_graph(1000, 5, seed=s).degree(range(10))] for s in seeds
    ]
    assert np.mean(ours) == pytest.approx(np.mean(theirs), rel=0.05)


@pytest.mark.parametrize(("citizens", "degree"), [(10, 9), (51, 50), (30, 20)])
def test_dense_small_worlds_keep_every_tie(citizens, degree):
    for seed in range(20):
        pairs = small_world_ties(citizens, degree, 1.0, np.random.default_rng(seed))
        assert len(pairs) == citizens * (degree // 2)


def test_dense_scale_free_graphs_keep_every_tie():
    for seed in range(5):
        assert len(scale_free_ties(100, 50, np.random.default_rng(seed))) == 50 + 49 * 50


def test_a_graphml_file_with_a_repeated_edge_is_read_as_simple_ties(tmp_path):
    graph = nx.MultiGraph(nx.cycle_graph(12))
    graph.add_edge(0, 1)  # the same tie twice: networkx reads the file as a multigraph
    path = tmp_path / "repeated.graphml"
    nx.write_graphml(graph, path)
    citizens, pairs = load_social_ties(path)
    assert citizens == 12 and len(pairs) == 12
    SamskapingModel(SamskapingScenario(rng=1, network_file=str(path))).run_for(1)
