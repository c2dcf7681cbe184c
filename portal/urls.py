"""Root URLs: the public site, the apps, and the back office."""

from django.contrib import admin
from django.urls import include, path, register_converter

from meetings.converters import IsoDateConverter, VersionConverter
from portal import accessibility, api, calendars, feeds, views
from portal.search import views as search

register_converter(IsoDateConverter, "isodate")
register_converter(VersionConverter, "version")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.health, name="health"),
    path("healthz/live/", views.liveness, name="liveness"),
    path("", include(search.urlpatterns)),
    path("", include(calendars.urlpatterns)),
    path("", include(feeds.urlpatterns)),
    path("", include(accessibility.urlpatterns)),
    path("api/", include((api.urlpatterns + api.not_found_urlpatterns, "api"))),
    path("", include("meetings.urls")),
    path("", include("minutes.urls")),
    path("", include("minutes.scrutiny.urls")),
    path("accounts/", include("portal.accounts.urls")),
    path("manage/", include("meetings.manage.urls")),
    path("manage/", include("minutes.manage_urls")),
    path("manage/", include("minutes.scrutiny.manage_urls")),
    path("manage/", include("portal.imports.views")),
    path("admin/", admin.site.urls),
]
