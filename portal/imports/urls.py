"""The importer's officer pages, under /manage/ (namespace "imports")."""

from django.urls import path

from portal.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.run_list, name="run_list"),
    path("imports/<int:pk>/", views.run_detail, name="run_detail"),
    path("imports/<int:pk>/run-again/", views.run_again, name="run_again"),
]
