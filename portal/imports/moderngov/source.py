"""Where the ModernGov responses come from: the council's web service over HTTP (with timeouts, retries with
backoff and a polite pause between requests), or a folder of saved responses named as in shared/moderngov/."""

import base64
import http.client
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

USER_AGENT = "scrutiny-portal-import/1 (+committee record import; one request at a time)"
# A paper larger than the portal accepts is refused on the way in, without reading the rest.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5


class SourceError(Exception):
    """A response could not be had or read; the message says which and why, in words for the officer."""


class NotModernGov(SourceError):
    """The address does not answer like a ModernGov web service."""


@dataclass
class WebService:
    """The council's ModernGov web service. Each request waits at least `pause` seconds after the last one,
    gives up after `timeout` seconds, and is tried `retries` more times after a network error or a 5xx answer,
    waiting `backoff`, then twice that, and so on. The import fetches from a few threads; the pause spaces the
    starts of all their requests. Each thread keeps its connection to the site open between requests (HTTP
    keep-alive), so a paper costs a request, not a new connection."""

    base_url: str
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    pause: float = 0.2
    requests: int = 0
    _last: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _connections: threading.local = field(default_factory=threading.local, repr=False)

    def __post_init__(self):
        parts = urllib.parse.urlsplit(self.base_url.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise NotModernGov(
                f"{self.base_url!r} is not a web address. Give the address of the council's ModernGov site, "
                "such as https://democracy.example.gov.uk (the folder that holds mgWebService.asmx)."
            )
        path = parts.path.rstrip("/")
        if path.lower().endswith("/mgwebservice.asmx"):
            path = path[: -len("/mgWebService.asmx")]
        self.base_url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))

    @property
    def label(self) -> str:
        return self.base_url

    def _get(self, url: str) -> bytes:
        attempt = 0
        while True:
            with self._lock:
                wait = self.pause - (time.monotonic() - self._last)
                if wait > 0:
                    time.sleep(wait)
                self._last = time.monotonic()
                self.requests += 1
            try:
                status, reason, body = self._follow(url)
                if status < 400:
                    return body
                if status < 500 or attempt >= self.retries:
                    raise SourceError(f"{url} answered {status} {reason}.")
            except (http.client.HTTPException, TimeoutError, ConnectionError, OSError) as exc:
                if attempt >= self.retries:
                    raise SourceError(f"{url} could not be reached after {attempt + 1} tries: {exc}.") from exc
            time.sleep(self.backoff * 2**attempt)
            attempt += 1

    def _follow(self, url: str) -> tuple[int, str, bytes]:
        """The answer to a GET of `url`, following redirects (to web addresses only), as (status, reason, body)."""
        for _ in range(MAX_REDIRECTS + 1):
            status, reason, body, location = self._fetch(url)
            if status not in REDIRECTS or not location:
                return status, reason, body
            url = urllib.parse.urljoin(url, location)
            if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
                return status, f"{reason} (a redirect to {url}, not a web address)", b""
        return status, f"{reason} (more than {MAX_REDIRECTS} redirects)", b""

    def _fetch(self, url: str) -> tuple[int, str, bytes, str]:
        """One GET on this thread's open connection to the URL's host (opened if need be): (status, reason, body,
        Location). A kept-alive connection the site has closed meanwhile is opened again once, at once."""
        parts = urllib.parse.urlsplit(url)
        pool = self._connections.__dict__.setdefault("open", {})
        key = (parts.scheme, parts.netloc)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        while True:
            connection = pool.pop(key, None)
            reused = connection is not None
            if connection is None:
                connection = self._connect(parts)
            try:
                # Through a proxy (plain HTTP), the request names the whole address.
                path = url if getattr(connection, "via_proxy", False) else target
                headers = {"User-Agent": USER_AGENT, **getattr(connection, "proxy_headers", {})}
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read(MAX_RESPONSE_BYTES + 1)
                if len(body) > MAX_RESPONSE_BYTES:
                    connection.close()
                    raise SourceError(f"{url} answered more than {MAX_RESPONSE_BYTES // 1_048_576} MB.")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()
                if reused:
                    continue  # closed by the site while idle: a fresh connection, without counting a retry
                raise
            except BaseException:
                connection.close()
                raise
            if response.will_close:
                connection.close()
            else:
                pool[key] = connection
            return response.status, response.reason, body, response.getheader("Location", "")

    def _connect(self, parts: urllib.parse.SplitResult) -> http.client.HTTPConnection:
        """A new connection to the URL's host, through the proxy the environment names for its scheme
        (http_proxy, https_proxy; no_proxy for hosts reached directly), as urllib would use."""
        proxy = urllib.request.getproxies().get(parts.scheme)
        if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
            kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            return kind(parts.netloc, timeout=self.timeout)
        proxy_parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        headers = {}
        if proxy_parts.username:
            user, password = (urllib.parse.unquote(part or "") for part in (proxy_parts.username, proxy_parts.password))
            credentials = f"{user}:{password}"
            headers["Proxy-Authorization"] = f"Basic {base64.b64encode(credentials.encode()).decode()}"
        address = proxy_parts.hostname, proxy_parts.port or (443 if proxy_parts.scheme == "https" else 80)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(*address, timeout=self.timeout)
            connection.set_tunnel(parts.hostname, parts.port, headers=headers)  # CONNECT, then TLS to the site
            return connection
        connection = http.client.HTTPConnection(*address, timeout=self.timeout)
        connection.via_proxy, connection.proxy_headers = True, headers
        return connection

    def _call(self, method: str, **params: str) -> ElementTree.Element:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        url = f"{self.base_url}/mgWebService.asmx/{method}{query}"
        try:
            body = self._get(url)
        except SourceError as exc:
            if method == "GetCommittees":
                raise NotModernGov(f"{self.base_url} does not look like a ModernGov site: {exc}") from exc
            raise
        return parse_xml(body, url, expect_root=None if method != "GetCommittees" else "committees")

    def committees(self) -> ElementTree.Element:
        return self._call("GetCommittees")

    def meetings(self, committee_id: str, from_date: str, to_date: str) -> ElementTree.Element:
        return self._call("GetMeetings", lCommitteeId=committee_id, sFromDate=from_date, sToDate=to_date)

    def meeting(self, meeting_id: str) -> tuple[ElementTree.Element, bytes]:
        url = f"{self.base_url}/mgWebService.asmx/GetMeeting?lMeetingId={urllib.parse.quote(meeting_id)}"
        body = self._get(url)
        return parse_xml(body, url, expect_root="meeting"), body

    def paper(self, attachment_id: str, url: str) -> bytes:
        # The paper's own address is the site's mgConvert2PDF.aspx; a link elsewhere is not followed.
        return self._get(f"{self.base_url}/mgConvert2PDF.aspx?ID={urllib.parse.quote(attachment_id)}")


@dataclass
class Folder:
    """Saved responses: committees.xml, meetings.xml (or meetings_<committee id>.xml), meeting_<id>*.xml, and the
    papers, if saved, as paper_<attachment id>.pdf."""

    path: Path
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self):
        self.path = Path(self.path)
        if not (self.path / "committees.xml").is_file():
            raise NotModernGov(f"{self.path} holds no committees.xml: it is not a folder of ModernGov responses.")

    @property
    def label(self) -> str:
        return str(self.path)

    def _read(self, name: str) -> tuple[ElementTree.Element, bytes]:
        file = self.path / name
        with self._lock:
            self.requests += 1
        try:
            body = file.read_bytes()
        except OSError as exc:
            raise SourceError(f"{file} could not be read: {exc.strerror}.") from exc
        return parse_xml(body, str(file)), body

    def committees(self) -> ElementTree.Element:
        return self._read("committees.xml")[0]

    def meetings(self, committee_id: str, from_date: str, to_date: str) -> ElementTree.Element:
        own = self.path / f"meetings_{committee_id}.xml"
        return self._read(own.name if own.is_file() else "meetings.xml")[0]

    def meeting(self, meeting_id: str) -> tuple[ElementTree.Element, bytes]:
        exact = self.path / f"meeting_{meeting_id}.xml"
        matches = [exact] if exact.is_file() else sorted(self.path.glob(f"meeting_{meeting_id}_*.xml"))
        if not matches:
            raise SourceError(f"{self.path} holds no meeting_{meeting_id}.xml (nor meeting_{meeting_id}_*.xml).")
        return self._read(matches[0].name)

    def paper(self, attachment_id: str, url: str) -> bytes:
        file = self.path / f"paper_{attachment_id}.pdf"
        if not file.is_file():
            raise SourceError(f"The paper was not saved in the folder ({file.name}).")
        with self._lock:
            self.requests += 1
        return file.read_bytes()


def parse_xml(body: bytes, where: str, expect_root: str | None = None) -> ElementTree.Element:
    """The response as XML. Python's expat refuses entity expansion bombs; ModernGov sends no DTDs."""
    if b"<!DOCTYPE" in body[:2048] or b"<!ENTITY" in body[:4096]:
        raise SourceError(f"{where} answered XML with a document type declaration, which ModernGov never sends.")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise NotModernGov(f"{where} did not answer ModernGov XML ({exc}).") from exc
    if expect_root and root.tag != expect_root:
        raise NotModernGov(f"{where} answered <{root.tag}>, not ModernGov's <{expect_root}>.")
    return root
