"""A frozen database costs a reader a 503 within seconds, never a hung request: real processes.

gunicorn serves the portal in its production configuration (DEBUG off, collected static files, persistent
connections) through a TCP proxy in front of this worker's test database. The test freezes things the way they
freeze in production: the proxy stops relaying (a stalled load balancer or network), a backend process holding a
lock is stopped with SIGSTOP, the web process's own backend is stopped with SIGSTOP. Each ends on the 503 page in
about the configured time, and the portal recovers without a restart.
"""

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
CONNECT_TIMEOUT = 2
STATEMENT_TIMEOUT = 2
ANSWER_DEADLINE = STATEMENT_TIMEOUT + 5  # portal.database.ANSWER_GRACE_SECONDS
SLACK = 4  # a busy two-core machine answers a little late
APPLICATION = "application_name=portal-under-test"  # tells gunicorn's backend from this test run's own


class StallingProxy:
    """A TCP proxy to the database that can stop relaying: connections stay open and new ones are accepted,
    but nothing gets through, as with a stalled load balancer, a frozen server or a broken network path."""

    def __init__(self, target: str | tuple[str, int]):
        self.target = target
        self.frozen = threading.Event()
        self.closed = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", free_port()))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _upstream(self) -> socket.socket:
        if isinstance(self.target, str):
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.target)
            return upstream
        return socket.create_connection(self.target)

    def _accept(self):
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = self._upstream()
            self.sockets += [client, upstream]
            for source, destination in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, destination), daemon=True).start()

    def _pump(self, source: socket.socket, destination: socket.socket):
        with contextlib.suppress(OSError, ValueError):
            while not self.closed.is_set():
                if self.frozen.is_set():
                    time.sleep(0.05)
                    continue
                # Looked at again once data is waiting: set while this thread waited, the freeze holds it back.
                if not select.select([source], [], [], 0.1)[0] or self.frozen.is_set():
                    continue
                data = source.recv(65536)
                if not data:
                    break
                destination.sendall(data)
        for end in (source, destination):
            with contextlib.suppress(OSError):
                end.close()

    def close(self):
        self.closed.set()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread, which close() alone would not
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


def database_target(params: dict) -> str | tuple[str, int]:
    """Where the proxy relays to: the test database's unix socket, or its TCP address."""
    host, port = params.get("host") or "/tmp", int(params.get("port") or 5432)
    return f"{host}/.s.PGSQL.{port}" if host.startswith("/") else (host, port)


# The test's own connection only creates this worker's test database and finds its address; the web process under
# test reads the data committed when the test database was set up.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def portal_behind_a_proxy(django_db_setup, django_db_blocker, tmp_path_factory):
    """(proxy, fetch, log): gunicorn with the production settings, its database reached through the proxy; one
    for the module (collectstatic and starting gunicorn are slow), each test checking it serves before it starts."""
    tmp_path = tmp_path_factory.mktemp("timeouts")
    with django_db_blocker.unblock():
        connection.ensure_connection()
    database = connection.settings_dict
    proxy = StallingProxy(database_target(connection.get_connection_params()))
    port = free_port()
    log = tmp_path / "gunicorn.log"
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "PORTAL_"))}
    environment |= {
        "DATABASE_URL": f"postgresql://{credentials}@127.0.0.1:{proxy.port}/{database['NAME']}?{APPLICATION}",
        "DATABASE_CONN_MAX_AGE": "60",  # as the operations guide recommends: the connection outlives the request
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
        "DATABASE_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT),
        "DATABASE_LOCK_TIMEOUT": "0",  # so that a lock wait ends by the statement timeout (QueryCanceled)
        "DEBUG": "false",
        "SECRET_KEY": "timeouts-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
    )
    gunicorn = [Path(sys.executable).parent / "gunicorn", "portal.wsgi:application", "--workers", "1"]
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            [*gunicorn, "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "2"],
            cwd=ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(150):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert server.poll() is None, log.read_text()
            time.sleep(0.2)

        def fetch() -> tuple[int, str, float]:
            """GET a page that must read the database (a fresh address each time, so never a cached copy)."""
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/panels/?v={uuid.uuid4().hex}", timeout=60) as r:
                    status, body = r.status, r.read().decode()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
            return status, body, time.monotonic() - started

        yield proxy, fetch, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        proxy.close()


@pytest.fixture
def portal(portal_behind_a_proxy):
    """The module's portal, relaying again whatever the previous test left."""
    proxy, _, _ = portal_behind_a_proxy
    proxy.frozen.clear()
    return portal_behind_a_proxy


def direct_connection() -> psycopg.Connection:
    params = {key: value for key, value in connection.get_connection_params().items() if key != "options"}
    return psycopg.connect(**params, autocommit=True)


@contextlib.contextmanager
def stopped(pid: int):
    """SIGSTOP a PostgreSQL backend process, and SIGCONT it whatever happens."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def is_local_process(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def assert_503_within(result: tuple[int, str, float], low: float, high: float) -> None:
    status, body, seconds = result
    assert status == 503, body[:500]
    assert "could not reach its database" in body
    assert low <= seconds <= high, f"the 503 came after {seconds:.1f} s, expected {low}-{high} s"


def test_a_frozen_database_gives_a_503_within_seconds_and_the_portal_recovers(portal):
    proxy, fetch, log = portal
    assert fetch()[0] == 200  # the web process now holds a persistent connection through the proxy

    # 1. The proxy stops relaying in the middle of that connection's life: no server can cancel anything, the web
    # process gives up by itself after the statement timeout and its grace.
    proxy.frozen.set()
    assert_503_within(fetch(), ANSWER_DEADLINE - 1, ANSWER_DEADLINE + SLACK)
    assert "did not answer within 7 seconds" in log.read_text()

    # 2. Still frozen: the next request needs a new connection, and the connect timeout ends it.
    assert_503_within(fetch(), CONNECT_TIMEOUT - 1, CONNECT_TIMEOUT + SLACK)
    assert "connection timeout expired" in log.read_text()

    # 3. The path comes back: the very next request is served, without restarting anything.
    proxy.frozen.clear()
    assert fetch()[0] == 200


def test_a_stopped_backend_holding_a_lock_ends_in_the_statement_timeout(portal):
    """A backend stopped with SIGSTOP while it holds a lock the page needs: the server cancels the waiting query
    (QueryCanceled) after the statement timeout, and the reader gets the 503 page."""
    _, fetch, log = portal
    assert fetch()[0] == 200
    with direct_connection() as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE meetings_panel IN ACCESS EXCLUSIVE MODE")
        pid = holder.execute("SELECT pg_backend_pid()").fetchone()[0]
        with stopped(pid) if is_local_process(pid) else contextlib.nullcontext():
            assert_503_within(fetch(), STATEMENT_TIMEOUT - 1, STATEMENT_TIMEOUT + SLACK)
        holder.execute("ROLLBACK")
    assert "canceling statement due to statement timeout" in log.read_text()
    assert fetch()[0] == 200


def test_the_web_processs_own_backend_stopped_gives_a_503(portal):
    """The backend serving the web process's persistent connection is stopped with SIGSTOP: it cannot cancel its
    own statement, so the web process's own deadline ends the request."""
    _, fetch, _ = portal
    assert fetch()[0] == 200
    with direct_connection() as observer:
        rows = observer.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [APPLICATION.partition("=")[2]],
        ).fetchall()
    assert len(rows) == 1, rows
    if not is_local_process(rows[0][0]):
        pytest.skip("the database server runs on another machine: its processes cannot be stopped from here")
    with stopped(rows[0][0]):
        assert_503_within(fetch(), ANSWER_DEADLINE - 1, ANSWER_DEADLINE + SLACK)
    assert fetch()[0] == 200
