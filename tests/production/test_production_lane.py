"""The production lane: the portal as deployed (DEBUG off, collectstatic, gunicorn with two workers, the db_worker,
Redis, its own database on the machine's PostgreSQL), driven over HTTP as an officer would, must publish the seed
meeting's pack exactly as the development configuration builds it, page for page.

The seed meeting (21 September 2021) is moved five weeks ahead first, since a meeting that has taken place can no
longer be published; everything else is the seed as loaded. The development pack is built from the same database
with DEBUG on (`build_packs --write-to`), so the two differ only in configuration.
"""

import contextlib
import datetime
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse

from tests.pdfs import pack_facts
from tests.production.conftest import POSTGRES, REDIS_URL, free_port, record

pytestmark = [pytest.mark.production, pytest.mark.usefixtures("production_services")]

ROOT = Path(__file__).resolve().parents[2]
PANEL = "children-and-young-peoples-social-care-and-services"
SEED_DATE = "2021-09-21"
OFFICER = "lane.officer@example.org"
COUNCILLOR = "lane.councillor@example.org"


class Browser:
    """A plain HTTP client that behaves like a browser behind the council's HTTPS load balancer: it sends the
    proxy's X-Forwarded-Proto header, keeps cookies (secure ones too, as the browser would over HTTPS) and sends
    Origin and Referer with its forms, so CSRF protection runs for real."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, dict(response.headers), content

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> tuple[int, dict, bytes]:
        status, headers, content = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        assert token, f"no CSRF token on {path}"
        return self.request("POST", path, {"csrfmiddlewaretoken": token[1].decode(), **form})


def hidden_value(page: bytes, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"'.encode(), page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"'.encode(), page
    )
    assert match, f"no {name} field"
    return match[1].decode()


def manage(environment: dict, *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@contextlib.contextmanager
def lane_database():
    import psycopg

    name = f"{os.environ.get('PRODUCTION_LANE_DATABASE_PREFIX', 'portal_lane')}_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(autocommit=True, **POSTGRES) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(autocommit=True, **POSTGRES) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running(command: list[str], environment: dict, log: Path):
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(condition, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if value := condition():
                return value
        time.sleep(0.25)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def test_an_officer_publishes_the_seed_pack_in_production_exactly_as_development_builds_it(tmp_path):
    import redis

    started = time.monotonic()
    cache = redis.Redis.from_url(REDIS_URL)
    cache.flushdb()  # the lane's own Redis database
    port = free_port()
    new_date = datetime.date.today() + datetime.timedelta(days=35)
    password = secrets.token_urlsafe(16)
    with lane_database() as database_url:
        base = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PORTAL_TEST_DATABASE", "TASKS_BACKEND", "REDIS_URL"}
        }
        base |= {"DATABASE_URL": database_url, "MEDIA_ROOT": str(tmp_path / "media"), "PYTHONUNBUFFERED": "1"}
        production = base | {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "REDIS_URL": REDIS_URL,
            "STATIC_ROOT": str(tmp_path / "static"),
        }
        # collectstatic needs no database: it runs beside the migrations.
        collect = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput"],
            cwd=ROOT,
            env=production,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        manage(production, "migrate", "--noinput")
        manage(
            production,
            "shell",
            "-c",
            "from django.core.management import call_command; from meetings.models import Meeting; "
            "from portal.models import User; call_command('load_seed'); "
            f"m = Meeting.objects.get(panel__slug='{PANEL}', date='{SEED_DATE}'); m.date = '{new_date}'; m.save(); "
            f"User.objects.create_user(email='{OFFICER}', password='{password}', role='officer'); "
            # A councillor who sits on the panel on the meeting's new date, so may read its exempt papers.
            "import datetime; from meetings.models import Councillor, Membership; "
            "from meetings.municipal_year import MunicipalYear; "
            "c = Councillor.objects.create(council=m.panel.council, slug='lane-member', initials='L', surname='Lane'); "
            "Membership.objects.create(panel=m.panel, councillor=c, "
            f"municipal_year=MunicipalYear.containing(datetime.date.fromisoformat('{new_date}')).start_year); "
            f"User.objects.create_user(email='{COUNCILLOR}', password='{password}', role='councillor', councillor=c)",
        )
        assert collect.wait(timeout=300) == 0, f"collectstatic failed:\n{collect.stderr.read().decode()}"
        prepared = time.monotonic() - started

        web_log, worker_log = tmp_path / "gunicorn.log", tmp_path / "worker.log"
        logs = [web_log, worker_log]
        gunicorn = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        gunicorn += ["--workers", "2", "--timeout", "60", "--access-logfile", "-"]
        worker = [sys.executable, "manage.py", "db_worker", "--queue-name", "default", "--interval", "0.5"]
        with running(gunicorn, production, web_log), running(worker, production, worker_log):
            anonymous = Browser(port)
            wait_until(lambda: anonymous.get("/")[0] == 200, 60, "gunicorn to answer", logs)

            # Moving the meeting (above) queued its re-index for the worker: search finds its papers at the
            # meeting's new address (and the cached search page moves on with the index).
            moved = f"/panels/{PANEL}/meetings/{new_date}/documents/locality-working/".encode()
            wait_until(
                lambda: moved in anonymous.get("/search/?q=locality")[2] or None,
                60,
                "the worker to re-index the moved meeting",
                logs,
            )

            # The public meeting page, read twice without a session: the second answer comes from the page cache
            # before the session and authentication middleware run.
            meeting_page = reverse("meetings:meeting_detail", kwargs={"slug": PANEL, "date": new_date})
            status, _, before = anonymous.get(meeting_page)
            assert status == 200 and anonymous.get(meeting_page)[2] == before and not anonymous.cookies

            # A councillor of the panel reads it twice: the second time its agenda is the members' one shared in
            # Redis (under the reader version), and the page around it is still theirs.
            councillor = Browser(port)
            status, _, _ = councillor.post(reverse("accounts:login"), {"username": COUNCILLOR, "password": password})
            assert status == 302 and "sessionid" in councillor.cookies, f"sign-in failed: {status}"
            assert COUNCILLOR.encode() in councillor.get(meeting_page)[2]
            assert cache.keys("*fragments:meeting:members:*"), "the councillor's agenda was not shared in Redis"
            members_before = councillor.get(meeting_page)[2]
            assert COUNCILLOR.encode() in members_before and b"The agenda pack is being prepared." in members_before

            # The officer signs in and publishes, through the real forms.
            officer = Browser(port)
            status, headers, _ = officer.post(reverse("accounts:login"), {"username": OFFICER, "password": password})
            assert status == 302 and "sessionid" in officer.cookies, f"sign-in failed: {status}"
            kwargs = {"slug": PANEL, "date": new_date}
            publish = reverse("manage:publish", kwargs=kwargs)
            page = officer.get(publish)[2]
            publish_started = time.monotonic()
            status, headers, _ = officer.post(
                publish, {"agenda_version": hidden_value(page, "agenda_version"), "urgency_reason": ""}
            )
            assert status == 302, f"publishing was refused: {status}"
            job_page = urlsplit(headers["Location"]).path

            def finished():
                text = officer.get(job_page)[2].decode()
                return text if "The agenda is published" in text or "Publishing failed" in text else None

            status_page = wait_until(finished, 150, "the worker to build the pack", logs)
            assert "The agenda is published" in status_page, status_page
            published_in = time.monotonic() - publish_started

            status, headers, pdf = anonymous.get(reverse("meetings:pack_latest", kwargs=kwargs))
            assert status == 200 and headers["Content-Type"] == "application/pdf"
            # The cached meeting page moved on with the publication, and so did the councillor's shared agenda.
            assert anonymous.get(meeting_page)[2] != before
            members_after = councillor.get(meeting_page)[2]
            assert b"The agenda pack is being prepared." not in members_after and b"Download the" in members_after
        (tmp_path / "production.pdf").write_bytes(pdf)

        # The same meeting, from the same database, built by the development configuration.
        development = base | {"DEBUG": "true"}
        manage(development, "build_packs", "--meeting", f"{PANEL}/{new_date}", "--write-to", str(tmp_path / "dev"))
        dev_pdf = (tmp_path / "dev" / f"{PANEL}_{new_date}_public.pdf").read_bytes()
    cache.flushdb()

    deployed, developed = pack_facts(pdf), pack_facts(dev_pdf)
    assert deployed.page_count == developed.page_count == 30
    assert deployed.printed_ranges == developed.printed_ranges == [(3, 11), (12, 18), (19, 30)]
    assert deployed.all_fonts_embedded and deployed.fonts == developed.fonts
    assert set(deployed.fonts) == {"Pack-Sans", "Pack-Sans-Bold"}
    assert deployed.texts == developed.texts
    for number, text in enumerate(deployed.texts, start=1):
        assert text.rstrip().endswith(str(number)), f"page {number} has no page number"
    record(
        f"Seed pack over HTTP (DEBUG=false, gunicorn ×2, db_worker, Redis): {deployed.page_count} pages, ranges "
        f"{deployed.printed_ranges}, fonts {sorted(deployed.fonts)} embedded; development build: "
        f"{developed.page_count} pages, identical text on every page."
    )
    record(
        f"Lane times: set-up {prepared:.0f} s, publish → pack public {published_in:.0f} s, "
        f"whole lane {time.monotonic() - started:.0f} s."
    )
