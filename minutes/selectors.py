"""Reads for minutes pages, the pack's minutes papers and the actions tracker."""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from meetings.audience import OFFICER, Audience
from meetings.models import (
    AgendaItem,
    AgendaPack,
    Councillor,
    Meeting,
    Membership,
    Officer,
    Panel,
    paragraph_wording,
)
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
from portal.formats import short_date
from portal.history import HistoryEntry, HistorySource, history_entries
from portal.wording import join_and


def minutes_queryset(audience: Audience):
    """Minutes with everything they show, each child list filtered for the audience."""
    return (
        Minutes.objects.visible_to(audience)
        .select_related("meeting__panel__council", "confirmed_at_meeting__panel", "confirmed_by_item")
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("councillor", "officer", "substitute_for"),
                to_attr="attendance_list",
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.visible_to(audience)
                .select_related("agenda_item")
                .prefetch_related(
                    Prefetch(
                        "declaring",
                        queryset=DeclaringCouncillor.objects.select_related("councillor"),
                        to_attr="declaring_list",
                    )
                ),
                to_attr="declaration_list",
            ),
            Prefetch(
                "entries",
                queryset=MinuteEntry.objects.visible_to(audience)
                .select_related("agenda_item")
                .prefetch_related(
                    Prefetch(
                        "resolutions",
                        queryset=Resolution.objects.prefetch_related("parts"),
                        to_attr="resolution_list",
                    ),
                    Prefetch("actions", queryset=Action.objects.select_related("owner"), to_attr="action_list"),
                ),
                to_attr="entry_list",
            ),
        )
    )


def minutes_or_404(slug: str, date: datetime.date, audience: Audience) -> Minutes:
    minutes = get_object_or_404(minutes_queryset(audience), meeting__panel__slug=slug, meeting__date=date)
    return decorate(minutes)


@dataclass
class AttendanceGroups:
    """The attendance of a meeting as minutes print it: chair and vice chair first, then members."""

    present: list[Attendance] = field(default_factory=list)
    substitutes: list[Attendance] = field(default_factory=list)
    attending: list[Attendance] = field(default_factory=list)
    officers: list[Attendance] = field(default_factory=list)
    apologies: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)

    @property
    def present_lines(self) -> list[str]:
        lines = [
            f"Councillor {person.display_name} ({person.get_role_display()})"
            for person in self.present
            if person.role and person.role != Attendance.Role.MEMBER
        ]
        members = [person.display_name for person in self.present if not person.role or person.role == "member"]
        if members:
            lines.append(f"Councillors {join_and(members)}")
        return lines

    @property
    def officer_names(self) -> list[str]:
        return [person.display_name for person in self.officers]

    @property
    def apology_names(self) -> list[str]:
        return [person.display_name for person in self.apologies]

    @property
    def absent_names(self) -> list[str]:
        return [person.display_name for person in self.absent]


def group_attendance(rows: list[Attendance]) -> AttendanceGroups:
    groups = AttendanceGroups()
    by_category = {
        Attendance.Category.PRESENT: groups.present,
        Attendance.Category.SUBSTITUTE: groups.substitutes,
        Attendance.Category.ATTENDING: groups.attending,
        Attendance.Category.OFFICER: groups.officers,
        Attendance.Category.APOLOGIES: groups.apologies,
        Attendance.Category.ABSENT: groups.absent,
    }
    for row in rows:
        by_category[row.category].append(row)
    return groups


def decorate(minutes: Minutes) -> Minutes:
    """Attach the grouped attendance and the flat list of actions, from what was prefetched."""
    minutes.groups = group_attendance(minutes.attendance_list)
    minutes.actions = [action for entry in minutes.entry_list for action in entry.action_list]
    return minutes


# --- the officers' minutes editor -------------------------------------------------------------------------------


def meeting_or_404(slug: str, date: datetime.date) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("panel"), panel__slug=slug, date=date)


def serving_members(meeting: Meeting) -> list[Membership]:
    """The seats of the panel for the meeting's municipal year, filled on the day of the meeting."""
    seats = Membership.objects.filter(panel_id=meeting.panel_id, councillor__isnull=False).serving_on(meeting.date)
    return list(seats.select_related("councillor").order_by("position", "pk"))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def demote_headings(html: str, levels: int = 2) -> str:
    """Headings inside a minute's text, moved down so they sit under the minute's own heading in the editor."""
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + levels, 6)}", html)


def _for_editor(entry: MinuteEntry) -> MinuteEntry:
    entry.body_in_editor = demote_headings(entry.body_html)
    return entry


def _attach_minutes_to_confirm(meeting: Meeting, entries: list[MinuteEntry]) -> None:
    """On the minute of a "minutes" item, the earlier minutes (of this panel or another) it submits, so the
    officer can record their confirmation from there. (Minutes submitted by an item of another kind are
    confirmed from their own confirmation page: looking here too would cost the editor a query.)"""
    item_ids = [
        entry.agenda_item_id
        for entry in entries
        if entry.agenda_item_id and entry.agenda_item.kind == AgendaItem.Kind.PREVIOUS_MINUTES
    ]
    if not item_ids:
        return
    earlier = list(
        Minutes.objects.filter(confirming_items__in=item_ids, meeting__date__lt=meeting.date)
        .select_related("meeting__panel")
        .annotate(item_ids=ArrayAgg("confirming_items", distinct=True))
        .order_by("-meeting__date")
    )
    for entry in entries:
        named = [m for m in earlier if entry.agenda_item_id in (m.item_ids or [])]
        if named:
            entry.minutes_to_confirm = named


def minutes_for_editing(meeting: Meeting, audience: Audience = OFFICER) -> Minutes | None:
    """The meeting's minutes with everything the editor shows, or None before they are started."""
    minutes = minutes_queryset(audience).filter(meeting=meeting).first()
    if minutes is None:
        return None
    for entry in minutes.entry_list:
        _for_editor(entry)
    _attach_minutes_to_confirm(meeting, minutes.entry_list)
    return decorate(minutes)


def entry_for_editing(meeting: Meeting, entry_id: int, audience: Audience = OFFICER) -> MinuteEntry:
    """One minute of the meeting, 404 if it is not this meeting's (or not the audience's to see)."""
    entry = get_object_or_404(
        MinuteEntry.objects.visible_to(audience)
        .select_related("minutes__meeting__panel", "agenda_item")
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.prefetch_related("parts"), to_attr="resolution_list"),
            Prefetch("actions", queryset=Action.objects.select_related("owner"), to_attr="action_list"),
        ),
        minutes__meeting=meeting,
        pk=entry_id,
    )
    _attach_minutes_to_confirm(meeting, [entry])
    return _for_editor(entry)


def action_for_editing(meeting: Meeting, action_id: int, audience: Audience = OFFICER) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(audience).select_related(
            "owner", "entry__minutes__meeting__panel", "entry__agenda_item"
        ),
        entry__minutes__meeting=meeting,
        pk=action_id,
    )


def councillor_choices(panel: Panel) -> list[tuple[int, str]]:
    councillors = Councillor.objects.filter(council_id=panel.council_id).order_by("surname", "initials")
    return [(councillor.pk, f"Councillor {councillor.short_name}") for councillor in councillors]


def confirmation_items(minutes: Minutes) -> list[AgendaItem]:
    """The items that may record these minutes' confirmation: those of held later meetings (of any panel) whose
    agenda submitted them."""
    return list(
        minutes.confirming_items.filter(meeting__date__gt=minutes.meeting.date, meeting__date__lte=timezone.localdate())
        .select_related("meeting__panel")
        .order_by("meeting__date", "position")
    )


def submitting_items_to_come(minutes: Minutes) -> list[AgendaItem]:
    """Items of meetings still to come that submit these minutes: their confirmation is recorded once held."""
    return list(
        minutes.confirming_items.filter(meeting__date__gt=timezone.localdate())
        .select_related("meeting__panel")
        .order_by("meeting__date", "position")
    )


# --- the actions tracker ------------------------------------------------------------------------------------------


def panel_actions(panel: Panel, audience: Audience, *, include_closed: bool = False) -> list[Action]:
    """The actions arising from all the panel's minutes that this audience may read, newest meeting first."""
    actions = (
        Action.objects.visible_to(audience)
        .filter(entry__minutes__meeting__panel=panel)
        .select_related("owner", "entry__minutes__meeting__panel", "entry__agenda_item")
        .order_by("-entry__minutes__meeting__date", "entry__position", "position")
    )
    if not include_closed:
        actions = actions.outstanding()
    return list(actions)


# --- what another officer changed (optimistic locking) ------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str
    is_html: bool = False


@dataclass
class Conflict:
    """What someone else saved since the officer loaded the form, to show beside what they typed."""

    changes: list[Change]
    changed_by: str = ""
    changed_at: datetime.datetime | None = None


def _history_at(model, at: datetime.datetime, **filters) -> list:
    """The rows of `model` as they were at `at` (the latest history row of each, deleted ones left out)."""
    rows = (
        model.history.filter(history_date__lte=at, **filters)
        .order_by("id", "-history_date", "-history_id")
        .distinct("id")
    )
    return [row for row in rows if row.history_type != "-"]


def _version_record(instance, version: int):
    return instance.history.filter(version=version).order_by("-history_date", "-history_id").first()


def _conflict(instance, changes: list[Change]) -> Conflict:
    latest = instance.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if latest is None:
        return Conflict(changes=changes)
    who = latest.history_user.email if latest.history_user else "someone"
    return Conflict(changes=changes, changed_by=who, changed_at=latest.history_date)


def _compare(label: str, before, after, *, is_html: bool = False) -> list[Change]:
    before, after = ("" if before is None else str(before)), ("" if after is None else str(after))
    return [] if before == after else [Change(label, before, after, is_html)]


def _resolution_lines(resolutions: list, parts_by_resolution: dict[int, list]) -> str:
    lines = []
    for resolution in sorted(resolutions, key=lambda r: (r.position, r.id)):
        lines.append(resolution.text)
        parts = sorted(parts_by_resolution.get(resolution.id, []), key=lambda p: (p.position, p.id))
        lines += [f"({part.label}) {part.text}" for part in parts]
    return "\n".join(lines)


def _paragraph_label(paragraph: int | None) -> str:
    return "Not exempt" if paragraph is None else f"Exempt, {paragraph_wording(paragraph)} of Schedule 12A"


def entry_changes(entry: MinuteEntry, loaded_version: int) -> Conflict:
    """What changed in a minute (heading, text, exemption, resolutions) since version `loaded_version`."""
    entry = MinuteEntry.objects.get(pk=entry.pk)
    old = _version_record(entry, loaded_version)
    resolutions = list(entry.resolutions.all())
    parts: dict[int, list] = {}
    for part in ResolutionPart.objects.filter(resolution__entry=entry):
        parts.setdefault(part.resolution_id, []).append(part)
    now_resolutions = _resolution_lines(resolutions, parts)
    if old is None:
        # No history of the version they loaded (loaded from fixtures): show what is there now.
        return _conflict(
            entry,
            [
                Change("Heading", "", entry.heading),
                Change("Minute", "", entry.body_html, is_html=True),
                Change("Resolutions", "", now_resolutions),
            ],
        )
    old_resolutions = _history_at(Resolution, old.history_date, entry_id=entry.pk)
    old_parts: dict[int, list] = {}
    for part in _history_at(ResolutionPart, old.history_date, resolution_id__in=[r.id for r in old_resolutions]):
        old_parts.setdefault(part.resolution_id, []).append(part)
    changes = [
        *_compare("Heading", old.heading, entry.heading),
        *_compare("Exempt", _paragraph_label(old.exempt_paragraph), _paragraph_label(entry.exempt_paragraph)),
        *_compare(
            "Excludes the press and public",
            "Yes" if old.excludes_public else "No",
            "Yes" if entry.excludes_public else "No",
        ),
        *_compare("Minute", old.body_html, entry.body_html, is_html=True),
        *_compare("Resolutions", _resolution_lines(old_resolutions, old_parts), now_resolutions),
    ]
    return _conflict(entry, changes)


def _attendance_lines(rows: list, councillors: dict, officers: dict) -> str:
    categories, roles = dict(Attendance.Category.choices), dict(Attendance.Role.choices)
    lines = []
    for row in sorted(rows, key=lambda r: (r.position, r.id)):
        if row.councillor_id:
            name = f"Councillor {councillors[row.councillor_id].short_name}"
        elif row.officer_id:
            name = officers[row.officer_id].short_name
        else:
            name = row.name
        line = f"{name}: {categories.get(row.category, row.category)}"
        if row.role and row.role != Attendance.Role.MEMBER:
            line += f" ({roles.get(row.role, row.role)})"
        if row.substitute_for_id:
            line += f", for Councillor {councillors[row.substitute_for_id].short_name}"
        if row.capacity:
            line += f", {row.capacity}"
        lines.append(line)
    return "\n".join(lines)


def _declaration_lines(rows: list, named: dict[int, list[int]], councillors: dict, items: dict) -> str:
    kinds = dict(Declaration.Kind.choices)
    lines = []
    for row in sorted(rows, key=lambda r: (r.position, r.id)):
        names = [councillors[pk].short_name for pk in named.get(row.id, []) if pk in councillors]
        who = ("Councillor " if len(names) == 1 else "Councillors ") + join_and(names) + ", " if names else ""
        item = f"item {items[row.agenda_item_id].number}, " if row.agenda_item_id in items else ""
        action = f" ({dict(Declaration.Action.choices)[row.action]})" if row.action else ""
        lines.append(f"{who}{item}{kinds.get(row.kind, row.kind)}: {row.text}{action}")
    return "\n".join(lines)


def _named(rows: list) -> dict[int, list[int]]:
    """The councillors of each declaration, in order, from DeclaringCouncillor rows (current or historical)."""
    named: dict[int, list[int]] = {}
    for row in sorted(rows, key=lambda r: (r.position, r.id)):
        named.setdefault(row.declaration_id, []).append(row.councillor_id)
    return named


def minutes_changes(minutes: Minutes, loaded_version: int) -> Conflict:
    """What changed in the opening words, attendance and declarations since version `loaded_version`."""
    minutes = Minutes.objects.get(pk=minutes.pk)
    old = _version_record(minutes, loaded_version)
    now_attendance = list(minutes.attendance.all())
    now_declarations = list(minutes.declarations.all())
    old_attendance = _history_at(Attendance, old.history_date, minutes_id=minutes.pk) if old else []
    old_declarations = _history_at(Declaration, old.history_date, minutes_id=minutes.pk) if old else []
    now_named = list(DeclaringCouncillor.objects.filter(declaration__minutes=minutes))
    declaration_ids = {d.id for d in old_declarations}
    old_named = _history_at(DeclaringCouncillor, old.history_date, declaration_id__in=declaration_ids) if old else []
    rows = now_attendance + old_attendance
    councillor_ids = {r.councillor_id for r in rows} | {r.substitute_for_id for r in rows}
    councillor_ids |= {r.councillor_id for r in now_named + old_named}
    councillors = Councillor.objects.in_bulk([pk for pk in councillor_ids if pk])
    officers = Officer.objects.in_bulk([r.officer_id for r in rows if r.officer_id])
    items = AgendaItem.objects.in_bulk(
        [d.agenda_item_id for d in now_declarations + old_declarations if d.agenda_item_id]
    )
    changes = [
        *_compare("Opening words", old.opening_text if old else "", minutes.opening_text),
        *_compare(
            "Attendance",
            _attendance_lines(old_attendance, councillors, officers),
            _attendance_lines(now_attendance, councillors, officers),
        ),
        *_compare(
            "Declarations",
            _declaration_lines(old_declarations, _named(old_named), councillors, items),
            _declaration_lines(now_declarations, _named(now_named), councillors, items),
        ),
    ]
    return _conflict(minutes, changes)


def _action_values(action) -> dict[str, str]:
    statuses = dict(Action.Status.choices)
    owner = Officer.objects.filter(pk=action.owner_id).first() if action.owner_id else None
    return {
        "Action": action.description,
        "Who (officer)": owner.name_and_title if owner else "",
        "Who (anyone else)": action.owner_text,
        "Due": short_date(action.due_date),
        "When (as promised)": action.due_text,
        "Status": statuses.get(action.status, action.status),
        "Progress": action.progress_note,
    }


def action_changes(action: Action, loaded_version: int) -> Conflict:
    action = Action.objects.get(pk=action.pk)
    old = _version_record(action, loaded_version)
    now = _action_values(action)
    before = _action_values(old) if old else dict.fromkeys(now, "")
    return _conflict(action, [change for label in now for change in _compare(label, before[label], now[label])])


# --- the audit history of one set of minutes ---------------------------------------------------------------------


def minutes_history_sources(meeting: Meeting) -> list[HistorySource]:
    """The history rows of a meeting's minutes and everything in them (removed ones too), each with its words."""
    minutes_ids = list(Minutes.history.filter(meeting_id=meeting.pk).values_list("id", flat=True).distinct())
    entry_ids = list(MinuteEntry.history.filter(minutes_id__in=minutes_ids).values_list("id", flat=True).distinct())
    resolution_ids = list(Resolution.history.filter(entry_id__in=entry_ids).values_list("id", flat=True).distinct())
    return [
        ("Minutes", Minutes.history.filter(meeting_id=meeting.pk), lambda r: r.get_status_display()),
        ("Attendance", Attendance.history.filter(minutes_id__in=minutes_ids), lambda r: r.get_category_display()),
        ("Declaration", Declaration.history.filter(minutes_id__in=minutes_ids), lambda r: r.text[:80]),
        (
            "Declaring councillor",
            DeclaringCouncillor.history.filter(
                declaration_id__in=Declaration.history.filter(minutes_id__in=minutes_ids).values("id")
            ).select_related("councillor"),
            lambda r: f"Councillor {r.councillor.short_name}" if r.councillor else "a councillor since removed",
        ),
        ("Minute", MinuteEntry.history.filter(minutes_id__in=minutes_ids), lambda r: f"{r.number} {r.heading}".strip()),
        ("Resolution", Resolution.history.filter(entry_id__in=entry_ids), lambda r: r.text[:80]),
        ("Resolution part", ResolutionPart.history.filter(resolution_id__in=resolution_ids), lambda r: str(r)[:80]),
        ("Action", Action.history.filter(entry_id__in=entry_ids), lambda r: r.description[:80]),
    ]


def minutes_history(minutes: Minutes, limit: int = 200) -> list[HistoryEntry]:
    """Every recorded change to the minutes and everything in them, newest first (the most recent `limit`)."""
    return history_entries(minutes_history_sources(minutes.meeting))[:limit]


@dataclass
class SentDraft:
    draft_version: int
    pack: AgendaPack


def drafts_sent(minutes: Minutes) -> list[SentDraft]:
    """Which draft version of these minutes each frozen pack printed: what members (and the public) saw."""
    query = Q(pk__in=[])
    for version in range(1, minutes.draft_version + 1):
        query |= Q(contents__minutes_versions__contains=[[minutes.pk, version]])
    packs = AgendaPack.objects.filter(query).select_related("meeting__panel").order_by("built_at", "pk")
    return [
        SentDraft(draft_version=next(v for pk, v in pack.contents["minutes_versions"] if pk == minutes.pk), pack=pack)
        for pack in packs
    ]
