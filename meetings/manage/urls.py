"""Officer URLs, all under /manage/. Each area keeps its own routes beside its views."""

from meetings.manage import agenda, dashboard, history, planning, work_programme

app_name = "manage"
urlpatterns = [
    *dashboard.urlpatterns,
    *agenda.urlpatterns,
    *history.urlpatterns,
    *planning.urlpatterns,
    *work_programme.urlpatterns,
]
