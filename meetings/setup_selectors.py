"""Reads for the council set-up pages (officers only): each returns what a page shows in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from meetings.models import Council, Councillor, Membership, Officer, Panel
from meetings.municipal_year import MunicipalYear
from portal.models import User


def councils_with_counts() -> list[Council]:
    return list(
        Council.objects.annotate(
            panel_count=Count("panels", distinct=True),
            councillor_count=Count("councillors", distinct=True),
        ).order_by("name")
    )


def council_or_404(slug: str) -> Council:
    return get_object_or_404(Council, slug=slug)


@dataclass
class CouncilSetup:
    council: Council
    panels: list[Panel]
    retired_panels: list[Panel]
    councillors: list[Councillor]
    officers: list[Officer]


def council_setup(slug: str) -> CouncilSetup:
    council = council_or_404(slug)
    panels = list(council.panels.select_related("parent", "contact_officer").order_by("name"))
    return CouncilSetup(
        council=council,
        panels=[panel for panel in panels if panel.retired_on is None],
        retired_panels=[panel for panel in panels if panel.retired_on is not None],
        councillors=list(council.councillors.select_related("user").order_by("surname", "initials", "first_name")),
        officers=list(council.officers.order_by("surname", "initials", "first_name")),
    )


def panel_or_404(slug: str) -> Panel:
    return get_object_or_404(Panel.objects.select_related("council", "parent", "contact_officer"), slug=slug)


def councillor_or_404(pk: int) -> Councillor:
    return get_object_or_404(Councillor.objects.select_related("council"), pk=pk)


def officer_or_404(pk: int) -> Officer:
    return get_object_or_404(Officer.objects.select_related("council"), pk=pk)


def seat_or_404(pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("panel__council", "councillor"), pk=pk)


def seats(panel: Panel, year: MunicipalYear) -> list[Membership]:
    return list(
        panel.memberships.filter(municipal_year=year.start_year).select_related("councillor").order_by("position")
    )


def years_with_seats(panel: Panel) -> list[MunicipalYear]:
    years = panel.memberships.values_list("municipal_year", flat=True).distinct().order_by("-municipal_year")
    return [MunicipalYear(year) for year in years]


def accounts(*, show: str = "active") -> list[User]:
    users = User.objects.select_related("councillor__council").order_by("email")
    if show == "active":
        users = users.filter(is_active=True)
    elif show == "inactive":
        users = users.filter(is_active=False)
    return list(users)


def account_or_404(pk: int) -> User:
    return get_object_or_404(User.objects.select_related("councillor__council"), pk=pk)


def councillors_without_accounts(council: Council) -> list[Councillor]:
    return list(council.councillors.filter(Q(user__isnull=True)).order_by("surname", "initials"))
