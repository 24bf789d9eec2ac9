"""Media files, served to the workspace's members only; and the slot suggestions.

Media never live under a public URL: :func:`media_file` streams a file after checking
the membership, with its checked type and ``X-Content-Type-Options: nosniff`` (a
browser never guesses another type), in a sandbox that runs no script.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mostra.core.errors import DomainError
from mostra.core.models import Membership
from mostra.core.permissions import Perm
from mostra.core.views.base import workspace_view
from mostra.editorial.models import PostMedia
from mostra.editorial.services import posts as service
from mostra.editorial.services import slots as slot_service
from mostra.editorial.services import thumbnails
from mostra.editorial.views import posts_parts as parts
from mostra.strategy.models import Tactic


@workspace_view()
def media_file(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The file of a media of the workspace; ``?size=thumb``: its small version (an image)."""
    item = get_object_or_404(
        PostMedia.objects.select_related("variant__post"),
        pk=pk,
        variant__post__workspace=membership.workspace,
    )
    name, content_type = item.file.name, item.mime_type
    if request.GET.get("size") == "thumb":  # a small version, for chips and previews
        small = thumbnails.thumbnail(item)
        if small is not None:
            name, content_type = small, "image/webp"
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    extension = name.rsplit(".", 1)[-1]
    stem = (item.original_name.rsplit(".", 1)[0] or "media")[:80]
    response.headers["Content-Disposition"] = (
        f"inline; filename=\"media-{item.pk}.{extension}\"; filename*=UTF-8''"
        + _quote(f"{stem}.{extension}")
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _typed_after(membership: Membership, date: str, time: str) -> dt.datetime | None:
    """The moment typed in the form, when there is one (a date alone: its first minute)."""
    try:
        day = dt.date.fromisoformat(date) if date else None
        hour = dt.time.fromisoformat(time) if time else None
    except ValueError:
        return None
    if day is None:
        return None
    try:
        when = service.localize(membership.workspace, day, hour or dt.time(0, 0))
    except DomainError:
        return None
    return when - dt.timedelta(minutes=1) if hour is None else when


@workspace_view(Perm.DRAFT_CONTENT)
def post_slots(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The date and time fields with the tactic's slots (htmx); ``next=1`` fills the next free one.

    Parameters: ``tactic``, ``date``, ``time`` (as typed), ``post`` (the post being
    edited, whose own slot is not taken for itself).
    """
    params = request.GET
    tactic = (
        Tactic.objects.filter(workspace=membership.workspace, pk=params.get("tactic") or 0)
        .select_related("workspace")
        .first()
        if (params.get("tactic") or "").isdigit()
        else None
    )
    post_id = int(params["post"]) if (params.get("post") or "").isdigit() else None
    date, time = params.get("date", ""), params.get("time", "")
    message, filled = "", False
    now = timezone.now()
    typed = _typed_after(membership, date, time)
    after = max(typed, now) if typed else now
    if params.get("next") == "1":
        if tactic is None:
            message = _("Choose the tactic first: its slots give the next free one.")
        elif not slot_service.valid_slots(tactic):
            message = slot_service.no_slots_message(tactic)
        else:
            found = slot_service.next_free_slot(tactic, after, exclude_post=post_id)
            if found is None:
                message = _("No free slot of this tactic in the coming year.")
            else:
                local = service.local(membership.workspace, found)
                date, time, filled = local.strftime("%Y-%m-%d"), local.strftime("%H:%M"), True
    panel = parts.slot_panel(membership, tactic, after=now)
    if post_id is not None and tactic is not None:
        panel.upcoming = slot_service.upcoming_slots(tactic, now, days=14, exclude_post=post_id)
    return render(
        request,
        "editorial/posts/_when.html",
        {
            "workspace": membership.workspace,
            "date_value": date,
            "time_value": time,
            "slots": panel,
            "slot_message": message,
            "filled": filled,
            "post_id": post_id,
        },
    )
