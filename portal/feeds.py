"""Atom feeds of what is newly published (agendas, papers and minutes), for the whole council and per panel.

Feeds are public and anonymous, so they are always read as the public reads the site, whoever asks. Entries
carry titles and links only: the pages they link to decide what each reader may see."""

import datetime
import functools
import hashlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.http import parse_http_date, quote_etag

from meetings.audience import PUBLIC
from meetings.models import LONDON, Document, Meeting, Panel
from minutes.models import Minutes
from minutes.scrutiny import selectors as scrutiny_selectors
from portal.formats import short_date

ENTRIES = 30
# The date in every entry's tag: URI (RFC 4151). Fixed, so that an entry's id never changes.
TAG_DATE = "2021-01-01"


@dataclass(frozen=True)
class Publication:
    """One thing published: an agenda, a paper or a set of minutes."""

    key: str
    category: str
    title: str
    description: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    guid: str = ""


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.panel.name}, {short_date(meeting.date)}"


def _confirmed_at(minutes: Minutes) -> datetime.datetime | None:
    """Minutes are confirmed at a later meeting: its start (or its day) stands for the moment."""
    meeting = minutes.confirmed_at_meeting
    if not minutes.is_confirmed or meeting is None:
        return None
    return datetime.datetime.combine(meeting.date, meeting.start_time or datetime.time(0), tzinfo=LONDON)


def latest_publications(panel: Panel | None = None, limit: int = ENTRIES) -> list[Publication]:
    """The newest agendas, papers and minutes the public may read, newest first, in three queries."""
    agendas = (
        Meeting.objects.visible_to(PUBLIC)
        .filter(agenda_published_at__isnull=False)
        .select_related("panel")
        .annotate(pack_withdrawn_at=Max("packs__withdrawal__withdrawn_at"))
    )
    # Minutes papers are the minutes themselves, listed once below under their own address (a paper's page
    # for them only redirects there).
    papers = (
        Document.objects.visible_to(PUBLIC)
        .published()
        .filter(minutes__isnull=True)
        .select_related("meeting__panel")
        .defer("body_html")
    )
    minutes = (
        Minutes.objects.visible_to(PUBLIC)
        .filter(published_at__isnull=False)
        .select_related("meeting__panel", "confirmed_at_meeting")
    )
    if panel is not None:
        agendas, papers = agendas.filter(panel=panel), papers.filter(meeting__panel=panel)
        minutes = minutes.filter(meeting__panel=panel)
    publications = [
        Publication(
            key=f"agenda/{meeting.pk}",
            category="Agenda",
            title=f"Agenda: {_meeting_label(meeting)}",
            description=f"The agenda for the meeting of the {meeting.panel.name} on {short_date(meeting.date)}."
            + (
                " A version of its public pack was withdrawn on "
                f"{short_date(timezone.localdate(meeting.pack_withdrawn_at))}."
                if meeting.pack_withdrawn_at
                else ""
            ),
            link=meeting.get_absolute_url(),
            published=meeting.agenda_published_at,
            # A withdrawal changes the entry, so that readers look again.
            updated=max(meeting.agenda_published_at, meeting.pack_withdrawn_at or meeting.agenda_published_at),
        )
        for meeting in agendas.order_by("-agenda_published_at")[:limit]
    ]
    publications += [
        Publication(
            key=f"document/{document.pk}",
            category=document.get_kind_display(),
            title=document.title,
            description=(
                f"{document.get_kind_display()} for the meeting of the {document.meeting.panel.name} on "
                f"{short_date(document.meeting.date)}."
            ),
            link=document.get_absolute_url(),
            published=document.published_at,
            updated=document.published_at,
        )
        for document in papers.order_by("-published_at", "pk")[:limit]
    ]
    for record in minutes.order_by("-published_at")[:limit]:
        confirmed = _confirmed_at(record)
        publications.append(
            Publication(
                key=f"minutes/{record.pk}",
                category="Minutes",
                title=f"Minutes: {_meeting_label(record.meeting)}",
                description=f"Minutes of the meeting of the {record.meeting.panel.name} on "
                f"{short_date(record.meeting.date)}: {record.get_status_display().lower()}.",
                link=record.get_absolute_url(),
                published=record.published_at,
                updated=max(record.published_at, confirmed) if confirmed else record.published_at,
            )
        )
    publications.sort(key=lambda publication: publication.updated, reverse=True)
    return publications[:limit]


def feed_host(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0] or "localhost"


@dataclass(frozen=True)
class FeedScope:
    """What one request for a feed is about; the Feed instance is shared by every request, so it keeps none."""

    host: str
    panel: Panel | None = None


class StableAtom1Feed(Atom1Feed):
    """An Atom feed whose <updated> is its newest entry's, or, with no entries, when its subject last changed:
    never "now", which would tell every reader that an empty feed changed at each request."""

    def latest_post_date(self) -> datetime.datetime:
        dates = [item[key] for item in self.items for key in ("updateddate", "pubdate") if item.get(key)]
        return max(dates) if dates else self.feed["empty_since"]()  # asked only when the feed is empty


class LatestFeed(Feed):
    feed_type = StableAtom1Feed
    language = "en-GB"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Revalidated every time: a paper that becomes exempt, or a withdrawn pack, leaves the feed at once.
        response["Cache-Control"] = "public, no-cache"
        # Conditional requests (RFC 9110 13): feed readers that send If-None-Match or If-Modified-Since get
        # 304 Not Modified while nothing changed.
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        last_modified = parse_http_date(response["Last-Modified"])
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)

    def feed_extra_kwargs(self, scope: FeedScope) -> dict:
        return {"empty_since": functools.partial(self.empty_since, scope)}

    def empty_since(self, scope: FeedScope) -> datetime.datetime:
        return datetime.datetime.fromisoformat(TAG_DATE).replace(tzinfo=datetime.UTC)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> FeedScope:
        return FeedScope(host=feed_host(request))

    def title(self, scope: FeedScope) -> str:
        return f"{settings.PORTAL_SITE_NAME}: newly published agendas, papers and minutes"

    def subtitle(self, scope: FeedScope) -> str:
        return "Agendas, reports and minutes as they are published. Exempt papers are never published."

    def link(self, scope: FeedScope) -> str:
        return reverse("calendar_list")

    def feed_url(self, scope: FeedScope) -> str:
        return reverse("feed_latest")

    def author_name(self) -> str:
        return settings.PORTAL_SITE_NAME

    def items(self, scope: FeedScope) -> list[Publication]:
        # Each entry's id is a tag: URI, not its link: a moved meeting's address changes, the id must not.
        return [
            replace(publication, guid=f"tag:{scope.host},{TAG_DATE}:{publication.key}")
            for publication in latest_publications(scope.panel)
        ]

    def item_title(self, publication: Publication) -> str:
        return publication.title

    def item_description(self, publication: Publication) -> str:
        # Atom summaries are HTML: the text is escaped once, here.
        return escape(publication.description)

    def item_link(self, publication: Publication) -> str:
        return publication.link

    def item_guid(self, publication: Publication) -> str:
        return publication.guid

    def item_pubdate(self, publication: Publication) -> datetime.datetime:
        return publication.published

    def item_updateddate(self, publication: Publication) -> datetime.datetime:
        return publication.updated

    def item_categories(self, publication: Publication) -> list[str]:
        return [publication.category]


class PanelFeed(LatestFeed):
    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        return FeedScope(
            host=feed_host(request), panel=get_object_or_404(Panel.objects.select_related("council"), slug=slug)
        )

    def empty_since(self, scope: FeedScope) -> datetime.datetime:
        changed = scope.panel.history.order_by("-history_date").values_list("history_date", flat=True).first()
        return changed or super().empty_since(scope)

    def title(self, scope: FeedScope) -> str:
        return f"{scope.panel.council.name}, {scope.panel.name}: newly published agendas, papers and minutes"

    def author_name(self, scope: FeedScope) -> str:
        return scope.panel.council.name

    def link(self, scope: FeedScope) -> str:
        return scope.panel.get_absolute_url()

    def feed_url(self, scope: FeedScope) -> str:
        return reverse("panel_feed", kwargs={"slug": scope.panel.slug})


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=LONDON)


def scrutiny_publications(panel: Panel, limit: int = ENTRIES) -> list[Publication]:
    """The panel's recommendations as referred and answered, and its executive decisions as published and called
    in, that the public may read (through the same visibility querysets as the pages), newest first."""
    publications = []
    for recommendation in scrutiny_selectors.panel_recommendations(panel, PUBLIC):
        answered = recommendation.responded_on
        publications.append(
            Publication(
                key=f"recommendation/{recommendation.pk}",
                category="Recommendation",
                title=f"Recommendation {recommendation.number}: {recommendation.status_label}",
                description=f"{recommendation.text} Referred to {recommendation.addressee} on "
                f"{short_date(recommendation.referred_on)}; response due {short_date(recommendation.response_due_on)}."
                + (f" {recommendation.get_response_display()} on {short_date(answered)}." if answered else ""),
                link=recommendation.get_absolute_url(),
                published=_day_start(recommendation.referred_on),
                updated=_day_start(answered or recommendation.referred_on),
            )
        )
    for decision in scrutiny_selectors.panel_decisions(panel, PUBLIC):
        call_in = getattr(decision, "call_in", None)
        changed = (call_in.outcome_on or call_in.requested_on) if call_in else None
        publications.append(
            Publication(
                key=f"decision/{decision.pk}",
                category="Executive decision",
                title=f"Decision: {decision.title} ({decision.status_label})",
                description=f"Taken by {decision.decision_maker} on {short_date(decision.decided_on)}; may be called "
                f"in until {short_date(decision.call_in_deadline)}.",
                link=decision.get_absolute_url(),
                published=_day_start(decision.published_on),
                updated=_day_start(changed or decision.published_on),
            )
        )
    publications.sort(key=lambda publication: publication.updated, reverse=True)
    return publications[:limit]


class ScrutinyFeed(PanelFeed):
    """A panel's recommendations and responses, and its executive decisions and call-ins."""

    def items(self, scope: FeedScope) -> list[Publication]:
        return [
            replace(publication, guid=f"tag:{scope.host},{TAG_DATE}:{publication.key}")
            for publication in scrutiny_publications(scope.panel)
        ]

    def title(self, scope: FeedScope) -> str:
        return f"{scope.panel.name}: recommendations, responses and call-ins"

    def subtitle(self, scope: FeedScope) -> str:
        return "Recommendations as they are referred and answered; executive decisions as published and called in."

    def link(self, scope: FeedScope) -> str:
        return reverse("scrutiny:tracker", kwargs={"slug": scope.panel.slug})

    def feed_url(self, scope: FeedScope) -> str:
        return reverse("scrutiny_feed", kwargs={"slug": scope.panel.slug})
