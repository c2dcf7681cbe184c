"""Load: gunicorn on loopback serving the seed data, driven by concurrent clients for a bounded time.

Prints requests/s, p50/p95/p99 latency and errors for the home, meeting, document and search pages, beside the
same figures for a bare Django view on the same server (the framework's ceiling on this machine).

    .venv/bin/python bench/load.py [--seconds 10] [--clients 8] [--workers 3]
"""

import argparse
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import quote

from _django import ROOT, bench_database

PANEL = "/panels/children-and-young-peoples-social-care-and-services"
PAGES = {
    "bare view (/healthz/live/)": "/healthz/live/",
    "home": "/",
    "meeting": f"{PANEL}/meetings/2021-09-21/",
    "document": f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
    "search": "/search/?q=" + quote("locality working"),
}
HOST, PORT = "127.0.0.1", 8765


def drive(path: str, seconds: float, clients: int) -> dict:
    """`clients` threads, each on its own keep-alive connection, for `seconds`; loops are bounded in time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "localhost"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "errors": errors[0],
    }


def wait_for_server(timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=1)
            conn.request("GET", "/healthz/live/", headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    with bench_database():
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        call_command("build_packs", "--all", verbosity=0)
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
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for_server()
            for path in PAGES.values():  # warm every worker's caches
                drive(path, 1, args.workers)
            results = {name: drive(path, args.seconds, args.clients) for name, path in PAGES.items()}
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    print(
        f"gunicorn {args.workers} workers, {args.clients} concurrent clients, {args.seconds:.0f} s per page, "
        f"{os.cpu_count()} cores"
    )
    print(f"{'page':<24}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, r in results.items():
        print(
            f"{name:<24}{r['requests']:>9}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
            f"{r['errors']:>8}"
        )
    bare = results["bare view (/healthz/live/)"]["rps"]
    meeting = results["meeting"]["rps"]
    total_errors = sum(r["errors"] for r in results.values())
    print()
    print(
        f"meeting page at {meeting / bare:.0%} of the bare view's throughput (target 50% or more): "
        f"{'ok' if meeting >= bare / 2 else 'MISSED'}"
    )
    print(f"errors: {total_errors} (target 0): {'ok' if total_errors == 0 else 'MISSED'}")


if __name__ == "__main__":
    main()
