"""Further ModernGov cases, built in code from the real captures (never by editing them): a meeting with a
restricted item and paper, a title escaped twice, hostile Word HTML, attendance taken, free-text status."""

import shutil
from pathlib import Path

CAPTURED = Path(__file__).parent / "captured"
SECRET = "SECRET-RESTRICTED"

RESTRICTED_ITEM = f"""    <agendaitem>
      <agendaitemid>18840</agendaitemid>
      <agendaitemtitle>Contract award: Town Hall &amp;amp; Library works</agendaitemtitle>
      <agendatext>&lt;p class="MsoNormal"&gt;{SECRET}-ITEM-TEXT bidder scores&lt;/p&gt;</agendatext>
      <agendaitemnumber>14</agendaitemnumber>
      <agendaitemsubnumber>a</agendaitemsubnumber>
      <fulldisplaynumberformat>11a.</fulldisplaynumberformat>
      <commentlabel1>Presented By</commentlabel1>
      <commenttext1>Head of Procurement</commenttext1>
      <minutesnonemptyhtmlbody>&lt;p&gt;{SECRET}-MINUTE tender discussed&lt;/p&gt;</minutesnonemptyhtmlbody>
      <isminutepublished>True</isminutepublished>
      <isrestricted>True</isrestricted>
      <minutesitemnumber>11a</minutesitemnumber>
      <minutesitemsubnumber>
      </minutesitemsubnumber>
      <linkeddocuments>
        <linkeddoc>
          <attachmentid>60950</attachmentid>
          <title>{SECRET}-PAPER-TITLE</title>
          <isurl>False</isurl>
          <url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=60950</url>
          <isrestricted>True</isrestricted>
          <publicationdate>02/03/2026</publicationdate>
          <ownertitle>Contract award</ownertitle>
        </linkeddoc>
      </linkeddocuments>
    </agendaitem>
"""
RESTRICTED_APPENDIX = f"""        <linkeddoc>
          <attachmentid>60951</attachmentid>
          <title>Appendix 2: {SECRET}-APPENDIX-TITLE</title>
          <isurl>False</isurl>
          <url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID=60951</url>
          <isrestricted>True</isrestricted>
          <publicationdate>02/03/2026</publicationdate>
          <ownertitle>Work Programme</ownertitle>
        </linkeddoc>
      </linkeddocuments>"""
HOSTILE_TEXT = (
    "&lt;div class=&quot;WordSection1&quot; onclick=&quot;steal()&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    "&lt;p class=&quot;MsoNormal&quot; style=&quot;color:red&quot;&gt;First paragraph &amp;amp; more.&lt;/p&gt;"
    "&lt;p&gt;&lt;a href=&quot;javascript:steal()&quot;&gt;Second&lt;/a&gt; paragraph.&lt;/p&gt;&lt;/div&gt;"
)
ATTENDEE = (
    '    <attendee membertype="{kind}" memberid="{id}" name="{name}" roledescription="{role}" '
    'attendance="{attendance}" politicalparty="{party}" ward="{ward}">\n    </attendee>'
)
ATTENDEES = "\n".join(
    [
        "  <attendees>",
        ATTENDEE.format(
            kind="U",
            id=192,
            name="Councillor Basil Curley",
            role="Chair",
            attendance="Present",
            party="LAB",
            ward="Charlestown",
        ),
        ATTENDEE.format(
            kind="U",
            id=201,
            name="Councillor Anne Example-Smith",
            role="Vice-Chair",
            attendance="Apologies",
            party="LD",
            ward="Didsbury West",
        ),
        ATTENDEE.format(
            kind="U",
            id=202,
            name="Councillor Joe Bloggs",
            role="Committee Member",
            attendance="Absent",
            party="GRN",
            ward="Hulme",
        ),
        ATTENDEE.format(
            kind="O",
            id=900,
            name="Ms Jane Clerk",
            role="Governance Officer",
            attendance="In attendance",
            party="",
            ward="",
        ),
        "  </attendees>",
    ]
)
EXTRA_MEETING = """      <meeting>
        <meetingid>4968</meetingid>
        <meetingdate>10/03/2026</meetingdate>
        <meetingstatus>Confirmed; Budget Council</meetingstatus>
        <meetingtime>2.00 pm</meetingtime>
        <iswebcast>True</iswebcast>
      </meeting>
    </committeemeetings>"""


def copy_captured(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file in CAPTURED.glob("*.xml"):
        shutil.copy(file, folder / file.name)
    return folder


def restricted_case(folder: Path) -> Path:
    """The captures plus meeting 4968 (10 March 2026): the real 4967 with a restricted item (its paper restricted
    too), a restricted appendix to a public item, hostile Word HTML, a title escaped twice, attendance taken, a
    webcast and a free-text status."""
    copy_captured(folder)
    meeting = (CAPTURED / "meeting_4967_with_minutes.xml").read_text()
    meeting = meeting.replace("<meetingid>4967</meetingid>", "<meetingid>4968</meetingid>")
    meeting = meeting.replace("10/02/2026", "10/03/2026").replace(
        "<meetingstatus>Confirmed<", "<meetingstatus>Confirmed; Budget Council<"
    )
    meeting = meeting.replace(
        "<meetingtime>10.00 am</meetingtime>\n  <meetingactualstarttime>",
        "<meetingtime>2.00 pm</meetingtime>\n  <meetingactualstarttime>",
    )
    meeting = meeting.replace("<meetingplannedfinishtime>2.00 pm", "<meetingplannedfinishtime>4.30 pm")
    meeting = meeting.replace("<iswebcast>False</iswebcast>", "<iswebcast>True</iswebcast>", 1)
    for number in ("18831", "18833", "60860", "60909"):
        meeting = meeting.replace(number, f"9{number}")
    meeting = meeting.replace(
        "<agendaitemtitle>Work Programme</agendaitemtitle>",
        "<agendaitemtitle>Work Programme &amp;amp; Forward Plan</agendaitemtitle>",
    )
    first_text_start = meeting.index("<agendatext>") + len("<agendatext>")
    first_text_end = meeting.index("</agendatext>")
    meeting = meeting[:first_text_start] + HOSTILE_TEXT + meeting[first_text_end:]
    last_docs = meeting.rindex("      </linkeddocuments>")
    meeting = meeting[:last_docs] + RESTRICTED_APPENDIX + meeting[last_docs + len("      </linkeddocuments>") :]
    meeting = meeting.replace("  </agendaitems>", RESTRICTED_ITEM + "  </agendaitems>")
    start = meeting.index("  <attendees>")
    end = meeting.index("</attendees>") + len("</attendees>")
    meeting = meeting[:start] + ATTENDEES + meeting[end:]
    (folder / "meeting_4968_restricted.xml").write_text(meeting)
    listing = (folder / "meetings.xml").read_text().replace("    </committeemeetings>", EXTRA_MEETING)
    (folder / "meetings.xml").write_text(listing)
    return folder
