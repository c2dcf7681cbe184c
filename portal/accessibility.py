"""The accessibility statement that the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
Accessibility Regulations 2018 require of a council website, in the form of the government's model statement.

The site is run under the name in PORTAL_SITE_NAME; it may publish the papers of several councils, so
each council's own contact for accessible formats is listed. When and how the site was last tested comes from
the tests officers record (AccessibilityTest), never from a constant: with none recorded, the statement says so.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.models import Council, Officer, Panel
from portal.models import AccessibilityTest
from portal.page_cache import cache_public_page


@dataclass
class CouncilContact:
    council: Council
    officers: list[Officer]  # the panels' contact officers, when the council has no accessibility contact of its own

    @property
    def has_own_contact(self) -> bool:
        return bool(self.council.email or self.council.telephone)


def council_contacts() -> list[CouncilContact]:
    """Every council on the portal with the people to ask, in two queries."""
    councils = Council.objects.order_by("name").prefetch_related(
        Prefetch(
            "panels",
            queryset=Panel.objects.filter(contact_officer__isnull=False).select_related("contact_officer"),
            to_attr="contact_panels",
        )
    )
    contacts = []
    for council in councils:
        officers = {panel.contact_officer.pk: panel.contact_officer for panel in council.contact_panels}
        contacts.append(CouncilContact(council=council, officers=sorted(officers.values(), key=str)))
    return contacts


def statement_context() -> dict:
    tests = list(AccessibilityTest.objects.all()[:1])
    first = AccessibilityTest.objects.order_by("recorded_at").only("recorded_at").first()
    return {
        "operator": settings.PORTAL_SITE_NAME,
        "contacts": council_contacts(),
        "latest_test": tests[0] if tests else None,
        "first_recorded": first.recorded_at if first else None,
    }


@require_safe
@cache_public_page
def statement(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", statement_context())
