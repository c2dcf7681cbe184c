"""A read-only JSON API of the portal's public record: panels, members, meetings, agendas, papers, minutes,
resolutions and work programmes. Described by the OpenAPI document at /api/openapi.json."""

from portal.api.urls import not_found_urlpatterns, urlpatterns

__all__ = ["not_found_urlpatterns", "urlpatterns"]
