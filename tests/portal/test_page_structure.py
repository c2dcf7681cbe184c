"""Every public page passes the structural basics: one h1, labelled landmarks, lang="en-GB", a skip link."""

from collections import Counter
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.usefixtures("seed")

PANEL = "/panels/children-and-young-peoples-social-care-and-services"
PUBLIC_PAGES = [
    "/",
    "/panels/",
    f"{PANEL}/",
    "/panels/overview-and-scrutiny-board/",
    f"{PANEL}/meetings/2021-09-21/",
    f"{PANEL}/meetings/2021-07-27/",
    f"{PANEL}/meetings/2022-04-26/",
    f"{PANEL}/meetings/2021-09-21/documents/locality-working/",
    f"{PANEL}/meetings/2021-09-21/documents/commissioners-12-month-review/",
    f"{PANEL}/meetings/2021-07-27/minutes/",
    f"{PANEL}/meetings/2021-04-19/minutes/",
    "/meetings/",
    "/meetings/2021/9/",
    f"{PANEL}/meetings/2021-09-21/front-sheet/",
    "/accounts/sign-in/",
]


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: Counter = Counter()
        self.html_lang = None
        self.ids: Counter = Counter()
        self.navs_without_label = 0
        self.headings: list[int] = []
        self.first_link_href = None
        self.images_without_alt = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] += 1
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "nav" and not (attrs.get("aria-label") or attrs.get("aria-labelledby")):
            self.navs_without_label += 1
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "a" and self.first_link_href is None:
            self.first_link_href = attrs.get("href")
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt += 1


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_page_structure(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = Structure()
    page.feed(response.content.decode())
    assert page.html_lang == "en-GB"
    assert page.tags["h1"] == 1
    assert page.tags["main"] == 1 and page.tags["header"] >= 1 and page.tags["footer"] >= 1
    assert page.navs_without_label == 0
    assert page.first_link_href == "#main-content", "the skip link comes first"
    assert page.ids["main-content"] == 1
    assert [id_ for id_, count in page.ids.items() if count > 1] == []
    assert page.images_without_alt == 0
    # Headings never skip a level on the way down.
    for previous, current in zip(page.headings, page.headings[1:], strict=False):
        assert current <= previous + 1, f"h{previous} followed by h{current} on {url}"
