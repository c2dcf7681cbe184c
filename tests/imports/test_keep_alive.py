"""The web service source keeps each thread's connection to the site open between requests, and opens it again,
without counting a retry, when the site has closed it while idle; it follows a site's redirects."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from portal.imports.moderngov.source import WebService
from tests.ports import free_port


def keep_alive_site(close_after: int):
    """A site answering HTTP/1.1 with keep-alive, closing each connection after `close_after` answers without
    saying so (as an idle timeout does); it records the connections it accepted."""
    connections = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            connections.append(self.client_address)
            self.answered = 0

        def do_GET(self):
            if self.path.startswith("/old/"):
                self.send_response(301)
                self.send_header("Location", self.path.removeprefix("/old"))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = b"%PDF-1.4 paper"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.answered += 1
            if self.answered >= close_after:
                self.close_connection = True

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, connections


def test_one_connection_serves_many_requests():
    server, connections = keep_alive_site(close_after=100)
    try:
        source = WebService(f"http://127.0.0.1:{server.server_port}", pause=0, retries=0)
        assert [source.paper(str(n), "") for n in range(5)] == [b"%PDF-1.4 paper"] * 5
    finally:
        server.shutdown()
        server.server_close()
    assert len(connections) == 1


def test_a_connection_the_site_closed_is_opened_again_without_a_retry():
    server, connections = keep_alive_site(close_after=2)
    try:
        # No retries allowed: a stale kept-alive connection must not count as a failed try.
        source = WebService(f"http://127.0.0.1:{server.server_port}", pause=0, retries=0)
        assert [source.paper(str(n), "") for n in range(5)] == [b"%PDF-1.4 paper"] * 5
    finally:
        server.shutdown()
        server.server_close()
    assert len(connections) == 3 and source.requests == 5


def test_a_redirect_is_followed_on_the_same_connection():
    server, connections = keep_alive_site(close_after=100)
    try:
        source = WebService(f"http://127.0.0.1:{server.server_port}/old", pause=0, retries=0)
        assert source.paper("1", "") == b"%PDF-1.4 paper"
    finally:
        server.shutdown()
        server.server_close()
    assert len(connections) == 1 and source.requests == 1


def test_the_proxy_the_environment_names_is_used(monkeypatch):
    """As urllib did: http_proxy names the proxy, which is sent the whole address (with the proxy's credentials);
    no_proxy lists the hosts reached directly."""
    asked = []

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            asked.append((self.path, self.headers.get("Proxy-Authorization")))
            body = b"%PDF-1.4 by proxy"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", free_port()), Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://importer:s%40cret@127.0.0.1:{proxy.server_port}")
    try:
        source = WebService("http://democracy.example.gov.uk", pause=0, retries=0)
        assert source.paper("7", "") == b"%PDF-1.4 by proxy"
        site, _ = keep_alive_site(close_after=100)
        monkeypatch.setenv("no_proxy", "127.0.0.1")
        direct = WebService(f"http://127.0.0.1:{site.server_port}", pause=0, retries=0)
        assert direct.paper("8", "") == b"%PDF-1.4 paper"  # reached directly, not through the proxy
        site.shutdown()
        site.server_close()
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert asked == [("http://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=7", "Basic aW1wb3J0ZXI6c0BjcmV0")]
