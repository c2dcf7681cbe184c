"""Keeping a panel's work programme: topics by category, their status and approval, and the agenda items that take
them forward. Every action is a plain form that redirects; adding, reordering, status and links also work in place
with htmx. The forms are in meetings/forms.py, the reads in meetings/selectors.py and the writes in
meetings/work_programme.py."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from meetings import work_programme as services
from meetings.forms import LinkItemForm, StatusForm, TopicForm
from meetings.models import Panel, WorkProgrammeTopic
from meetings.municipal_year import MunicipalYear
from meetings.selectors import current_year, panel_or_404, programme_by_category, topic_or_404, year_or_404
from portal.errors import Refused, show_refusal
from portal.formats import short_date
from portal.htmx import HtmxHttpRequest, page_or_fragment, wants_fragment
from portal.permissions import officer_required

PAGE = "meetings/manage/work_programme/work_programme.html"
TOPIC_PAGE = "meetings/manage/work_programme/topic.html"

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
    status = 200
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
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            notice = f"Added “{topic.title}” to the work programme as proposed."
            if wants_fragment(request):
                context = _programme_context(panel, municipal_year, notice=notice, added=topic)
                return render(request, PAGE + "#programme", context)
            messages.success(request, notice)
            return redirect(work_programme_url(panel, year) + f"#topic-{topic.pk}")
    if wants_fragment(request):
        context = _programme_context(panel, municipal_year, form)
        return render(request, PAGE + "#programme", context, status=status)
    context = {"panel": panel, "year": municipal_year, "form": form}
    return render(request, "meetings/manage/work_programme/add_topic.html", context, status=status)


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def reorder_topic(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    direction = request.POST.get("direction", "")
    try:
        services.move_topic(topic, direction, by=request.user)
    except Refused as refusal:
        notice = str(refusal)
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
    status = 200
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
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            messages.success(request, "Saved the topic.")
            return redirect(_topic_url(edited))
    context = _topic_context(topic, details_form=form, details_errors=True)
    return render(request, TOPIC_PAGE, context, status=status)


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def topic_status(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    form = StatusForm(request.POST, topic=topic)
    status = 200
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
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            notice = f"Status changed to {topic.get_status_display().lower()}."
            if wants_fragment(request):
                topic = topic_or_404(slug, pk)
                return render(request, TOPIC_PAGE + "#status", _topic_context(topic, status_notice=notice))
            messages.success(request, notice)
            return redirect(_topic_url(topic_or_404(slug, pk)))
    template = page_or_fragment(request, TOPIC_PAGE, "status")
    return render(request, template, _topic_context(topic, status_form=form, status_errors=True), status=status)


@require_POST
@officer_required
@vary_on_headers("HX-Request")
def link_item(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    topic = topic_or_404(slug, pk)
    form = LinkItemForm(request.POST, topic=topic)
    status = 200
    if form.is_valid():
        item = form.cleaned_data["agenda_item"]
        try:
            services.link_agenda_item(topic, item, by=request.user)
        except Refused as refusal:
            status = show_refusal(form, refusal)
        else:
            notice = f"Linked item {item.number} of {short_date(item.meeting.date)}."
            if wants_fragment(request):
                return render(
                    request, TOPIC_PAGE + "#items", _topic_context(topic_or_404(slug, pk), items_notice=notice)
                )
            messages.success(request, notice)
            return redirect(_topic_url(topic) + "#items-heading")
    template = page_or_fragment(request, TOPIC_PAGE, "items")
    return render(request, template, _topic_context(topic, link_form=form, link_errors=True), status=status)


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
        except Refused as refusal:
            notice = str(refusal)
        else:
            notice = f"Unlinked item {item.number} of {short_date(item.meeting.date)}."
    if wants_fragment(request):
        return render(request, TOPIC_PAGE + "#items", _topic_context(topic_or_404(slug, pk), items_notice=notice))
    messages.success(request, notice)
    return redirect(_topic_url(topic) + "#items-heading")
