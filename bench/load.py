"""Load: gunicorn on loopback serving the seed data (plus bench meetings of 10, 50 and 200 items), driven by
concurrent clients for a bounded time.

Every figure is measured beside its reference, the bare /healthz/live/ view on the same server, one right after
the other, three times over (interleaved: reference, page, reference, page...), and printed as one line naming
both sides with the ratio, min/median/max of the three repeats:

    meeting page (10 items), signed-in councillor, uncached: 41 req/s, /healthz/live/ 2010 req/s, ratio 0.020 ...

The machine is shared and noisy: read the ratios, not the absolute figures. Latency (p50) of the 200-item
meeting page is measured with a single client, so it is the time of one request rather than a queue.

    .venv/bin/python bench/load.py [--seconds 3] [--clients 8] [--workers 3] [--repeats 3] [--port 8780]

With REDIS_URL set (for example redis://127.0.0.1:6379/4), the server caches in Redis, as in production;
otherwise each worker caches in its own memory.
"""

import argparse
import datetime
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

from _django import ROOT, bench_database

PANEL = "/panels/children-and-young-peoples-social-care-and-services"
SEED_MEETING = f"{PANEL}/meetings/2021-09-21/"
REFERENCE = "/healthz/live/"
HOST = "127.0.0.1"
# Bench meetings of the seed panel: (items, date). The seed councillors hold seats in 2021/22.
BIG_MEETINGS = {10: datetime.date(2021, 10, 5), 50: datetime.date(2021, 11, 2), 200: datetime.date(2021, 12, 7)}
EXTRA_SEATS = 14  # the busy councillor's seats on other panels, beside the seed panel


@dataclass
class Figure:
    label: str
    path: str
    reader: str = ""  # "" anonymous; otherwise a session name (see make_readers)
    clients: int | None = None  # None: --clients
    latency: bool = False  # report p50 rather than req/s


def figures() -> list[Figure]:
    def meeting(items):
        return f"{PANEL}/meetings/{BIG_MEETINGS[items]:%Y-%m-%d}/"

    search = "/search/?q=" + quote("locality working")
    return [
        Figure("home, anonymous, cached", "/"),
        Figure("meeting page (seed), anonymous, cached", SEED_MEETING),
        Figure("document page, anonymous, cached", f"{SEED_MEETING}documents/locality-working/"),
        Figure("search page, anonymous", search),
        Figure("search page, signed-in councillor", search, "councillor"),
        Figure("home, signed-in councillor, uncached", "/", "councillor"),
        Figure("my page, signed-in councillor, uncached", "/accounts/my/", "councillor"),
        Figure("meeting page (seed), signed-in councillor, uncached", SEED_MEETING, "councillor"),
        Figure("meeting page (10 items), signed-in councillor, uncached", meeting(10), "councillor"),
        Figure("meeting page (10 items), councillor with 15 seats, uncached", meeting(10), "busy"),
        Figure("meeting page (50 items), signed-in councillor, uncached", meeting(50), "councillor"),
        Figure("meeting page (200 items), signed-in councillor, uncached", meeting(200), "councillor"),
        Figure("meeting page (10 items), officer, uncached", meeting(10), "officer"),
        Figure("meeting page (200 items), signed-in councillor, 1 client", meeting(200), "councillor", 1, True),
    ]


def drive(port: int, path: str, seconds: float, clients: int, cookie: str = "") -> dict:
    """`clients` threads, each on its own keep-alive connection, for `seconds`; loops are bounded in time."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Host": "localhost"} | ({"Cookie": cookie} if cookie else {})

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
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
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else float("nan")
    return {"rps": len(latencies) / elapsed, "p50": p50, "errors": errors[0]}


def wait_for_server(port: int, timeout: float = 300) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=1)
            conn.request("GET", REFERENCE, headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def add_big_meetings() -> None:
    """Published meetings of the seed panel with 10, 50 and 200 items, each with a written report; one item in
    ten exempt (so a councillor's page reads exempt papers, the public's leaves them out)."""
    from django.utils import timezone

    from meetings.models import AgendaItem, Document, Meeting, Panel

    panel = Panel.objects.get(slug=PANEL.rsplit("/", 1)[1])
    now = timezone.now()
    for size, date in BIG_MEETINGS.items():
        meeting = Meeting.objects.create(
            panel=panel, date=date, status="scheduled", venue="Town Hall", agenda_published_at=now
        )
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                position=n,
                number=str(n),
                title=f"Bench item {n} of {size}",
                description="A short description of what the panel is asked to consider at this item.",
                exempt_paragraph=3 if n % 10 == 0 else None,
                published_at=now,
            )
            for n in range(1, size + 1)
        )
        Document.objects.bulk_create(
            Document(
                meeting=meeting,
                agenda_item=item,
                position=1,
                slug=f"report-{item.position}",
                title=f"Report for item {item.position}",
                summary="What the report says, in a sentence.",
                body_html="<p>The body of the report.</p>",
                exempt_paragraph=item.exempt_paragraph,
                published_at=now,
            )
            for item in items
        )


def make_readers(secret_key: str) -> dict[str, str]:
    """Session cookies: a councillor with one seat (the seed panel), one with fifteen, and an officer. Signed
    with the server's secret key (the session data and the user's session hash are)."""
    from django.test.utils import override_settings

    from meetings.models import Council, Councillor, Membership, Panel
    from portal.models import User

    council = Council.objects.first()
    seed_panel = Panel.objects.get(slug=PANEL.rsplit("/", 1)[1])
    one = Councillor.objects.create(council=council, slug="bench-one-seat", initials="O", surname="Seat")
    busy = Councillor.objects.create(council=council, slug="bench-busy", initials="B", surname="Busy")
    panels = [seed_panel] + [
        Panel.objects.create(council=council, name=f"Bench Panel {n}", slug=f"bench-panel-{n}")
        for n in range(EXTRA_SEATS)
    ]
    Membership.objects.create(panel=seed_panel, councillor=one, municipal_year=2021)
    Membership.objects.bulk_create(Membership(panel=p, councillor=busy, municipal_year=2021) for p in panels)
    users = {
        "councillor": User.objects.create_user(email="one@example.org", role="councillor", councillor=one),
        "busy": User.objects.create_user(email="busy@example.org", role="councillor", councillor=busy),
        "officer": User.objects.create_user(email="officer-bench@example.org", role="officer"),
    }
    cookies = {"": ""}
    for name, user in users.items():
        with override_settings(SECRET_KEY=secret_key):
            cookies[name] = session_cookie(user)
    return cookies


def signed_in(port: int, cookie: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/", headers={"Host": "localhost", "Cookie": cookie})
    return b"Sign out" in conn.getresponse().read()


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore

    from portal.middleware import SESSION_REFRESHED

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend Django's test client signs in with: the first that reads users back.
    session[BACKEND_SESSION_KEY] = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_REFRESHED] = int(time.time()) + 24 * 3600  # never refreshed during the run
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def spread(values: list[float], fmt: str) -> str:
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values), max(values)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8765)))
    parser.add_argument("--only", default="", help="run only the figures whose label holds this text")
    args = parser.parse_args()
    chosen = [f for f in figures() if args.only in f.label]

    with bench_database():
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        call_command("build_packs", "--all", verbosity=0)
        add_big_meetings()
        secret_key = "bench-only-" + "x" * 50
        cookies = make_readers(secret_key)
        db = connection.settings_dict
        host = db.get("HOST") or db.get("OPTIONS", {}).get("host", "")
        url = f"postgresql://{db['USER']}:{db.get('PASSWORD') or ''}@"
        url += f"/{db['NAME']}?host={host}" if host.startswith("/") else f"{host}:{db.get('PORT') or 5432}/{db['NAME']}"
        env = dict(
            os.environ,
            DATABASE_URL=url,
            DATABASE_CONN_MAX_AGE="60",
            DEBUG="false",
            SECRET_KEY=secret_key,
            ALLOWED_HOSTS="localhost",
            SECURE_SSL_REDIRECT="false",
            SMTP_HOST="localhost",
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            LOG_LEVEL="WARNING",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        if env.get("REDIS_URL"):
            import redis

            redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # the bench's own Redis database
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"{HOST}:{args.port}",
             "--workers", str(args.workers), "--timeout", "300", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        rows: dict[str, list[tuple[dict, dict]]] = {f.label: [] for f in chosen}
        try:
            wait_for_server(args.port)
            for reader, cookie in cookies.items():
                if reader and not signed_in(args.port, cookie):
                    raise SystemExit(f"The {reader}'s session does not sign them in: the figures would be anonymous")
            for figure in chosen:  # warm every worker's caches
                drive(args.port, figure.path, 0.5, args.workers, cookies[figure.reader])
            for _ in range(args.repeats):
                for figure in chosen:
                    clients = figure.clients or args.clients
                    reference = drive(args.port, REFERENCE, args.seconds, clients)
                    measured = drive(args.port, figure.path, args.seconds, clients, cookies[figure.reader])
                    rows[figure.label].append((measured, reference))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    print(
        f"gunicorn {args.workers} workers, {args.clients} concurrent clients, {args.seconds:.0f} s per measurement, "
        f"{args.repeats} interleaved repeats (min/median/max), {os.cpu_count()} cores, "
        f"cache: {'Redis' if os.environ.get('REDIS_URL') else 'memory per worker'}"
    )
    errors = 0
    for figure in chosen:
        pairs = rows[figure.label]
        failed = sum(m["errors"] + r["errors"] for m, r in pairs)
        errors += failed
        if failed:
            print(f"{figure.label}: {failed} requests answered other than 200")
        if figure.latency:
            page, ref = [m["p50"] for m, _ in pairs], [r["p50"] for _, r in pairs]
            print(
                f"{figure.label}: p50 {spread(page, '.1f')} ms, {REFERENCE} p50 {spread(ref, '.2f')} ms, "
                f"ratio {spread([p / r for p, r in zip(page, ref, strict=True)], '.0f')}"
            )
        else:
            page, ref = [m["rps"] for m, _ in pairs], [r["rps"] for _, r in pairs]
            print(
                f"{figure.label}: {spread(page, '.1f')} req/s, {REFERENCE} {spread(ref, '.0f')} req/s, "
                f"ratio {spread([p / r for p, r in zip(page, ref, strict=True)], '.3f')}"
            )
    label = "meeting page ({} items), signed-in councillor, uncached"
    if label.format(10) in rows and label.format(200) in rows:
        # Inverse throughput (seconds of a saturated server per request), per item, in /healthz/ requests too.
        small, big = rows[label.format(10)], rows[label.format(200)]
        per_item = [(1 / b["rps"] - 1 / s["rps"]) / 190 for (s, _), (b, _) in zip(small, big, strict=True)]
        ref = [(r1["rps"] + r2["rps"]) / 2 for (_, r1), (_, r2) in zip(small, big, strict=True)]
        print(
            f"cost per agenda item (200 vs 10 items): {spread([c * 1000 for c in per_item], '.3f')} ms, "
            f"{REFERENCE} request {spread([1000 / r for r in ref], '.3f')} ms, "
            f"ratio {spread([c * r for c, r in zip(per_item, ref, strict=True)], '.2f')}"
        )
    who = ("councillor with 15 seats", "signed-in councillor")
    seats = [f"meeting page (10 items), {reader}, uncached" for reader in who]
    if all(label in rows for label in seats):
        busy, one = ([m["rps"] for m, _ in rows[label]] for label in seats)
        print(
            f"meeting page (10 items), 15 seats vs 1 seat: {spread(busy, '.1f')} req/s, 1 seat {spread(one, '.1f')} "
            f"req/s, ratio {spread([b / o for b, o in zip(busy, one, strict=True)], '.3f')}"
        )
    print(f"errors: {errors}")


if __name__ == "__main__":
    main()
