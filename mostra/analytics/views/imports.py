"""The import page: bring an archive or an analytics export in, and see past imports.

Every member sees what was imported (which file, which account, what it brought);
members who edit content (``Perm.EDIT_CONTENT``: owners, managers, editors) upload.
The upload is written to a temporary file as it arrives (never held in memory) and
stopped as soon as it passes ``MOSTRA_IMPORT_MAX_BYTES``; the file is then read by
:func:`mostra.analytics.importers.run_import`, all or nothing. A refused file comes back
with the reason and what to do, and nothing was imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadhandler import (
    FileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from mostra.analytics.importers import ImportRefused, run_import
from mostra.analytics.importers.bluesky import no_counts_notice
from mostra.analytics.importers.files import max_import_bytes, too_large
from mostra.analytics.models import ImportRun
from mostra.core.models import Membership
from mostra.core.permissions import Perm, has_perm
from mostra.core.views.base import workspace_view
from mostra.strategy import networks
from mostra.strategy.catalogue import network_label

KIND_CHOICES = [
    ("x-archive", gettext_lazy("X (Twitter) archive — folder zipped, .zip or tweets.js")),
    ("mastodon-archive", gettext_lazy("Mastodon archive — .tar.gz or outbox.json")),
    ("bluesky-car", gettext_lazy("Bluesky repository — .car file")),
    ("csv", gettext_lazy("Facebook, Instagram or LinkedIn analytics export — CSV or XLSX")),
]
NETWORK_CHOICES = [
    ("", pgettext_lazy("network", "— for an analytics export —")),
    *((code, networks.label(code)) for code in networks.having("export_hosts")),
]
#: How many past imports the page lists.
RUNS_SHOWN = 50


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What you import"), choices=KIND_CHOICES)
    file = forms.FileField(label=gettext_lazy("File"))
    network = forms.ChoiceField(
        label=gettext_lazy("Network of the export"), choices=NETWORK_CHOICES, required=False
    )
    handle = forms.CharField(
        label=gettext_lazy("Account handle"),
        max_length=255,
        required=False,
        help_text=gettext_lazy(
            "Needed when the file does not name its account: a Bluesky repository, an "
            "outbox.json or tweets.js on its own, a LinkedIn export."
        ),
    )
    competitor = forms.BooleanField(
        label=gettext_lazy("This is a competitor's account"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "csv" and not data.get("network"):
            self.add_error("network", _("Choose the network the export comes from."))
        return data


class ImportSizeLimitHandler(FileUploadHandler):
    """Stop receiving the upload past ``MOSTRA_IMPORT_MAX_BYTES``; the view says why."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_import_bytes():
            self.request.import_too_large = self.received
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def render_page(
    request: HttpRequest, membership: Membership, form: ImportForm | None = None, status: int = 200
) -> HttpResponse:
    workspace = membership.workspace
    can_import = has_perm(membership, Perm.EDIT_CONTENT)
    runs = list(
        ImportRun.objects.filter(workspace=workspace)
        .select_related("account", "created_by")
        .order_by("-created_at", "-id")[:RUNS_SHOWN]
    )
    for run in runs:
        run.network_name = network_label(run.account.network) if run.account else ""  # type: ignore[attr-defined]
        run.kind_label = dict(KIND_CHOICES).get(run.kind, run.kind)  # type: ignore[attr-defined]
    context = {
        "workspace": workspace,
        "can_import": can_import,
        "form": form or (ImportForm() if can_import else None),
        "runs": runs,
        "max_mb": max_import_bytes() // (1024 * 1024),
        "bluesky_notice": no_counts_notice(),
    }
    return render(request, "analytics/imports.html", context, status=status)


def _import_upload(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Check the form and the upload's size, then import the file; the page again on a refusal."""
    form = ImportForm(request.POST, request.FILES)
    too_big = getattr(request, "import_too_large", None)
    if too_big is not None:
        form.is_valid()
        form.add_error("file", too_large(too_big).message)
        return render_page(request, membership, form, status=400)
    if not form.is_valid():
        return render_page(request, membership, form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > max_import_bytes():
        form.add_error("file", too_large(upload.size).message)
        return render_page(request, membership, form, status=400)
    try:
        result = run_import(
            membership.workspace,
            form.cleaned_data["kind"],
            Path(upload.temporary_file_path()),
            network=form.cleaned_data["network"] or None,
            competitor=form.cleaned_data["competitor"],
            user=request.user,
            filename=upload.name,
            handle=form.cleaned_data["handle"] or None,
        )
    except ImportRefused as exc:
        form.add_error(None, _("Nothing was imported: %(problem)s") % {"problem": exc.message})
        return render_page(request, membership, form, status=400)
    finally:
        upload.close()
    counts = result.counts
    messages.success(
        request,
        _(
            "%(file)s imported for %(handle)s: %(posts)s publications (%(originals)s "
            "originals, %(replies)s replies, %(reposts)s reposts), %(new)s new, "
            "%(updated)s updated, %(unchanged)s unchanged; %(snapshots)s follower counts."
        )
        % {"file": upload.name, "handle": result.account.handle, **counts},
    )
    return redirect("analytics:imports", membership.workspace.slug)


@workspace_view()
def _imports(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        if not has_perm(membership, Perm.EDIT_CONTENT):
            raise Http404
        return _import_upload(request, membership)
    return render_page(request, membership)


_protected = csrf_protect(_imports)


@csrf_exempt
def imports(request: HttpRequest, slug: str) -> HttpResponse:
    """The import page (GET: every member; POST: members who edit content).

    The upload handlers are chosen here, before anything reads the request's body:
    the upload goes to a temporary file and stops past the import size cap. The CSRF
    check then runs as usual (``csrf_protect``).
    """
    request.upload_handlers = [
        ImportSizeLimitHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    return _protected(request, slug)
