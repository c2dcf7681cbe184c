"""The search page: the form, then one page of results (read in portal.search.selectors)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from meetings.models import Panel
from portal.htmx import page_or_fragment
from portal.page_cache import cache_public_page
from portal.search.forms import SearchForm
from portal.search.selectors import search


@require_safe
@cache_public_page(fragments=True)
def search_page(request: HttpRequest) -> HttpResponse:
    """The search page; an htmx request (typing in the box, a filter, a page link) gets the results alone. The
    public's pages and fragments are cached like every public page (signed-in readers' never are: theirs may
    list exempt papers)."""
    panels = list(Panel.objects.order_by("name").only("pk", "name", "slug"))
    form = SearchForm(request.GET or None, panels=panels)
    results = None
    if form.is_bound and form.is_valid() and (form.cleaned_data["q"] or form.has_filters):
        data = form.cleaned_data
        results = search(
            request.audience,
            data["q"],
            panel=data["panel"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            kind=data["kind"],
            document_kind=data["document_kind"],
            page_number=request.GET.get("page"),
        )
    response = render(
        request, page_or_fragment(request, "portal/search.html", "results"), {"form": form, "results": results}
    )
    patch_vary_headers(response, ("HX-Request",))
    return response
