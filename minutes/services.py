"""Writes with rules for minutes: starting them from the agenda, attendance and declarations, minute entries and
their numbers, the resolution to exclude the press and public, publication, confirmation and the actions arising.

Every function runs in one transaction, takes the acting user and records who did it in the audit history, even
outside a request. Content edits carry the version the officer loaded: a save made against an older version is
refused with `StaleEdit`, so two officers never overwrite each other silently; any other refusal is a `Refused`
with the officer's message (portal/errors.py).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Model, Q
from django.utils import timezone
from django.utils.html import escape
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from meetings.exclusion import items_wording, paragraphs_wording
from meetings.locking import lock_meeting_agenda
from meetings.models import AgendaItem, AgendaPack, Apology, Councillor, Meeting, Panel
from meetings.municipal_year import MunicipalYear
from minutes.locking import lock_minutes_record, minutes_of_action, minutes_of_entry
from minutes.models import (
    Action,
    Attendance,
    Declaration,
    DeclaringCouncillor,
    MinuteEntry,
    Minutes,
    Resolution,
    ResolutionPart,
)
from minutes.selectors import serving_members
from minutes.signals import minutes_bulk_changed
from portal.collisions import atomic_write
from portal.errors import Refused, SaveCollided, StaleEdit
from portal.formats import short_date
from portal.history import delete_by, save_by
from portal.page_cache import bump_content_version
from portal.sanitise import clean_html
from portal.wording import join_and

# A service's transaction (`@writing()`): a collision with another save comes back as SaveCollided.
writing = atomic_write(SaveCollided)


# The wording of the resolution to exclude the press and public, as minuted (s100A(4) LGA 1972).
EXCLUSION_HEADING = "Exclusion of the press and public"
EXCLUSION_WORDING = (
    "AGREED that, under section 100A(4) of the Local Government Act 1972, the press and public be excluded from "
    "the meeting for the following {items} of business{named} on the grounds that {it_involves} the likely "
    "disclosure of exempt information as defined in {paragraphs} of Part 1 of Schedule 12A of the Act."
)


def exclusion_resolution_text(paragraphs: list[int], item_count: int = 1, numbers: list[str] = ()) -> str:
    """The resolution; with the agenda numbers of the items it covers, it names them ("(items 6 and 6A)")."""
    return EXCLUSION_WORDING.format(
        items="item" if item_count == 1 else "items",
        named=f" ({items_wording(list(numbers))})" if numbers else "",
        it_involves="it involves" if item_count == 1 else "they involve",
        paragraphs=paragraphs_wording(paragraphs),
    )


# --- history and locking ----------------------------------------------------------------------------------------


def _lock_minutes(minutes_id: int, *, editing: bool = True, by=None, **rows) -> Minutes:
    """Lock the minutes (then any `entries`, `resolutions`, `actions` named), refusing if confirmed and `editing`.
    With `by`, the caller changes what the minutes say: see `_new_draft_version_if_frozen`."""
    minutes = lock_minutes_record(minutes_id, **rows)
    if editing:
        _refuse_if_confirmed(minutes)
    if by is not None:
        _new_draft_version_if_frozen(minutes, by)
    return minutes


def sent_in_packs(minutes: Minutes, draft_version: int):
    """The frozen pack versions that printed this draft version of the published minutes."""
    return AgendaPack.objects.filter(contents__minutes_versions__contains=[[minutes.pk, draft_version]])


def _new_draft_version_if_frozen(minutes: Minutes, by) -> None:
    """Draft minutes that went out in a frozen pack are frozen too: the first change after that starts the next
    draft version, so the history shows which version members saw and which came after."""
    if minutes.status != Minutes.Status.PUBLISHED or not sent_in_packs(minutes, minutes.draft_version).exists():
        return
    sent = minutes.draft_version
    minutes.draft_version = sent + 1
    save_by(
        minutes,
        by,
        when=timezone.now(),
        reason=f"Draft version {sent + 1} begun: version {sent} went out in a frozen agenda pack",
    )


def _refuse_if_confirmed(minutes: Minutes) -> None:
    if minutes.is_confirmed:
        raise Refused(
            "These minutes have been confirmed as a correct record, so they can no longer be changed. "
            "A correction is made by the panel at a later meeting."
        )


def _check_version(instance: Model, loaded_version: int | None) -> None:
    if loaded_version is not None and loaded_version != instance.version:
        raise StaleEdit(current=instance, loaded_version=loaded_version)


# --- numbering ----------------------------------------------------------------------------------------------------

_RUNNING_NUMBER = re.compile(r"(\d+)/(\d{2})")


def _number_value(number: str, panel: Panel, year: MunicipalYear) -> int | None:
    """The sequence part of a minute number written in the panel's convention, or None."""
    number = number.strip()
    if panel.minute_numbering == Panel.MinuteNumbering.MUNICIPAL_YEAR:
        match = _RUNNING_NUMBER.fullmatch(number)
        return int(match[1]) if match and match[2] == year.short_label else None
    if panel.minute_numbering == Panel.MinuteNumbering.PER_MEETING and number.isdigit():
        return int(number)
    return None


def next_running_number(meeting: Meeting) -> int:
    """The first minute number of a meeting for a panel that numbers through the municipal year: one after the
    highest number of the panel's earlier meetings in that year."""
    year = meeting.municipal_year
    earlier = MinuteEntry.objects.filter(
        minutes__meeting__panel_id=meeting.panel_id,
        minutes__meeting__date__gte=year.first_day,
        minutes__meeting__date__lt=meeting.date,
    ).values_list("number", flat=True)
    values = [value for value in (_number_value(n, meeting.panel, year) for n in earlier) if value is not None]
    return max(values, default=0) + 1


def minute_numbers(meeting: Meeting, count: int, *, start: int | None = None) -> list[str]:
    """The numbers of `count` minutes of a meeting, as the panel's convention prints them."""
    panel = meeting.panel
    if panel.minute_numbering == Panel.MinuteNumbering.PER_MEETING:
        first = start or 1
        return [str(first + n) for n in range(count)]
    if panel.minute_numbering == Panel.MinuteNumbering.MUNICIPAL_YEAR:
        first = start or next_running_number(meeting)
        suffix = meeting.municipal_year.short_label
        return [f"{first + n}/{suffix}" for n in range(count)]
    return [""] * count


def _current_start(minutes: Minutes, entries: list[MinuteEntry]) -> int | None:
    """The number the minutes start at now, so that adding, removing or moving an entry keeps a number the
    officer chose."""
    year = minutes.meeting.municipal_year
    values = [_number_value(entry.number, minutes.meeting.panel, year) for entry in entries]
    values = [value for value in values if value is not None]
    return min(values) if values else None


def _renumber(minutes: Minutes, by, when, *, start: int | None, entries: list[MinuteEntry] | None = None) -> None:
    """Positions 1..n and numbers in the panel's convention, written only where they change."""
    if entries is None:
        entries = list(minutes.entries.order_by("position", "pk"))
    numbers = minute_numbers(minutes.meeting, len(entries), start=start)
    changed = []
    for position, (entry, number) in enumerate(zip(entries, numbers, strict=True), start=1):
        if entry.position != position or entry.number != number:
            entry.position, entry.number = position, number
            changed.append(entry)
    if changed:
        bulk_update_with_history(
            changed, MinuteEntry, ["position", "number"], default_user=by, default_date=when, batch_size=500
        )
        # Bulk updates send no signals: bring the search index and cached pages up to date here.
        transaction.on_commit(lambda: minutes_bulk_changed.send(sender=Minutes, minutes_id=minutes.pk))
        if minutes.is_public:
            bump_content_version()


@writing()
def renumber(minutes: Minutes, *, by, start: int | None = None) -> Minutes:
    """Number the minutes again in the panel's convention, from `start` or from where the convention says."""
    minutes = _lock_minutes(minutes.pk, by=by)
    if minutes.meeting.panel.minute_numbering == Panel.MinuteNumbering.NONE:
        raise Refused("This panel's minutes are not numbered. Change the panel's numbering convention first.")
    _renumber(minutes, by, timezone.now(), start=start)
    return minutes


# --- starting the minutes -----------------------------------------------------------------------------------------


def _paragraphs_html(*paragraphs: str) -> str:
    return "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def _opening_text(meeting: Meeting) -> str:
    return f"A meeting of the {meeting.panel.name} was held on {short_date(meeting.date)}."


# The routine minutes drafted from the attendance and declarations; they follow them until an officer edits them.
DRAFTED_KINDS = (AgendaItem.Kind.APOLOGIES, AgendaItem.Kind.DECLARATIONS)


def _apologies_body(names: list[str]) -> str:
    if not names:
        return _paragraphs_html("There were no apologies for absence.")
    return _paragraphs_html(f"Apologies for absence were submitted on behalf of Councillors {join_and(names)}.")


def _declarations_body(declared: bool) -> str:
    if declared:
        # Not the declarations themselves: they are printed once, above, and one about an exempt item is not
        # for everyone who reads this minute.
        return _paragraphs_html("Declarations of interest made by members are recorded at the start of these minutes.")
    return _paragraphs_html("There were no declarations of interest made by members at this point in the meeting.")


def _prefilled_body(item: AgendaItem, apologies: list[Apology]) -> str:
    """A first draft of the routine minutes the officer would otherwise type every week."""
    if item.kind == AgendaItem.Kind.APOLOGIES:
        return _apologies_body([apology.councillor.short_name for apology in apologies])
    if item.kind == AgendaItem.Kind.DECLARATIONS:
        return _declarations_body(False)
    if item.kind == AgendaItem.Kind.PREVIOUS_MINUTES:
        dates = [minutes.meeting.date for minutes in item.confirms_minutes.all()]
        if not dates:
            previous = (
                Meeting.objects.filter(panel_id=item.meeting.panel_id, date__lt=item.meeting.date)
                .exclude(status=Meeting.Status.CANCELLED)
                .order_by("-date")
                .values_list("date", flat=True)
                .first()
            )
            dates = [previous] if previous else []
        meetings = join_and(short_date(date) for date in dates) or "[date]"
        return _paragraphs_html(
            f"The minutes of the previous meeting of the {item.meeting.panel.name} held on {meetings} "
            "were submitted and approved as a correct record."
        )
    return ""


def _agenda_numbers(entries) -> list[str]:
    """The agenda numbers of the items these minutes (or items) are about; none unless every one has one (a
    minute without an item has only its minute number, which renumbering changes)."""
    items = [getattr(entry, "agenda_item", entry) for entry in entries]
    return [item.number for item in items] if all(item is not None and item.number for item in items) else []


def _exclusion_entry(following: list, **fields) -> tuple[MinuteEntry, str]:
    """The exclusion minute before `following` (exempt agenda items or minute entries), and its resolution."""
    entry = MinuteEntry(heading=EXCLUSION_HEADING, excludes_public=True, **fields)
    paragraphs = [e.exempt_paragraph for e in following]
    return entry, exclusion_resolution_text(paragraphs, len(following), _agenda_numbers(following))


@writing()
def start_minutes(meeting: Meeting, *, by) -> Minutes:
    """Draft minutes from the agenda: one entry per item with its title, attendance from the panel's members
    (apologies and substitutes as sent), officers presenting items, and the resolution to exclude the press and
    public before the first exempt item."""
    lock_meeting_agenda(meeting)  # the meeting comes before its minutes
    meeting = Meeting.objects.select_related("panel").get(pk=meeting.pk)
    if Minutes.objects.filter(meeting=meeting).exists():
        raise Refused("The minutes of this meeting have already been started.")
    now = timezone.now()
    minutes = save_by(Minutes(meeting=meeting, opening_text=_opening_text(meeting)), by, when=now)
    apologies = list(Apology.objects.filter(meeting=meeting).select_related("councillor", "substitute"))
    items = list(
        meeting.agenda_items.select_related("meeting__panel")
        .prefetch_related("confirms_minutes__meeting")
        .order_by("position", "pk")
    )
    bulk_create_with_history(
        _attendance_from_agenda(minutes, items, apologies), Attendance, default_user=by, default_date=now
    )
    entries, resolutions = _entries_from_agenda(minutes, items, apologies)
    entries = bulk_create_with_history(entries, MinuteEntry, default_user=by, default_date=now)
    bulk_create_with_history(
        [Resolution(entry=entries[index], position=1, text=text) for index, text in resolutions.items()],
        Resolution,
        default_user=by,
        default_date=now,
    )
    # Bulk creation sends no signals: bring the search index and cached pages up to date here.
    transaction.on_commit(lambda: minutes_bulk_changed.send(sender=Minutes, minutes_id=minutes.pk))
    if minutes.is_public:
        bump_content_version()
    return minutes


def _attendance_from_agenda(minutes: Minutes, items: list[AgendaItem], apologies: list[Apology]) -> list[Attendance]:
    """The attendance as the agenda foresees it, in the order the minutes print it: members present,
    substitutes, officers, then apologies."""
    present, substitutes, away = _members_attendance(minutes, apologies)
    rows = present + substitutes + _officers_attendance(minutes, items) + away
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows


def _members_attendance(
    minutes: Minutes, apologies: list[Apology]
) -> tuple[list[Attendance], list[Attendance], list[Attendance]]:
    """Every serving member, as present unless they sent apologies (then their substitute, if they sent one)."""
    apology_by_member = {apology.councillor_id: apology for apology in apologies}
    present, substitutes, away = [], [], []
    for seat in serving_members(minutes.meeting):
        apology = apology_by_member.get(seat.councillor_id)
        if apology is None:
            present.append(
                Attendance(minutes=minutes, category="present", councillor_id=seat.councillor_id, role=seat.role)
            )
            continue
        away.append(Attendance(minutes=minutes, category="apologies", councillor_id=seat.councillor_id))
        if apology.substitute_id:
            substitutes.append(
                Attendance(
                    minutes=minutes,
                    category="substitute",
                    councillor_id=apology.substitute_id,
                    substitute_for_id=seat.councillor_id,
                    role=Attendance.Role.MEMBER,
                )
            )
    # Apologies from councillors who hold no seat this year (a co-opted member, a late change) are kept too.
    seated = {row.councillor_id for row in present + away}
    away += [
        Attendance(minutes=minutes, category="apologies", councillor_id=apology.councillor_id)
        for apology in apologies
        if apology.councillor_id not in seated
    ]
    return present, substitutes, away


def _officers_attendance(minutes: Minutes, items: list[AgendaItem]) -> list[Attendance]:
    """The officers presenting items, in agenda order, and the panel's contact officer."""
    officer_ids = list(dict.fromkeys(item.presenter_id for item in items if item.presenter_id))
    contact_officer_id = minutes.meeting.panel.contact_officer_id
    if contact_officer_id and contact_officer_id not in officer_ids:
        officer_ids.append(contact_officer_id)
    return [Attendance(minutes=minutes, category="officer", officer_id=officer_id) for officer_id in officer_ids]


def _entries_from_agenda(
    minutes: Minutes, items: list[AgendaItem], apologies: list[Apology]
) -> tuple[list[MinuteEntry], dict[int, str]]:
    """One numbered entry per agenda item, and the resolution to exclude the press and public before the first
    exempt item: the entries, and the resolutions' texts by the index of their entry."""
    entries: list[MinuteEntry] = []
    resolutions: dict[int, str] = {}
    exempt = [item for item in items if item.is_exempt]
    exclusion_done = False
    for item in items:
        if item.is_exempt and not exclusion_done:
            exclusion_done = True
            following = [i for i in exempt if i.position >= item.position]
            entry, text = _exclusion_entry(following, minutes=minutes)
            entries.append(entry)
            resolutions[len(entries) - 1] = text
        entry = MinuteEntry(
            minutes=minutes,
            heading=item.title,
            agenda_item=item,
            exempt_paragraph=item.exempt_paragraph,
            body_html=_prefilled_body(item, apologies),
            drafted=item.kind in DRAFTED_KINDS,
        )
        if item.kind == AgendaItem.Kind.EXCLUSION and not exclusion_done:
            # The agenda has its own exclusion item: it records the resolution, for the exempt items after it.
            following = [i for i in exempt if i.position > item.position]
            if following:
                exclusion_done = True
                entry.excludes_public = True
                resolutions[len(entries)] = exclusion_resolution_text(
                    [i.exempt_paragraph for i in following], len(following), _agenda_numbers(following)
                )
        entries.append(entry)
    numbers = minute_numbers(minutes.meeting, len(entries))
    for position, (entry, number) in enumerate(zip(entries, numbers, strict=True), start=1):
        entry.position, entry.number = position, number
    return entries, resolutions


# --- attendance and declarations ----------------------------------------------------------------------------------


@dataclass
class MemberAttendance:
    """How one member of the panel is minuted: present, apologies, absent, or apologies with a substitute."""

    councillor_id: int
    attendance: str  # "present", "apologies", "absent" or "substitute"
    role: str = Attendance.Role.MEMBER
    substitute_id: int | None = None


@dataclass
class OtherAttendee:
    name: str
    capacity: str = ""


@dataclass
class DeclarationData:
    """One declaration: the councillors who made it (one or several, in the order given), its kind, the item it
    is about, the interest as minuted and what they did about it."""

    kind: str
    text: str
    councillor_ids: list[int] = field(default_factory=list)
    agenda_item_id: int | None = None
    action: str = ""


@dataclass
class AttendanceRecord:
    """Everything the officer records on the attendance and declarations page."""

    opening_text: str = ""
    members: list[MemberAttendance] = field(default_factory=list)
    officer_ids: list[int] = field(default_factory=list)
    others: list[OtherAttendee] = field(default_factory=list)
    declarations: list[DeclarationData] = field(default_factory=list)


def _attendance_rows(record: AttendanceRecord) -> list[Attendance]:
    """The rows in the order the minutes print them."""
    present, substitutes, apologies, absent = [], [], [], []
    for member in record.members:
        if member.attendance == "present":
            present.append(Attendance(category="present", councillor_id=member.councillor_id, role=member.role))
        elif member.attendance == "absent":
            absent.append(Attendance(category="absent", councillor_id=member.councillor_id))
        else:
            apologies.append(Attendance(category="apologies", councillor_id=member.councillor_id))
            if member.attendance == "substitute" and member.substitute_id:
                substitutes.append(
                    Attendance(
                        category="substitute",
                        councillor_id=member.substitute_id,
                        substitute_for_id=member.councillor_id,
                        role=member.role,
                    )
                )
    # A member may chair: the role is theirs. A chair pro-tem may also be a substitute.
    others = [
        Attendance(category="attending", name=other.name.strip(), capacity=other.capacity.strip())
        for other in record.others
        if other.name.strip()
    ]
    officers = [Attendance(category="officer", officer_id=officer_id) for officer_id in record.officer_ids]
    rows = present + substitutes + others + officers + apologies + absent
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows


def _attendance_key(row: Attendance) -> tuple:
    return (row.category, row.councillor_id, row.officer_id, row.name, row.substitute_for_id)


_ATTENDANCE_FIELDS = ("position", "role", "capacity")


def _apply_attendance(minutes: Minutes, rows: list[Attendance], by, when) -> None:
    """Write only what changed, so the history shows the real edits and not a delete and re-create."""
    existing: dict[tuple, list[Attendance]] = {}
    for row in minutes.attendance.order_by("position", "pk"):
        existing.setdefault(_attendance_key(row), []).append(row)
    for row in rows:
        matches = existing.get(_attendance_key(row))
        if matches:
            current = matches.pop(0)
            if any(getattr(current, name) != getattr(row, name) for name in _ATTENDANCE_FIELDS):
                for name in _ATTENDANCE_FIELDS:
                    setattr(current, name, getattr(row, name))
                save_by(current, by, when=when)
        else:
            row.minutes = minutes
            save_by(row, by, when=when)
    for leftovers in existing.values():
        for row in leftovers:
            delete_by(row, by, when=when)


def _apply_declarations(minutes: Minutes, declarations: list[DeclarationData], by, when) -> None:
    existing = list(minutes.declarations.prefetch_related("declaring").order_by("position", "pk"))
    for position, data in enumerate(declarations, start=1):
        values = {
            "position": position,
            "kind": data.kind,
            "text": data.text.strip(),
            "agenda_item_id": data.agenda_item_id,
            "action": data.action,
        }
        if existing:
            declaration = existing.pop(0)
            if any(getattr(declaration, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(declaration, name, value)
                save_by(declaration, by, when=when)
            named = list(declaration.declaring.all())
        else:
            declaration = Declaration(minutes=minutes, **values)
            save_by(declaration, by, when=when)
            named = []
        _apply_declaring(declaration, named, list(dict.fromkeys(data.councillor_ids)), by, when)
    for leftover in existing:
        for named in leftover.declaring.all():
            delete_by(named, by, when=when)
        delete_by(leftover, by, when=when)


def _apply_declaring(declaration: Declaration, named: list[DeclaringCouncillor], ids: list[int], by, when) -> None:
    """The councillors named in a declaration become `ids`, in that order, each change with its history row."""
    by_councillor = {row.councillor_id: row for row in named}
    for row in named:
        if row.councillor_id not in ids:
            delete_by(row, by, when=when)
    for position, councillor_id in enumerate(ids, start=1):
        row = by_councillor.get(councillor_id)
        if row is None:
            save_by(
                DeclaringCouncillor(declaration=declaration, councillor_id=councillor_id, position=position),
                by,
                when=when,
            )
        elif row.position != position:
            row.position = position
            save_by(row, by, when=when)


def _validate_attendance(minutes: Minutes, record: AttendanceRecord) -> None:
    chairs = [m for m in record.members if m.attendance in {"present", "substitute"} and m.role == "chair"]
    if len(chairs) > 1:
        raise Refused("Only one councillor can be minuted as Chair.")
    for member in record.members:
        if member.attendance == "substitute" and not member.substitute_id:
            raise Refused("Choose who substituted for each member marked as substituted.")
        if member.role != Attendance.Role.MEMBER and member.attendance in {"apologies", "absent"}:
            raise Refused("A member who sent apologies or was absent cannot be minuted as chairing.")
    item_ids = set(minutes.meeting.agenda_items.values_list("pk", flat=True))
    for declaration in record.declarations:
        if declaration.agenda_item_id and declaration.agenda_item_id not in item_ids:
            raise Refused("A declaration names an item that is not on this meeting's agenda.")
        if declaration.kind != Declaration.Kind.NONE and not declaration.councillor_ids:
            raise Refused("Each declaration names at least one councillor.")
    council_ids = set(
        Councillor.objects.filter(council_id=minutes.meeting.panel.council_id).values_list("pk", flat=True)
    )
    if any(set(d.councillor_ids) - council_ids for d in record.declarations):
        raise Refused("A declaration names a councillor of another council.")


@writing()
def record_attendance(minutes: Minutes, record: AttendanceRecord, *, by, version: int | None) -> Minutes:
    """The opening words, who attended in what capacity, and the declarations of interest."""
    minutes = _lock_minutes(minutes.pk, by=by)
    _check_version(minutes, version)
    _validate_attendance(minutes, record)
    when = timezone.now()
    _apply_attendance(minutes, _attendance_rows(record), by, when)
    _apply_declarations(minutes, record.declarations, by, when)
    _redraft(minutes, by, when)
    # The minutes' own row is saved last, so its history row closes the change (see selectors.minutes_changes).
    minutes.opening_text = record.opening_text.strip()
    minutes.version += 1
    return save_by(minutes, by, when=when)


def _redraft(minutes: Minutes, by, when) -> None:
    """The routine minutes still as drafted follow what is now recorded ("There were no apologies for absence"
    becomes the names once an apology is recorded); one an officer has edited stays as they wrote it."""
    entries = minutes.entries.filter(drafted=True, agenda_item__kind__in=DRAFTED_KINDS).select_related("agenda_item")
    entries = list(entries)
    if not entries:
        return
    apologies = minutes.attendance.filter(category=Attendance.Category.APOLOGIES, councillor__isnull=False)
    names = [row.councillor.short_name for row in apologies.select_related("councillor").order_by("position", "pk")]
    # Only the open declarations count: this minute is read by everyone who reads the open minutes.
    open_declarations = minutes.declarations.filter(Q(agenda_item=None) | Q(agenda_item__exempt_paragraph=None))
    declared = open_declarations.exclude(kind=Declaration.Kind.NONE).exists()
    for entry in entries:
        if entry.agenda_item.kind == AgendaItem.Kind.APOLOGIES:
            body = _apologies_body(names)
        else:
            body = _declarations_body(declared)
        if body != entry.body_html:
            entry.body_html = body
            entry.version += 1
            save_by(entry, by, when=when)


# --- entries ------------------------------------------------------------------------------------------------------


@dataclass
class ResolutionData:
    text: str
    parts: list[str] = field(default_factory=list)


def part_label(index: int) -> str:
    """(a), (b) ... (z), (aa): the letters resolutions use for their parts."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = letters[remainder] + label
    return label


def _lock_entry(entry_id: int, by=None) -> tuple[MinuteEntry, Minutes]:
    minutes = _lock_minutes(minutes_of_entry(entry_id), entries=[entry_id], by=by)
    return MinuteEntry.objects.get(pk=entry_id), minutes


def _apply_resolutions(entry: MinuteEntry, resolutions: list[ResolutionData], by, when) -> None:
    """Write the resolutions and their lettered parts, changing only what changed."""
    existing = list(entry.resolutions.prefetch_related("parts").order_by("position", "pk"))
    for position, data in enumerate(resolutions, start=1):
        if existing:
            resolution = existing.pop(0)
            old_parts = sorted(resolution.parts.all(), key=lambda part: (part.position, part.pk))
            if resolution.text != data.text or resolution.position != position:
                resolution.text, resolution.position = data.text, position
                save_by(resolution, by, when=when)
        else:
            resolution = save_by(Resolution(entry=entry, position=position, text=data.text), by, when=when)
            old_parts = []
        for index, text in enumerate(data.parts):
            values = {"position": index + 1, "label": part_label(index), "text": text}
            if old_parts:
                part = old_parts.pop(0)
                if any(getattr(part, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(part, name, value)
                    save_by(part, by, when=when)
            else:
                save_by(ResolutionPart(resolution=resolution, **values), by, when=when)
        for part in old_parts:
            delete_by(part, by, when=when)
    for resolution in existing:
        for part in resolution.parts.all():
            delete_by(part, by, when=when)
        delete_by(resolution, by, when=when)


@writing()
def update_entry(
    entry: MinuteEntry,
    *,
    by,
    version: int | None,
    heading: str,
    body_html: str,
    exempt_paragraph: int | None = None,
    excludes_public: bool = False,
    resolutions: list[ResolutionData] | None = None,
) -> MinuteEntry:
    """The heading, text and resolutions of one minute. The body is sanitised when the entry is saved."""
    entry, _ = _lock_entry(entry.pk, by=by)
    _check_version(entry, version)
    heading = " ".join(heading.split())
    if not heading:
        raise Refused("Enter a heading for the minute.")
    when = timezone.now()
    if resolutions is not None:
        _apply_resolutions(entry, resolutions, by, when)
    if clean_html(body_html) != entry.body_html:
        entry.drafted = False  # the officer's words from now on
    entry.heading = heading
    entry.body_html = body_html
    entry.exempt_paragraph = exempt_paragraph
    entry.excludes_public = excludes_public
    entry.version += 1
    # Saved after its resolutions, so the history row of this version closes the whole change.
    return save_by(entry, by, when=when)


@writing()
def add_entry(
    minutes: Minutes, *, by, heading: str, after: MinuteEntry | None = None, agenda_item: AgendaItem | None = None
) -> MinuteEntry:
    """A new minute at the end, or after the given one; the minutes are numbered again."""
    minutes = _lock_minutes(minutes.pk, by=by)
    heading = " ".join(heading.split())
    if not heading:
        raise Refused("Enter a heading for the new minute.")
    entries = list(minutes.entries.select_for_update().order_by("position", "pk"))
    if after is not None and after.pk not in {entry.pk for entry in entries}:
        raise Refused("The minute to add after is no longer in these minutes.")
    start = _current_start(minutes, entries)
    when = timezone.now()
    index = len(entries) if after is None else next(i for i, e in enumerate(entries) if e.pk == after.pk) + 1
    entry = save_by(
        MinuteEntry(minutes=minutes, heading=heading, agenda_item=agenda_item, position=index + 1), by, when=when
    )
    entries.insert(index, entry)
    _renumber(minutes, by, when, start=start, entries=entries)
    return entry


def _delete_entry_rows(entry: MinuteEntry, by, when) -> None:
    for action in entry.actions.all():
        delete_by(action, by, when=when)
    for resolution in entry.resolutions.prefetch_related("parts"):
        for part in resolution.parts.all():
            delete_by(part, by, when=when)
        delete_by(resolution, by, when=when)
    delete_by(entry, by, when=when)


@writing()
def delete_entry(entry: MinuteEntry, *, by, version: int | None) -> Minutes:
    """Remove a minute with its resolutions and actions; the others are numbered again."""
    entry, minutes = _lock_entry(entry.pk, by=by)
    _check_version(entry, version)
    entries = list(minutes.entries.order_by("position", "pk"))
    start = _current_start(minutes, entries)
    remaining = [e for e in entries if e.pk != entry.pk]  # before the delete, which clears entry.pk
    when = timezone.now()
    _delete_entry_rows(entry, by, when)
    _renumber(minutes, by, when, start=start, entries=remaining)
    return minutes


@writing()
def move_entry(entry: MinuteEntry, *, by, direction: str) -> Minutes:
    """One place up or down."""
    entry, minutes = _lock_entry(entry.pk, by=by)
    entries = list(minutes.entries.order_by("position", "pk"))
    index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(entries):
        start = _current_start(minutes, entries)
        entries[index], entries[target] = entries[target], entries[index]
        _renumber(minutes, by, timezone.now(), start=start, entries=entries)
    return minutes


@writing()
def reorder_entries(minutes: Minutes, *, by, order: list[int]) -> Minutes:
    """A new order for all the minutes, as dragged. Refused if someone added or removed one meanwhile."""
    minutes = _lock_minutes(minutes.pk, by=by)
    entries = {entry.pk: entry for entry in minutes.entries.order_by("position", "pk")}
    if sorted(order) != sorted(entries):
        raise Refused("Minutes were added or removed while you were moving them. Try again on the new list.")
    start = _current_start(minutes, list(entries.values()))
    _renumber(minutes, by, timezone.now(), start=start, entries=[entries[pk] for pk in order])
    return minutes


def missing_exclusion(entries: list[MinuteEntry]) -> MinuteEntry | None:
    """The first exempt minute taken without a resolution to exclude the press and public before it."""
    excluded = False
    for entry in entries:
        if entry.excludes_public:
            excluded = True
        elif entry.is_exempt:
            return None if excluded else entry
    return None


@writing()
def add_exclusion_resolution(minutes: Minutes, *, by) -> MinuteEntry:
    """Record the s100A(4) resolution before the first exempt minute, citing the paragraphs of the exempt
    minutes that follow it."""
    minutes = _lock_minutes(minutes.pk, by=by)
    entries = list(minutes.entries.order_by("position", "pk"))
    first_exempt = missing_exclusion(entries)
    if first_exempt is None:
        raise Refused("No exempt minute is waiting for a resolution to exclude the press and public.")
    start = _current_start(minutes, entries)
    index = entries.index(first_exempt)
    following = [entry for entry in entries[index:] if entry.is_exempt]
    when = timezone.now()
    entry, text = _exclusion_entry(following, minutes=minutes, position=index + 1)
    save_by(entry, by, when=when)
    save_by(Resolution(entry=entry, position=1, text=text), by, when=when)
    entries.insert(index, entry)
    _renumber(minutes, by, when, start=start, entries=entries)
    return entry


# --- publication and confirmation ---------------------------------------------------------------------------------


@writing()
def publish_draft(minutes: Minutes, *, by) -> Minutes:
    """Publish the draft: the public reads it as "Draft, subject to approval"."""
    minutes = _lock_minutes(minutes.pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise Refused("These minutes are already published.")
    if not minutes.entries.exists() and not minutes.text_not_held:
        raise Refused("Add at least one minute before publishing the draft.")
    held = minutes.meeting.date
    if held > timezone.localdate():
        raise Refused(f"The meeting is on {short_date(held)}: its minutes can be published once it has been held.")
    minutes.status = Minutes.Status.PUBLISHED
    minutes.published_at = minutes.published_at or timezone.now()
    return save_by(minutes, by, when=timezone.now())


@writing()
def unpublish_draft(minutes: Minutes, *, by) -> Minutes:
    """Take published draft minutes back to officers only. Confirmed minutes stay published."""
    minutes = _lock_minutes(minutes.pk)
    if minutes.status != Minutes.Status.PUBLISHED:
        raise Refused("Only published draft minutes can be unpublished.")
    minutes.status = Minutes.Status.DRAFT
    return save_by(minutes, by, when=timezone.now())


@writing()
def confirm_minutes(minutes: Minutes, *, by, at_item: AgendaItem, amendments: str = "") -> Minutes:
    """The held later meeting whose item submitted these minutes approved them as a correct record, with any
    amendments it made."""
    minutes = _lock_minutes(minutes.pk)
    if minutes.status == Minutes.Status.DRAFT:
        raise Refused("Publish the draft minutes before they are confirmed: the panel confirms minutes it has seen.")
    at_item = AgendaItem.objects.select_related("meeting__panel").get(pk=at_item.pk)
    confirming = at_item.meeting
    if confirming.date <= minutes.meeting.date:
        raise Refused("Minutes are confirmed at a later meeting.")
    if not at_item.confirms_minutes.filter(pk=minutes.pk).exists():
        raise Refused(
            f"Item {at_item.number} of the meeting of {short_date(confirming.date)} does not submit "
            "these minutes: the minutes are confirmed at the meeting whose agenda submitted them. Choose them in "
            "that item's edit form first."
        )
    if confirming.date > timezone.localdate():
        raise Refused(
            f"The meeting of {short_date(confirming.date)} has not been held yet: record the "
            "confirmation, and any amendments, once it has."
        )
    when = timezone.now()
    minutes.status = Minutes.Status.CONFIRMED
    minutes.confirmed_at_meeting = at_item.meeting
    minutes.confirmed_by_item = at_item
    minutes.amendments = amendments.strip()
    minutes.published_at = minutes.published_at or when
    return save_by(minutes, by, when=when)


# --- actions ------------------------------------------------------------------------------------------------------


@dataclass
class ActionData:
    description: str
    owner_id: int | None = None
    owner_text: str = ""
    due_date: datetime.date | None = None
    due_text: str = ""
    status: str = Action.Status.OPEN
    progress_note: str = ""


def _apply_action(action: Action, data: ActionData) -> None:
    action.description = data.description.strip()
    action.owner_id = data.owner_id
    action.owner_text = data.owner_text.strip()
    action.due_date = data.due_date
    action.due_text = data.due_text.strip()
    action.status = data.status
    action.progress_note = data.progress_note.strip()


@writing()
def add_action(entry: MinuteEntry, data: ActionData, *, by) -> Action:
    """An action arising from a minute, at the end of its list."""
    entry, _ = _lock_entry(entry.pk, by=by)
    if not data.description.strip():
        raise Refused("Describe the action.")
    position = (entry.actions.aggregate(last=Max("position"))["last"] or 0) + 1
    action = Action(entry=entry, position=position)
    _apply_action(action, data)
    return save_by(action, by, when=timezone.now())


@writing()
def update_action(action: Action, data: ActionData, *, by, version: int | None) -> Action:
    """Change what was minuted about an action (before confirmation) and its progress."""
    minutes_id, entry_id = minutes_of_action(action.pk)
    _lock_minutes(minutes_id, entries=[entry_id], actions=[action.pk], by=by)
    action = Action.objects.select_related("entry").get(pk=action.pk)
    _check_version(action, version)
    if not data.description.strip():
        raise Refused("Describe the action.")
    _apply_action(action, data)
    action.version += 1
    return save_by(action, by, when=timezone.now())


@writing()
def update_action_progress(action: Action, *, by, version: int | None, status: str, progress_note: str) -> Action:
    """The tracker's update: status and progress. Allowed after confirmation, since the work goes on."""
    minutes_id, entry_id = minutes_of_action(action.pk)
    _lock_minutes(minutes_id, editing=False, entries=[entry_id], actions=[action.pk])  # confirmed: still tracked
    action = Action.objects.get(pk=action.pk)
    _check_version(action, version)
    if status not in Action.Status.values:
        raise Refused("Choose a status from the list.")
    action.status = status
    action.progress_note = progress_note.strip()
    action.version += 1
    return save_by(action, by, when=timezone.now())


@writing()
def delete_action(action: Action, *, by, version: int | None) -> None:
    minutes_id, entry_id = minutes_of_action(action.pk)
    _lock_minutes(minutes_id, entries=[entry_id], actions=[action.pk], by=by)
    action = Action.objects.select_related("entry").get(pk=action.pk)
    _check_version(action, version)
    delete_by(action, by, when=timezone.now())
