"""The production lane needs the machine's PostgreSQL and Redis (127.0.0.1:5432 and :6379). `make test` runs it
when they answer and says plainly when it did not; with PRODUCTION_LANE=required (as in CI) missing services fail
it instead."""

import os
import socket

import pytest

POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
REDIS_URL = os.environ.get("PRODUCTION_LANE_REDIS_URL", "redis://127.0.0.1:6379/1")

_outcome: dict[str, str] = {}


def missing_services() -> list[str]:
    missing = []
    try:
        import psycopg

        with psycopg.connect(connect_timeout=3, **POSTGRES):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure means the lane cannot run here
        missing.append(f"PostgreSQL at 127.0.0.1:5432 ({type(exc).__name__}: {str(exc).strip()[:120]})")
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=3, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        missing.append(f"Redis at {REDIS_URL} ({type(exc).__name__}: {exc})")
    return missing


def free_port() -> int:
    """A free port in PRODUCTION_LANE_PORTS (first-last), by default 8100-8199."""
    first, _, last = os.environ.get("PRODUCTION_LANE_PORTS", "8100-8199").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {first}-{last}")


@pytest.fixture(scope="session")
def production_services():
    missing = missing_services()
    if missing:
        reason = "the production lane needs " + " and ".join(missing)
        _outcome["skipped"] = reason
        if os.environ.get("PRODUCTION_LANE") == "required":
            _outcome["required"] = "yes"
            pytest.fail(f"{reason}; PRODUCTION_LANE=required (CI) makes it mandatory", pytrace=False)
        pytest.skip(reason)
    _outcome["ran"] = "yes"


def record(line: str) -> None:
    """A figure for the summary printed at the end of the run."""
    _outcome.setdefault("figures", "")
    _outcome["figures"] += line + "\n"


def pytest_terminal_summary(terminalreporter):
    if "skipped" in _outcome:
        required = "required" in _outcome
        title = (
            "PRODUCTION LANE FAILED: REQUIRED BUT ITS SERVICES ARE MISSING" if required else "PRODUCTION LANE SKIPPED"
        )
        terminalreporter.write_sep("=", title, red=required, yellow=not required, bold=True)
        terminalreporter.write_line(f"Not run: {_outcome['skipped']}.")
        if not required:
            terminalreporter.write_line("Start them (or run in CI, where the lane is mandatory) to test DEBUG=false.")
    elif "ran" in _outcome:
        terminalreporter.write_sep("=", "production lane", bold=True)
        terminalreporter.write(_outcome.get("figures", "(no figures recorded)\n"))
