"""Values every template needs."""

from django.conf import settings


def site(request) -> dict:
    return {"council_name": settings.PORTAL_COUNCIL_NAME}
