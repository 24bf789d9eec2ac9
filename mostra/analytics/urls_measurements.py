"""URLs of the recorded KPI values pages (joined in :mod:`mostra.analytics.urls`)."""

from django.urls import URLPattern, path

from mostra.analytics.views import measurements

urlpatterns: list[URLPattern] = [
    path("values/", measurements.kpi_values_list, name="kpi_values_list"),
    path("values/<slug:code>/", measurements.kpi_values, name="kpi_values"),
    path("values/<slug:code>/import/", measurements.kpi_values_import, name="kpi_values_import"),
    path("values/<slug:code>/<int:pk>/", measurements.kpi_value_edit, name="kpi_value_edit"),
    path(
        "values/<slug:code>/<int:pk>/delete/",
        measurements.kpi_value_delete,
        name="kpi_value_delete",
    ),
]
