"""The post editor's forms: the post, one form per network variant, and the upload.

The post form has no prefix: its flags (``sensitive``, ``sponsored``,
``image_retouched``, ``image_virtual``) are sent as they are to the charter's live
check. Each variant's form has the prefix ``v-<network>`` (fields ``v-instagram-text``,
``v-instagram-link``…). :class:`PostEditor` binds them together and gives the
service a :class:`~mostra.editorial.services.posts.PostInput`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

    def __init__(
        self, *args: Any, network: str, media: list[PostMedia] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, prefix=f"v-{network}", **kwargs)
        self.network = network
        self.label = catalogue.network_label(network)
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

    def variant_input(self) -> service.VariantInput:
        data = self.cleaned_data
        return service.VariantInput(
            network=self.network,
            text=data.get("text", ""),
            link=data.get("link", ""),
            first_comment=data.get("first_comment", ""),
            alt_texts={m.pk: data.get(f"alt_{m.pk}", "") for m in self.attached},
            remove_media={m.pk for m in self.attached if data.get(f"remove_{m.pk}")},
        )


class PostEditor:
    """The post form and its variant forms, bound together."""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        workspace: Workspace,
        post: Post | None,
        tactics: list[Tactic],
        pillars: list[ContentPillar],
        platforms: list[Platform],
        initial: dict[str, Any] | None = None,
        refused_uploads: list[str] | None = None,
    ) -> None:
        self.post = post
        self.networks = candidate_networks(tactics, platforms, post)
        self.form = PostForm(
            data,
            files,
            workspace=workspace,
            tactics=tactics,
            pillars=pillars,
            networks=self.networks,
            initial=initial,
        )
        variants = {v.network: v for v in post.variants.all()} if post and post.pk else {}
        self.variants = []
        for network in self.networks:
            variant = variants.get(network)
            initial_variant = (
                {"text": variant.text, "link": variant.link, "first_comment": variant.first_comment}
                if variant
                else None
            )
            self.variants.append(
                VariantForm(
                    data,
                    network=network,
                    media=list(variant.media.all()) if variant else [],
                    initial=initial_variant,
                )
            )
        self.refused_uploads = refused_uploads or []
        self.checked_uploads: list[media_service.CheckedMedia] = []

    @property
    def selected(self) -> set[str]:
        if self.form.is_bound:
            chosen = (
                self.form.cleaned_data.get("networks")
                if hasattr(self.form, "cleaned_data")
                else None
            )
            return set(chosen or self.form.data.getlist("networks"))
        return set(self.form.initial.get("networks") or [])

    def enabled_variants(self) -> list[VariantForm]:
        chosen = self.selected
        return [v for v in self.variants if v.network in chosen]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for variant in self.enabled_variants():
            valid = variant.is_valid() and valid
        for name in self.refused_uploads:
            self.form.add_error(None, media_service.too_large_message(name))
            valid = False
        if valid:
            for upload in self.form.cleaned_data.get("upload") or []:
                try:
                    self.checked_uploads.append(media_service.inspect(upload))
                except DomainError as exc:
                    self.form.add_error("upload", exc.message)
                    valid = False
        return valid

    def to_input(self) -> service.PostInput:
        data = self.form.cleaned_data
        variants = [v.variant_input() for v in self.enabled_variants()]
        networks = [v.network for v in variants]
        if data.get("upload_everywhere") or not data.get("upload_network"):
            targets = networks
        else:
            targets = [data["upload_network"]]
        return service.PostInput(
            tactic=data["tactic"],
            pillar=data.get("pillar"),
            title=data.get("title", ""),
            scheduled_at=data.get("scheduled_at"),
            sensitive=data.get("sensitive", False),
            sponsored=data.get("sponsored", False),
            image_retouched=data.get("image_retouched", False),
            image_virtual=data.get("image_virtual", False),
            variants=variants,
            uploads=[
                service.UploadInput(
                    checked=c, alt_text=data.get("upload_alt", ""), networks=targets
                )
                for c in self.checked_uploads
            ],
        )

    @property
    def has_errors(self) -> bool:
        """Whether the post form or a chosen variant was refused."""
        return bool(self.form.errors) or any(
            v.is_bound and v.errors for v in self.enabled_variants()
        )

    def add_error(self, exc: DomainError) -> None:
        field = exc.field if exc.field in self.form.fields else None
        self.form.add_error(field, exc.message)


def initial_for(post: Post, workspace: Workspace) -> dict[str, Any]:
    """The post form's starting values for an existing post."""
    when = service.local(workspace, post.scheduled_at) if post.scheduled_at else None
    return {
        "tactic": str(post.tactic_id or ""),
        "pillar": str(post.pillar_id or ""),
        "title": post.title,
        "date": when.date() if when else None,
        "time": when.time() if when else None,
        "networks": [v.network for v in post.variants.all()],
        "sensitive": post.sensitive,
        "sponsored": post.sponsored,
        "image_retouched": post.image_retouched,
        "image_virtual": post.image_virtual,
        "upload_everywhere": True,
    }


def initial_for_new(
    workspace: Workspace, tactics: list[Tactic], at: str = "", tactic: str = ""
) -> dict[str, Any]:
    """A new post's starting values, from the link that asked for it (``at``, ``tactic``)."""
    initial: dict[str, Any] = {"upload_everywhere": True}
    try:
        when = dt.datetime.strptime(at, "%Y-%m-%dT%H:%M") if at else None
    except ValueError:
        when = None
    if when is not None:
        initial["date"], initial["time"] = when.date(), when.time()
    chosen = next((t for t in tactics if str(t.pk) == tactic), None)
    if chosen is not None:
        initial["tactic"] = str(chosen.pk)
        initial["networks"] = list(chosen.networks or [])
    return initial


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For the team only; never published."),
    )
