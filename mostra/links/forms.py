"""The UTM builder's form and the small forms of the Links page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.links.models import Medium
from mostra.links.services.links import SUPPORTS
from mostra.strategy import networks


def _network_choices() -> list[tuple[str, object]]:
    return [("", _("None (not a network)"))] + [(n.code, n.label) for n in networks.all_networks()]


class LinkForm(forms.Form):
    target = forms.CharField(
        label=_("Destination"),
        max_length=2000,
        help_text=_("The page the link leads to, such as https://example.org/shop."),
    )
    medium = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Automatic: offline with a printed support, else organic"))]
        + list(Medium.choices),
        required=False,
        help_text=_("Leave it automatic unless the link is paid, for ambassadors or e-mail."),
    )
    network = forms.ChoiceField(label=_("Network"), choices=(), required=False)
    campaign = forms.CharField(
        label=_("Campaign"),
        max_length=100,
        required=False,
        help_text=_("Pick one from the list or type a new one (it is added to the list)."),
        widget=forms.TextInput(attrs={"list": "utm-campaigns"}),
    )
    content = forms.CharField(label=_("Content"), max_length=100, required=False)
    support = forms.CharField(
        label=_("Printed support"),
        max_length=60,
        required=False,
        help_text=_("For a link printed on a card, a flyer, a poster…"),
        widget=forms.TextInput(attrs={"list": "supports"}),
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["network"].choices = _network_choices()  # type: ignore[attr-defined]
        self.supports = SUPPORTS


class TargetForm(forms.Form):
    target = forms.CharField(label=_("New destination"), max_length=2000)


class TagsForm(forms.Form):
    """A link's UTM tags, changed after the fact (its code stays)."""

    source = forms.CharField(label=_("Source"), max_length=100, required=False)
    medium = forms.ChoiceField(label=_("Kind"), choices=Medium.choices)
    campaign = forms.CharField(
        label=_("Campaign"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "utm-campaigns"}),
    )
    content = forms.CharField(label=_("Content"), max_length=100, required=False)


class ExpiryForm(forms.Form):
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
