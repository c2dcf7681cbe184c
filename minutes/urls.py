from django.urls import path

from minutes import views

app_name = "minutes"
urlpatterns = [
    path("panels/<slug:slug>/meetings/<isodate:date>/minutes/", views.minutes_detail, name="minutes_detail"),
    path("panels/<slug:slug>/actions/", views.actions_tracker, name="actions_tracker"),
]
