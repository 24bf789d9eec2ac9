"""The analytics pages, mounted at ``w/<slug>/analytics/``; each part keeps its own list."""

from mostra.analytics import (
    urls_accounts,
    urls_besttime,
    urls_conversions,
    urls_imports,
    urls_kpis,
    urls_measurements,
    urls_objectives,
    urls_paid,
    urls_programme,
)

app_name = "analytics"
urlpatterns = [
    *urls_accounts.urlpatterns,
    *urls_imports.urlpatterns,
    *urls_kpis.urlpatterns,
    *urls_objectives.urlpatterns,
    *urls_measurements.urlpatterns,
    *urls_conversions.urlpatterns,
    *urls_besttime.urlpatterns,
    *urls_paid.urlpatterns,
    *urls_programme.urlpatterns,
]
