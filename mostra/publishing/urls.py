"""The publishing pages, under /w/<slug>/: accounts, webhooks, a post's publications."""

from __future__ import annotations

from django.urls import path

from mostra.publishing.views import (
    accounts,
    by_hand,
    mastodon_sign_in,
    notifications,
    publication,
    webhooks,
)

app_name = "publishing"

urlpatterns = [
    path("accounts/", accounts.accounts, name="accounts"),
    path("accounts/connect/<str:network>/", accounts.connect, name="account_connect"),
    path("accounts/oauth/<str:network>/", accounts.connect_oauth, name="account_oauth"),
    path("accounts/mastodon/sign-in/", mastodon_sign_in.start, name="mastodon_sign_in"),
    path("accounts/mastodon/callback/", mastodon_sign_in.callback, name="mastodon_callback"),
    path("accounts/<int:pk>/disconnect/", accounts.disconnect, name="account_disconnect"),
    path("accounts/by-hand/", by_hand.account_add, name="account_by_hand"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("webhooks/", webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/active/", webhooks.webhook_active, name="webhook_active"),
    path("webhooks/<int:pk>/delete/", webhooks.webhook_delete, name="webhook_delete"),
    path(
        "posts/<int:pk>/publications/",
        publication.post_publications,
        name="post_publications",
    ),
    path("posts/<int:pk>/publish-now/", publication.post_publish_now, name="post_publish_now"),
    path("publications/<int:pk>/retry/", publication.publication_retry, name="publication_retry"),
    path("publications/<int:pk>/by-hand/", by_hand.publication_page, name="by_hand"),
    path(
        "publications/<int:pk>/by-hand/published/",
        by_hand.publication_published,
        name="by_hand_published",
    ),
    path("publications/<int:pk>/by-hand/skip/", by_hand.publication_skip, name="by_hand_skip"),
    path(
        "publications/<int:pk>/mark-published/",
        publication.publication_mark_published,
        name="publication_mark_published",
    ),
]
