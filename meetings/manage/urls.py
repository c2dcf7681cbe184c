"""Officer URLs, all under /manage/. Each area keeps its own routes beside its views."""

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

app_name = "manage"
urlpatterns = [
    *dashboard.urlpatterns,
    *agenda.urlpatterns,
    *background_papers.urlpatterns,
    *exemptions.urlpatterns,
    *retention.urlpatterns,
    *history.urlpatterns,
    *planning.urlpatterns,
    *work_programme.urlpatterns,
    *councils.urlpatterns,
    *panels.urlpatterns,
    *people.urlpatterns,
    *memberships.urlpatterns,
    *accounts.urlpatterns,
]
