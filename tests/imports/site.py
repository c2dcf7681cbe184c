"""A ModernGov site on the loopback for tests: serves a folder laid out as the captures are (committees.xml,
meetings.xml, meeting_<id>*.xml) at ModernGov's addresses, and a small PDF for each mgConvert2PDF.aspx?ID=.
Faults can be injected per path: answer 503 a number of times, or answer slowly."""

import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.ports import free_port


@dataclass
class Site:
    folder: Path
    papers: dict[str, bytes] = field(default_factory=dict)
    default_paper: bytes = b""
    failures: Counter = field(default_factory=Counter)  # path prefix -> 503s still to answer
    slow: dict[str, float] = field(default_factory=dict)  # path prefix -> seconds to wait before answering
    requests: list[str] = field(default_factory=list)
    base_url: str = ""

    def answer(self, path: str, query: dict) -> tuple[int, str, bytes]:
        method = path.rsplit("/", 1)[-1]
        if path.startswith("/mgWebService.asmx/"):
            if method == "GetCommittees":
                return 200, "text/xml", (self.folder / "committees.xml").read_bytes()
            if method == "GetMeetings":
                own = self.folder / f"meetings_{query.get('lCommitteeId', '')}.xml"
                return 200, "text/xml", (own if own.is_file() else self.folder / "meetings.xml").read_bytes()
            if method == "GetMeeting":
                found = sorted(self.folder.glob(f"meeting_{query.get('lMeetingId', '')}*.xml"))
                if found:
                    return 200, "text/xml", found[0].read_bytes()
            return 404, "text/plain", b"Not found"
        if path == "/mgConvert2PDF.aspx":
            paper = self.papers.get(query.get("ID", ""), self.default_paper)
            return (200, "application/pdf", paper) if paper else (404, "text/plain", b"Not found")
        return 404, "text/html", b"<html><body>Not found</body></html>"


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        self.site.requests.append(self.path)
        for prefix, seconds in self.site.slow.items():
            if self.path.startswith(prefix):
                time.sleep(seconds)
        for prefix in list(self.site.failures):
            if self.path.startswith(prefix) and self.site.failures[prefix] > 0:
                self.site.failures[prefix] -= 1
                self.send_response(503)
                self.end_headers()
                return
        status, content_type, body = self.site.answer(parts.path, query)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class serving:
    """`with serving(site) as base_url:` the site on a free loopback port for the block."""

    def __init__(self, site: Site, handler: type[BaseHTTPRequestHandler] = Handler):
        self.site = site
        self.handler = type("SiteHandler", (handler,), {"site": site})

    def __enter__(self) -> str:
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), self.handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.site.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self.site.base_url

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
