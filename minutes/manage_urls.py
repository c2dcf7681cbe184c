"""Officer URLs for minutes and actions, under /manage/ beside the agenda pages."""

from django.urls import path

from minutes import manage

app_name = "minutes_manage"

MINUTES = "panels/<slug:slug>/meetings/<isodate:date>/minutes/"
ENTRY = f"{MINUTES}entries/<int:entry>/"
ACTION = f"{MINUTES}actions/<int:action>/"

urlpatterns = [
    path(MINUTES, manage.editor, name="editor"),
    path(f"{MINUTES}start/", manage.start, name="start"),
    path(f"{MINUTES}attendance/", manage.attendance, name="attendance"),
    path(f"{MINUTES}entries/add/", manage.entry_add, name="entry_add"),
    path(f"{MINUTES}entries/order/", manage.entries_reorder, name="entries_reorder"),
    path(ENTRY, manage.entry_edit, name="entry_edit"),
    path(f"{ENTRY}card/", manage.entry_card, name="entry_card"),
    path(f"{ENTRY}delete/", manage.entry_delete, name="entry_delete"),
    path(f"{ENTRY}move/", manage.entry_move, name="entry_move"),
    path(f"{ENTRY}actions/add/", manage.action_add, name="action_add"),
    path(ACTION, manage.action_edit, name="action_edit"),
    path(f"{ACTION}delete/", manage.action_delete, name="action_delete"),
    path(f"{MINUTES}numbers/", manage.renumber, name="renumber"),
    path(f"{MINUTES}exclusion/", manage.exclusion, name="exclusion"),
    path(f"{MINUTES}publish/", manage.publish, name="publish"),
    path(f"{MINUTES}unpublish/", manage.unpublish, name="unpublish"),
    path(f"{MINUTES}confirm/", manage.confirm, name="confirm"),
    path(f"{MINUTES}history/", manage.history, name="history"),
    path("panels/<slug:slug>/actions/", manage.tracker, name="tracker"),
    path("panels/<slug:slug>/actions/<int:action>/progress/", manage.action_progress, name="action_progress"),
]
