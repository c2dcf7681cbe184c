from django.urls import path

from meetings import apologies, notes, views

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
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/documents/<slug:document>/text/",
        views.document_text,
        name="document_text",
    ),
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/documents/<slug:document>.pdf",
        views.document_pdf,
        name="document_pdf",
    ),
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/documents/<slug:document>/original.pdf",
        views.document_original,
        name="document_original",
    ),
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/documents/<slug:document>/note/",
        notes.save_note,
        name="document_note",
    ),
    path("panels/<slug:slug>/meetings/<isodate:date>/apologies/", apologies.apologies, name="apologies"),
    path("panels/<slug:slug>/meetings/<isodate:date>/pack.pdf", views.pack_latest, name="pack_latest"),
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/members-pack.pdf",
        views.members_pack_latest,
        name="members_pack_latest",
    ),
    path(
        "panels/<slug:slug>/meetings/<isodate:date>/packs/<slug:variant>-v<version:version>.pdf",
        views.pack_version,
        name="pack_version",
    ),
    path("panels/<slug:slug>/meetings/<isodate:date>/front-sheet/", views.front_sheet, name="front_sheet"),
]
