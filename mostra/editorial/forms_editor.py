"""The post editor as a whole: the post form and its variant forms bound together.

:class:`PostEditor` reads a request's data and files into the forms of
:mod:`mostra.editorial.forms`, checks the uploaded files, and gives the service a
:class:`~mostra.editorial.services.posts.PostInput`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from mostra.core.errors import DomainError
from mostra.core.models import Workspace
from mostra.editorial.forms import PostForm, VariantForm, candidate_networks
from mostra.editorial.models import ContentPillar, Post
from mostra.editorial.services import media as media_service
from mostra.editorial.services import posts as service
from mostra.strategy.models import Platform, Tactic


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
                {
                    "text": variant.text,
                    "link": variant.link,
                    "first_comment": variant.first_comment,
                    "overridden": variant.overridden,
                }
                if variant
                else {
                    "text": post.main_text if post else "",
                    "link": post.main_link if post else "",
                    "overridden": False,
                }
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
        # A form sent without the main text (an older page, a script): None, the
        # variants then follow the main text only when they say the same.
        main_text = data.get("main_text", "") if "main_text" in self.form.data else None
        variants = [v.variant_input(main_text) for v in self.enabled_variants()]
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
            main_text=main_text,
            main_link=data.get("main_link", "") if main_text is not None else None,
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
        "main_text": post.main_text,
        "main_link": post.main_link,
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
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "comment-help"}),
        help_text=gettext_lazy(
            "For the team only; never published. To tell a member, write @ and their name "
            "or the start of their e-mail address (@bob for bob@example.org): they are "
            "notified."
        ),
    )
