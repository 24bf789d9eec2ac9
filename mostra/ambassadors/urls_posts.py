"""The programme's posts pages (joined in :mod:`mostra.ambassadors.urls`)."""

from django.urls import URLPattern, path

from mostra.ambassadors.views import posts as views

urlpatterns: list[URLPattern] = [
    path("posts/", views.posts_page, name="posts"),
    path("posts/add/", views.post_add, name="post_add"),
    path("posts/refresh/member/<int:pk>/", views.refresh_member, name="posts_refresh_member"),
    path("posts/refresh/campaign/<int:pk>/", views.refresh_campaign, name="posts_refresh_campaign"),
    path("campaigns/<int:pk>/compliance/", views.compliance_page, name="compliance"),
]
