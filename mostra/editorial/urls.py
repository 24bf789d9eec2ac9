"""The editorial pages, under /w/<slug>/: each area keeps its routes in urlparts/."""

from mostra.editorial.urlparts import calendar, exchange, posts, workflow

app_name = "editorial"

urlpatterns = [
    *calendar.urlpatterns,
    *posts.urlpatterns,
    *workflow.urlpatterns,
    *exchange.urlpatterns,
]
