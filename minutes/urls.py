"""The minutes app's addresses: the public minutes and actions (namespace "minutes") and, under /manage/, the
officers' minutes editor and tracker (namespace "minutes_manage")."""

from django.urls import path

from minutes import views
from minutes.manage import actions, attendance, editor, entries, lifecycle, tracker

app_name = "minutes"
urlpatterns = [
    path("panels/<slug:slug>/meetings/<isodate:date>/minutes/", views.minutes_detail, name="minutes_detail"),
    path("panels/<slug:slug>/actions/", views.actions_tracker, name="actions_tracker"),
]


# Officers' pages, under /manage/ (namespace "minutes_manage") ----------------------------------------
MINUTES = "panels/<slug:slug>/meetings/<isodate:date>/minutes/"
ENTRY = f"{MINUTES}entries/<int:entry>/"
ACTION = f"{MINUTES}actions/<int:action>/"

manage_urlpatterns = [
    path(MINUTES, editor.editor, name="editor"),
    path(f"{MINUTES}start/", editor.start, name="start"),
    path(f"{MINUTES}attendance/", attendance.attendance, name="attendance"),
    path(f"{MINUTES}entries/add/", entries.entry_add, name="entry_add"),
    path(f"{MINUTES}entries/order/", entries.entries_reorder, name="entries_reorder"),
    path(ENTRY, entries.entry_edit, name="entry_edit"),
    path(f"{ENTRY}card/", entries.entry_card, name="entry_card"),
    path(f"{ENTRY}delete/", entries.entry_delete, name="entry_delete"),
    path(f"{ENTRY}move/", entries.entry_move, name="entry_move"),
    path(f"{ENTRY}actions/add/", actions.action_add, name="action_add"),
    path(ACTION, actions.action_edit, name="action_edit"),
    path(f"{ACTION}delete/", actions.action_delete, name="action_delete"),
    path(f"{MINUTES}numbers/", entries.renumber, name="renumber"),
    path(f"{MINUTES}exclusion/", entries.exclusion, name="exclusion"),
    path(f"{MINUTES}publish/", lifecycle.publish, name="publish"),
    path(f"{MINUTES}unpublish/", lifecycle.unpublish, name="unpublish"),
    path(f"{MINUTES}confirm/", lifecycle.confirm, name="confirm"),
    path(f"{MINUTES}history/", lifecycle.history, name="history"),
    path("panels/<slug:slug>/actions/", tracker.tracker, name="tracker"),
    path("panels/<slug:slug>/actions/<int:action>/progress/", tracker.action_progress, name="action_progress"),
]
