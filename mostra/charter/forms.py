"""The charter page's forms: the tone and general rules, and one form per network."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.charter.limits import limits_for
from mostra.charter.models import Charter, CharterNetworkRule, EmojiPolicy
from mostra.core.numbers import NumbersInLanguage
from mostra.strategy.catalogue import CONTENT_TYPES, FORMATS, NETWORKS

_ROWS = {"rows": 3}


class CharterForm(NumbersInLanguage, forms.ModelForm):
    """Tone, tone rules, disclosure and words for all networks, formats to favour; numbers
    in ``language``, the workspace's (:mod:`mostra.core.numbers`)."""

    class Meta:
        model = Charter
        fields = [
            "tone",
            "address_form",
            "max_caps_ratio",
            "max_exclamations",
            "inclusive_writing",
            "language",
            "disclosure_mentions",
            "forbidden_words",
            "required_words",
        ]
        widgets = {
            "tone": forms.Textarea(attrs={"rows": 4}),
            "disclosure_mentions": forms.Textarea(attrs=_ROWS),
            "forbidden_words": forms.Textarea(attrs=_ROWS),
            "required_words": forms.Textarea(attrs=_ROWS),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formats = self.instance.favoured_formats or {}
        for kind, label in CONTENT_TYPES.items():
            self.fields[f"formats_{kind}"] = forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=list(FORMATS.items()),
                widget=forms.CheckboxSelectMultiple,
                initial=formats.get(kind, []),
            )

    def format_fields(self) -> list[forms.BoundField]:
        return [self[f"formats_{kind}"] for kind in CONTENT_TYPES]

    def charter_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["favoured_formats"] = {
            kind: self.cleaned_data[f"formats_{kind}"] for kind in CONTENT_TYPES
        }
        return values


class NetworkRuleForm(NumbersInLanguage, forms.ModelForm):
    """The charter's rules for one network; ``remove`` drops a saved rule."""

    remove = forms.BooleanField(label=_("Remove these rules"), required=False)

    class Meta:
        model = CharterNetworkRule
        fields = [
            "max_hashtags",
            "emoji_policy",
            "emoji_max",
            "required_words",
            "forbidden_words",
            "utm_required",
            "alt_text_required",
            "disclosure_required",
        ]
        widgets = {
            "required_words": forms.Textarea(attrs=_ROWS),
            "forbidden_words": forms.Textarea(attrs=_ROWS),
        }

    def __init__(self, *args: Any, network: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"rule-{network}")
        super().__init__(*args, **kwargs)
        self.network = network
        self.network_label = NETWORKS[network]
        self.limits = limits_for(network)
        if self.limits.max_hashtags is not None:
            self.fields["max_hashtags"].help_text = _(
                "The network accepts at most %(max)d; leave empty for that."
            ) % {"max": self.limits.max_hashtags}
        if self.instance.pk is None:
            del self.fields["remove"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        most = data.get("max_hashtags")
        if most is not None and self.limits.max_hashtags is not None:
            if most > self.limits.max_hashtags:
                self.add_error(
                    "max_hashtags",
                    _("%(network)s accepts at most %(max)d hashtags: choose %(max)d or fewer.")
                    % {"network": self.network_label, "max": self.limits.max_hashtags},
                )
        if data.get("emoji_policy") == EmojiPolicy.MAX and data.get("emoji_max") is None:
            self.add_error("emoji_max", _("Say how many emoji at most."))
        return data

    def rule_values(self) -> dict[str, Any] | None:
        if self.cleaned_data.get("remove"):
            return None
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TryForm(forms.Form):
    """The "try a text" box: the same fields as the live check of the post editor."""

    network = forms.ChoiceField(label=_("Network"), choices=list(NETWORKS.items()))
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    link = forms.CharField(label=_("Link"), required=False)
    sponsored = forms.BooleanField(label=_("Sponsored or influencer content"), required=False)
    image_retouched = forms.BooleanField(label=_("Retouched image"), required=False)
    image_virtual = forms.BooleanField(label=_("AI-generated image"), required=False)
    sensitive = forms.BooleanField(label=_("Sensitive"), required=False)
