"""Real processes for fault tests: gunicorn with DEBUG off against the test database, and a redis-server of the
test's own on a spare port that the test may stop and start again."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# This suite's own port ranges, clear of the development server (8000) and the machine's Redis (6379).
SERVER_PORTS = range(8210, 8260)
REDIS_PORTS = range(6392, 6400)


def free_port(ports: range) -> int:
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) != 0:
                return port
    raise RuntimeError(f"No free port in {ports.start}-{ports.stop - 1}")


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django is connected to (the test database, during tests)."""
    host = settings_dict.get("HOST") or settings_dict.get("OPTIONS", {}).get("host", "")
    url = f"postgresql://{settings_dict['USER']}:{settings_dict.get('PASSWORD') or ''}@"
    if host.startswith("/"):
        return url + f"/{settings_dict['NAME']}?host={host}"
    return url + f"{host}:{settings_dict.get('PORT') or 5432}/{settings_dict['NAME']}"


def production_env(**extra: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="false",
        SECRET_KEY="process-test-" + "k" * 50,
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SMTP_HOST="localhost",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def collect_static(destination: Path) -> Path:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(destination)),
        check=True,
        timeout=300,
    )
    return destination


class RedisServer:
    """redis-server on a spare port, saving nothing to disk."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port(REDIS_PORTS)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.command("ping") == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def command(self, *args: str) -> str:
        result = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return result.stdout.strip()


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, log: Path):
    """Serve the portal with gunicorn on a spare port; yields the port. Stopped (and waited for) on exit."""
    port = free_port(SERVER_PORTS)
    with open(log, "w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"{HOST}:{port}"]
            # A worker has --timeout seconds to boot as well as to answer: on a loaded 2-core machine importing
            # WeasyPrint alone has taken over 30 s, and gunicorn then kills the booting worker.
            + ["--workers", str(workers), "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    get(port, "/healthz/live/")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"gunicorn did not start: {log.read_text()[-2000:]}") from None
                    time.sleep(0.2)
            yield port
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()
