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
