"""The only URL fetcher WeasyPrint is given for packs and papers: the portal's own static files and data: URLs."""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

import weasyprint

from meetings.packs import render
from meetings.packs.render import BASE_URL, STATIC_PREFIX


class StaticOnlyFetcher(weasyprint.URLFetcher):
    """Serves the project's own static files and data: URLs, and nothing else.

    A pack is built from officers' HTML; letting WeasyPrint fetch arbitrary URLs would make every report a way to
    make the server request internal addresses (server-side request forgery). WeasyPrint only logs a resource that
    fails to load, so every failure is kept in `failures` for the build to refuse a degraded pack.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"https", "data"}, allow_redirects=False)
        self.failures: list[str] = []

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url, headers)
        except Exception as exc:
            self.failures.append(str(exc))
            raise

    def _fetch(self, url, headers):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(STATIC_PREFIX):
            raise ValueError(f"Packs may only use the portal's own static files, not {url}")
        relative = parts.path.removeprefix(STATIC_PREFIX)
        if ".." in Path(relative).parts:
            raise ValueError(f"Packs may not climb out of the static folder: {url}")
        path = render.static_file(relative)  # through the module: one definition to replace
        if path is None:
            raise ValueError(f"No such static file: {relative}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return weasyprint.urls.URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})
