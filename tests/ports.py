"""Free TCP ports on the loopback for servers that tests start (live server, gunicorn, proxies)."""

import os
import socket


def free_port() -> int:
    """A port nothing listens on: from PORTAL_TEST_PORTS (e.g. "8600-8699") when set, as on machines where each
    person has a range of their own, otherwise whichever the system offers. Each xdist worker starts its search at
    a different place in the range, so two workers rarely try the same port."""
    span = os.environ.get("PORTAL_TEST_PORTS", "")
    if not span:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
    # The live server's port is chosen when the run starts but bound later: never hand it out again.
    live_server = os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "").rpartition(":")[2]
    low, _, high = span.partition("-")
    ports = list(range(int(low), int(high or low) + 1))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    start = (worker * 17) % len(ports)
    for port in ports[start:] + ports[:start]:
        if str(port) == live_server:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in PORTAL_TEST_PORTS={span}")
