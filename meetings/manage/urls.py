"""Officer URLs, all under /manage/. Each area keeps its own routes beside its views."""

from meetings.manage import agenda, dashboard

app_name = "manage"
urlpatterns = [*dashboard.urlpatterns, *agenda.urlpatterns]
