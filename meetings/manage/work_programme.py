"""Keeping a panel's work programme: topics by category, their status and approval, and the agenda items that take
them forward. Every action is a plain form that redirects; adding, reordering, status and links also work in place
with htmx."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from meetings import work_programme as services
from meetings.manage.planning import (
    DATE_ERRORS,
    PANEL,
    current_year,
    date_input,
    panel_or_404,
    year_or_404,
)
from meetings.models import AgendaItem, Meeting, Panel, WorkProgrammeTopic
from meetings.municipal_year import MunicipalYear
from portal.collisions import form_status
from portal.formats import long_date, short_date
from portal.htmx import HtmxHttpRequest, page_or_fragment, wants_fragment
from portal.permissions import officer_required

TOPIC = f"{PANEL}work-programme/topics/<int:pk>/"
PAGE = "meetings/manage/work_programme/work_programme.html"
TOPIC_PAGE = "meetings/manage/work_programme/topic.html"

# The routine items of every agenda take no topic forward; they are left out of the choice of items to link.
PROCEDURAL_KINDS = [
    AgendaItem.Kind.CHAIR_PRO_TEM,
    AgendaItem.Kind.APOLOGIES,
    AgendaItem.Kind.DECLARATIONS,
    AgendaItem.Kind.PREVIOUS_MINUTES,
    AgendaItem.Kind.NEXT_MEETING,
    AgendaItem.Kind.URGENT_ITEMS,
]


# Reads -----------------------------------------------------------------------------------------------------


def _linked_items() -> Prefetch:
    # Officers see every item, published or not (AgendaItem.objects.visible_to(OFFICER) hides nothing).
    return Prefetch(
        "agenda_items",
        queryset=AgendaItem.objects.select_related("meeting").order_by("meeting__date", "position"),
        to_attr="linked_items",
    )


def _topics():
    return WorkProgrammeTopic.objects.select_related("panel", "approved_by", "submitted_to__panel", "agreed_at")


def programme_by_category(panel: Panel, year: MunicipalYear) -> list[tuple[str, str, list[WorkProgrammeTopic]]]:
    """The year's topics in category order, each category (value, label, topics), in two queries."""
    topics = list(
        _topics()
        .filter(panel=panel, municipal_year=year.start_year)
        .prefetch_related(_linked_items())
        .order_by("position", "pk")
    )
    return [
        (value, label, [topic for topic in topics if topic.category == value])
        for value, label in WorkProgrammeTopic.Category.choices
        if any(topic.category == value for topic in topics)
    ]


def topic_or_404(slug: str, pk: int) -> WorkProgrammeTopic:
    return get_object_or_404(_topics().prefetch_related(_linked_items()), pk=pk, panel__slug=slug)


def approving_bodies(panel: Panel):
    """The bodies that approve a panel's work programme: its parent and any overview and scrutiny board."""
    return Panel.objects.filter(Q(pk=panel.parent_id) | Q(kind=Panel.Kind.SCRUTINY_BOARD)).exclude(pk=panel.pk)


def _year_range(year: int) -> tuple:
    return (MunicipalYear(year).first_day, MunicipalYear(year).last_day)


def _with_year_before(year: int) -> tuple:
    # A year's topics are often chosen, and sent for approval, at the end of the year before.
    return (MunicipalYear(year - 1).first_day, MunicipalYear(year).last_day)


# Forms -----------------------------------------------------------------------------------------------------


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
        agreed_at.queryset = Meeting.objects.filter(panel=panel, date__range=_with_year_before(year)).order_by("-date")
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
        bodies = approving_bodies(topic.panel)
        self.fields["approved_by"].queryset = bodies
        self.fields["approved_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        submitted_to = self.fields["submitted_to"]
        submitted_to.queryset = (
            Meeting.objects.filter(panel__in=bodies, date__range=_with_year_before(topic.municipal_year))
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
        linked = [item.pk for item in topic.linked_items]
        items = (
            AgendaItem.objects.filter(
                meeting__panel_id=topic.panel_id, meeting__date__range=_year_range(topic.municipal_year)
            )
            .exclude(kind__in=PROCEDURAL_KINDS)
            .exclude(pk__in=linked)
            .select_related("meeting")
            .order_by("meeting__date", "position")
        )
        groups: dict[str, list[tuple[int, str]]] = {}
        for item in items:
            groups.setdefault(long_date(item.meeting.date), []).append((item.pk, f"{item.number}. {item.title}"))
        self.items = {item.pk: item for item in items}
        self.fields["agenda_item"].choices = [("", "Choose an agenda item"), *groups.items()]

    def clean_agenda_item(self) -> AgendaItem:
        return self.items[self.cleaned_data["agenda_item"]]


# Views: the programme --------------------------------------------------------------------------------------


def work_programme_url(panel: Panel, year: int) -> str:
    return reverse("manage:work_programme", kwargs={"slug": panel.slug, "year": year})


def _programme_context(panel: Panel, year: MunicipalYear, form: TopicForm | None = None, **extra) -> dict:
    return {
        "panel": panel,
        "year": year,
        "previous_year": MunicipalYear(year.start_year - 1),
        "next_year": MunicipalYear(year.start_year + 1),
        "is_current_year": year == current_year(),
        "by_category": programme_by_category(panel, year),
        "form": form or TopicForm(panel=panel, year=year.start_year),
        **extra,
    }


@require_safe
@officer_required
def work_programme_current(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    panel = panel_or_404(slug)
    return redirect(work_programme_url(panel, current_year().start_year))


@require_safe
@officer_required
@vary_on_headers("HX-Request")
def work_programme(request: HtmxHttpRequest, slug: str, year: int) -> HttpResponse:
    panel = panel_or_404(slug)
    template = page_or_fragment(request, PAGE, "programme")
    return render(request, template, _programme_context(panel, year_or_404(year)))


@require_http_methods(["GET", "POST"])
@officer_required
@vary_on_headers("HX-Request")
def add_topic(request: HtmxHttpRequest, slug: str, year: int) -> HttpResponse:
    panel = panel_or_404(slug)
    municipal_year = year_or_404(year)
    form = TopicForm(request.POST or None, panel=panel, year=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.add_topic(
                panel,
                year,
                data["category"],
                data["title"],
                by=request.user,
                notes=data["notes"],
                agreed_at=data["agreed_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = f"Added “{topic.title}” to the work programme as proposed."
            if wants_fragment(request):
                context = _programme_context(panel, municipal_year, notice=notice, added=topic)
                return render(request, PAGE + "#programme", context)
            messages.success(request, notice)
            return redirect(work_programme_url(panel, year) + f"#topic-{topic.pk}")
    if wants_fragment(request):
        context = _programme_context(panel, municipal_year, form)
        return render(request, PAGE + "#programme", context, status=form_status(form))
    context = {"panel": panel, "year": municipal_year, "form": form}
    return render(request, "meetings/manage/work_programme/add_topic.html", context, status=form_status(form))


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def reorder_topic(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    direction = request.POST.get("direction", "")
    try:
        services.move_topic(topic, direction, by=request.user)
    except ValidationError as error:
        notice = " ".join(error.messages)
    else:
        notice = f"Moved “{topic.title}” {direction}."
    if wants_fragment(request):
        context = _programme_context(topic.panel, MunicipalYear(topic.municipal_year), notice=notice)
        return render(request, PAGE + "#programme", context)
    messages.info(request, notice)
    return redirect(work_programme_url(topic.panel, topic.municipal_year) + f"#topic-{topic.pk}")


# Views: one topic ------------------------------------------------------------------------------------------


def _topic_context(topic: WorkProgrammeTopic, **forms_and_extra) -> dict:
    year = topic.municipal_year
    return {
        "topic": topic,
        "panel": topic.panel,
        "year": MunicipalYear(year),
        "details_form": TopicForm(
            panel=topic.panel,
            year=year,
            with_year=True,
            initial={
                "title": topic.title,
                "category": topic.category,
                "notes": topic.notes,
                "agreed_at": topic.agreed_at_id,
                "municipal_year": year,
            },
        ),
        "status_form": StatusForm(topic=topic),
        "link_form": LinkItemForm(topic=topic),
        **forms_and_extra,
    }


def _topic_url(topic: WorkProgrammeTopic) -> str:
    return reverse("manage:topic", kwargs={"slug": topic.panel.slug, "pk": topic.pk})


@require_safe
@officer_required
def topic(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    return render(request, TOPIC_PAGE, _topic_context(topic_or_404(slug, pk)))


@require_POST
@officer_required
def edit_topic(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    form = TopicForm(request.POST, panel=topic.panel, year=topic.municipal_year, with_year=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            edited = services.edit_topic(
                topic,
                by=request.user,
                title=data["title"],
                category=data["category"],
                notes=data["notes"],
                agreed_at=data["agreed_at"],
                municipal_year=data["municipal_year"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved the topic.")
            return redirect(_topic_url(edited))
    context = _topic_context(topic, details_form=form, details_errors=True)
    return render(request, TOPIC_PAGE, context, status=form_status(form))


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def topic_status(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    form = StatusForm(request.POST, topic=topic)
    if form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.set_topic_status(
                topic,
                data["status"],
                by=request.user,
                approved_by=data["approved_by"],
                approved_on=data["approved_on"],
                submitted_to=data["submitted_to"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = f"Status changed to {topic.get_status_display().lower()}."
            if wants_fragment(request):
                topic = topic_or_404(slug, pk)
                return render(request, TOPIC_PAGE + "#status", _topic_context(topic, status_notice=notice))
            messages.success(request, notice)
            return redirect(_topic_url(topic_or_404(slug, pk)))
    template = page_or_fragment(request, TOPIC_PAGE, "status")
    return render(
        request, template, _topic_context(topic, status_form=form, status_errors=True), status=form_status(form)
    )


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def link_item(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    form = LinkItemForm(request.POST, topic=topic)
    if form.is_valid():
        item = form.cleaned_data["agenda_item"]
        try:
            services.link_agenda_item(topic, item, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = f"Linked item {item.number} of {short_date(item.meeting.date)}."
            if wants_fragment(request):
                return render(
                    request, TOPIC_PAGE + "#items", _topic_context(topic_or_404(slug, pk), items_notice=notice)
                )
            messages.success(request, notice)
            return redirect(_topic_url(topic) + "#items-heading")
    template = page_or_fragment(request, TOPIC_PAGE, "items")
    return render(request, template, _topic_context(topic, link_form=form, link_errors=True), status=form_status(form))


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def unlink_item(request: HtmxHttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    item = next((item for item in topic.linked_items if item.pk == item_pk), None)
    if item is None:
        notice = "That item was not linked to the topic."
    else:
        try:
            services.unlink_agenda_item(topic, item, by=request.user)
        except ValidationError as error:
            notice = " ".join(error.messages)
        else:
            notice = f"Unlinked item {item.number} of {short_date(item.meeting.date)}."
    if wants_fragment(request):
        return render(request, TOPIC_PAGE + "#items", _topic_context(topic_or_404(slug, pk), items_notice=notice))
    messages.success(request, notice)
    return redirect(_topic_url(topic) + "#items-heading")


urlpatterns = [
    path(f"{PANEL}work-programme/", work_programme_current, name="work_programme_current"),
    path(f"{PANEL}work-programme/<int:year>/", work_programme, name="work_programme"),
    path(f"{PANEL}work-programme/<int:year>/add/", add_topic, name="add_topic"),
    path(TOPIC, topic, name="topic"),
    path(f"{TOPIC}edit/", edit_topic, name="edit_topic"),
    path(f"{TOPIC}status/", topic_status, name="topic_status"),
    path(f"{TOPIC}move/", reorder_topic, name="reorder_topic"),
    path(f"{TOPIC}items/", link_item, name="link_item"),
    path(f"{TOPIC}items/<int:item_pk>/unlink/", unlink_item, name="unlink_item"),
]
