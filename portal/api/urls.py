"""The API's routes, included under /api/ with the namespace "api". Every route is described in openapi.py."""

from django.urls import path

from portal.api import views

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/<slug:slug>/", views.panel_detail, name="panel_detail"),
    path("panels/<slug:slug>/members/", views.panel_members, name="panel_members"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("agenda-items/", views.agenda_item_list, name="agenda_item_list"),
    path("documents/", views.document_list, name="document_list"),
    path("minutes/", views.minutes_list, name="minutes_list"),
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("work-programme/", views.work_programme_list, name="work_programme_list"),
]
