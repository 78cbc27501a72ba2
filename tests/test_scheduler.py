"""Joining a Dask scheduler: a wrong address ends in one line within the timeout, never a hang or
a traceback, and a scheduler without workers is waited for aloud (issue 15, point 3)."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from samskaping.experiments import scheduler
from samskaping.experiments.scheduler import connect, wait_for_workers
from samskaping.scenarios.parameters import ScenarioError

distributed = pytest.importorskip("distributed")

#: seconds a wrong address may take beyond its timeout: the guard's grace and a slow machine
MARGIN = 2.0


def handshake() -> bytes:
    """What a Dask server sends first, framed as ``distributed.comm.tcp`` frames it."""
    import msgpack

    frame = msgpack.packb({"compression": None, "python": (3, 12, 1), "pickle-protocol": 5})
    prelude = struct.pack("QQ", 1, len(frame))
    return struct.pack("Q", len(prelude) + len(frame)) + prelude + frame


def silent(connection: socket.socket) -> None:
    """A web server: says nothing until asked, and waits for the question."""
    connection.recv(1024)


def bad_request(connection: socket.socket) -> None:
    """An HTTP proxy: answers at once, in HTTP."""
    connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    connection.recv(1024)


def ssh(connection: socket.socket) -> None:
    """An SSH server: sends its banner at once."""
    connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    connection.recv(1024)


def hang_up(connection: socket.socket) -> None:
    """A server that accepts and closes."""


def mute_dask(connection: socket.socket) -> None:
    """A Dask server that shakes hands and then stalls."""
    connection.sendall(handshake())
    while connection.recv(1024):
        pass


@pytest.fixture
def fake_server() -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    """Start a TCP server that answers every connection with ``behaviour``; its address."""
    servers: list[socketserver.ThreadingTCPServer] = []

    def start(behaviour: Callable[[socket.socket], None]) -> str:
        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(30)
                with contextlib.suppress(OSError):
                    behaviour(self.request)

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"tcp://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def refused(address: str, timeout: float = 3.0) -> tuple[str, float]:
    """The one-line error ``connect`` gives for ``address``, and the seconds it took."""
    start = time.monotonic()
    with pytest.raises(ScenarioError) as raised:
        connect(address, timeout=timeout)
    elapsed = time.monotonic() - start
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(f"--scheduler {address}: ")
    return message, elapsed


@pytest.mark.parametrize(
    ("behaviour", "says"),
    [
        (silent, "no Dask scheduler answers there within 3 s (is it the dashboard's port?"),
        (bad_request, 'not a Dask scheduler (it answered "HTTP/1.1 400 Bad Request…")'),
        (ssh, 'not a Dask scheduler (it answered "SSH-2.0-OpenSSH_9.2p1 Debian-2")'),
        (hang_up, "not a Dask scheduler (it closed the connection without a word)"),
        (mute_dask, "a Dask server answers there, but did not say within 3 s whether it is"),
    ],
)
def test_what_is_not_a_scheduler_is_one_line_within_the_timeout(fake_server, behaviour, says):
    """The dashboard's port used to hang for ever, and an HTTP answer ended in a 3.07 EiB
    MemoryError: each is now one line, within the timeout."""
    message, elapsed = refused(fake_server(behaviour), timeout=3.0)
    assert says in message
    assert elapsed < 3.0 + MARGIN


def test_a_closed_port_is_refused_at_once():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    message, elapsed = refused(f"tcp://127.0.0.1:{port}")
    assert message.endswith("cannot connect (connection refused)")
    assert elapsed < 1.0


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("tcp://", "not a HOST:PORT address (e.g. tcp://127.0.0.1:8786)"),
        ("tcp://host:notaport", "not a HOST:PORT address"),
        ("tcp://127.0.0.1", "not a HOST:PORT address"),
        ("127.0.0.1:70000", "not a HOST:PORT address"),
        ("foo://x", "unknown scheme foo:// (known: inproc://, tcp://, tls://"),
        ("tcp://no-such-host.invalid:8786", "cannot connect (unknown host no-such-host.invalid)"),
    ],
)
def test_an_address_that_is_not_one_is_one_line(address, says):
    message, _ = refused(address)
    assert says in message


def test_a_client_that_stalls_is_given_up_at_the_timeout_and_closed_when_it_arrives(monkeypatch):
    """Schemes that are not probed rely on Dask's timeout; the guard holds if that fails."""
    closed = threading.Event()

    class SlowClient:
        def __init__(self, address: str, timeout: float) -> None:
            time.sleep(timeout + scheduler.GRACE + 0.5)

        def close(self) -> None:
            closed.set()

    monkeypatch.setattr(distributed, "Client", SlowClient)
    message, elapsed = refused("ws://127.0.0.1:1", timeout=1.0)
    assert "no Dask scheduler answers there within 1 s" in message
    assert elapsed < 1.0 + MARGIN
    assert closed.wait(5.0)


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield cluster


def test_a_scheduler_is_joined_and_its_workers_counted(cluster):
    address = cluster.scheduler_address
    for given in (address, address.removeprefix("tcp://")):
        client = connect(given, timeout=10.0)
        try:
            assert client.scheduler.address == address
            assert wait_for_workers(client, address, timeout=10.0, say=print) == 2
        finally:
            client.close()


def test_the_dashboards_port_is_not_taken_for_the_scheduler(cluster):
    """The dashboard (HTTP, served even without bokeh) is the port users give by mistake."""
    host_port = cluster.dashboard_link.split("//", 1)[1].split("/", 1)[0]
    try:
        socket.create_connection(tuple(host_port.rsplit(":", 1)), timeout=1).close()
    except OSError:
        pytest.skip("no dashboard is served")
    message, elapsed = refused(f"tcp://{host_port}", timeout=3.0)
    assert "no Dask scheduler answers there within 3 s (is it the dashboard's port?" in message
    assert elapsed < 3.0 + MARGIN


def test_a_workers_address_points_to_its_scheduler(cluster):
    (worker,) = cluster.workers.values()
    message, elapsed = refused(worker.address)
    assert message.endswith(
        f"a Dask worker answers there, not the scheduler (its scheduler is "
        f"{cluster.scheduler_address})"
    )
    assert elapsed < 1.0


@pytest.fixture
def no_workers() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=0,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster


def test_no_worker_in_time_is_one_line_and_the_wait_is_said_aloud(no_workers, monkeypatch):
    monkeypatch.setattr(scheduler, "NOTICE_AFTER", 0.2)
    monkeypatch.setattr(scheduler, "NOTICE_EVERY", 0.8)
    address = no_workers.scheduler_address
    said: list[str] = []
    with connect(address, timeout=10.0) as client:
        start = time.monotonic()
        with pytest.raises(ScenarioError) as raised:
            wait_for_workers(client, address, timeout=2.0, say=said.append)
        elapsed = time.monotonic() - start
    assert str(raised.value) == (
        f"--wait-for-workers 2: no Dask worker joined {address} within 2 s"
    )
    assert 2.0 <= elapsed < 2.0 + MARGIN
    assert (
        said
        == [
            f"no Dask worker has joined {address}: waiting (start one with "
            f"`dask worker {address}`; --wait-for-workers SECONDS stops waiting)"
        ]
        * 3
    )  # at 0.2, 1.0 and 1.8 s


def test_a_worker_that_joins_ends_the_wait(no_workers):
    address = no_workers.scheduler_address
    threading.Timer(1.0, no_workers.scale, args=(1,)).start()
    said: list[str] = []
    with connect(address, timeout=10.0) as client:
        threads = wait_for_workers(client, address, timeout=None, say=said.append)
    assert threads >= 1
    assert said == []  # the first worker joined before NOTICE_AFTER
