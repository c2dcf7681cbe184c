"""The meetings app's addresses: the public pages (namespace "meetings") and, under /manage/, the officers' pages
(namespace "manage"), all in this one file."""

from django.urls import path

from meetings import apologies, notes, views
from meetings.manage import (
    agenda,
    background_papers,
    dashboard,
    exemptions,
    history,
    planning,
    retention,
    work_programme,
)
from meetings.manage.setup import accounts, councils, memberships, panels, people

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


# Officers' pages, under /manage/ ---------------------------------------------------------------------------------

PANEL = "panels/<slug:slug>/"
MEETING = f"{PANEL}meetings/<isodate:date>/"
PAPER = f"{MEETING}agenda/papers/<int:document_id>/background-papers/"
TOPIC = f"{PANEL}work-programme/topics/<int:pk>/"
MEMBERSHIP = f"{PANEL}membership/"
COUNCIL = "councils/<slug:slug>/"

manage_urlpatterns = [
    # dashboard
    path("", dashboard.dashboard, name="dashboard"),
    # agenda
    path(f"{MEETING}agenda/", agenda.agenda, name="agenda"),
    path(f"{MEETING}agenda/details/", agenda.meeting_details, name="meeting_details"),
    path(f"{MEETING}agenda/items/add/", agenda.item_add, name="item_add"),
    path(f"{MEETING}agenda/items/reorder/", agenda.items_reorder, name="items_reorder"),
    path(f"{MEETING}agenda/items/<int:item_id>/edit/", agenda.item_edit, name="item_edit"),
    path(f"{MEETING}agenda/items/<int:item_id>/move/", agenda.item_move, name="item_move"),
    path(f"{MEETING}agenda/items/<int:item_id>/remove/", agenda.item_remove, name="item_remove"),
    path(f"{MEETING}agenda/items/<int:item_id>/papers/upload/", agenda.paper_upload, name="paper_upload"),
    path(f"{MEETING}agenda/items/<int:item_id>/papers/write/", agenda.paper_write, name="paper_write"),
    path(f"{MEETING}agenda/papers/<int:document_id>/edit/", agenda.paper_edit, name="paper_edit"),
    path(f"{MEETING}agenda/papers/<int:document_id>/move/", agenda.paper_move, name="paper_move"),
    path(f"{MEETING}agenda/papers/<int:document_id>/remove/", agenda.paper_remove, name="paper_remove"),
    path(f"{MEETING}agenda/sections/add/", agenda.section_add, name="section_add"),
    path(f"{MEETING}agenda/items/standard/", agenda.standard_items_add, name="standard_items_add"),
    path(f"{MEETING}agenda/publish/", agenda.publish, name="publish"),
    path(f"{MEETING}agenda/publish/<int:job_id>/", agenda.publish_status, name="publish_status"),
    path(f"{MEETING}agenda/publish/<int:job_id>/retry/", agenda.publish_retry, name="publish_retry"),
    path(f"{MEETING}agenda/packs/<int:version>/withdraw/", agenda.pack_withdraw, name="pack_withdraw"),
    # background_papers
    path(PAPER, background_papers.background_papers, name="background_papers"),
    path(f"{PAPER}<int:paper_id>/edit/", background_papers.background_paper_edit, name="background_paper_edit"),
    path(f"{PAPER}<int:paper_id>/remove/", background_papers.background_paper_remove, name="background_paper_remove"),
    # exemptions
    path("exempt-information/", exemptions.exempt_information, name="exempt_information"),
    path(
        "exempt-information/<str:kind>/<int:record_id>/release/", exemptions.release_exemption, name="release_exemption"
    ),
    # retention
    path("retention/", retention.retention_report, name="retention"),
    # history
    path(f"{MEETING}history/", history.history, name="meeting_history"),
    # planning
    path(f"{PANEL}schedule/", planning.schedule_current, name="schedule_current"),
    path(f"{PANEL}schedule/<int:year>/", planning.schedule, name="schedule"),
    path(f"{PANEL}schedule/add/", planning.add_meeting, name="add_meeting"),
    path(f"{PANEL}schedule/past/", planning.enter_past_meeting, name="enter_past_meeting"),
    path(f"{MEETING}move/", planning.move_meeting, name="move_meeting"),
    path(f"{MEETING}cancel/", planning.cancel_meeting, name="cancel_meeting"),
    path(f"{MEETING}reinstate/", planning.reinstate_meeting, name="reinstate_meeting"),
    # work_programme
    path(f"{PANEL}work-programme/", work_programme.work_programme_current, name="work_programme_current"),
    path(f"{PANEL}work-programme/<int:year>/", work_programme.work_programme, name="work_programme"),
    path(f"{PANEL}work-programme/<int:year>/add/", work_programme.add_topic, name="add_topic"),
    path(TOPIC, work_programme.topic, name="topic"),
    path(f"{TOPIC}edit/", work_programme.edit_topic, name="edit_topic"),
    path(f"{TOPIC}status/", work_programme.topic_status, name="topic_status"),
    path(f"{TOPIC}move/", work_programme.reorder_topic, name="reorder_topic"),
    path(f"{TOPIC}items/", work_programme.link_item, name="link_item"),
    path(f"{TOPIC}items/<int:item_pk>/unlink/", work_programme.unlink_item, name="unlink_item"),
    # councils
    path("councils/", councils.council_list, name="council_list"),
    path("councils/new/", councils.council_new, name="council_new"),
    path(COUNCIL, councils.council_detail, name="council"),
    path(f"{COUNCIL}edit/", councils.council_edit, name="council_edit"),
    # panels
    path("councils/<slug:slug>/panels/new/", panels.panel_new, name="panel_new"),
    path(f"{PANEL}edit/", panels.panel_edit, name="panel_edit"),
    path(f"{PANEL}retire/", panels.panel_retire, name="panel_retire"),
    path(f"{PANEL}reinstate/", panels.panel_reinstate, name="panel_reinstate"),
    # people
    path("councils/<slug:slug>/councillors/new/", people.councillor_new, name="councillor_new"),
    path("councillors/<int:pk>/edit/", people.councillor_edit, name="councillor_edit"),
    path("councils/<slug:slug>/officers/new/", people.officer_new, name="officer_new"),
    path("officers/<int:pk>/edit/", people.officer_edit, name="officer_edit"),
    # memberships
    path(MEMBERSHIP, memberships.membership_current, name="membership_current"),
    path(f"{MEMBERSHIP}<int:year>/", memberships.membership, name="membership"),
    path(f"{MEMBERSHIP}<int:year>/add/", memberships.seat_add, name="seat_add"),
    path(f"{MEMBERSHIP}<int:year>/roll-over/", memberships.roll_over, name="roll_over"),
    path("seats/<int:pk>/edit/", memberships.seat_edit, name="seat_edit"),
    path("seats/<int:pk>/remove/", memberships.seat_remove, name="seat_remove"),
    # accounts
    path("accounts/", accounts.account_list, name="account_list"),
    path("accounts/invite/", accounts.account_invite, name="account_invite"),
    path("accounts/<int:pk>/", accounts.account_edit, name="account_edit"),
    path("accounts/<int:pk>/invite-again/", accounts.account_reinvite, name="account_reinvite"),
]
