"""ModernGov import speed: a synthetic ModernGov site on the loopback, built in the shapes of the real captured
responses (tests/imports/captured/), imported into a throwaway database, then imported again unchanged.

At full size: 20 committees, 10 years, 2,000 meetings, 20,000 agenda items, 30,000 papers (small PDFs). Prints
meetings/s and papers/s, the CPU seconds per paper (the importer's process, its sandboxed PDF checks and its
PostgreSQL backend; the synthetic site runs in a process of its own and is counted apart), the peak memory (and the
memory after each quarter of the meetings, which should stay flat), and the time of the second, no-change run.
Targets: the whole council in under 15 minutes; the re-run in under 2 minutes. `--scale 0.1` runs a tenth of it
(the figures per second are what to compare).

    .venv/bin/python bench/import.py [--scale 1.0] [--committees 20] [--port 8800]
"""

import argparse
import datetime
import multiprocessing
import os
import resource
import signal
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from _django import bench_database

os.environ.setdefault("PORTAL_TEST_DATABASE", "test_portal_bench_import")

COMMITTEES = 20
YEARS = 10
FIRST_YEAR = 2016
ITEMS_PER_MEETING = 10
PAPERS_PER_MEETING = 15
TARGET_SECONDS, TARGET_RERUN_SECONDS = 15 * 60, 2 * 60

COMMITTEE = """  <committee>
    <committeeid>{id}</committeeid>
    <committeetitle>{title}</committeetitle>
    <committeedeleted>False</committeedeleted>
    <committeeexpired>False</committeeexpired>
    <committeecategory>Scrutiny Committees</committeecategory>
  </committee>
"""
ITEM = """    <agendaitem>
      <agendaitemid>{id}</agendaitemid>
      <agendaitemtitle>{title}</agendaitemtitle>
      <agendatext>&lt;div class="WordSection1"&gt;&lt;p class="MsoNormal"&gt;&lt;span style=""&gt;The report of the
Director on item {number}, attached.&lt;/span&gt;&lt;/p&gt;&lt;/div&gt;</agendatext>
      <agendaitemnumber>{number}</agendaitemnumber>
      <agendaitemsubnumber>
      </agendaitemsubnumber>
      <fulldisplaynumberformat>{number}.</fulldisplaynumberformat>
      <commentlabel1>Presented By</commentlabel1>
      <commenttext1>Director</commenttext1>
      <minutesnonemptyhtmlbody>&lt;div class="WordSection1"&gt;&lt;p class="MsoNormal"&gt;The Committee considered
the report on item {number} and noted it.&lt;/p&gt;&lt;/div&gt;</minutesnonemptyhtmlbody>
      <isminutepublished>True</isminutepublished>
      <isrestricted>{restricted}</isrestricted>
      <minutesitemnumber>{number}</minutesitemnumber>
      <linkeddocuments>
{papers}      </linkeddocuments>
    </agendaitem>
"""
PAPER = """        <linkeddoc>
          <attachmentid>{id}</attachmentid>
          <title>Report {id} &amp;amp; appendix</title>
          <isurl>False</isurl>
          <url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID={id}</url>
          <isrestricted>False</isrestricted>
          <publicationdate>{published:%d/%m/%Y}</publicationdate>
          <ownertitle>Item</ownertitle>
        </linkeddoc>
"""
MEETING = """<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingid>{id}</meetingid>
  <meetingdate>{date:%d/%m/%Y}</meetingdate>
  <meetingstatus>Confirmed</meetingstatus>
  <meetingtime>10.00 am</meetingtime>
  <meetingplannedfinishtime>12.30 pm</meetingplannedfinishtime>
  <meetinglocation>Council Chamber, Town Hall</meetinglocation>
  <iswebcast>False</iswebcast>
  <agendapublished>True</agendapublished>
  <minutepublished>True</minutepublished>
  <agendaitems>
{items}  </agendaitems>
  <attendees>
{attendees}  </attendees>
</meeting>"""
ATTENDEE = (
    '    <attendee membertype="U" memberid="{id}" name="Councillor Member {id}" roledescription="{role}" '
    'attendance="Present" politicalparty="IND" ward="Ward {ward}">\n    </attendee>\n'
)


class Synthetic:
    def __init__(self, scale: float, committees: int = COMMITTEES):
        self.committee_count = committees
        self.meetings_per_committee = max(1, round(YEARS * 10 * scale))
        self.meetings: dict[int, tuple[int, datetime.date]] = {}
        for committee in range(committees):
            for n in range(self.meetings_per_committee):
                day = datetime.date(FIRST_YEAR, 1, 5) + datetime.timedelta(days=n * 36 + committee)
                self.meetings[100000 + committee * 1000 + n] = (committee, day)
        self.pdf = self.small_pdf()

    @staticmethod
    def small_pdf() -> bytes:
        import weasyprint

        return weasyprint.HTML(string="<h1>Report</h1><p>Synthetic paper for the import bench.</p>").write_pdf()

    def committees(self) -> bytes:
        body = "".join(
            COMMITTEE.format(id=1000 + c, title=f"Scrutiny Committee {c + 1}") for c in range(self.committee_count)
        )
        return f'<?xml version="1.0" encoding="utf-8"?>\n<committees>\n{body}</committees>'.encode()

    def meeting_list(self, committee_id: int) -> bytes:
        rows = "".join(
            f"<meeting><meetingid>{mid}</meetingid><meetingdate>{day:%d/%m/%Y}</meetingdate>"
            f"<meetingstatus>Confirmed</meetingstatus><meetingtime>10.00 am</meetingtime></meeting>"
            for mid, (c, day) in self.meetings.items()
            if 1000 + c == committee_id
        )
        return (
            f'<?xml version="1.0" encoding="utf-8"?><getmeetings><committee><committeeid>{committee_id}</committeeid>'
            f"<committeemeetings>{rows}</committeemeetings></committee></getmeetings>"
        ).encode()

    def meeting(self, meeting_id: int) -> bytes:
        committee, day = self.meetings[meeting_id]
        items, paper = [], meeting_id * 100
        for number in range(1, ITEMS_PER_MEETING + 1):
            count = 2 if number % 2 else 1  # 15 papers over 10 items
            papers = "".join(
                PAPER.format(id=paper + k, published=day - datetime.timedelta(days=8)) for k in range(count)
            )
            paper += count
            items.append(
                ITEM.format(
                    id=meeting_id * 100 + number,
                    title=f"Item {number} &amp;amp; its report",
                    number=number,
                    restricted="True" if number == ITEMS_PER_MEETING and meeting_id % 20 == 0 else "False",
                    papers=papers,
                )
            )
        attendees = "".join(
            ATTENDEE.format(id=committee * 100 + k, role="Chair" if k == 0 else "Committee Member", ward=k)
            for k in range(8)
        )
        return MEETING.format(id=meeting_id, date=day, items="".join(items), attendees=attendees).encode()


def serve(site: Synthetic, port: int) -> multiprocessing.Process:
    """The synthetic site in a process of its own (as a real one is elsewhere): its CPU is not the importer's."""
    ready = multiprocessing.Event()
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(site, port, ready), daemon=True)
    process.start()
    ready.wait(30)
    return process


def _serve(site: Synthetic, port: int, ready) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # connections kept alive between requests, as a council's web server does

        def do_GET(self):
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query))
            if parts.path.endswith("/GetCommittees"):
                body, kind = site.committees(), "text/xml"
            elif parts.path.endswith("/GetMeetings"):
                body, kind = site.meeting_list(int(query["lCommitteeId"])), "text/xml"
            elif parts.path.endswith("/GetMeeting"):
                body, kind = site.meeting(int(query["lMeetingId"])), "text/xml"
            else:
                body, kind = site.pdf, "application/pdf"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    ready.set()
    server.serve_forever()


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc (any process of this machine)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (the sandboxed PDF checks)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--committees", type=int, default=COMMITTEES)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8800)))
    args = parser.parse_args()
    site = Synthetic(args.scale, args.committees)
    server = serve(site, args.port)
    with bench_database(seed=False):
        from django.db import connection

        from meetings.models import AgendaItem, Council, Document, Meeting
        from portal.imports.models import ImportRun
        from portal.imports.moderngov.run import execute
        from portal.imports.moderngov.source import WebService

        council = Council.objects.create(name="Synthetic Borough Council", slug="synthetic")
        memory = []

        def progress(queue):
            quarter = max(1, len(queue) // 4)
            for index, entry in enumerate(queue, start=1):
                yield entry
                if index % quarter == 0:
                    memory.append(round(peak_mb()))

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        figures = []
        for label in ("first run", "no-change re-run"):
            run = ImportRun.objects.create(council=council, base_url=f"http://127.0.0.1:{args.port}")
            source = WebService(run.base_url, pause=0, retries=1, timeout=30)
            memory.clear()
            cpu = (own_cpu(), process_cpu(backend), process_cpu(server.pid))
            started = time.perf_counter()
            report = execute(run, source, progress=progress)
            seconds = time.perf_counter() - started
            cpu = (own_cpu() - cpu[0], process_cpu(backend) - cpu[1], process_cpu(server.pid) - cpu[2])
            figures.append((label, seconds, dict(report.counts), list(memory), cpu))
        meetings, items, papers = Meeting.objects.count(), AgendaItem.objects.count(), Document.objects.count()
    os.kill(server.pid, signal.SIGTERM)
    server.join(10)
    (_, first, counts, quarters, cpu), (_, rerun, recounts, _, recpu) = figures
    downloaded = counts.get("papers_downloaded", 0)
    print(
        f"Synthetic ModernGov site: {args.committees} committees, {meetings} meetings, {items} items, {papers} papers"
    )
    print(f"First run: {first:.1f} s, {meetings / first:.2f} meetings/s, {downloaded / first:.1f} papers/s")
    importer_cpu = cpu[0] + cpu[1]
    print(
        f"First run CPU: {importer_cpu:.1f} s in all, {importer_cpu / max(downloaded, 1):.3f} s per paper "
        f"(importer and its PDF checks {cpu[0]:.1f} s, its PostgreSQL backend {cpu[1]:.1f} s; "
        f"the synthetic site, apart, {cpu[2]:.1f} s); load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    print(f"Peak memory (RSS) after each quarter of the meetings: {quarters} MB; peak {peak_mb():.0f} MB")
    print(
        f"No-change re-run: {rerun:.1f} s ({recounts.get('meetings_unchanged', 0)} meetings unchanged), "
        f"CPU {recpu[0] + recpu[1]:.1f} s"
    )
    full = first * 2000 / meetings
    print(
        f"At full size (2,000 meetings, 30,000 papers) that is about {full / 60:.1f} min "
        f"(target {TARGET_SECONDS / 60:.0f} min) and a re-run of about {rerun * 2000 / meetings:.0f} s "
        f"(target {TARGET_RERUN_SECONDS} s)."
    )
    failures = counts.get("meetings_failed", 0) + counts.get("papers_failed", 0)
    print(f"Failures: {failures}; restricted items left as tasks: {counts.get('papers_restricted', 0)} papers")


if __name__ == "__main__":
    main()
