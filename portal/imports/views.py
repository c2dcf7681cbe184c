"""The officers' page of import runs: what each run did, its warnings, and the tasks it left."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from meetings.models import PARAGRAPH_NOT_SET, AgendaItem
from portal.imports.models import ImportRun
from portal.imports.services import queue_run_again
from portal.permissions import officer_required

RECENT_RUNS = 50


@require_safe
@officer_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = ImportRun.objects.select_related("council").order_by("-created_at")[:RECENT_RUNS]
    return render(request, "imports/run_list.html", {"runs": runs})


@require_safe
@officer_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("council", "requested_by"), pk=pk)
    item_ids = [task["item"] for task in run.tasks if task.get("task") == "exempt_paragraph"]
    # Still to do: an officer who has set the paragraph since has done the task.
    exempt_items = list(
        AgendaItem.objects.filter(pk__in=item_ids, exempt_paragraph=PARAGRAPH_NOT_SET)
        .select_related("meeting__panel")
        .order_by("meeting__date", "position")
    )
    context = {
        "run": run,
        "summary": [(name.replace("_", " ").capitalize(), count) for name, count in sorted(run.summary.items())],
        "exempt_items": exempt_items,
        "restricted_papers": [task for task in run.tasks if task.get("task") == "restricted_paper"],
        "failed_papers": [task for task in run.tasks if task.get("task") == "paper_failed"],
        "meeting_failures": [failure for failure in run.failures if "paper" not in failure],
    }
    return render(request, "imports/run_detail.html", context)


@require_POST
@officer_required
def run_again(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    again = queue_run_again(run, by=request.user)
    messages.success(request, f"The import from {again.source} is queued; this page shows it when it has run.")
    return redirect(again)
