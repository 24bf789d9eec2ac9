from django.urls import include, path

from mostra.api.api import api
from mostra.links import redirect as links_redirect

urlpatterns = [
    path("api/", api.urls),
    path("w/<slug:slug>/strategy/", include("mostra.strategy.urls")),
    path("w/<slug:slug>/charter/", include("mostra.charter.urls")),
    path("w/<slug:slug>/analytics/", include("mostra.analytics.urls")),
    path("w/<slug:slug>/listening/", include("mostra.listening.urls")),
    path("w/<slug:slug>/reports/", include("mostra.reports.urls")),
    path("w/<slug:slug>/notifications/", include("mostra.notifications.urls")),
    path("w/<slug:slug>/paid/", include("mostra.paid.urls")),
    path("w/<slug:slug>/toolbox/", include("mostra.toolbox.urls")),
    path("w/<slug:slug>/ambassadors/", include("mostra.ambassadors.urls")),
    path("share/", include("mostra.ambassadors.share_urls")),
    path("embed/", include("mostra.toolbox.embed_urls")),
    path("w/<slug:slug>/links/", include("mostra.links.urls")),
    path("w/<slug:slug>/", include("mostra.publishing.urls")),
    path("w/<slug:slug>/", include("mostra.editorial.urls")),
    path("l/<str:code>", links_redirect.follow, name="short_link"),
    path("", include("mostra.publishing.oauth_urls")),
    path("", include("mostra.core.urls")),
]

handler400 = "mostra.core.views.errors.bad_request"
handler404 = "mostra.core.views.errors.not_found"
handler500 = "mostra.core.views.errors.server_error"
