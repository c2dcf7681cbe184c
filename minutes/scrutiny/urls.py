from django.urls import path

from minutes.scrutiny import views

app_name = "scrutiny"
urlpatterns = [
    path("panels/<slug:slug>/recommendations/", views.tracker, name="tracker"),
    path("panels/<slug:slug>/recommendations/<int:number>/", views.recommendation_detail, name="recommendation_detail"),
    path("panels/<slug:slug>/decisions/", views.decision_list, name="decision_list"),
    path("panels/<slug:slug>/decisions/<slug:reference>/", views.decision_detail, name="decision_detail"),
]
