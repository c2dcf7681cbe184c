"""Forms for planning a panel's year and its work programme, compiling agendas and publishing them. Every field
says what to do when it is wrong."""

import re

from django import forms
from django.db.models import Q
from django.utils import timezone

from meetings import planning, work_programme
from meetings.models import (
    EXEMPT_PARAGRAPHS,
    AgendaItem,
    AgendaSection,
    BackgroundPaper,
    Document,
    Meeting,
    Panel,
    WorkProgrammeTopic,
)
from meetings.municipal_year import MunicipalYear
from meetings.pdf_files import UnusablePdf, inspect_pdf, max_upload_bytes
from meetings.selectors import approving_bodies, council_officers, linkable_items, with_year_before
from portal.formats import DATE_INPUT_FORMAT, TIME_INPUT_FORMAT, long_date, short_date
from portal.sanitise import clean_html

EXEMPT_CHOICES = [("", "Not exempt: public")] + [
    (str(number), f"Paragraph {number}: {text}") for number, text in EXEMPT_PARAGRAPHS.items()
]


HTML_TAG = re.compile(
    r"</?(p|div|br|h[1-6]|ul|ol|li|strong|em|b|i|u|a|blockquote|table|thead|tbody|tr|th|td|span|pre)\b",
    re.IGNORECASE,
)


def text_to_html(value: str) -> str:
    """Plain text becomes paragraphs (with anything tag-like shown as text); HTML is left for the sanitiser."""
    if HTML_TAG.search(value):
        return value
    from django.utils.html import escape

    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", value.strip()) if part.strip()]
    return "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)


class ExemptParagraphField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=EXEMPT_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            label=kwargs.pop("label", "Exempt information (Schedule 12A)"),
            help_text=kwargs.pop(
                "help_text",
                "Choose a paragraph only if the papers contain exempt information. The item's title stays public.",
            ),
            **kwargs,
        )


def submittable_minutes(meeting: Meeting, item: AgendaItem | None = None):
    """Minutes an item of this meeting may submit: earlier meetings of the same council whose minutes are not yet
    confirmed, and those the item submits already."""
    Minutes = AgendaItem._meta.get_field("confirms_minutes").related_model
    already = Q(confirming_items=item.pk) if item is not None and item.pk else Q(pk__in=[])
    return (
        Minutes.objects.filter(meeting__panel__council_id=meeting.panel.council_id, meeting__date__lt=meeting.date)
        .filter(~Q(status="confirmed") | already)
        .select_related("meeting__panel")
        .distinct()
        .order_by("-meeting__date", "meeting__panel__name")
    )


def submitted_minutes_label(minutes) -> str:
    held = minutes.meeting
    state = {"draft": " (draft, not yet published)", "confirmed": " (confirmed)"}.get(minutes.status, "")
    return f"{held.panel.name}, {short_date(held.date)}{state}"


EXEMPTION_FIELDS = ["exemption_reasons", "exempt_until", "exemption_review_on"]


class ExemptionFields(forms.Form):
    """The exemption's public interest reasons and dates (Schedule 12A, paragraph 10), beside its paragraph. An
    exemption that has been published is ended only by releasing it (with the reason the public reads), never by
    clearing its paragraph here."""

    exemption_reasons = forms.CharField(
        label="Why the public interest in keeping it exempt outweighs disclosure",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when a paragraph is chosen (Schedule 12A, paragraph 10). Members read it; never repeat "
        "the exempt information itself.",
    )
    exempt_until = forms.DateField(
        label="Release date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="It becomes public on this day, for example once the contract is signed.",
        error_messages={"invalid": "Enter the release date as a real date, for example 31/3/2022."},
    )
    exemption_review_on = forms.DateField(
        label="Review date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When an officer should look again at whether it is still exempt.",
        error_messages={"invalid": "Enter the review date as a real date, for example 31/3/2022."},
    )

    def clean(self):
        cleaned = super().clean()
        paragraph = cleaned.get("exempt_paragraph")
        instance = getattr(self, "instance", None)
        was_published_exempt = (
            instance is not None and instance.pk and instance.exempt_paragraph is not None and instance.published_at
        )
        if paragraph is None and was_published_exempt:
            self.add_error(
                "exempt_paragraph",
                "It is published as exempt: to make it public, release it from the exempt information page, with "
                "the reason the public will read.",
            )
        elif paragraph is None:
            for field in EXEMPTION_FIELDS:
                if cleaned.get(field):
                    self.add_error(field, "Choose the paragraph it is exempt under, or leave this empty.")
        elif not (cleaned.get("exemption_reasons") or "").strip():
            self.add_error(
                "exemption_reasons",
                "Say why the public interest in keeping it exempt outweighs the public interest in disclosing it.",
            )
        return cleaned


class AgendaItemForm(ExemptionFields, forms.ModelForm):
    exempt_paragraph = ExemptParagraphField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "description",
            "presenter",
            "section",
            "exempt_paragraph",
            *EXEMPTION_FIELDS,
            "confirms_minutes",
        ]
        labels = {
            "title": "Title",
            "kind": "Type of item",
            "description": "Description (printed under the title)",
            "confirms_minutes": "Minutes it submits for confirmation",
        }
        help_texts = {
            "confirms_minutes": "Optional: the earlier meetings (of this panel or another) whose minutes this item "
            "submits. Their published minutes go into the pack as this item's papers.",
            "title": "As it should appear on the agenda, for example “Update – Covid recovery”.",
            "description": "Optional. Leave a blank line between paragraphs.",
            "presenter": "Optional: the officer who presents the item.",
            "section": "Optional: the heading the item sits under, such as the part closed to the public.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "confirms_minutes": forms.CheckboxSelectMultiple}
        error_messages = {
            "title": {"required": "Enter a title for the item."},
            "confirms_minutes": {
                "invalid_choice": "Choose minutes from the list: those of earlier meetings of this council.",
                "invalid_pk_value": "Choose minutes from the list: those of earlier meetings of this council.",
            },
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirms_minutes"].queryset = submittable_minutes(meeting, self.instance)
        self.fields["confirms_minutes"].label_from_instance = submitted_minutes_label
        self.fields["presenter"].queryset = council_officers(meeting.panel_id)
        self.fields["presenter"].required = False
        self.fields["presenter"].empty_label = "No presenter"
        self.fields["section"].queryset = AgendaSection.objects.filter(meeting=meeting).order_by("position")
        self.fields["section"].required = False
        self.fields["section"].empty_label = "No heading"
        if not self.fields["section"].queryset.exists():
            del self.fields["section"]
        self.fields["kind"].initial = AgendaItem.Kind.REPORT

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter a title for the item.")
        return title


class NewAgendaItemForm(AgendaItemForm):
    """Adding an item: the agenda version guards against adding to an agenda someone else just changed."""

    prefix = "new"
    version = None
    agenda_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(AgendaItemForm.Meta):
        pass

    def __init__(self, *args, items: list[AgendaItem] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["confirms_minutes"]  # chosen when editing the item, to keep the add form short
        if items is None:
            items = list(kwargs["meeting"].agenda_items.order_by("position")) if "meeting" in kwargs else []
        self.fields["after"] = forms.TypedChoiceField(
            label="Place after",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "At the end of the agenda")]
            + [(item.pk, f"Item {item.number}: {item.title}") for item in items],
            help_text="A late item goes just after the item it is taken with, and gets the next number after it "
            "(5A after item 5); published items keep their numbers.",
            error_messages={"invalid_choice": "Choose an item of this agenda, or the end of the agenda."},
        )


class AgendaVersionForm(forms.Form):
    agenda_version = forms.IntegerField(widget=forms.HiddenInput)


class RemoveForm(AgendaVersionForm):
    as_exempt = forms.BooleanField(
        required=False,
        label="It holds exempt information that should not have been published",
        help_text="The history records why it was removed, and the agenda lists the published pack versions that "
        "still hold it, so that you can withdraw them.",
    )


class WithdrawPackForm(forms.Form):
    reason = forms.CharField(
        label="Why it is withdrawn",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="It contained information that is exempt under Schedule 12A to the Local Government Act 1972.",
        help_text="The public reads this on the meeting page: never repeat the exempt information itself.",
        error_messages={"required": "Give the reason for withdrawing it: the public will read it on the meeting page."},
    )


class ReorderForm(AgendaVersionForm):
    order = forms.CharField(widget=forms.HiddenInput)

    def clean_order(self) -> list[int]:
        try:
            return [int(part) for part in self.cleaned_data["order"].split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError("The new order could not be read. Reload the page and try again.") from exc


class ReportForm(ExemptionFields, forms.ModelForm):
    """An authored report, written in the portal. The body is sanitised when saved."""

    exempt_paragraph = ExemptParagraphField(
        label="Exempt information in this paper",
        help_text="Only if this paper is exempt while its item is not (an exempt appendix).",
    )
    body_html = forms.CharField(
        label="Report",
        widget=forms.Textarea(attrs={"rows": 18, "class": "rich-text"}),
        help_text="Headings, lists, tables and links are kept; anything else is removed. "
        "Without the editor, write plain text with a blank line between paragraphs.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = ["title", "kind", "author", "date", "body_html", "exempt_paragraph", *EXEMPTION_FIELDS]
        labels = {"kind": "Type of paper", "date": "Date of the paper"}
        help_texts = {"author": "Optional: as printed on the paper, for example the officer's job title."}
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT)}
        error_messages = {
            "title": {"required": "Enter a title for the paper."},
            "date": {"invalid": "Enter the date as a real date, for example 21/9/2021."},
        }

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter a title for the paper.")
        return title

    def clean_body_html(self) -> str:
        # The editor's one heading level is the report's top heading: the page title is the paper's title.
        raw = re.sub(r"<(/?)h1\b", r"<\1h2", self.cleaned_data["body_html"], flags=re.IGNORECASE)
        body = clean_html(text_to_html(raw))
        if not re.sub(r"<[^>]+>", "", body).strip():
            raise forms.ValidationError("Write the report, or upload it as a PDF instead.")
        return body


class UploadForm(ExemptionFields, forms.Form):
    title = forms.CharField(
        max_length=300,
        help_text="As it should appear in the list of papers.",
        error_messages={"required": "Enter a title for the paper."},
    )
    kind = forms.ChoiceField(choices=Document.Kind.choices, label="Type of paper", initial=Document.Kind.REPORT)
    file = forms.FileField(
        label="PDF file",
        error_messages={"required": "Choose the PDF file to upload.", "empty": "The file is empty: choose another."},
        help_text=f"A PDF of up to {max_upload_bytes() // 1_048_576} MB, not password-protected.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    exempt_paragraph = ExemptParagraphField(
        label="Exempt information in this paper",
        help_text="Only if this paper is exempt while its item is not (an exempt appendix).",
    )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter a title for the paper.")
        return title

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; papers can be at most "
                f"{max_upload_bytes() // 1_048_576} MB. Reduce the size of images in it, or split it into appendices."
            )
        data = upload.read()
        try:
            self.facts = inspect_pdf(data)  # checked by its content, never by its name
        except UnusablePdf as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.data_bytes = data
        return upload


class SectionForm(forms.ModelForm):
    prefix = "section"
    agenda_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AgendaSection
        fields = ["heading", "excludes_public"]
        labels = {"heading": "Heading", "excludes_public": "The press and public are likely to be excluded"}
        help_texts = {"heading": "For example “Part B: items not open to the press and public”."}


class StandardItemsForm(forms.Form):
    prefix = "standard"
    agenda_version = forms.IntegerField(widget=forms.HiddenInput)
    chair_pro_tem = forms.BooleanField(label="Include “Appointment of Chair Pro-Tem”", required=False)


class PublishForm(forms.Form):
    agenda_version = forms.IntegerField(widget=forms.HiddenInput)
    urgency_reason = forms.CharField(
        required=False,
        label="Reason for urgency",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the agenda, or an item added after it, is published with less than five clear "
        "working days' notice. It is shown on the public meeting page.",
    )


class MeetingDetailsForm(forms.ModelForm):
    """Where and how the meeting is held, and who signs its agenda. Dates and times change by moving it."""

    agenda_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["venue", "is_virtual", "livestream_url", "livestream_note", "signatory", "signatory_address"]
        labels = {
            "is_virtual": "This is a virtual meeting",
            "livestream_url": "Livestream address",
            "livestream_note": "Note about watching, printed on the agenda",
            "signatory": "Agenda signed by",
            "signatory_address": "Address under the signature",
        }
        help_texts = {
            "livestream_url": "Optional: the web address where the public can watch, starting https://",
            "signatory_address": "One line per line, for example the building, then the street, then the town.",
        }
        widgets = {
            "livestream_note": forms.Textarea(attrs={"rows": 3}),
            "signatory_address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"livestream_url": {"invalid": "Enter a full web address, starting https://"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory"].queryset = council_officers(self.instance.panel_id)
        self.fields["signatory"].empty_label = "Nobody yet"

    def clean_livestream_url(self) -> str:
        url = self.cleaned_data["livestream_url"]
        if url and not url.startswith("https://"):
            raise forms.ValidationError("Enter a secure web address, starting https://")
        return url


# Planning a panel's year (meetings/manage/planning.py) ---------------------------------------------------------


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT)


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format=TIME_INPUT_FORMAT)


DATE_ERRORS = {"invalid": "Enter a real date, for example 26/04/2027."}
TIME_ERRORS = {"invalid": "Enter a real time, for example 16:00, or leave it empty."}


class AddMeetingForm(forms.Form):
    date = forms.DateField(
        widget=date_input(),
        error_messages={"required": "Enter the date of the meeting.", **DATE_ERRORS},
    )
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        widget=time_input(),
        help_text="Leave empty while the time is to be confirmed.",
        error_messages=TIME_ERRORS,
    )
    venue = forms.CharField(
        max_length=200,
        required=False,
        help_text="For example Committee Room 1, Town Hall.",
        error_messages={"max_length": "Shorten the venue to 200 characters or fewer."},
    )
    is_virtual = forms.BooleanField(label="This is a virtual meeting", required=False)
    chair_pro_tem = forms.BooleanField(label="Include “Appointment of Chair Pro-Tem” on the agenda", required=False)
    year = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, panel: Panel, year: MunicipalYear, **kwargs):
        # The chair of the year shown: from today in the current year, but never a day outside that year.
        has_chair = planning.panel_has_chair(panel, min(max(year.first_day, timezone.localdate()), year.last_day))
        kwargs.setdefault(
            "initial",
            {
                "start_time": panel.default_start_time,
                "venue": panel.default_venue,
                "chair_pro_tem": not has_chair,
                "year": year.start_year,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["min"] = timezone.localdate().isoformat()
        self.fields["chair_pro_tem"].help_text = (
            f"The panel has a chair for {year}, so this is not usually needed."
            if has_chair
            else f"Ticked because the panel has no chair for {year}."
        )


class PastMeetingForm(forms.Form):
    """A meeting already held, entered from the council's records."""

    date = forms.DateField(
        widget=date_input(),
        help_text="The day the meeting was held.",
        error_messages={"required": "Enter the date the meeting was held.", **DATE_ERRORS},
    )
    start_time = forms.TimeField(
        label="Start time",
        required=False,
        widget=time_input(),
        help_text="Leave empty if the records do not say.",
        error_messages=TIME_ERRORS,
    )
    venue = forms.CharField(
        max_length=200,
        required=False,
        help_text="Where it was held, as the records give it.",
        error_messages={"max_length": "Shorten the venue to 200 characters or fewer."},
    )
    is_virtual = forms.BooleanField(label="It was a virtual meeting", required=False)


class MoveMeetingForm(forms.Form):
    new_date = forms.DateField(
        label="New date",
        widget=date_input(),
        error_messages={"required": "Enter the new date of the meeting.", **DATE_ERRORS},
    )
    new_time = forms.TimeField(
        label="New start time",
        required=False,
        widget=time_input(),
        help_text="Leave empty while the time is to be confirmed.",
        error_messages=TIME_ERRORS,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the meeting’s public page.",
    )
    agreed_at = forms.ModelChoiceField(
        label="Agreed at",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not agreed at a meeting",
        help_text="The meeting that agreed the change, if one did.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        kwargs.setdefault("initial", {"new_date": meeting.date, "new_time": meeting.start_time})
        super().__init__(*args, **kwargs)
        year = meeting.municipal_year
        field = self.fields["agreed_at"]
        field.queryset = (
            Meeting.objects.filter(
                panel_id=meeting.panel_id, date__range=(MunicipalYear(year.start_year - 1).first_day, year.last_day)
            )
            .exclude(pk=meeting.pk)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-date")
        )
        field.label_from_instance = lambda other: long_date(other.date)


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the meeting’s public page, for example “There is no business for this meeting.”",
        error_messages={
            "required": "Enter the reason the meeting is cancelled. It is shown on the meeting’s public page."
        },
    )


# A panel's work programme (meetings/manage/work_programme.py) --------------------------------------------------


def _meeting_label(meeting: Meeting) -> str:
    return long_date(meeting.date) + (" (cancelled)" if meeting.is_cancelled else "")


class TopicForm(forms.Form):
    title = forms.CharField(
        label="Topic",
        max_length=300,
        error_messages={
            "required": "Enter the topic, for example “Locality working”.",
            "max_length": "Shorten the topic to 300 characters or fewer; put detail in the notes.",
        },
    )
    category = forms.ChoiceField(
        choices=WorkProgrammeTopic.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a category.", "invalid_choice": "Choose one of the categories."},
    )
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the topic on the panel’s public page.",
    )
    agreed_at = forms.ModelChoiceField(
        label="Chosen at",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not recorded",
        help_text="The panel meeting that chose the topic.",
        error_messages={"invalid_choice": "Choose one of the panel’s meetings."},
    )

    def __init__(self, *args, panel: Panel, year: int, with_year: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        agreed_at = self.fields["agreed_at"]
        agreed_at.queryset = Meeting.objects.filter(panel=panel, date__range=with_year_before(year)).order_by("-date")
        agreed_at.label_from_instance = _meeting_label
        if with_year:
            self.fields["municipal_year"] = forms.TypedChoiceField(
                label="Municipal year",
                coerce=int,
                choices=[(start, MunicipalYear(start).label) for start in range(year - 2, year + 3)],
                help_text="Carry the topic into another year’s work programme.",
                error_messages={"invalid_choice": "Choose one of the years."},
            )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=WorkProgrammeTopic.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status.", "invalid_choice": "Choose one of the statuses."},
    )
    submitted_to = forms.ModelChoiceField(
        label="Submitted to",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not submitted to a meeting",
        help_text="The meeting of the approving body the topic went to.",
        error_messages={"invalid_choice": "Choose one of the approving body’s meetings."},
    )
    approved_by = forms.ModelChoiceField(
        label="Approved by",
        queryset=Panel.objects.none(),
        required=False,
        empty_label="Not approved",
        help_text="Needed when the status is Approved.",
        error_messages={"invalid_choice": "Choose one of the approving bodies."},
    )
    approved_on = forms.DateField(
        label="Approved on",
        required=False,
        widget=date_input(),
        help_text="Needed when the status is Approved.",
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, topic: WorkProgrammeTopic, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": topic.status,
                "submitted_to": topic.submitted_to_id,
                # Usually the body the panel reports to, the Overview and Scrutiny Board.
                "approved_by": topic.approved_by_id or topic.panel.parent_id,
                "approved_on": topic.approved_on,
            },
        )
        super().__init__(*args, **kwargs)
        self.topic = topic
        bodies = approving_bodies(topic.panel)
        self.fields["approved_by"].queryset = bodies
        self.fields["approved_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        submitted_to = self.fields["submitted_to"]
        submitted_to.queryset = (
            Meeting.objects.filter(panel__in=bodies, date__range=with_year_before(topic.municipal_year))
            .select_related("panel")
            .order_by("date")
        )
        submitted_to.label_from_instance = lambda meeting: f"{meeting.panel.name}, {_meeting_label(meeting)}"

    def clean(self) -> dict:
        data = super().clean()
        # The approving body is filled in for convenience. Without a date it is no approval: only a topic being
        # marked approved keeps it (and is then asked for the date).
        if data.get("status") != WorkProgrammeTopic.Status.APPROVED and not data.get("approved_on"):
            data["approved_by"] = None
        if not self.errors:
            # Every problem with the approval at once, worded as the service refuses the first.
            problems = work_programme.approval_problems(
                self.topic,
                data["status"],
                approved_by=data.get("approved_by"),
                approved_on=data.get("approved_on"),
                submitted_to=data.get("submitted_to"),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return data


class LinkItemForm(forms.Form):
    agenda_item = forms.TypedChoiceField(
        label="Agenda item",
        coerce=int,
        help_text="Reports, updates and presentations on the panel’s agendas for the year.",
        error_messages={"required": "Choose an agenda item.", "invalid_choice": "Choose one of the agenda items."},
    )

    def __init__(self, *args, topic: WorkProgrammeTopic, **kwargs):
        super().__init__(*args, **kwargs)
        items = linkable_items(topic)
        groups: dict[str, list[tuple[int, str]]] = {}
        for item in items:
            groups.setdefault(long_date(item.meeting.date), []).append((item.pk, f"{item.number}. {item.title}"))
        self.items = {item.pk: item for item in items}
        self.fields["agenda_item"].choices = [("", "Choose an agenda item"), *groups.items()]

    def clean_agenda_item(self) -> AgendaItem:
        return self.items[self.cleaned_data["agenda_item"]]


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label="Why it is released",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The public reads this beside the information, for example “The contract has been signed.”",
        error_messages={
            "required": "Give the reason for releasing it: the public will read it beside the information."
        },
    )


class BackgroundPaperForm(forms.ModelForm):
    class Meta:
        model = BackgroundPaper
        fields = ["title", "inspection", "url"]
        labels = {"title": "Title of the background paper"}
        help_texts = {"url": "Optional: its address once it is published, starting https://"}
        error_messages = {
            "title": {"required": "Enter the title of the background paper."},
            "inspection": {"required": "Say where the public may inspect it, for example “Democratic Services”."},
            "url": {"invalid": "Enter the link as a full web address, starting https://"},
        }

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter the title of the background paper.")
        return title
