"""The reports pages, mounted at ``w/<slug>/reports/``; each part keeps its own list."""

from mostra.reports import urls_dashboard, urls_report

app_name = "reports"
urlpatterns = [*urls_dashboard.urlpatterns, *urls_report.urlpatterns]
