"""Tracked links: the UTM builder, and creating, editing and disabling links.

The target is stored without its UTM tags; the tags are the link's fields, merged into
the target's query string at redirect (:func:`final_url`). The target is never fetched:
it may point anywhere public, but only to an http(s) address without credentials.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mostra.core import audit
from mostra.core.errors import DomainError
from mostra.core.http import web_address
from mostra.core.models import AuditAction, Membership
from mostra.core.permissions import Perm, has_perm
from mostra.editorial.models import Post
from mostra.links import cache
from mostra.links.models import CODE_LENGTH, Medium, TrackedLink, UtmCampaign
from mostra.strategy import networks

#: Letters and digits that cannot be mistaken for one another once printed (no 0/O,
#: 1/l/I): a code is read aloud, typed from a flyer, printed in a QR code's caption.
CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
#: The utm_medium value each kind of link carries (analytics tools' usual names).
MEDIUM_TAGS: dict[str, str] = {
    "organic": "social",
    "paid": "paid_social",
    "ambassador": "ambassador",
    "offline": "offline",
    "email": "email",
}
#: The printed supports offered (free text is accepted too).
SUPPORTS = ("card", "flyer", "poster", "sticker", "brochure", "sign")
MAX_TARGET_LENGTH = 2000


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def checked_target(target: str) -> str:
    """``target`` as stored (its UTM tags removed), or DomainError saying what to type."""
    target = target.strip()
    if not target.lower().startswith(("http://", "https://")):
        raise DomainError(
            _("The destination must start with https:// (or http://): correct “%(url)s”.")
            % {"url": target[:200]},
            "target",
        )
    try:
        web_address(target)
        parts = urlsplit(target)
    except ValueError:
        raise DomainError(
            _("“%(url)s” is not an address a browser can open (such as https://example.org/page).")
            % {"url": target[:200]},
            "target",
        ) from None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise DomainError(
            _(
                "Remove the name and password from the destination: a shared link must not "
                "carry them."
            ),
            "target",
        )
    if len(target) > MAX_TARGET_LENGTH or any(c.isspace() or ord(c) < 32 for c in target):
        raise DomainError(
            _("The destination must be one address of at most %(n)d characters, without spaces.")
            % {"n": MAX_TARGET_LENGTH},
            "target",
        )
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not k.lower().startswith("utm_")]
    if len(kept) == len(query):
        return target
    return urlunsplit(parts._replace(query=urlencode(kept)))


def campaign_tag(name: str) -> str:
    """A campaign name as a tag: lower case, words joined by hyphens ("Spring 2026" →
    "spring-2026", "L'atelier" → "l-atelier"), so one campaign is not counted under two
    spellings."""
    return slugify(name.replace("'", " ").replace("’", " "))[:100]


def source_for(network: str, medium: str, support: str) -> str:
    """utm_source: the network's code, else the printed support, else the medium's."""
    if network:
        return network
    if support:
        return slugify(support)[:100] or "print"
    defaults: dict[str, str] = {"email": "newsletter", "offline": "print"}
    return defaults.get(medium, "mostra")


def medium_for(medium: str, support: str) -> str:
    """The medium picked, else "offline" for a printed support, else "organic"."""
    if medium:
        return medium
    return "offline" if support.strip() else "organic"


def tags(link: TrackedLink) -> list[tuple[str, str]]:
    found = [
        ("utm_source", link.utm_source),
        ("utm_medium", MEDIUM_TAGS.get(link.utm_medium, link.utm_medium)),
        ("utm_campaign", link.utm_campaign),
        ("utm_content", link.utm_content),
    ]
    return [(k, v) for k, v in found if v]


def final_url(link: TrackedLink) -> str:
    """The target with the link's UTM tags merged into its query string (a tag already
    in the target is replaced)."""
    parts = urlsplit(link.target)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_")
    ]
    return urlunsplit(parts._replace(query=urlencode(query + tags(link))))


def short_url(link: TrackedLink, request: Any = None) -> str:
    """The link's short address: on MOSTRA_SHORT_LINK_BASE when set, else on
    MOSTRA_BASE_URL when set, else on the address the request came to (as every link
    mostra writes: ``mostra up --port 8765`` prints 8765, not the default port)."""
    config = getattr(settings, "CONFIG", None)
    explicit = bool(config and (config.short_link_base or config.base_url_explicit))
    if request is not None and not explicit:
        base = request.build_absolute_uri("/").rstrip("/")
    else:
        base = str(getattr(settings, "MOSTRA_SHORT_LINK_BASE", "") or "").rstrip("/")
    return f"{base}/l/{link.code}"


def _checked_medium(medium: str) -> str:
    if medium not in Medium.values:
        raise DomainError(
            _("The medium must be one of %(choices)s, not “%(medium)s”.")
            % {"choices": ", ".join(Medium.values), "medium": medium},
            "medium",
        )
    return medium


def _require_editor(membership: Membership) -> None:
    if not has_perm(membership, Perm.EDIT_CONTENT):
        raise DomainError(
            _("Only the workspace's editors, managers and owners manage tracked links.")
        )
    if getattr(membership.workspace, "archived_at", None):
        raise DomainError(_("This workspace is archived: it is read-only."))


def _checked_network(network: str) -> str:
    network = network.strip().lower()
    if network and network not in {n.code for n in networks.all_networks()}:
        raise DomainError(
            _("“%(network)s” is not a network mostra knows (such as %(example)s).")
            % {"network": network, "example": ", ".join(n.code for n in networks.all_networks())},
            "network",
        )
    return network


def create_link(
    membership: Membership,
    target: str,
    *,
    medium: str,
    campaign: str = "",
    content: str = "",
    post: Post | None = None,
    network: str = "",
    support: str = "",
    parent: TrackedLink | None = None,
    expires_at: dt.datetime | None = None,
    label: str = "",
) -> TrackedLink:
    _require_editor(membership)
    workspace = membership.workspace
    medium = _checked_medium(medium_for(medium, support))
    stored = checked_target(target)
    network = _checked_network(network)
    if post is not None and post.workspace_id != workspace.pk:
        raise DomainError(_("That post is not in this workspace."), "post")
    if parent is not None and parent.workspace_id != workspace.pk:
        raise DomainError(_("That link is not in this workspace."), "parent")
    campaign = campaign_tag(campaign)
    content = slugify(content)[:100] or (f"post-{post.pk}" if post is not None else "")
    support = support.strip()[:60]
    for _attempt in range(5):
        link = TrackedLink(
            workspace=workspace,
            code=new_code(),
            target=stored,
            utm_source=source_for(network, medium, support),
            utm_medium=medium,
            utm_campaign=campaign,
            utm_content=content,
            post=post,
            network=network,
            support=support,
            parent=parent,
            created_by=membership.user,
            expires_at=expires_at,
            label=label.strip()[:200],
        )
        try:
            with transaction.atomic():
                link.save(force_insert=True)
                if campaign:
                    UtmCampaign.objects.get_or_create(workspace=workspace, name=campaign)
                audit.record(
                    AuditAction.CREATE,
                    actor=membership.user,
                    workspace=workspace,
                    obj=link,
                    label=_("Tracked link %(code)s") % {"code": link.code},
                    changes={"target": stored},
                )
        except IntegrityError:  # The code was taken: draw another.
            continue
        return link
    raise DomainError(_("No free short code was found: try again."))


def _forget_on_commit(link: TrackedLink) -> None:
    """This process's redirect forgets the code once the change is committed (before,
    a click in between would read and keep the old row again)."""
    transaction.on_commit(functools.partial(cache.forget, link.code))


def change_target(membership: Membership, link: TrackedLink, target: str) -> TrackedLink:
    """A new destination; the code stays (printed codes remain valid)."""
    _require_editor(membership)
    stored = checked_target(target)
    before = link.target
    link.target = stored
    with transaction.atomic():
        link.save(update_fields=["target"])
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=link.workspace,
            obj=link,
            label=_("Tracked link %(code)s") % {"code": link.code},
            changes={"target": [before, stored]},
        )
        _forget_on_commit(link)
    return link


def change_tags(
    membership: Membership,
    link: TrackedLink,
    *,
    campaign: str | None = None,
    content: str | None = None,
    medium: str | None = None,
    source: str | None = None,
) -> TrackedLink:
    """New UTM tags (None: unchanged; "" empties campaign, content or source); the code
    stays, so printed codes keep working and their next clicks carry the new tags."""
    _require_editor(membership)
    wanted: dict[str, str] = {}
    if campaign is not None:
        wanted["utm_campaign"] = campaign_tag(campaign)
    if content is not None:
        wanted["utm_content"] = slugify(content)[:100]
    if medium is not None:
        wanted["utm_medium"] = _checked_medium(medium.strip().lower())
    if source is not None:
        wanted["utm_source"] = slugify(source)[:100]
        if source.strip() and not wanted["utm_source"]:
            raise DomainError(
                _("Type the source in letters or digits (such as newsletter or mastodon)."),
                "source",
            )
    changed = {
        field: [getattr(link, field), value]
        for field, value in wanted.items()
        if getattr(link, field) != value
    }
    if not changed:
        return link
    for field, (_before, value) in changed.items():
        setattr(link, field, value)
    with transaction.atomic():
        link.save(update_fields=list(changed))
        if link.utm_campaign and "utm_campaign" in changed:
            UtmCampaign.objects.get_or_create(workspace=link.workspace, name=link.utm_campaign)
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=link.workspace,
            obj=link,
            label=_("Tracked link %(code)s") % {"code": link.code},
            changes=changed,
        )
        _forget_on_commit(link)
    return link


def disable(membership: Membership, link: TrackedLink) -> TrackedLink:
    """The short link answers "gone" from now on (its clicks are kept)."""
    return _set_end(membership, link, "disabled_at", timezone.now())


def set_expiry(
    membership: Membership, link: TrackedLink, expires_at: dt.datetime | None
) -> TrackedLink:
    return _set_end(membership, link, "expires_at", expires_at)


def _set_end(
    membership: Membership, link: TrackedLink, field: str, value: dt.datetime | None
) -> TrackedLink:
    _require_editor(membership)
    before = getattr(link, field)
    setattr(link, field, value)
    with transaction.atomic():
        link.save(update_fields=[field])
        audit.record(
            AuditAction.UPDATE,
            actor=membership.user,
            workspace=link.workspace,
            obj=link,
            label=_("Tracked link %(code)s") % {"code": link.code},
            changes={field: [str(before or ""), str(value or "")]},
        )
        _forget_on_commit(link)
    return link
