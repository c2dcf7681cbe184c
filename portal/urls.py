"""Root URLs: the site-wide pages (home, health, search, calendars, feeds, the accessibility statement, the API),
then each app's own urls.py, public pages and officers' pages under /manage/."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.http import require_safe

from meetings import urls as meetings_urls
from minutes import urls as minutes_urls
from minutes.scrutiny import urls as scrutiny_urls
from portal import accessibility, api, calendars, feeds, views
from portal.search import views as search

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.health, name="health"),
    path("healthz/live/", views.liveness, name="liveness"),
    path("search/", search.search_page, name="search"),
    path("meetings/", calendars.calendar_list, name="calendar_list"),
    path("meetings/<int:year>/<int:month>/", calendars.calendar_month, name="calendar_month"),
    path("meetings/calendar.ics", calendars.calendar_ics, name="calendar_ics"),
    path("panels/<slug:slug>/calendar.ics", calendars.panel_calendar_ics, name="panel_calendar_ics"),
    path("feeds/latest.atom", require_safe(feeds.LatestFeed()), name="feed_latest"),
    path("panels/<slug:slug>/feed.atom", require_safe(feeds.PanelFeed()), name="panel_feed"),
    path("panels/<slug:slug>/recommendations.atom", require_safe(feeds.ScrutinyFeed()), name="scrutiny_feed"),
    path("accessibility/", accessibility.statement, name="accessibility_statement"),
    path("api/", include((api.urlpatterns + api.not_found_urlpatterns, "api"))),
    path("", include(meetings_urls)),
    path("", include(minutes_urls)),
    path("", include(scrutiny_urls)),
    path("accounts/", include("portal.accounts.urls")),
    path("manage/", include((meetings_urls.manage_urlpatterns, "manage"))),
    path("manage/", include((minutes_urls.manage_urlpatterns, "minutes_manage"))),
    path("manage/", include((scrutiny_urls.manage_urlpatterns, "scrutiny_manage"))),
    path("manage/", include("portal.imports.urls")),
    path("admin/", admin.site.urls),
]
