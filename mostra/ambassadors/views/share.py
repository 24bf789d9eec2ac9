"""A member's private share-kit page, under ``/share/<token>/``: no account, the token
is the key. The brief, the disclosure to write, each kit post with their personal link,
copy buttons, and "I shared it". Never indexed; an unknown or rotated token is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from mostra.ambassadors.forms_campaigns import ShareForm
from mostra.ambassadors.models import KitInvite
from mostra.ambassadors.services import kits
from mostra.ambassadors.services.campaigns import LINK_PLACEHOLDER, charter_of, charter_rules
from mostra.core.errors import DomainError
from mostra.strategy import networks as registry


def _networks(invite: KitInvite) -> list[tuple[str, str]]:
    campaign = invite.collaboration.campaign
    codes = list(dict.fromkeys([p.network for p in campaign.kit.all()] + campaign.networks))
    if not codes:
        codes = [n.code for n in registry.all_networks()]
    return [(c, registry.label(c)) for c in codes]


def _page(
    request: HttpRequest, invite: KitInvite, form: ShareForm, status: int = 200
) -> HttpResponse:
    collaboration = invite.collaboration
    campaign = collaboration.campaign
    kit = list(campaign.kit.all())
    response = render(
        request,
        "ambassadors/share.html",
        {
            "invite": invite,
            "member": collaboration.member,
            "campaign": campaign,
            "workspace_name": campaign.workspace.name,
            "posts": kits.personal_posts(collaboration, kit, request),
            "link": kits.personal_link(collaboration, request),
            "disclosure": kits.disclosure_for(collaboration),
            "charter_rules": charter_rules(campaign.workspace, campaign.networks),
            "form": form,
            "shares": collaboration.shares.all()[:20],
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _opening(text: str) -> str:
    """A kit post's first words, to name it (without the link's placeholder)."""
    return " ".join(text.replace(LINK_PLACEHOLDER, "").split())


@never_cache
def share_kit(request: HttpRequest, token: str) -> HttpResponse:
    invite = kits.invite_by_token(token)
    if invite is None:
        raise Http404
    campaign = invite.collaboration.campaign
    # The member reads in the workspace's language unless their browser chose one.
    language = request.COOKIES.get("django_language") or charter_of(campaign.workspace).language
    with translation.override(language or None):
        networks = _networks(invite)
        posts = [
            (p.pk, f"{registry.label(p.network)} · {Truncator(_opening(p.text)).chars(50)}")
            for p in campaign.kit.all()
        ]
        if request.method == "POST":
            form = ShareForm(networks, posts, request.POST)
            if not form.is_valid():
                return _page(request, invite, form, status=400)
            try:
                kits.record_share(
                    invite,
                    network=form.cleaned_data["network"],
                    url=form.cleaned_data["url"],
                    kit_post_id=form.cleaned_data["kit_post"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                return _page(request, invite, form, status=400)
            messages.success(request, _("Thank you: your share is recorded."))
            return redirect("share_kits:kit", invite.token)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405)
        kits.mark_opened(invite)
        return _page(request, invite, ShareForm(networks, posts))
