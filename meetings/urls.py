from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/<slug:slug>/", views.panel_detail, name="panel_detail"),
    path("panels/<slug:slug>/meetings/<isodate:date>/", views.meeting_detail, name="meeting_detail"),
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/documents/<slug:document>/",
        views.document_detail,
        name="document_detail",
    ),
]
