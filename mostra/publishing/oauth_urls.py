"""OAuth callbacks, public media for Meta, and the administrators' network applications.

Mounted at the root (see mostra/urls.py): the callback addresses are fixed, since each
network's developer portal holds them.
"""

from __future__ import annotations

from django.urls import path

from mostra.publishing.views import network_apps, oauth_callback

app_name = "oauth"

urlpatterns = [
    path("oauth/<slug:provider>/callback/", oauth_callback.callback, name="callback"),
    path("media/public/<str:token>/", oauth_callback.public_media, name="public_media"),
    path("admin-settings/networks/", network_apps.network_apps, name="network_apps"),
    path(
        "admin-settings/networks/<slug:provider>/",
        network_apps.save_network_app,
        name="save_network_app",
    ),
    path(
        "admin-settings/networks/<slug:provider>/remove/",
        network_apps.remove_network_app,
        name="remove_network_app",
    ),
]
