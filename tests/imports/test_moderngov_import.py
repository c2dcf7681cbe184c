"""`manage.py import_moderngov` over the real captured responses, through a ModernGov site on the loopback and
from a folder: every mapped field, the cancelled meeting, un-escaping, sanitised HTML, restricted content kept
from the public (a leak hunt over the imported record), idempotent re-runs, faults and clear errors."""

import datetime
import hashlib
import json
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from meetings.models import PARAGRAPH_NOT_SET, AgendaItem, Councillor, Document, Meeting, Membership, Panel
from minutes.models import Attendance, MinuteEntry, Minutes
from portal.imports.models import ImportRun, SourceRecord
from portal.imports.moderngov import run as run_module
from tests.imports.cases import CAPTURED, SECRET, copy_captured, restricted_case
from tests.imports.site import Site, serving
from tests.pdfs import make_pdf
from tests.portal.test_leak_hunt import crawl, leaks

COUNCIL = "Manchester City Council"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def papers() -> dict[str, bytes]:
    return {
        "60860": make_pdf(["Minutes of 25 November 2025", "Page two"]),
        "60909": make_pdf(["Draft work programme February 2026"]),
    }


def run_import(*args: str, tmp_path, **kwargs) -> dict:
    report = tmp_path / f"report-{len(list(tmp_path.glob('report-*.json')))}.json"
    call_command("import_moderngov", *args, "--council", COUNCIL, "--report", str(report), "--pause", "0", **kwargs)
    return json.loads(report.read_text())


def audit_meetings() -> dict[datetime.date, Meeting]:
    return {m.date: m for m in Meeting.objects.filter(panel__council__name=COUNCIL)}


def test_real_responses_through_http_map_every_field(tmp_path, papers):
    site = Site(copy_captured(tmp_path / "site"), papers=papers)
    with serving(site) as base_url:
        report = run_import(base_url, tmp_path=tmp_path)
    panels = {panel.name: panel for panel in Panel.objects.filter(council__name=COUNCIL)}
    assert set(panels) == {
        "Appointment Sub Committee for Director of Adult Social Services",
        "Art Galleries Committee",
        "Audit Committee",
    }
    assert {panel.kind for panel in panels.values()} == {Panel.Kind.COMMITTEE}
    meetings = audit_meetings()
    cancelled, held = meetings[datetime.date(2026, 1, 13)], meetings[datetime.date(2026, 2, 10)]
    assert cancelled.status == Meeting.Status.CANCELLED and cancelled.panel == panels["Audit Committee"]
    assert (cancelled.start_time, cancelled.end_time) == (datetime.time(10, 0), datetime.time(14, 0))
    assert cancelled.venue == "Council Antechamber, Level 2, Town Hall Extension"
    assert cancelled.agenda_published_at is None and not cancelled.agenda_items.exists()
    assert held.status == Meeting.Status.HELD and held.livestream_note == ""
    assert held.agenda_published_at.date() == datetime.date(2026, 2, 2)
    items = list(held.agenda_items.order_by("position"))
    assert [(i.number, i.title, i.kind) for i in items] == [
        ("1", "Minutes", AgendaItem.Kind.PREVIOUS_MINUTES),
        ("9", "Work Programme", AgendaItem.Kind.REPORT),
    ]
    assert items[0].description == "To approve as a correct record the minutes of the meeting held on 25 November 2025."
    assert all(item.published_at == held.agenda_published_at and item.exempt_paragraph is None for item in items)
    documents = {d.title: d for d in Document.objects.filter(meeting=held)}
    minutes_paper = documents["6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025"]
    assert minutes_paper.kind == Document.Kind.MINUTES and minutes_paper.agenda_item == items[0]
    assert minutes_paper.file_sha256 == hashlib.sha256(papers["60860"]).hexdigest() and minutes_paper.page_count == 2
    assert minutes_paper.file.read() == papers["60860"] and minutes_paper.published_file
    assert "Minutes of 25 November 2025" in minutes_paper.extracted_text
    assert documents["DRAFT WP FEBRUARY 2026"].date == datetime.date(2026, 2, 2)
    curley = Councillor.objects.get(surname="Curley", council__name=COUNCIL)
    assert (curley.first_name, curley.party, curley.ward) == ("Basil", "LAB", "Charlestown")
    seat = Membership.objects.get(councillor=curley)
    assert (seat.panel, seat.municipal_year, seat.role) == (panels["Audit Committee"], 2025, Membership.Role.MEMBER)
    minutes = Minutes.objects.get(meeting=held)
    assert minutes.status == Minutes.Status.PUBLISHED and not minutes.attendance.exists()  # "Expected": not taken
    entries = list(minutes.entries.order_by("position"))
    assert [(e.number, e.heading, e.agenda_item_id) for e in entries] == [
        ("1", "Minutes", items[0].pk),
        ("9", "Work Programme", items[1].pk),
    ]
    assert entries[1].body_html.startswith("<div>\n<p>The Committee considered a report")
    assert report["summary"]["meetings_created"] == 2 and report["summary"]["papers_downloaded"] == 2
    assert report["failures"] == [] and report["tasks"] == []
    run = ImportRun.objects.get(pk=report["run"])
    assert run.status == ImportRun.Status.DONE and run.base_url == base_url
    # Downloads went to the site's own mgConvert2PDF.aspx, not to the host the XML names.
    assert sorted(r for r in site.requests if "Convert" in r) == [
        "/mgConvert2PDF.aspx?ID=60860",
        "/mgConvert2PDF.aspx?ID=60909",
    ]


def test_a_second_run_updates_rather_than_duplicates_and_fetches_no_paper_again(tmp_path, papers):
    site = Site(copy_captured(tmp_path / "site"), papers=papers)
    with serving(site) as base_url:
        run_import(base_url, tmp_path=tmp_path)
        # Items and papers are written in bulk, each still with the history row a save would have made.
        for model in (AgendaItem, Document):
            imported = set(model.objects.filter(meeting__panel__council__name=COUNCIL).values_list("pk", flat=True))
            assert set(model.history.filter(history_type="+", id__in=imported).values_list("id", flat=True)) == (
                imported
            )
            assert imported
        counts = (
            Meeting.objects.count(),
            AgendaItem.objects.count(),
            Document.objects.count(),
            MinuteEntry.objects.count(),
            Councillor.objects.count(),
        )
        site.requests.clear()
        again = run_import(base_url, tmp_path=tmp_path)
        assert again["summary"]["meetings_unchanged"] == 2 and not any("Convert" in r for r in site.requests)
        # Minutes published later, in a rolling window: the changed meeting is updated in place.
        meeting_file = site.folder / "meeting_4967_with_minutes.xml"
        meeting_file.write_text(
            meeting_file.read_text().replace(
                "as a correct record.&lt;/p&gt;", "as a correct record, as amended.&lt;/p&gt;"
            )
        )
        third = run_import(base_url, "--from", "2026-02-01", "--to", "2026-02-28", tmp_path=tmp_path)
    assert third["summary"]["meetings_updated"] == 1 and "meetings_created" not in third["summary"]
    assert counts == (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Document.objects.count(),
        MinuteEntry.objects.count(),
        Councillor.objects.count(),
    )
    assert MinuteEntry.objects.filter(body_html__contains="as amended").count() == 1
    updated = Meeting.objects.get(pk=SourceRecord.objects.get(kind="meeting", source_id="4967").object_id)
    for rows in (updated.agenda_items, updated.documents):
        assert set(rows.model.history.filter(history_type="~").values_list("id", flat=True)) == set(
            rows.values_list("pk", flat=True)
        )
        assert rows.exists()


def test_an_expired_or_deleted_committee_becomes_a_retired_panel_whose_meetings_keep_their_record(tmp_path, papers):
    site = Site(copy_captured(tmp_path / "site"), papers=papers)
    with serving(site) as base_url:
        report = run_import(base_url, tmp_path=tmp_path)
        panels = {panel.name: panel for panel in Panel.objects.filter(council__name=COUNCIL)}
        # The real capture: committee 312 is expired and has no meetings, so it is retired as of the import.
        appointment = panels["Appointment Sub Committee for Director of Adult Social Services"]
        assert appointment.retired_on == timezone.localdate()
        assert panels["Audit Committee"].retired_on is None and panels["Art Galleries Committee"].retired_on is None
        assert report["summary"]["panels_retired"] == 1
        assert any("expired in ModernGov" in w and "the day of this import" in w for w in report["warnings"])
        # The Audit Committee is deleted in ModernGov later: retired as of its last meeting, its record kept.
        committees = site.folder / "committees.xml"
        original = committees.read_text()
        audit = original.index("<committeeid>144</committeeid>")
        committees.write_text(
            original[:audit] + original[audit:].replace("<committeedeleted>False", "<committeedeleted>True", 1)
        )
        again = run_import(base_url, tmp_path=tmp_path)
        audit_panel = Panel.objects.get(pk=panels["Audit Committee"].pk)
        assert audit_panel.retired_on == datetime.date(2026, 2, 10)
        assert again["summary"]["panels_retired"] == 1 and again["summary"]["meetings_unchanged"] == 2
        assert any("Audit Committee: deleted in ModernGov" in warning for warning in again["warnings"])
        held = audit_panel.meetings.get(date=datetime.date(2026, 2, 10))
        page = Client().get(held.get_absolute_url())
        assert page.status_code == 200 and "Work Programme" in page.content.decode()
        assert Client().get(audit_panel.get_absolute_url()).status_code == 200
        # Back in ModernGov: the import reopens what it retired, never what an officer retired.
        Panel.objects.filter(pk=panels["Art Galleries Committee"].pk).update(retired_on=datetime.date(2025, 5, 1))
        committees.write_text(original)
        third = run_import(base_url, tmp_path=tmp_path)
    assert Panel.objects.get(pk=audit_panel.pk).retired_on is None and third["summary"]["panels_reopened"] == 1
    assert Panel.objects.get(pk=panels["Art Galleries Committee"].pk).retired_on == datetime.date(2025, 5, 1)
    assert Panel.objects.get(pk=appointment.pk).retired_on == timezone.localdate()  # still expired there


def test_from_a_folder_papers_not_saved_are_reported_and_the_meeting_still_imported(tmp_path):
    report = run_import("--from-folder", str(CAPTURED), tmp_path=tmp_path)
    held = audit_meetings()[datetime.date(2026, 2, 10)]
    assert held.agenda_items.count() == 2 and not held.documents.exists()
    assert report["summary"]["papers_failed"] == 2
    assert {task["task"] for task in report["tasks"]} == {"paper_failed"}
    assert {failure["paper"] for failure in report["failures"]} == {"60860", "60909"}
    # Not fingerprinted while papers are missing: saving them and running again fetches them.
    folder = copy_captured(tmp_path / "saved")
    (folder / "paper_60860.pdf").write_bytes(make_pdf(["Saved minutes"]))
    (folder / "paper_60909.pdf").write_bytes(make_pdf(["Saved work programme"]))
    again = run_import("--from-folder", str(folder), "--workers", "1", tmp_path=tmp_path)
    assert again["summary"]["papers_downloaded"] == 2 and held.documents.count() == 2


def test_committee_and_dates_narrow_the_run_and_a_dry_run_writes_nothing(tmp_path):
    before = (Panel.objects.count(), Meeting.objects.count())
    dry = run_import("--from-folder", str(CAPTURED), "--dry-run", tmp_path=tmp_path)
    assert dry["summary"]["meetings_created"] == 2 and dry["summary"]["papers_to_download"] == 2
    assert (Panel.objects.count(), Meeting.objects.count()) == before
    narrow = run_import("--from-folder", str(CAPTURED), "--committee", "144", "--from", "01/02/2026", tmp_path=tmp_path)
    assert narrow["summary"]["committees"] == 1 and narrow["summary"]["meetings_created"] == 1
    assert list(audit_meetings()) == [datetime.date(2026, 2, 10)]


def test_restricted_items_and_papers_arrive_exempt_as_officer_tasks_and_titles_are_unescaped(tmp_path, papers):
    site = Site(restricted_case(tmp_path / "site"), papers=papers, default_paper=make_pdf(["A public paper"]))
    with serving(site) as base_url:
        report = run_import(base_url, tmp_path=tmp_path)
    meeting = audit_meetings()[datetime.date(2026, 3, 10)]
    assert (meeting.start_time, meeting.end_time) == (datetime.time(14, 0), datetime.time(16, 30))
    assert meeting.livestream_note and SourceRecord.objects.get(kind="meeting", source_id="4968").data == {
        "status_text": "Confirmed; Budget Council"
    }
    items = {item.number: item for item in meeting.agenda_items.all()}
    assert items["11a"].title == "Contract award: Town Hall & Library works"
    assert items["9"].title == "Work Programme & Forward Plan"
    assert items["11a"].exempt_paragraph == PARAGRAPH_NOT_SET and items["1"].exempt_paragraph is None
    assert (
        items["11a"].description.startswith(f"{SECRET}-ITEM-TEXT")
        and "Presented by: Head of Procurement" in items["11a"].description
    )
    assert items["1"].description == "First paragraph & more.\n\nSecond paragraph."
    # Never fetched: the restricted paper and the restricted appendix.
    assert not any(f"ID={paper}" in r for r in site.requests for paper in ("60950", "60951"))
    assert not Document.objects.filter(title__contains=SECRET).exists()
    tasks = {(task["task"], task.get("paper") or task.get("item")) for task in report["tasks"]}
    assert tasks == {
        ("exempt_paragraph", items["11a"].pk),
        ("restricted_paper", "60950"),
        ("restricted_paper", "60951"),
    }
    minute = MinuteEntry.objects.get(agenda_item=items["11a"])
    assert minute.exempt_paragraph == PARAGRAPH_NOT_SET and minute.is_exempt
    attendance = {
        row.display_name: (row.category, row.role) for row in Attendance.objects.filter(minutes__meeting=meeting)
    }
    assert attendance == {
        "B Curley": (Attendance.Category.PRESENT, Attendance.Role.CHAIR),
        "A Example-Smith": (Attendance.Category.APOLOGIES, Attendance.Role.VICE_CHAIR),
        "J Bloggs": (Attendance.Category.ABSENT, Attendance.Role.MEMBER),
        "Ms Jane Clerk": (Attendance.Category.ATTENDING, ""),
    }
    roles = {seat.councillor.surname: seat.role for seat in Membership.objects.filter(panel=meeting.panel)}
    assert roles == {"Curley": "chair", "Example-Smith": "vice_chair", "Bloggs": "member"}


def test_the_import_indexes_each_meeting_for_search_as_it_writes_it(tmp_path, papers):
    """Without a rebuild: the search entries the import wrote once per meeting say what the records say."""
    from portal.models import SearchEntry

    site = Site(restricted_case(tmp_path / "site"), papers=papers, default_paper=make_pdf(["A public paper"]))
    with serving(site) as base_url:
        run_import(base_url, tmp_path=tmp_path)
    meeting = audit_meetings()[datetime.date(2026, 3, 10)]
    entries = {(e.kind, e.object_id): e for e in SearchEntry.objects.filter(meeting=meeting)}
    items = list(meeting.agenda_items.all())
    documents = list(meeting.documents.all())
    minutes = list(MinuteEntry.objects.filter(minutes__meeting=meeting))
    assert set(entries) == {("agenda_item", i.pk) for i in items} | {("document", d.pk) for d in documents} | {
        ("minute", m.pk) for m in minutes
    }
    restricted = meeting.agenda_items.get(title__startswith="Contract award")
    assert entries["agenda_item", restricted.pk].exempt_paragraph == PARAGRAPH_NOT_SET
    held = audit_meetings()[datetime.date(2026, 2, 10)]
    paper = Document.objects.get(meeting=held, title="6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025")
    assert "Minutes of 25 November 2025" in SearchEntry.objects.get(kind="document", object_id=paper.pk).body
    found = Client().get("/search/?q=%22Minutes+of+25+November+2025%22").content.decode()
    assert paper.get_absolute_url() in found
    assert SECRET not in Client().get("/search/?q=bidder").content.decode()


def test_restricted_content_never_reaches_a_public_route(tmp_path, papers, officer_client):
    site = Site(restricted_case(tmp_path / "site"), papers=papers, default_paper=make_pdf(["A public paper"]))
    with serving(site) as base_url:
        run_import(base_url, tmp_path=tmp_path)
    call_command("rebuild_search_index", verbosity=0)
    meeting = audit_meetings()[datetime.date(2026, 3, 10)]
    slug = meeting.panel.slug
    starts = [
        "/",
        "/panels/",
        f"/panels/{slug}/",
        meeting.get_absolute_url(),
        f"/panels/{slug}/meetings/2026-03-10/minutes/",
        "/search/?q=bidder",
        "/search/?q=tender",
        "/search/?q=discussed",
        "/meetings/calendar.ics",
        "/feeds/latest.atom",
        "/api/meetings/?page_size=100",
        "/api/agenda-items/?page_size=100",
        "/api/minutes/",
        "/api/documents/?page_size=100",
    ]
    pages = crawl(Client(), starts)
    assert len(pages) > 20 and meeting.get_absolute_url() in pages
    assert (
        "Contract award: Town Hall &amp; Library works" in pages[meeting.get_absolute_url()]
    )  # the title stays public
    assert "a paragraph not yet recorded" in pages[meeting.get_absolute_url()]
    assert leaks(pages, SECRET) == []
    # A positive control: officers read it.
    assert SECRET in officer_client.get(meeting.get_absolute_url()).content.decode()


def test_a_failing_meeting_is_skipped_whole_and_the_run_goes_on(tmp_path, papers, monkeypatch):
    real = run_module.Importer.write_minutes

    def failing(self, meeting, source, *args, **kwargs):
        if source.id == "4968":
            raise DatabaseError("disk full")
        return real(self, meeting, source, *args, **kwargs)

    monkeypatch.setattr(run_module.Importer, "write_minutes", failing)
    report = run_import("--from-folder", str(restricted_case(tmp_path / "site")), tmp_path=tmp_path)
    assert report["failures"][-1]["meeting"] == "4968" and "disk full" in report["failures"][-1]["error"]
    assert set(audit_meetings()) == {datetime.date(2026, 1, 13), datetime.date(2026, 2, 10)}
    assert not AgendaItem.objects.filter(title__startswith="Contract award").exists()
    assert not SourceRecord.objects.filter(kind="agenda_item", source_id="18840").exists()
    assert not AgendaItem.history.filter(title__startswith="Contract award").exists()  # nor its history rows


def test_retries_after_a_server_error_and_gives_up_on_a_slow_meeting(tmp_path, papers):
    site = Site(copy_captured(tmp_path / "site"), papers=papers)
    site.failures["/mgWebService.asmx/GetMeeting?lMeetingId=4967"] = 2
    site.slow["/mgWebService.asmx/GetMeeting?lMeetingId=4966"] = 1.5
    with serving(site) as base_url:
        report = run_import(base_url, "--timeout", "0.5", "--retries", "2", tmp_path=tmp_path)
    assert report["summary"]["meetings_created"] == 1 and report["summary"]["meetings_failed"] == 1
    assert (
        report["failures"][0]["meeting"] == "4966"
        and "could not be reached after 3 tries" in report["failures"][0]["error"]
    )
    assert site.requests.count("/mgWebService.asmx/GetMeeting?lMeetingId=4967") == 3


class NotModernGov(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<!doctype html><html><body>A council website</body></html>")

    def log_message(self, *args):
        pass


def test_a_site_that_is_not_moderngov_gets_a_clear_error(tmp_path):
    with serving(Site(tmp_path), handler=NotModernGov) as base_url, pytest.raises(CommandError, match="ModernGov"):
        run_import(base_url, tmp_path=tmp_path)
    with pytest.raises(CommandError, match="not a web address"):
        run_import("democracy.example.gov.uk", tmp_path=tmp_path)
    with pytest.raises(CommandError, match="no committees.xml"):
        run_import("--from-folder", str(tmp_path), tmp_path=tmp_path)
    with pytest.raises(CommandError, match="is not a date"):
        run_import("--from-folder", str(CAPTURED), "--from", "10th Feb", tmp_path=tmp_path)
    runs = ImportRun.objects.count()
    with pytest.raises(CommandError, match="--workers must be 0"):
        run_import("--from-folder", str(CAPTURED), "--workers", "-1", tmp_path=tmp_path)
    assert ImportRun.objects.count() == runs  # refused before any run is recorded


def test_a_re_import_that_changes_an_item_moves_the_cached_public_page_on(tmp_path, papers, committed):
    """Items are written in bulk (no save signals), yet the public's cached meeting page shows the new title."""
    site = Site(copy_captured(tmp_path / "site"), papers=papers)
    with serving(site) as base_url:
        with committed():
            run_import(base_url, tmp_path=tmp_path)
        page = audit_meetings()[datetime.date(2026, 2, 10)].get_absolute_url()
        reader = Client()
        assert "Work Programme" in reader.get(page).content.decode()  # now cached
        meeting_file = site.folder / "meeting_4967_with_minutes.xml"
        meeting_file.write_text(
            meeting_file.read_text().replace(
                "<agendaitemtitle>Work Programme", "<agendaitemtitle>Work Programme and Forward Plan"
            )
        )
        with committed():
            report = run_import(base_url, "--from", "2026-02-01", "--to", "2026-02-28", tmp_path=tmp_path)
    assert report["summary"]["meetings_updated"] == 1
    assert "Work Programme and Forward Plan" in reader.get(page).content.decode()
