"""Compiling an agenda: items and papers edited in place with htmx, every action also a plain form and redirect.

With htmx, an action answers with the refreshed workspace (items, papers and the front sheet preview) or, when a
form has errors, with that form where it stands. Without JavaScript, an action redirects back to the agenda.
"""

import datetime
import functools

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from meetings.forms import (
    AgendaItemForm,
    AgendaVersionForm,
    MeetingDetailsForm,
    NewAgendaItemForm,
    PublishForm,
    RemoveForm,
    ReorderForm,
    ReportForm,
    SectionForm,
    StandardItemsForm,
    UploadForm,
    WithdrawPackForm,
)
from meetings.models import AgendaItem, AgendaPack, Document, Meeting, PackBuildJob
from meetings.notice import publication_deadline
from meetings.packs import current_public_fingerprint
from meetings.packs.collect import collect
from meetings.pdf_files import UnusablePdf, describe_removed
from meetings.planning import panel_has_chair
from meetings.selectors import latest_pack as latest_current_pack
from meetings.selectors import versions_exposing_exempt
from meetings.services import (
    KEEP,
    add_item,
    add_report,
    add_section,
    add_standard_items,
    attach_pdf,
    fail_stuck_jobs,
    minutes_submission_warnings,
    move_document,
    move_item,
    notice_check,
    remove_document,
    remove_item,
    reorder_items,
    request_publication,
    retry_publication,
    update_item,
    update_meeting_details,
    update_report,
    withdraw_pack,
)
from portal.errors import Refused, SaveCollided, StaleEdit
from portal.formats import short_date
from portal.htmx import wants_fragment
from portal.permissions import officer_required


def meeting_for_editing(slug: str, date: datetime.date) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("panel__council", "panel__contact_officer", "signatory"),
        panel__slug=slug,
        date=date,
    )


def item_for_editing(slug: str, date: datetime.date, item_id: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__panel__council", "presenter", "section"),
        pk=item_id,
        meeting__panel__slug=slug,
        meeting__date=date,
    )


def document_for_editing(slug: str, date: datetime.date, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.select_related("meeting__panel", "agenda_item"),
        pk=document_id,
        meeting__panel__slug=slug,
        meeting__date=date,
    )


def agenda_url(meeting: Meeting) -> str:
    return reverse("manage:agenda", kwargs={"slug": meeting.panel.slug, "date": meeting.date})


def moved_focus(items: list, moved, direction: str) -> tuple[str, str]:
    """After an Up or Down button: the id of the button that keeps the keyboard focus (the same button, or the
    other one when the thing reached the top or the bottom) and what a screen reader announces."""
    if moved is None:
        return "", ""
    if isinstance(moved, Document):
        kind, siblings = "paper", next((item.papers for item in items if item.pk == moved.agenda_item_id), [])
        name = f"The paper “{moved.title}”"
    else:
        kind, siblings, name = "item", items, f"Item {moved.number}, {moved.title},"
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == moved.pk), None)
    if index is None:
        return "", ""
    if (direction == "up" and index == 0) or (direction == "down" and index == len(siblings) - 1):
        direction = "down" if direction == "up" else "up"  # that button is now disabled: focus the other one
    if len(siblings) == 1:
        return "", f"{name} is the only one."
    place = f"now {index + 1} of {len(siblings)}"
    return f"move-{kind}-{moved.pk}-{direction}", f"{name} moved: {place}."


def workspace_context(
    meeting: Meeting,
    *,
    add_form=None,
    stale: StaleEdit | SaveCollided | None = None,
    moved=None,
    direction: str = "",
    refusal: Refused | None = None,
) -> dict:
    """Everything the agenda workspace shows, in a fixed number of queries."""
    meeting.refresh_from_db(fields=["agenda_version", "agenda_published_at", "status"])
    items = list(
        meeting.agenda_items.select_related("presenter", "section")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("position"), to_attr="papers"))
        .order_by("position")
    )
    focus_id, announcement = moved_focus(items, moved, direction)
    preview = collect(meeting, AgendaPack.Variant.PUBLIC, preview=True)
    latest_pack = latest_current_pack(meeting, AgendaPack.Variant.PUBLIC)
    pack_is_current = bool(latest_pack) and latest_pack.fingerprint == current_public_fingerprint(meeting)
    return {
        "meeting": meeting,
        "panel": meeting.panel,
        "items": items,
        "add_form": add_form
        or NewAgendaItemForm(meeting=meeting, items=items, initial={"agenda_version": meeting.agenda_version}),
        "section_form": SectionForm(initial={"agenda_version": meeting.agenda_version}),
        "version_form": AgendaVersionForm(initial={"agenda_version": meeting.agenda_version}),
        "standard_form": None
        if items
        else StandardItemsForm(
            initial={
                "agenda_version": meeting.agenda_version,
                "chair_pro_tem": not panel_has_chair(meeting.panel, meeting.date),
            }
        ),
        "content": preview,
        "variant": AgendaPack.Variant.PUBLIC,
        # The live preview shows the published pack's page ranges while they still hold.
        "page_ranges": latest_pack.page_ranges if pack_is_current else {},
        "exposed_versions": versions_exposing_exempt(meeting),
        "can_publish": (meeting.date >= timezone.localdate() or meeting.is_historical_record)
        and not meeting.is_cancelled,
        "stale": stale,
        "refusal": refusal,
        "focus_id": focus_id,
        "announcement": announcement,
        "notice": notice_check(meeting),
        "publish_by": publication_deadline(meeting.date),
        "latest_pack": latest_pack,
        "pack_is_current": pack_is_current,
        "apologies": list(meeting.apologies.select_related("councillor", "substitute").order_by("sent_at")),
        "has_unpublished": any(item.published_at is None for item in items)
        or any(paper.published_at is None for item in items for paper in item.papers),
    }


def respond_with_workspace(request: HttpRequest, meeting: Meeting, *, status: int = 200, **extra) -> HttpResponse:
    """htmx: the refreshed workspace. Otherwise: back to the agenda page (post, redirect, get)."""
    if wants_fragment(request):
        return render(
            request,
            "meetings/manage/agenda.html#workspace",
            workspace_context(meeting, **extra),
            status=status,
        )
    if extra.get("stale"):
        messages.warning(request, str(extra["stale"]))
    elif extra.get("refusal"):
        messages.error(request, str(extra["refusal"]))
    elif extra.get("moved") is not None:
        # Without JavaScript the page reloads: the same words appear in the messages at its top.
        items = list(
            meeting.agenda_items.prefetch_related(
                Prefetch("documents", queryset=Document.objects.order_by("position"), to_attr="papers")
            ).order_by("position")
        )
        messages.success(request, moved_focus(items, extra["moved"], extra.get("direction", ""))[1])
    return redirect(agenda_url(meeting))


@require_safe
@officer_required
@vary_on_headers("HX-Request")
def agenda(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    template = "meetings/manage/agenda.html"
    if wants_fragment(request):
        template += "#workspace"
    return render(request, template, workspace_context(meeting))


@require_POST
@officer_required
def item_add(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    form = NewAgendaItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        if wants_fragment(request):
            return render(
                request, "meetings/manage/agenda.html#workspace", workspace_context(meeting, add_form=form), status=422
            )
        return render(request, "meetings/manage/agenda.html", workspace_context(meeting, add_form=form), status=422)
    typed = form.cleaned_data
    after = meeting.agenda_items.filter(pk=typed["after"]).first() if typed["after"] else None
    try:
        item = add_item(
            meeting,
            agenda_version=typed["agenda_version"],
            by=request.user,
            after=after,
            title=typed["title"],
            kind=typed["kind"],
            description=typed["description"],
            presenter=typed["presenter"],
            section=typed.get("section"),  # the form has no section field while the agenda has no headings
            exempt_paragraph=typed["exempt_paragraph"],
            exemption_reasons=typed["exemption_reasons"],
            exempt_until=typed["exempt_until"],
            exemption_review_on=typed["exemption_review_on"],
        )
    except (StaleEdit, SaveCollided) as stale:
        # Keep what they typed: the add form comes back filled in, on top of the agenda as it is now.
        data = request.POST.copy()
        meeting.refresh_from_db(fields=["agenda_version"])
        data["new-agenda_version"] = meeting.agenda_version
        kept = NewAgendaItemForm(data, meeting=meeting)
        kept.is_valid()
        if wants_fragment(request):
            return render(
                request,
                "meetings/manage/agenda.html#workspace",
                workspace_context(meeting, add_form=kept, stale=stale),
                status=409,
            )
        return render(
            request, "meetings/manage/agenda.html", workspace_context(meeting, add_form=kept, stale=stale), status=409
        )
    if not wants_fragment(request):
        messages.success(request, f"Item {item.number} added: {item.title}")
    return respond_with_workspace(request, meeting)


@require_http_methods(["GET", "POST"])
@officer_required
@vary_on_headers("HX-Request")
def item_edit(request: HttpRequest, slug: str, date: datetime.date, item_id: int) -> HttpResponse:
    item = item_for_editing(slug, date, item_id)
    meeting = item.meeting
    template = "meetings/manage/agenda_item_edit.html"
    if wants_fragment(request):
        template += "#item-edit"
    if request.method == "GET":
        form = AgendaItemForm(
            instance=item, meeting=meeting, initial={"version": item.version}, prefix=f"item{item.pk}"
        )
        return render(request, template, {"form": form, "item": item, "meeting": meeting, "panel": meeting.panel})
    form = AgendaItemForm(
        request.POST, instance=AgendaItem.objects.get(pk=item.pk), meeting=meeting, prefix=f"item{item.pk}"
    )
    if not form.is_valid():
        response = render(
            request, template, {"form": form, "item": item, "meeting": meeting, "panel": meeting.panel}, status=422
        )
        return retarget(reswap(response, "outerHTML"), f"#item-{item.pk}") if wants_fragment(request) else response
    typed = form.cleaned_data
    try:
        update_item(
            item,
            version=typed["version"],
            by=request.user,
            title=typed["title"],
            kind=typed["kind"],
            description=typed["description"],
            presenter=typed["presenter"],
            section=typed.get("section", KEEP),  # no section field while the agenda has no headings
            exempt_paragraph=typed["exempt_paragraph"],
            exemption_reasons=typed["exemption_reasons"],
            exempt_until=typed["exempt_until"],
            exemption_review_on=typed["exemption_review_on"],
            confirms_minutes=typed["confirms_minutes"],
        )
    except (StaleEdit, SaveCollided) as stale:
        item.refresh_from_db()
        data = request.POST.copy()
        data[f"item{item.pk}-version"] = item.version  # saving again now means "mine wins", knowingly
        kept = AgendaItemForm(data, instance=item, meeting=meeting, prefix=f"item{item.pk}")
        kept.is_valid()
        context = {"form": kept, "item": item, "meeting": meeting, "panel": meeting.panel, "stale": stale}
        response = render(request, template, context, status=409)
        return retarget(reswap(response, "outerHTML"), f"#item-{item.pk}") if wants_fragment(request) else response
    if not wants_fragment(request):
        messages.success(request, f"Item {item.number} saved.")
        warn_of_exposed_versions(request, meeting)
    return respond_with_workspace(request, meeting)


@require_POST
@officer_required
def item_move(request: HttpRequest, slug: str, date: datetime.date, item_id: int) -> HttpResponse:
    item = item_for_editing(slug, date, item_id)
    form = AgendaVersionForm(request.POST)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if not form.is_valid() or offset is None:
        return respond_with_workspace(request, item.meeting, status=400)
    try:
        move_item(item, offset=offset, agenda_version=form.cleaned_data["agenda_version"], by=request.user)
    except (StaleEdit, SaveCollided) as stale:
        return respond_with_workspace(request, item.meeting, status=409, stale=stale)
    item.refresh_from_db(fields=["number", "position"])
    return respond_with_workspace(request, item.meeting, moved=item, direction=request.POST["direction"])


@require_POST
@officer_required
def items_reorder(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        return respond_with_workspace(request, meeting, status=400)
    try:
        reorder_items(
            meeting, form.cleaned_data["order"], agenda_version=form.cleaned_data["agenda_version"], by=request.user
        )
    except (StaleEdit, SaveCollided) as stale:
        return respond_with_workspace(request, meeting, status=409, stale=stale)
    return respond_with_workspace(request, meeting)


def confirm_then_remove(
    request: HttpRequest, meeting: Meeting, *, thing: str, consequence: str, remove, done: str, published: bool
) -> HttpResponse:
    """Removing an item or a paper: GET asks to confirm (the page that works without JavaScript); POST removes
    it, unless the agenda changed since the officer looked. Something published can be removed as exempt: then
    the agenda lists the public pack versions that still hold it."""
    if request.method == "GET":
        return render(
            request,
            "meetings/manage/confirm_remove.html",
            {
                "meeting": meeting,
                "panel": meeting.panel,
                "thing": thing,
                "action": request.path,
                "version_form": RemoveForm(
                    initial={"agenda_version": meeting.agenda_version, "as_exempt": "as_exempt" in request.GET}
                )
                if published
                else AgendaVersionForm(initial={"agenda_version": meeting.agenda_version}),
                "consequence": consequence,
            },
        )
    form = RemoveForm(request.POST)
    if not form.is_valid():
        return respond_with_workspace(request, meeting, status=400)
    as_exempt = published and form.cleaned_data["as_exempt"]
    try:
        remove(agenda_version=form.cleaned_data["agenda_version"], by=request.user, as_exempt=as_exempt)
    except (StaleEdit, SaveCollided) as stale:
        return respond_with_workspace(request, meeting, status=409, stale=stale)
    except Refused as refusal:
        return respond_with_workspace(request, meeting, status=422, refusal=refusal)
    if not wants_fragment(request):
        messages.success(request, done)
        warn_of_exposed_versions(request, meeting)
    return respond_with_workspace(request, meeting)


def warn_of_exposed_versions(request: HttpRequest, meeting: Meeting) -> None:
    """After a change made without htmx: say which public versions still hold exempt content (the agenda page
    then lists what each holds, with the way to withdraw it)."""
    exposed = versions_exposing_exempt(meeting)
    if exposed:
        versions = ", ".join(
            f"{short_date(version.pack.meeting.date)} version {version.pack.version}" for version in exposed
        )
        messages.warning(
            request,
            f"Published public pack versions still hold exempt information ({versions}): withdraw them below.",
        )


@require_http_methods(["GET", "POST"])
@officer_required
def item_remove(request: HttpRequest, slug: str, date: datetime.date, item_id: int) -> HttpResponse:
    item = item_for_editing(slug, date, item_id)
    return confirm_then_remove(
        request,
        item.meeting,
        thing=f"item {item.number}: {item.title}",
        consequence="Its papers are removed with it." if item.documents.exists() else "",
        remove=functools.partial(remove_item, item),
        done=f"Removed: {item.title}",
        published=item.published_at is not None,
    )


@require_POST
@officer_required
def section_add(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    form = SectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the heading a name.")
        return respond_with_workspace(request, meeting, status=422)
    try:
        add_section(
            meeting,
            heading=form.cleaned_data["heading"],
            excludes_public=form.cleaned_data["excludes_public"],
            agenda_version=form.cleaned_data["agenda_version"],
            by=request.user,
        )
    except (StaleEdit, SaveCollided) as stale:
        return respond_with_workspace(request, meeting, status=409, stale=stale)
    return respond_with_workspace(request, meeting)


@require_POST
@officer_required
def standard_items_add(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    form = StandardItemsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The agenda could not be read from the form: reload the page and try again.")
        return respond_with_workspace(request, meeting, status=422)
    try:
        items = add_standard_items(
            meeting,
            chair_pro_tem=form.cleaned_data["chair_pro_tem"],
            agenda_version=form.cleaned_data["agenda_version"],
            by=request.user,
        )
    except (StaleEdit, SaveCollided) as stale:
        return respond_with_workspace(request, meeting, status=409, stale=stale)
    except Refused as refused:
        messages.error(request, str(refused))
        return respond_with_workspace(request, meeting, status=409)
    if not wants_fragment(request):
        messages.success(request, f"The agenda starts with {len(items)} standard items.")
    return respond_with_workspace(request, meeting)


@require_http_methods(["GET", "POST"])
@officer_required
def meeting_details(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    form = MeetingDetailsForm(
        request.POST or None,
        instance=Meeting.objects.get(pk=meeting.pk),
        initial={"agenda_version": meeting.agenda_version},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data
        try:
            update_meeting_details(
                meeting,
                agenda_version=typed["agenda_version"],
                by=request.user,
                venue=typed["venue"],
                is_virtual=typed["is_virtual"],
                livestream_url=typed["livestream_url"],
                livestream_note=typed["livestream_note"],
                signatory=typed["signatory"],
                signatory_address=typed["signatory_address"],
            )
        except (StaleEdit, SaveCollided) as error:
            stale = error
            meeting.refresh_from_db()
            data = request.POST.copy()
            data["agenda_version"] = meeting.agenda_version
            form = MeetingDetailsForm(data, instance=meeting)
            form.is_valid()
        else:
            messages.success(request, "The meeting's details are saved.")
            return redirect(agenda_url(meeting))
    status = 409 if stale else (422 if request.method == "POST" else 200)
    return render(
        request,
        "meetings/manage/meeting_details.html",
        {"form": form, "meeting": meeting, "panel": meeting.panel, "stale": stale},
        status=status,
    )


# Papers ------------------------------------------------------------------------------------------------------


def render_paper_form(request: HttpRequest, template: str, form, item: AgendaItem) -> HttpResponse:
    """A new paper's form: blank, or back with its errors (422) and everything typed kept."""
    return render(
        request,
        template,
        {"form": form, "item": item, "meeting": item.meeting, "panel": item.meeting.panel},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@officer_required
def paper_upload(request: HttpRequest, slug: str, date: datetime.date, item_id: int) -> HttpResponse:
    item = item_for_editing(slug, date, item_id)
    meeting = item.meeting
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attach_pdf(
                item,
                form.data_bytes,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                exempt_paragraph=form.cleaned_data["exempt_paragraph"],
                exemption_reasons=form.cleaned_data["exemption_reasons"],
                exempt_until=form.cleaned_data["exempt_until"],
                exemption_review_on=form.cleaned_data["exemption_review_on"],
                by=request.user,
                facts=form.facts,
            )
        except UnusablePdf as exc:  # checked in the form already; kept for a file changed in between
            form.add_error("file", str(exc))
        else:
            added = f"“{form.cleaned_data['title']}” added to item {item.number}."
            if form.facts.removed:
                added += (
                    " The copy published in packs and downloads leaves out content that could run or open other "
                    f"files ({describe_removed(form.facts.removed)}); the original is kept as uploaded."
                )
            messages.success(request, added)
            return redirect(agenda_url(meeting))
    return render_paper_form(request, "meetings/manage/paper_upload.html", form, item)


@require_http_methods(["GET", "POST"])
@officer_required
def paper_write(request: HttpRequest, slug: str, date: datetime.date, item_id: int) -> HttpResponse:
    item = item_for_editing(slug, date, item_id)
    meeting = item.meeting
    form = ReportForm(request.POST or None, initial={"kind": Document.Kind.REPORT})
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data
        add_report(
            item,
            by=request.user,
            title=typed["title"],
            body_html=typed["body_html"],
            kind=typed["kind"],
            author=typed["author"],
            date=typed["date"],
            exempt_paragraph=typed["exempt_paragraph"],
            exemption_reasons=typed["exemption_reasons"],
            exempt_until=typed["exempt_until"],
            exemption_review_on=typed["exemption_review_on"],
        )
        messages.success(request, f"“{typed['title']}” added to item {item.number}.")
        return redirect(agenda_url(meeting))
    return render_paper_form(request, "meetings/manage/paper_write.html", form, item)


@require_http_methods(["GET", "POST"])
@officer_required
def paper_edit(request: HttpRequest, slug: str, date: datetime.date, document_id: int) -> HttpResponse:
    document = document_for_editing(slug, date, document_id)
    meeting, item = document.meeting, document.agenda_item
    if not document.is_authored:
        raise Http404("Only papers written in the portal can be edited here; upload a new PDF instead.")
    if request.method == "GET":
        form = ReportForm(instance=document, initial={"version": document.version})
        stale = None
    else:
        form = ReportForm(request.POST, instance=Document.objects.get(pk=document.pk))
        stale = None
        if form.is_valid():
            typed = form.cleaned_data
            try:
                update_report(
                    document,
                    version=typed["version"] or 0,
                    by=request.user,
                    title=typed["title"],
                    kind=typed["kind"],
                    author=typed["author"],
                    date=typed["date"],
                    body_html=typed["body_html"],
                    exempt_paragraph=typed["exempt_paragraph"],
                    exemption_reasons=typed["exemption_reasons"],
                    exempt_until=typed["exempt_until"],
                    exemption_review_on=typed["exemption_review_on"],
                )
            except (StaleEdit, SaveCollided) as error:
                stale = error
                document.refresh_from_db()
                data = request.POST.copy()
                data["version"] = document.version
                form = ReportForm(data, instance=document)
                form.is_valid()
            except Refused as refusal:
                form.add_error("body_html", str(refusal))
            else:
                messages.success(request, f"“{typed['title']}” saved.")
                warn_of_exposed_versions(request, meeting)
                return redirect(agenda_url(meeting))
    status = 409 if stale else (422 if request.method == "POST" else 200)
    return render(
        request,
        "meetings/manage/paper_write.html",
        {"form": form, "item": item, "meeting": meeting, "panel": meeting.panel, "document": document, "stale": stale},
        status=status,
    )


@require_POST
@officer_required
def paper_move(request: HttpRequest, slug: str, date: datetime.date, document_id: int) -> HttpResponse:
    document = document_for_editing(slug, date, document_id)
    form = AgendaVersionForm(request.POST)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if not form.is_valid() or offset is None or document.agenda_item is None:
        return respond_with_workspace(request, document.meeting, status=400)
    try:
        move_document(document, offset=offset, agenda_version=form.cleaned_data["agenda_version"], by=request.user)
    except (StaleEdit, SaveCollided) as stale:
        return respond_with_workspace(request, document.meeting, status=409, stale=stale)
    return respond_with_workspace(request, document.meeting, moved=document, direction=request.POST["direction"])


@require_http_methods(["GET", "POST"])
@officer_required
def paper_remove(request: HttpRequest, slug: str, date: datetime.date, document_id: int) -> HttpResponse:
    document = document_for_editing(slug, date, document_id)
    return confirm_then_remove(
        request,
        document.meeting,
        thing=f"the paper “{document.title}”",
        consequence="Published pack versions keep it; the next version will not have it."
        if document.published_at
        else "",
        remove=functools.partial(remove_document, document),
        done=f"Removed the paper “{document.title}”.",
        published=document.published_at is not None,
    )


# Publishing --------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@officer_required
def publish(request: HttpRequest, slug: str, date: datetime.date) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    form = PublishForm(request.POST or None, initial={"agenda_version": meeting.agenda_version})
    if meeting.is_historical_record:
        del form.fields["urgency_reason"]  # a record of the past gives no notice, so needs no excuse
    if request.method == "POST" and form.is_valid():
        try:
            job = request_publication(
                meeting,
                by=request.user,
                agenda_version=form.cleaned_data["agenda_version"],
                urgency_reason=form.cleaned_data.get("urgency_reason", ""),
            )
        except (StaleEdit, SaveCollided) as stale:
            meeting.refresh_from_db(fields=["agenda_version"])
            form = PublishForm(
                {
                    "agenda_version": meeting.agenda_version,
                    "urgency_reason": form.cleaned_data.get("urgency_reason", ""),
                }
            )
            form.is_valid()
            form.add_error(None, f"{stale} Check it below, then publish again.")
        except Refused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            return redirect("manage:publish_status", slug=slug, date=date, job_id=job.pk)
    fail_stuck_jobs(meeting)
    context = workspace_context(meeting)
    context.update(
        {
            "form": form,
            "jobs": meeting.pack_jobs.select_related("requested_by")[:5],
            "minutes_warnings": minutes_submission_warnings(meeting),
        }
    )
    status = 422 if request.method == "POST" else 200
    return render(request, "meetings/manage/publish.html", context, status=status)


@require_safe
@officer_required
@vary_on_headers("HX-Request")
def publish_status(request: HttpRequest, slug: str, date: datetime.date, job_id: int) -> HttpResponse:
    meeting = meeting_for_editing(slug, date)
    fail_stuck_jobs(meeting)  # a build whose worker died says so, instead of "Building" for ever
    job = get_object_or_404(
        PackBuildJob.objects.select_related("requested_by").prefetch_related("packs__meeting__panel"),
        pk=job_id,
        meeting=meeting,
    )
    template = "meetings/manage/publish_status.html"
    if wants_fragment(request):
        template += "#job-status"
    return render(request, template, {"meeting": meeting, "panel": meeting.panel, "job": job})


@require_POST
@officer_required
def publish_retry(request: HttpRequest, slug: str, date: datetime.date, job_id: int) -> HttpResponse:
    """Try a failed publication again, as it was asked for."""
    meeting = meeting_for_editing(slug, date)
    job = get_object_or_404(PackBuildJob.objects.select_related("meeting"), pk=job_id, meeting=meeting)
    try:
        retried = retry_publication(job, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("manage:publish", slug=slug, date=date)
    return redirect("manage:publish_status", slug=slug, date=date, job_id=retried.pk)


@require_http_methods(["GET", "POST"])
@officer_required
def pack_withdraw(request: HttpRequest, slug: str, date: datetime.date, version: int) -> HttpResponse:
    """Withdraw a published public pack version: a page to confirm, with the reason the public will read."""
    meeting = meeting_for_editing(slug, date)
    pack = get_object_or_404(
        AgendaPack.objects.select_related("meeting__panel", "withdrawal"),
        meeting=meeting,
        variant=AgendaPack.Variant.PUBLIC,
        version=version,
    )
    form = WithdrawPackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_pack(pack, reason=form.cleaned_data["reason"], by=request.user)
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"Public pack version {pack.version} is withdrawn: the public can no longer open it, and the "
                "meeting page says when and why.",
            )
            return redirect(agenda_url(meeting))
    exposed = next((version for version in versions_exposing_exempt(meeting) if version.pack.pk == pack.pk), None)
    return render(
        request,
        "meetings/manage/withdraw_pack.html",
        {"meeting": meeting, "panel": meeting.panel, "pack": pack, "form": form, "exposed": exposed},
        status=422 if request.method == "POST" else 200,
    )
