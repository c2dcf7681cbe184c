"""Forms for the officers' minutes pages. Each validates everything a user can send and says what to do."""

import datetime
import re
from html import unescape

from django import forms
from django.utils.html import escape

from meetings.models import EXEMPT_PARAGRAPHS, AgendaItem, Councillor, Meeting
from minutes.models import Action, Attendance, Declaration, MinuteEntry
from minutes.services import (
    ActionData,
    AttendanceRecord,
    DeclarationData,
    MemberAttendance,
    OtherAttendee,
    ResolutionData,
)
from portal.formats import DATE_INPUT_FORMAT, TYPED_DATE_INPUT_FORMATS, short_date
from portal.sanitise import clean_html

# --- the text of a minute -----------------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|<!--")
_SIMPLE_PARAGRAPHS = re.compile(r"\s*(?:<p>(?:[^<]|<br\s*/?>)*</p>\s*)+")


def text_to_html(text: str) -> str:
    """What an officer typed, as the minute's HTML. Plain text becomes paragraphs (a blank line between them, a
    line break within); pasted HTML keeps its structure and loses anything that could run."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if _TAG.search(text):
        return clean_html(text)
    paragraphs = [paragraph.strip() for paragraph in re.split(r"\n[ \t]*\n\s*", text) if paragraph.strip()]
    return "\n".join(
        "<p>" + "<br>".join(escape(line.strip()) for line in paragraph.split("\n")) + "</p>" for paragraph in paragraphs
    )


def html_to_text(html: str) -> str:
    """A minute's HTML as the officer edits it: plain paragraphs when it is only paragraphs, else the HTML."""
    if not html.strip():
        return ""
    if not _SIMPLE_PARAGRAPHS.fullmatch(html):
        return html
    paragraphs = [
        unescape(re.sub(r"<br\s*/?>", "\n", paragraph)).strip() for paragraph in re.findall(r"<p>(.*?)</p>", html, re.S)
    ]
    text = "\n\n".join(paragraphs)
    # Text that itself looks like markup would be read back as HTML: keep the HTML so nothing changes.
    return html if _TAG.search(text) else text


class RemovableFormSet(forms.BaseFormSet):
    """A formset whose "delete" box says what it removes."""

    removal_label = "Remove"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.removal_label


def removable(label: str) -> type[RemovableFormSet]:
    return type("Removable", (RemovableFormSet,), {"removal_label": label})


class VersionField(forms.IntegerField):
    """The version the officer loaded, sent back so a save made against an older one is refused."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


def _paragraph_choices(empty_label: str) -> list[tuple]:
    def short(text: str) -> str:
        return text if len(text) <= 70 else text[:67].rsplit(" ", 1)[0] + "…"

    return [("", empty_label)] + [
        (number, f"Paragraph {number}: {short(description)}") for number, description in EXEMPT_PARAGRAPHS.items()
    ]


# --- one minute ---------------------------------------------------------------------------------------------------


class EntryForm(forms.Form):
    heading = forms.CharField(
        max_length=500,
        error_messages={
            "required": "Enter a heading for the minute.",
            "max_length": "The heading must be 500 characters or fewer.",
        },
    )
    body = forms.CharField(
        label="Minute",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Type paragraphs with a blank line between them. Pasted HTML keeps its headings, lists and "
        "tables; anything else in it is removed.",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Exempt information",
        required=False,
        coerce=int,
        empty_value=None,
        choices=_paragraph_choices("Not exempt: published with the minutes"),
        help_text="Exempt minutes are seen only by officers and the panel's councillors.",
    )
    excludes_public = forms.BooleanField(
        label="This minute records the resolution to exclude the press and public",
        required=False,
    )
    version = VersionField()

    def clean_heading(self) -> str:
        # Stored as typed (markup included: it is escaped wherever it is shown), on one line.
        return " ".join(self.cleaned_data["heading"].split())

    def clean_body(self) -> str:
        return text_to_html(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("excludes_public") and cleaned.get("exempt_paragraph"):
            self.add_error(
                "exempt_paragraph",
                "The resolution to exclude the press and public is taken in public: do not mark it exempt.",
            )
        return cleaned

    @classmethod
    def initial_for(cls, entry: MinuteEntry) -> dict:
        return {
            "heading": entry.heading,
            "body": html_to_text(entry.body_html),
            "exempt_paragraph": entry.exempt_paragraph,
            "excludes_public": entry.excludes_public,
            "version": entry.version,
        }


_PART_LABEL = re.compile(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5})[).]\s+")


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label="Resolution",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As minuted, for example “AGREED that the information provided be noted.”",
    )
    parts = forms.CharField(
        label="Lettered parts",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. One part per line: they are lettered (a), (b), (c) for you.",
    )

    def clean_parts(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["parts"].splitlines()]
        return [_PART_LABEL.sub("", line, count=1) for line in lines if line]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parts") and not cleaned.get("text", "").strip():
            self.add_error("text", "Enter the words before the lettered parts, for example “AGREED that:”.")
        return cleaned

    def resolution(self) -> ResolutionData | None:
        if not self.cleaned_data or self.cleaned_data.get("DELETE"):
            return None
        text = self.cleaned_data.get("text", "").strip()
        return ResolutionData(text=text, parts=self.cleaned_data.get("parts", [])) if text else None


ResolutionFormSet = forms.formset_factory(
    ResolutionForm, formset=removable("Remove this resolution"), extra=1, can_delete=True, max_num=50
)


def resolution_initial(entry: MinuteEntry) -> list[dict]:
    return [
        {"text": resolution.text, "parts": "\n".join(part.text for part in resolution.parts.all())}
        for resolution in entry.resolution_list
    ]


def resolutions_from(formset) -> list[ResolutionData]:
    return [data for data in (form.resolution() for form in formset.forms) if data is not None]


class AddEntryForm(forms.Form):
    heading = forms.CharField(
        label="Heading of the new minute",
        max_length=500,
        error_messages={"required": "Enter a heading for the new minute."},
    )
    after = forms.TypedChoiceField(label="Place it", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, entries: list[MinuteEntry] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {entry.pk: entry for entry in entries}
        self.fields["after"].choices = [("", "At the end")] + [
            (entry.pk, f"After {entry.number + ' ' if entry.number else ''}{entry.heading[:80]}") for entry in entries
        ]

    def clean_heading(self) -> str:
        return " ".join(self.cleaned_data["heading"].split())

    def after_entry(self) -> MinuteEntry | None:
        return self.entries.get(self.cleaned_data.get("after"))


class RenumberForm(forms.Form):
    start = forms.IntegerField(
        label="Number the first minute",
        required=False,
        min_value=1,
        max_value=9999,
        help_text="Leave empty to follow on from the panel's earlier minutes.",
        error_messages={"min_value": "Enter a whole number from 1.", "invalid": "Enter a whole number, like 32."},
    )


# --- attendance and declarations ----------------------------------------------------------------------------------

ATTENDANCE_CHOICES = [
    ("present", "Present"),
    ("apologies", "Apologies"),
    ("absent", "Absent"),
    ("substitute", "Apologies, with a substitute"),
]
ROLE_CHOICES = [
    (Attendance.Role.MEMBER, "Member"),
    (Attendance.Role.CHAIR, "Chair"),
    (Attendance.Role.VICE_CHAIR, "Vice Chair"),
    (Attendance.Role.CHAIR_PRO_TEM, "Chair pro-tem"),
]


class AttendanceForm(forms.Form):
    opening_text = forms.CharField(
        label="Opening words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example “A meeting of the … was held on 21 September 2021.”",
    )
    officers = forms.TypedMultipleChoiceField(
        label="Officers in attendance", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    def __init__(self, *args, members: list[Councillor], councillors: list[tuple], officers: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["officers"].choices = officers
        for councillor in members:
            name = f"Councillor {councillor.short_name}"
            prefix = f"member-{councillor.pk}"
            self.fields[f"{prefix}-attendance"] = forms.ChoiceField(
                label=name,
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                initial="present",
                error_messages={"required": f"Choose whether {name} was present, sent apologies or was absent."},
            )
            self.fields[f"{prefix}-role"] = forms.ChoiceField(
                label=f"Role of {name} at the meeting",
                choices=ROLE_CHOICES,
                initial=Attendance.Role.MEMBER,
                error_messages={"required": f"Choose the role of {name} at the meeting."},
            )
            self.fields[f"{prefix}-substitute"] = forms.TypedChoiceField(
                label=f"Substitute for {name}",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "No substitute")] + [choice for choice in councillors if choice[0] != councillor.pk],
            )

    def member_rows(self):
        """(councillor, attendance field, role field, substitute field) for each member, for the template."""
        for councillor in self.members:
            prefix = f"member-{councillor.pk}"
            yield councillor, self[f"{prefix}-attendance"], self[f"{prefix}-role"], self[f"{prefix}-substitute"]

    def clean(self):
        cleaned = super().clean()
        member_ids = {councillor.pk for councillor in self.members}
        present = {
            councillor.pk
            for councillor in self.members
            if cleaned.get(f"member-{councillor.pk}-attendance") == "present"
        }
        substitutes: dict[int, Councillor] = {}
        chairs = []
        for councillor in self.members:
            prefix = f"member-{councillor.pk}"
            attendance, role = cleaned.get(f"{prefix}-attendance"), cleaned.get(f"{prefix}-role")
            substitute = cleaned.get(f"{prefix}-substitute")
            if attendance == "substitute":
                if not substitute:
                    self.add_error(
                        f"{prefix}-substitute", f"Choose who substituted for Councillor {councillor.short_name}."
                    )
                elif substitute in present or substitute in member_ids:
                    self.add_error(
                        f"{prefix}-substitute",
                        "A member of the panel cannot also be minuted as a substitute: choose another councillor.",
                    )
                elif substitute in substitutes:
                    self.add_error(f"{prefix}-substitute", "Each councillor can substitute for one member only.")
                else:
                    substitutes[substitute] = councillor
            if role and role != Attendance.Role.MEMBER and attendance in {"apologies", "absent"}:
                self.add_error(
                    f"{prefix}-role",
                    f"Councillor {councillor.short_name} was not at the meeting, so cannot be minuted as "
                    f"{dict(ROLE_CHOICES)[role]}. Choose Member.",
                )
            if role == Attendance.Role.CHAIR and attendance in {"present", "substitute"}:
                chairs.append(f"{prefix}-role")
        for name in chairs[1:]:
            self.add_error(name, "Only one councillor can be minuted as Chair.")
        return cleaned

    def members_attendance(self) -> list[MemberAttendance]:
        return [
            MemberAttendance(
                councillor_id=councillor.pk,
                attendance=self.cleaned_data[f"member-{councillor.pk}-attendance"],
                role=self.cleaned_data[f"member-{councillor.pk}-role"],
                substitute_id=self.cleaned_data.get(f"member-{councillor.pk}-substitute"),
            )
            for councillor in self.members
        ]


class OtherAttendeeForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="As the minutes print it, for example “Councillor J Platt”.",
    )
    capacity = forms.CharField(
        label="In what capacity",
        required=False,
        max_length=300,
        help_text="Optional, for example “under Procedure Rule 4.32” or “Healthwatch South Tees”.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("capacity", "").strip() and not cleaned.get("name", "").strip():
            self.add_error("name", "Enter the name of the person who attended.")
        return cleaned


OtherAttendeeFormSet = forms.formset_factory(
    OtherAttendeeForm, formset=removable("Remove this person"), extra=2, can_delete=True, max_num=60
)


class DeclarationForm(forms.Form):
    """One declaration, made by one councillor or several with the same interest in the same item."""

    kind = forms.ChoiceField(label="Declaration", required=False)
    councillors = forms.TypedMultipleChoiceField(
        label="Councillors who declared it",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Choose every councillor who declared this same interest (Ctrl or Command and click to choose "
        "more than one).",
    )
    agenda_item = forms.TypedChoiceField(label="Agenda item", coerce=int, required=False, empty_value=None)
    text = forms.CharField(
        label="The interest, as minuted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example “as a member of the Tees Valley Housing board”. The names, the kind and the item "
        "are printed from the choices above, so there is no need to type them.",
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Not recorded")] + list(Declaration.Action.choices),
    )

    def __init__(
        self,
        *args,
        councillors: list[tuple] = (),
        items: list[tuple] = (),
        other_label: str = Declaration.Kind.OTHER.label,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        kinds = [
            (value, other_label if value == Declaration.Kind.OTHER else label)
            for value, label in Declaration.Kind.choices
        ]
        self.fields["kind"].choices = [("", "Choose the kind of declaration")] + kinds
        self.fields["councillors"].choices = list(councillors)
        self.fields["agenda_item"].choices = [("", "No particular item")] + list(items)

    def clean(self):
        cleaned = super().clean()
        kind, text = cleaned.get("kind"), cleaned.get("text", "").strip()
        if not kind:
            if text or cleaned.get("councillors") or cleaned.get("agenda_item") or cleaned.get("action"):
                self.add_error("kind", "Choose the kind of declaration.")
            return cleaned
        if kind == Declaration.Kind.NONE:
            if cleaned.get("councillors"):
                self.add_error("councillors", "“No declarations” names no councillor: choose the kind they declared.")
            cleaned["text"] = text or "There were no declarations of interest made by members."
            return cleaned
        if not cleaned.get("councillors"):
            self.add_error("councillors", "Choose the councillor (or councillors) who made the declaration.")
        if not text:
            self.add_error("text", "Enter the interest as it is to be minuted.")
        return cleaned

    def declaration(self) -> DeclarationData | None:
        if not self.cleaned_data or self.cleaned_data.get("DELETE") or not self.cleaned_data.get("kind"):
            return None
        return DeclarationData(
            kind=self.cleaned_data["kind"],
            text=self.cleaned_data["text"],
            councillor_ids=list(self.cleaned_data.get("councillors") or []),
            agenda_item_id=self.cleaned_data.get("agenda_item"),
            action=self.cleaned_data.get("action", ""),
        )


# Several declarations in one save: two empty ones are offered each time.
DeclarationFormSet = forms.formset_factory(
    DeclarationForm, formset=removable("Remove this declaration"), extra=2, can_delete=True, max_num=60
)


def attendance_record(form: AttendanceForm, others, declarations) -> AttendanceRecord:
    return AttendanceRecord(
        opening_text=form.cleaned_data["opening_text"],
        members=form.members_attendance(),
        officer_ids=form.cleaned_data["officers"],
        others=[
            OtherAttendee(name=f.cleaned_data["name"], capacity=f.cleaned_data.get("capacity", ""))
            for f in others.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name", "").strip()
        ],
        declarations=[data for data in (f.declaration() for f in declarations.forms) if data is not None],
    )


def item_choices(items: list[AgendaItem]) -> list[tuple[int, str]]:
    return [(item.pk, f"Item {item.number}: {item.title[:80]}") for item in items]


# --- actions ------------------------------------------------------------------------------------------------------


class DueDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT)
    input_formats = TYPED_DATE_INPUT_FORMATS
    default_error_messages = {"invalid": "Enter a real date for when it is due, for example 31/3/2027."}


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Describe the action."},
    )
    owner = forms.TypedChoiceField(label="Who (officer)", coerce=int, required=False, empty_value=None)
    owner_text = forms.CharField(
        label="Or who, if not an officer on record",
        required=False,
        max_length=200,
        help_text="For example “the Chair” or “Tees Valley Clinical Commissioning Group”.",
    )
    due_date = DueDateField(label="Due by", required=False)
    due_text = forms.CharField(
        label="Or when, as promised",
        required=False,
        max_length=100,
        help_text="For example “in due course” or “at the next meeting”.",
    )
    status = forms.ChoiceField(choices=Action.Status.choices, initial=Action.Status.OPEN)
    progress_note = forms.CharField(label="Progress", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField(required=False)

    def __init__(self, *args, meeting: Meeting, officers: list[tuple], **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owner"].choices = [("", "Not an officer on record")] + list(officers)

    def clean_due_date(self) -> datetime.date | None:
        due = self.cleaned_data.get("due_date")
        if due is None:
            return None
        if due < self.meeting.date:
            raise forms.ValidationError(
                f"The due date must be on or after the meeting, {short_date(self.meeting.date)}."
            )
        if due.year > self.meeting.date.year + 10:
            raise forms.ValidationError("Check the year: that is more than ten years after the meeting.")
        return due

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") and cleaned.get("owner_text", "").strip():
            self.add_error("owner_text", "Choose an officer or type who it is, not both.")
        return cleaned

    def action_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            description=data["description"],
            owner_id=data.get("owner"),
            owner_text=data.get("owner_text", ""),
            due_date=data.get("due_date"),
            due_text=data.get("due_text", ""),
            status=data["status"],
            progress_note=data.get("progress_note", ""),
        )

    @classmethod
    def initial_for(cls, action: Action) -> dict:
        return {
            "description": action.description,
            "owner": action.owner_id,
            "owner_text": action.owner_text,
            "due_date": action.due_date,
            "due_text": action.due_text,
            "status": action.status,
            "progress_note": action.progress_note,
            "version": action.version,
        }


class ActionProgressForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)
    progress_note = forms.CharField(label="Progress", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


# --- confirmation -------------------------------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    at_item = forms.TypedChoiceField(
        label="Confirmed at",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting item that confirmed the minutes."},
    )
    amendments = forms.CharField(
        label="Amendments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if the panel amended the minutes before confirming them. The amendments are published "
        "with the minutes.",
    )

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["at_item"].choices = [
            (
                item.pk,
                f"Item {item.number}, {item.title}, at the meeting of the {item.meeting.panel.name} on "
                f"{short_date(item.meeting.date)}",
            )
            for item in items
        ]

    def item(self) -> AgendaItem:
        return self.items[self.cleaned_data["at_item"]]
