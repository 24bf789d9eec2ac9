"""Pieces of the post editor's page: the variants' live check, findings, slot suggestions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from mostra.charter.checks import check_post
from mostra.core.models import Membership
from mostra.editorial.forms import VariantForm
from mostra.editorial.forms_editor import PostEditor
from mostra.editorial.models import Post
from mostra.editorial.services import posts as service
from mostra.editorial.services import slots as slot_service
from mostra.strategy.models import Tactic

#: The flags sent with every live check (unprefixed, as the post form names them).
FLAGS_ID = "post-flags"


def charter_check_url(membership: Membership) -> str:
    """The charter's live check endpoint (``charter:check``)."""
    return reverse("charter:check", args=[membership.workspace.slug])


def charter_findings(post: Post | None) -> dict[str, list[Any]]:
    """The charter's findings for each variant of a saved post: {network: [Finding]}."""
    if post is None or post.pk is None:
        return {}
    return check_post(post)


def render_findings(network: str, text: str, findings: list[Any], workspace: Any = None) -> str:
    """The findings as the live check shows them (the charter's own partial)."""
    from mostra.charter.instance_limits import text_max_for
    from mostra.charter.views import render_findings as charter_render

    return charter_render(network, text, findings, text_max=text_max_for(workspace, network))


def findings_panels(post: Post, findings: dict[str, list[Any]]) -> list[tuple[str, str]]:
    """(network, rendered findings) for each saved variant, in the post's order."""
    return [
        (v.network, render_findings(v.network, v.text, findings[v.network], post.workspace_id))
        for v in post.variants.all()
        if v.network in findings
    ]


@dataclass
class VariantBlock:
    """One variant's fieldset: its form and how its fields call the live check."""

    form: VariantForm
    enabled: bool
    findings: list[Any] = field(default_factory=list)
    #: The findings of the saved variant, rendered server-side; the live check replaces it.
    rendered: str = ""
    check_url: str | None = None
    vals: str = ""

    @property
    def network(self) -> str:
        return self.form.network

    @property
    def fieldset_id(self) -> str:
        return f"variant-{self.network}"

    @property
    def findings_id(self) -> str:
        return f"findings-{self.network}"

    @property
    def include(self) -> str:
        return f"#{self.fieldset_id}, #{FLAGS_ID}"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if getattr(f, "severity", "") == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if getattr(f, "severity", "") == "warning")


def variant_blocks(
    membership: Membership,
    editor: PostEditor,
    post: Post | None,
    findings: dict[str, list[Any]] | None = None,
) -> list[VariantBlock]:
    url = charter_check_url(membership)
    findings = findings or {}
    saved = {v.network: v.text for v in post.variants.all()} if post is not None else {}
    chosen = editor.selected
    blocks = []
    for form in editor.variants:
        vals: dict[str, Any] = {"network": form.network, "prefix": form.field_prefix}
        if post is not None and post.pk:
            vals["post"] = post.pk
        if url:
            _wire(form, url, json.dumps(vals), on_load=form.network in chosen)
        blocks.append(
            VariantBlock(
                form=form,
                enabled=form.network in chosen,
                findings=list(findings.get(form.network, [])),
                rendered=(
                    render_findings(
                        form.network,
                        saved[form.network],
                        findings[form.network],
                        post.workspace_id if post is not None else None,
                    )
                    if form.network in findings and form.network in saved
                    else ""
                ),
                check_url=url,
                vals=json.dumps(vals),
            )
        )
    return blocks


def _wire(form: VariantForm, url: str, vals: str, *, on_load: bool) -> None:
    """Each of the variant's fields asks the charter to check the variant as it is typed."""
    common = {
        "hx-post": url,
        "hx-include": f"#variant-{form.network}, #{FLAGS_ID}",
        "hx-target": f"#findings-{form.network}",
        "hx-swap": "innerHTML",
        "hx-vals": vals,
        "hx-sync": f"#variant-{form.network}:replace",
    }
    for name in ("text", "link", "first_comment"):
        trigger = "input changed delay:300ms"
        if name == "text":
            # Again when a flag of the post changes, and on load for the chosen networks.
            # ``check-variant``: sent by post-editor.js when a network is chosen.
            trigger += f", change from:#{FLAGS_ID}, check-variant" + (", load" if on_load else "")
        form.fields[name].widget.attrs.update({**common, "hx-trigger": trigger})


def when_values(editor: PostEditor) -> tuple[str, str]:
    """The date and time as the form shows them (typed, or the post's)."""
    form = editor.form
    if form.is_bound:
        return form.data.get("date", ""), form.data.get("time", "")
    date, time = form.initial.get("date"), form.initial.get("time")
    return (
        date.isoformat() if date else "",
        time.strftime("%H:%M") if time else "",
    )


@dataclass
class SlotPanel:
    """The tactic's upcoming slots, offered as suggestions next to the date and time."""

    tactic: Tactic | None
    upcoming: list[slot_service.SlotOccurrence]
    message: str = ""


def slot_panel(
    membership: Membership,
    tactic: Tactic | None,
    *,
    post: Post | None = None,
    after: dt.datetime | None = None,
) -> SlotPanel:
    if tactic is None:
        return SlotPanel(None, [])
    if not slot_service.valid_slots(tactic):
        return SlotPanel(tactic, [], slot_service.no_slots_message(tactic))
    upcoming = slot_service.upcoming_slots(
        tactic,
        after or timezone.now(),
        days=14,
        exclude_post=post.pk if post is not None and post.pk else None,
    )
    return SlotPanel(tactic, upcoming)


def chosen_tactic(editor: PostEditor) -> Tactic | None:
    form = editor.form
    key = form.data.get("tactic") if form.is_bound else form.initial.get("tactic")
    return form.tactics.get(str(key or ""))


def local_now(membership: Membership) -> dt.datetime:
    return service.local(membership.workspace, timezone.now())
