"""The scrutiny cycle's addresses: the public trackers (namespace "scrutiny") and, under /manage/, the officers'
pages for recommendations and decisions (namespace "scrutiny_manage")."""

from django.urls import path

from minutes.scrutiny import manage, views

app_name = "scrutiny"
urlpatterns = [
    path("panels/<slug:slug>/recommendations/", views.tracker, name="tracker"),
    path("panels/<slug:slug>/recommendations/<int:number>/", views.recommendation_detail, name="recommendation_detail"),
    path("panels/<slug:slug>/decisions/", views.decision_list, name="decision_list"),
    path("panels/<slug:slug>/decisions/<slug:reference>/", views.decision_detail, name="decision_detail"),
]


# Officers' pages, under /manage/ (namespace "scrutiny_manage") ----------------------------------------
RECOMMENDATION = "panels/<slug:slug>/recommendations/<int:number>/"
DECISION = "panels/<slug:slug>/decisions/<slug:reference>/"

manage_urlpatterns = [
    path("decisions/open-to-call-in/", manage.open_to_call_in, name="open_to_call_in"),
    path("panels/<slug:slug>/recommendations/", manage.recommendations, name="recommendations"),
    path("panels/<slug:slug>/recommendations/add/", manage.recommendation_add, name="recommendation_add"),
    path(RECOMMENDATION, manage.recommendation, name="recommendation"),
    path(f"{RECOMMENDATION}refer/", manage.refer, name="refer"),
    path(f"{RECOMMENDATION}response/", manage.respond, name="respond"),
    path(f"{RECOMMENDATION}action-plan/", manage.add_step, name="add_step"),
    path(f"{RECOMMENDATION}updates/", manage.add_update, name="add_update"),
    path("panels/<slug:slug>/decisions/", manage.decisions, name="decisions"),
    path("panels/<slug:slug>/decisions/add/", manage.decision_add, name="decision_add"),
    path(DECISION, manage.decision, name="decision"),
    path(f"{DECISION}publish/", manage.publish, name="publish"),
    path(f"{DECISION}call-in/", manage.call_in, name="call_in"),
    path(f"{DECISION}consideration/", manage.consideration, name="consideration"),
    path(f"{DECISION}outcome/", manage.outcome, name="outcome"),
]
