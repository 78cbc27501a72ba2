"""The network: generators, the user's own graph, and the service ties."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from samskaping.simulation import SamskapingModel, SamskapingScenario, ScenarioError
from samskaping.simulation.network import load_social_ties


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
