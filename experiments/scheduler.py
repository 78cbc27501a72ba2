"""Joining a Dask scheduler that the user started: connect to it, then wait for its workers.

A sweep sent to ``--scheduler ADDRESS`` should either start or end in one line that says what is
wrong. Dask's own client trusts the address: its handshake is deliberately not subject to any
timeout (``distributed.comm.core.connect``), so the dashboard's port or any web server hangs it
for ever, and an HTTP answer is read as the length of a message ("HTTP/1.1" is 3.07 EiB), which
ends in a MemoryError. And a scheduler without workers accepts tasks and runs none of them, in
silence. So before handing the address to Dask we check that a Dask scheduler answers there, and
before the sweep starts we wait, aloud, until a worker has joined.

``distributed`` is imported only when a scheduler is used: importing it takes about a second.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from samskaping.experiments.store import short_reason
from samskaping.scenarios.parameters import ScenarioError

if TYPE_CHECKING:
    from distributed import Client

#: seconds without a worker before the first "waiting" line: a worker that is starting joins sooner
NOTICE_AFTER = 10.0
#: seconds between the "waiting" lines after the first
NOTICE_EVERY = 60.0
#: seconds between two questions to the scheduler while waiting for a worker
POLL = 0.5
#: seconds one question to the scheduler may take before the scheduler counts as lost
ASK_TIMEOUT = 30.0
#: the longest handshake a Dask server could plausibly send: it is under 100 bytes
LONGEST_HANDSHAKE = 64 * 1024
#: the longest identity a scheduler could plausibly send: about a kilobyte per worker
LONGEST_IDENTITY = 256 * 1024 * 1024
#: seconds the connection guard allows beyond the timeout, for Dask's own timeout to fire first
GRACE = 1.0

_WRONG_PORT = "is it the dashboard's port? the scheduler's is usually 8786"
#: a Dask TCP message starts with its length, then its number of frames and each frame's length,
#: 8 bytes each in the machine's byte order, as ``distributed.comm.tcp`` writes them
_LENGTH = struct.Struct("Q")


class _NotASchedulerError(Exception):
    """What answered, in the user's words, when it is not a Dask scheduler."""


def connect(address: str, timeout: float = 20.0) -> Client:
    """A client of the Dask scheduler at ``address``, or the user's one-line error within
    ``timeout`` seconds (and a second's grace) when nothing there is a Dask scheduler.

    A TCP address (``tcp://HOST:PORT`` or ``HOST:PORT``) is probed before Dask sees it, because
    Dask's handshake has no timeout and trusts the first bytes it reads. A Dask server sends its
    handshake as soon as it accepts a connection, so silence (a web server waiting for a request,
    a TLS server waiting for a hello) or anything that is not a Dask message (an HTTP proxy's
    "HTTP/1.1 400", an SSH banner) means the address is wrong; a Dask server that says it is a
    worker or a nanny is the wrong one. Other schemes (tls, ws, wss, ucx, inproc) are left to
    Dask's own timeout. On every scheme the client is created under a guard, so that nothing
    hangs past the timeout.
    """
    deadline = time.monotonic() + timeout
    scheme, host, port = _parse(address)
    if scheme == "tcp":
        _probe(address, host, port, timeout, deadline)
    return _guarded_client(address, timeout, deadline)


def wait_for_workers(
    client: Client, address: str, timeout: float | None, say: Callable[[str], None]
) -> int:
    """The number of worker threads once at least one worker has joined the scheduler.

    A scheduler without workers accepts a sweep's tasks and never runs them, so the sweep would
    wait in silence: instead, after ``NOTICE_AFTER`` seconds and then every ``NOTICE_EVERY``
    seconds, ``say`` tells the user how to start a worker or stop waiting. With a ``timeout``
    (``--wait-for-workers SECONDS``) no worker in time is the user's one-line error; with
    ``None`` the wait lasts until a worker joins or the user interrupts it. The count is taken
    when the first worker joins: workers that join later are not in it.
    """
    if timeout is not None and timeout < 0:
        raise ScenarioError(f"--wait-for-workers {timeout:g}: must be 0 seconds or more")
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    next_notice = start + NOTICE_AFTER
    while True:
        threads = _worker_threads(client, address)
        if threads > 0:
            return threads
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            raise ScenarioError(
                f"--wait-for-workers {timeout:g}: no Dask worker joined {address} "
                f"within {timeout:g} s"
            )
        if now >= next_notice:
            say(
                f"no Dask worker has joined {address}: waiting (start one with "
                f"`dask worker {address}`; --wait-for-workers SECONDS stops waiting)"
            )
            next_notice = now + NOTICE_EVERY
        until = next_notice if deadline is None else min(next_notice, deadline)
        time.sleep(max(0.0, min(POLL, until - now)))


def _parse(address: str) -> tuple[str, str, int]:
    """Scheme, host and port of ``address`` as Dask reads it (a bare ``HOST:PORT`` is TCP), or
    the user's one-line error. Host and port are checked only for TCP, the scheme we probe."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    scheme, location = parse_address(address.strip(), strict=False)
    if scheme not in backends:
        known = ", ".join(f"{name}://" for name in sorted(backends))
        raise ScenarioError(f"--scheduler {address}: unknown scheme {scheme}:// (known: {known})")
    if scheme != "tcp":
        return scheme, "", 0
    try:
        host, port = parse_host_port(location)
    except ValueError:
        host, port = "", 0
    if not host or not 0 < port < 65536:
        raise ScenarioError(
            f"--scheduler {address}: not a HOST:PORT address (e.g. tcp://127.0.0.1:8786)"
        )
    return scheme, host, port


def _probe(address: str, host: str, port: int, timeout: float, deadline: float) -> None:
    """Raise the user's one-line error unless a Dask scheduler answers at ``host:port`` by
    ``deadline``: it must send a Dask handshake unasked, and say it is a scheduler when asked.
    It is answered with its own handshake, so that it sees a client come and go rather than a
    connection broken off in the handshake (which a scheduler logs)."""
    handshake: list[bytes] = []
    with _open(address, host, port, deadline) as connection:
        try:
            handshake = _read_message(connection, deadline, LONGEST_HANDSHAKE)
            connection.sendall(_message(handshake))
            connection.sendall(_message(_dumps({"op": "identity", "reply": True})))
            identity = _loads(_read_message(connection, deadline, LONGEST_IDENTITY))
        except TimeoutError:
            if handshake:
                raise ScenarioError(
                    f"--scheduler {address}: a Dask server answers there, but did not say "
                    f"within {timeout:g} s whether it is a scheduler"
                ) from None
            raise ScenarioError(
                f"--scheduler {address}: no Dask scheduler answers there within {timeout:g} s "
                f"({_WRONG_PORT})"
            ) from None
        except _NotASchedulerError as problem:
            raise ScenarioError(
                f"--scheduler {address}: not a Dask scheduler ({problem})"
            ) from None
        except OSError as error:
            raise ScenarioError(
                f"--scheduler {address}: the connection broke ({error.strerror or error})"
            ) from None
    kind = identity.get("type")
    if kind == "Scheduler" or "workers" in identity:
        return
    if kind == "Worker":
        raise ScenarioError(
            f"--scheduler {address}: a Dask worker answers there, not the scheduler "
            f"(its scheduler is {identity.get('scheduler', 'not named')})"
        )
    raise ScenarioError(
        f"--scheduler {address}: a Dask {str(kind or 'server').lower()} answers there, "
        "not the scheduler"
    )


def _open(address: str, host: str, port: int, deadline: float) -> socket.socket:
    """A TCP connection to ``host:port``, or the user's one-line error saying why there is none."""
    timeout = deadline - time.monotonic()
    try:
        return socket.create_connection((host, port), timeout=max(timeout, 0.01))
    except ConnectionRefusedError:
        reason = "connection refused"
    except socket.gaierror:
        reason = f"unknown host {host}"
    except TimeoutError:
        reason = f"no answer within {timeout:.3g} s"
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
    raise ScenarioError(f"--scheduler {address}: cannot connect ({reason})")


def _read_message(connection: socket.socket, deadline: float, longest: int) -> list[bytes]:
    """The frames of the next Dask message on ``connection``; ``_NotASchedulerError`` when what
    arrives cannot be one, TimeoutError when nothing has arrived by ``deadline``. A length that
    is implausible for the message expected is rejected before anything is waited for: that is
    where Dask itself goes wrong, reading "HTTP/1.1" as 3.07 EiB."""
    header = _read(connection, _LENGTH.size, deadline)
    if not header:
        raise _NotASchedulerError("it closed the connection without a word")
    (length,) = _LENGTH.unpack(header) if len(header) == _LENGTH.size else (0,)
    if not 2 * _LENGTH.size <= length <= longest:
        raise _NotASchedulerError(f"it answered {_quote(header, connection)}")
    body = _read(connection, length, deadline)
    (count,) = _LENGTH.unpack_from(body) if len(body) >= _LENGTH.size else (0,)
    prelude = _LENGTH.size * (1 + count)
    if len(body) < length or count < 1 or prelude > length:
        raise _NotASchedulerError(f"it answered {_quote(header + body)}")
    sizes = struct.unpack_from(f"{count}{_LENGTH.format}", body, _LENGTH.size)
    if sum(sizes) != length - prelude:
        raise _NotASchedulerError(f"it answered {_quote(header + body)}")
    frames: list[bytes] = []
    start = prelude
    for size in sizes:
        frames.append(body[start : start + size])
        start += size
    return frames


def _read(connection: socket.socket, size: int, deadline: float) -> bytes:
    """``size`` bytes from ``connection``, fewer if it closes; TimeoutError at ``deadline``."""
    data = bytearray()
    while len(data) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        connection.settimeout(remaining)
        chunk = connection.recv(min(size - len(data), 1 << 20))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def _message(frames: list[bytes]) -> bytes:
    """``frames`` as one Dask TCP message: the inverse of ``_read_message``."""
    prelude = struct.pack(f"{1 + len(frames)}{_LENGTH.format}", len(frames), *map(len, frames))
    return _LENGTH.pack(len(prelude) + sum(map(len, frames))) + prelude + b"".join(frames)


def _dumps(message: dict[str, Any]) -> list[bytes]:
    """The frames Dask sends for ``message``."""
    from distributed.protocol import dumps

    return [bytes(frame) for frame in dumps(message)]


def _loads(frames: list[bytes]) -> dict[str, Any]:
    """The message in ``frames``, never unpickled (the far end is not yet trusted); a message
    that is not a dict means the far end is not a Dask server after all."""
    from distributed.protocol import loads

    try:
        message = loads(frames, deserialize=False)
    except Exception:
        message = None
    if not isinstance(message, dict):
        raise _NotASchedulerError("its answer is not a Dask message")
    return message


def _quote(data: bytes, connection: socket.socket | None = None, longest: int = 40) -> str:
    """The first line of what arrived, printable and short enough for a one-line error. With
    ``connection``, what else has arrived at once is read too, so that the quote is not cut
    at the 8 bytes that were read as a length."""
    if connection is not None:
        connection.settimeout(0.2)
        with contextlib.suppress(OSError):
            data += connection.recv(longest)
    line = data.split(b"\n", 1)[0].rstrip(b"\r")
    text = "".join(chr(b) if 32 <= b < 127 else "." for b in line[:longest])
    cut = len(line) > longest or len(line) < len(data.rstrip(b"\r\n"))
    return f'"{text}…"' if cut else f'"{text}"'


def _guarded_client(address: str, timeout: float, deadline: float) -> Client:
    """Dask's client of ``address``, created in a thread that is given up at ``deadline`` (and
    ``GRACE``): a server can pass the probe and still stall in the handshake that follows, and
    Dask's client would wait for it for ever. A client that arrives after it was given up is
    closed, so that none is left connected."""
    from distributed import Client

    outcome: list[Client | Exception] = []
    arrived, given_up = threading.Event(), threading.Event()
    lock = threading.Lock()

    def create() -> None:
        try:
            result: Client | Exception = Client(address, timeout=timeout)
        except Exception as error:
            result = error
        with lock:
            late = given_up.is_set()
            if not late:
                outcome.append(result)
        arrived.set()
        if late and isinstance(result, Client):
            result.close()

    threading.Thread(target=create, name="connect-scheduler", daemon=True).start()
    arrived.wait(max(0.0, deadline + GRACE - time.monotonic()))
    with lock:
        if not outcome:
            given_up.set()
    if given_up.is_set():
        raise ScenarioError(
            f"--scheduler {address}: no Dask scheduler answers there within {timeout:g} s "
            f"({_WRONG_PORT})"
        )
    result = outcome[0]
    if isinstance(result, Exception):
        raise ScenarioError(f"--scheduler {address}: cannot connect ({short_reason(result, 200)})")
    return result


def _worker_threads(client: Client, address: str) -> int:
    """How many threads the workers that have joined the scheduler have between them."""
    try:
        return sum(client.nthreads(callback_timeout=ASK_TIMEOUT).values())
    except Exception as error:
        raise ScenarioError(
            f"--scheduler {address}: lost the scheduler while waiting for workers "
            f"({short_reason(error, 200)})"
        ) from None
