"""Redis outage: gunicorn (DEBUG off, REDIS_URL at a redis-server of its own) serving the seed data while that
Redis is stopped for a while and started again. Prints the answers by status in each phase and their latency.

    .venv/bin/python bench/redis_outage.py [--outage 15] [--port 8201] [--redis-port 6391]

Loops are bounded in time and every process it starts is stopped at the end.
"""

import argparse
import collections
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from _django import ROOT, bench_database

PANEL = "/panels/children-and-young-peoples-social-care-and-services"
PAGES = [
    "/",
    "/panels/",
    f"{PANEL}/",
    f"{PANEL}/meetings/2021-09-21/",
    f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
    "/search/?q=locality",
]
HOST = "127.0.0.1"


class Redis:
    """A redis-server of our own on a spare port, with nothing saved to disk."""

    def __init__(self, port: int, folder: str):
        self.port, self.folder, self.process = port, folder, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout == b"PONG\n":
                return
            time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def drive(path_list: list[str], port: int, seconds: float, clients: int, phase: str, results: list) -> None:
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def client(offset: int):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        index = offset
        while time.perf_counter() < deadline:
            path = path_list[index % len(path_list)]
            index += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "localhost"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            with lock:
                results.append((phase, path, status, time.perf_counter() - started))
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def health(port: int) -> str:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/healthz/", headers={"Host": "localhost"})
    response = conn.getresponse()
    body = response.read().decode()
    try:
        parsed = json.loads(body)
        return f"{response.status} cache={parsed.get('cache', {}).get('status')}"
    except ValueError:
        return f"{response.status} {body[:40]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage", type=float, default=15)
    parser.add_argument("--before", type=float, default=5)
    parser.add_argument("--after", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--redis-port", type=int, default=6391)
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is not installed")

    results: list = []
    notes: list[str] = []
    with bench_database(), tempfile.TemporaryDirectory(prefix="bench-redis-") as folder:
        from django.conf import settings
        from django.db import connection

        db = connection.settings_dict
        host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
        url = f"postgresql://{db['USER']}:{db.get('PASSWORD') or ''}@"
        url += f"/{db['NAME']}?host={host}" if host.startswith("/") else f"{host}:{db.get('PORT') or 5432}/{db['NAME']}"
        env = dict(
            os.environ,
            DATABASE_URL=url,
            DATABASE_CONN_MAX_AGE="60",
            DEBUG="false",
            SECRET_KEY="bench-only-" + "x" * 50,
            ALLOWED_HOSTS="localhost",
            SECURE_SSL_REDIRECT="false",
            SMTP_HOST="localhost",
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            LOG_LEVEL="WARNING",
            REDIS_URL=f"redis://{HOST}:{args.redis_port}/0",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        redis = Redis(args.redis_port, folder)
        redis.start()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"{HOST}:{args.port}"]
            + ["--workers", str(args.workers), "--log-level", "warning", "--timeout", "30"],
            cwd=ROOT,
            env=env,
            stderr=open(os.path.join(folder, "gunicorn.log"), "w"),  # noqa: SIM115 - closed with the process
        )
        try:
            deadline = time.time() + 30
            while time.time() < deadline:
                try:
                    health(args.port)
                    break
                except OSError:
                    time.sleep(0.2)
            drive(PAGES, args.port, args.before, args.clients, "before", results)
            notes.append(f"/healthz/ before: {health(args.port)}")
            redis.stop()
            drive(PAGES, args.port, args.outage, args.clients, "outage", results)
            notes.append(f"/healthz/ during the outage: {health(args.port)}")
            redis.start()
            drive(PAGES, args.port, args.after, args.clients, "after", results)
            notes.append(f"/healthz/ after: {health(args.port)}")
            keys = subprocess.run(["redis-cli", "-p", str(args.redis_port), "dbsize"], capture_output=True, text=True)
            notes.append(f"keys in Redis after it came back: {keys.stdout.strip()}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            redis.stop()
        with open(os.path.join(folder, "gunicorn.log")) as log:
            lines = log.read().splitlines()
        notes.append(f"gunicorn log: {len(lines)} lines; last: {lines[-1][:160] if lines else '(empty)'}")

    print(f"gunicorn {args.workers} workers, {args.clients} clients; Redis stopped for {args.outage:.0f} s")
    print(f"{'phase':<8}{'requests':>9}  {'statuses':<40}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for phase in ("before", "outage", "after"):
        rows = [row for row in results if row[0] == phase]
        statuses = collections.Counter(row[2] for row in rows)
        latencies = sorted(row[3] * 1000 for row in rows)

        def pct(p, latencies=latencies):
            return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

        shown = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items(), key=str))
        print(f"{phase:<8}{len(rows):>9}  {shown:<40}{pct(50):>9.1f}{pct(95):>9.1f}{pct(100):>9.1f}")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
