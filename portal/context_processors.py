"""Values every template needs."""

from django.conf import settings


def site(request) -> dict:
    return {"site_name": settings.PORTAL_SITE_NAME}
