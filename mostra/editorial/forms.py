"""The post editor's forms: the post, one form per network variant, and the upload.

The post form has no prefix: its flags (``sensitive``, ``sponsored``,
``image_retouched``, ``image_virtual``) are sent as they are to the charter's live
check. Each variant's form has the prefix ``v-<network>`` (fields ``v-instagram-text``,
``v-instagram-link``…). :class:`~mostra.editorial.forms_editor.PostEditor` binds them
together and gives the service a :class:`~mostra.editorial.services.posts.PostInput`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.charter.checks.thread import supports_threads
from mostra.core.errors import DomainError
from mostra.core.models import Workspace
from mostra.editorial.models import ContentPillar, Post, PostMedia
from mostra.editorial.services import media as media_service
from mostra.editorial.services import posts as service
from mostra.strategy import catalogue
from mostra.strategy.models import Platform, Tactic


class TacticSelect(forms.Select):
    """A select whose options carry the tactic's networks (``data-networks``)."""

    def __init__(self, networks: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.networks = networks

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.networks:
            option["attrs"]["data-networks"] = " ".join(self.networks[str(value)])
        return option


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def tactic_choices(tactics: list[Tactic]) -> list[tuple[str, Any]]:
    """Tactics grouped by “objective → strategy”, in the strategy's order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for tactic in tactics:
        strategy = tactic.strategy
        group = f"{strategy.objective} → {strategy}"
        groups.setdefault(group, []).append((str(tactic.pk), str(tactic)))
    return [("", gettext_lazy("Choose the tactic this post serves")), *groups.items()]


def candidate_networks(
    tactics: list[Tactic], platforms: list[Platform], post: Post | None
) -> list[str]:
    """Networks a variant may be written for: platforms, tactics' networks, the post's."""
    wanted = {p.network for p in platforms if p.stage != "abandoned"}
    for tactic in tactics:
        wanted.update(tactic.networks or [])
    if post is not None and post.pk:
        wanted.update(v.network for v in post.variants.all())
    return [code for code in catalogue.NETWORKS if code in wanted]


class PostForm(forms.Form):
    tactic = forms.ChoiceField(label=gettext_lazy("Tactic"))
    pillar = forms.ChoiceField(label=gettext_lazy("Content pillar"), required=False)
    title = forms.CharField(
        label=gettext_lazy("Working title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For the team only; never published."),
    )
    date = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    main_text = forms.CharField(
        label=gettext_lazy("Main text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Shared by every network below, unless you customise it for one of them."
        ),
    )
    main_link = forms.URLField(
        label=gettext_lazy("Main link"), required=False, max_length=2000, assume_scheme="https"
    )
    networks = forms.MultipleChoiceField(
        label=gettext_lazy("Networks"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        help_text=gettext_lazy("One variant per network. Left empty: the tactic's networks."),
    )
    sensitive = forms.BooleanField(
        label=gettext_lazy("Sensitive"),
        required=False,
        help_text=gettext_lazy("Always needs an approval, whatever the workspace's policy."),
    )
    sponsored = forms.BooleanField(
        label=gettext_lazy("Sponsored or influencer content"),
        required=False,
        help_text=gettext_lazy("Paid partnership: the disclosure rules of the charter apply."),
    )
    image_retouched = forms.BooleanField(label=gettext_lazy("Retouched image"), required=False)
    image_virtual = forms.BooleanField(label=gettext_lazy("AI-generated image"), required=False)
    upload = MultipleFileField(
        label=gettext_lazy("Add images or a video"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime"}
        ),
        help_text=gettext_lazy("JPEG, PNG, WebP, GIF, MP4 or MOV. SVG is not accepted."),
    )
    upload_alt = forms.CharField(
        label=gettext_lazy("Alternative text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "What the image shows, for those who cannot see it. You can change it later."
        ),
    )
    upload_everywhere = forms.BooleanField(
        label=gettext_lazy("Add to every variant"), required=False, initial=True
    )
    upload_network = forms.ChoiceField(label=gettext_lazy("Otherwise, only to"), required=False)

    def __init__(
        self,
        *args: Any,
        workspace: Workspace,
        tactics: list[Tactic],
        pillars: list[ContentPillar],
        networks: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.tactics = {str(t.pk): t for t in tactics}
        self.pillars = {str(p.pk): p for p in pillars}
        self.fields["tactic"].choices = tactic_choices(tactics)
        self.fields["tactic"].widget = TacticSelect(
            {str(t.pk): list(t.networks or []) for t in tactics},
            choices=self.fields["tactic"].choices,
        )
        self.fields["pillar"].choices = [
            ("", _("No pillar")),
            *((str(p.pk), p.name) for p in pillars),
        ]
        network_choices = [(n, catalogue.network_label(n)) for n in networks]
        self.fields["networks"].choices = network_choices
        self.fields["upload_network"].choices = [("", "—"), *network_choices]
        # The browser refuses a file over the limit at once, before sending it.
        self.fields["upload"].widget.attrs.update(
            {
                "data-max-bytes": str(media_service.max_upload_bytes()),
                "data-too-large": media_service.too_large_message("%(name)s"),
            }
        )

    def clean_tactic(self) -> Tactic:
        return self.tactics[self.cleaned_data["tactic"]]

    def clean_pillar(self) -> ContentPillar | None:
        return self.pillars.get(self.cleaned_data.get("pillar") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date, time = data.get("date"), data.get("time")
        data["scheduled_at"] = None
        if date and time:
            try:
                data["scheduled_at"] = service.localize(self.workspace, date, time)
            except DomainError as exc:
                self.add_error("time", exc.message)
        elif date and not time:
            self.add_error("time", _("Give the time too, or leave the date empty."))
        elif time and not date:
            self.add_error("date", _("Give the date too, or leave the time empty."))
        tactic = data.get("tactic")
        if not data.get("networks") and isinstance(tactic, Tactic):
            data["networks"] = [
                n for n in tactic.networks or [] if n in dict(self.fields["networks"].choices)
            ]
        if "tactic" in data and not data.get("networks"):
            self.add_error(
                "networks", _("Choose at least one network: a post needs a variant to go out.")
            )
        return data


class VariantForm(forms.Form):
    """What goes out on one network; its media's alt text and removal are extra fields."""

    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    link = forms.URLField(
        label=gettext_lazy("Link"), required=False, max_length=2000, assume_scheme="https"
    )
    first_comment = forms.CharField(
        label=gettext_lazy("First comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Published right after the post, where the network allows it."),
    )
    overridden = forms.BooleanField(
        label=gettext_lazy("Customise for this network"),
        required=False,
        help_text=gettext_lazy("Unticked: this network takes the main text and link."),
    )

    def __init__(
        self, *args: Any, network: str, media: list[PostMedia] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, prefix=f"v-{network}", **kwargs)
        self.network = network
        self.label = catalogue.network_label(network)
        if supports_threads(network):
            self.fields["text"].help_text = _(
                "A thread: a line holding only --- starts its next post."
            )
        self.attached = media or []
        for item in self.attached:
            self.fields[f"alt_{item.pk}"] = forms.CharField(
                label=_("Alternative text of “%(name)s”") % {"name": item},
                required=False,
                initial=item.alt_text,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"remove_{item.pk}"] = forms.BooleanField(
                label=_("Remove from this variant"), required=False
            )

    @property
    def field_prefix(self) -> str:
        return f"{self.prefix}-"

    def media_rows(self) -> list[tuple[PostMedia, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"alt_{m.pk}"], self[f"remove_{m.pk}"]) for m in self.attached]

    def variant_input(self, main_text: str | None = None) -> service.VariantInput:
        """What the service saves; ``main_text`` None: the form had no main text (the
        variant then follows the post's main text when it says the same)."""
        data = self.cleaned_data
        overridden: bool | None = None
        if main_text is not None:
            overridden = bool(data.get("overridden"))
            # Typed in a variant that still followed the main text (no script to show the
            # box): the words are kept, the variant becomes customised.
            text = service.lines(data.get("text") or "")
            typed = text != service.lines(str(self.initial.get("text") or ""))
            if not overridden and typed and text != service.lines(main_text):
                overridden = True
        return service.VariantInput(
            network=self.network,
            text=data.get("text", ""),
            link=data.get("link", ""),
            overridden=overridden,
            first_comment=data.get("first_comment", ""),
            alt_texts={m.pk: data.get(f"alt_{m.pk}", "") for m in self.attached},
            remove_media={m.pk for m in self.attached if data.get(f"remove_{m.pk}")},
        )
