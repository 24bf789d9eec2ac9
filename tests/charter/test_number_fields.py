"""The charter's counts are text fields read in the workspace's language: a browser in
English sent "2,5" as 25 hashtags."""

from __future__ import annotations

from django.urls import reverse

from mostra.charter.models import Charter
from tests.charter.test_views import charter, form_data  # noqa: F401 - a fixture


def test_a_count_with_decimals_is_refused_in_words(owner_client, workspace) -> None:
    page_url = reverse("charter:edit", args=[workspace.slug])
    page = owner_client.get(page_url).content.decode()
    assert 'type="number"' not in page and 'inputmode="numeric"' in page
    response = owner_client.post(page_url, form_data(max_exclamations="2,5"))
    assert response.status_code == 400
    assert "“2,5” is not a whole number: type one such as 2." in response.content.decode()
    assert not Charter.objects.filter(workspace=workspace).exists()
    assert owner_client.post(page_url, form_data(max_exclamations=" 3 ")).status_code == 302
    assert Charter.objects.get(workspace=workspace).max_exclamations == 3
