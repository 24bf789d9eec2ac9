"""A notification's words, written when it is read, in the reader's language.

A notification stores its kind and parameters (:attr:`Notification.params`): who acted,
the post's title, the reviewer's note, the network, the link... :func:`text` makes the
sentence with the active language (the page's, or the recipient's for an e-mail);
a network's own error words (:attr:`Notification.message`) are kept as it said them.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mostra.notifications.models import Kind, Notification
from mostra.strategy.catalogue import network_label


def _post(n: Notification) -> str:
    """The post's title now (when loaded), else as it was."""
    if n.post_id and "post" in n._state.fields_cache and n.post is not None:
        return str(n.post)
    return str(n.params.get("post") or (f"#{n.post_id}" if n.post_id else ""))


def _role(code: str) -> str:
    from mostra.core.models import Role

    try:
        return str(Role(code).label).lower()
    except ValueError:
        return code


def _stage(stage: str, values: dict[str, str]) -> str:
    if stage == "reminder":
        return (
            _(
                "Reminder: “%(post)s” still waits to be published by hand on %(network)s "
                "(%(handle)s)."
            )
            % values
        )
    if stage == "escalated":
        return (
            _(
                "“%(post)s” is late: nobody has published it by hand on %(network)s "
                "(%(handle)s) yet."
            )
            % values
        )
    return _("“%(post)s” is due: publish it by hand on %(network)s (%(handle)s).") % values


def _incident_words(p: dict) -> dict[str, str]:
    """The incident's level and trigger in the active language while the playbook still
    has them, else as they were when it was raised (the workspace's language)."""
    from mostra.core.models import CrisisTrigger

    words = {"level": str(p.get("level", "")), "trigger": str(p.get("trigger", ""))}
    trigger = CrisisTrigger.objects.filter(pk=p.get("trigger_id") or 0).select_related("level")
    found = trigger.first()
    if found is not None:
        words = {"level": str(found.level.name), "trigger": found.describe()}
    return words


def text(n: Notification) -> str:
    """The sentence that tells the notification, in the active language."""
    p = n.params or {}
    values = {
        "actor": p.get("actor") or pgettext("notification actor", "Someone"),
        "post": _post(n),
        "network": network_label(p.get("network", "")),
        "handle": p.get("handle", ""),
        "workspace": p.get("workspace", ""),
        "role": _role(p.get("role", "")),
    }
    kind = n.kind
    if kind == Kind.APPROVAL_REQUESTED:
        return _("%(actor)s asks for your approval of “%(post)s”.") % values
    if kind == Kind.POST_APPROVED:
        return _("%(actor)s approved “%(post)s”.") % values
    if kind == Kind.POST_SENT_BACK:
        return _("%(actor)s sent “%(post)s” back for changes.") % values
    if kind == Kind.POST_REJECTED:
        return _("%(actor)s cancelled “%(post)s” during its review.") % values
    if kind == Kind.POST_PUBLISHED:
        return _("“%(post)s” was published on %(network)s (%(handle)s).") % values
    if kind == Kind.PUBLICATION_FAILED:
        return _("“%(post)s” could not be published on %(network)s (%(handle)s).") % values
    if kind == Kind.PUBLICATION_UNKNOWN:
        return (
            _(
                "Did “%(post)s” go out on %(network)s (%(handle)s)? The network did not "
                "answer: look at the account, then mark it as published or retry it."
            )
            % values
        )
    if kind == Kind.MENTIONED:
        return _("%(actor)s mentioned you in a comment on “%(post)s”.") % values
    if kind == Kind.MANUAL_PUBLICATION_DUE:
        return _stage(p.get("stage", "due"), values)
    if kind == Kind.INVITATION_ACCEPTED:
        return _("%(actor)s accepted the invitation and joined as %(role)s.") % values
    if kind == Kind.INCIDENT_OPENED:
        words = _incident_words(p)
        if p.get("escalated"):
            return _("Incident escalated to %(level)s: %(trigger)s.") % words
        if p.get("again"):
            return (
                _(
                    "Incident at level %(level)s still unacknowledged, and its trigger "
                    "fired again: %(trigger)s."
                )
                % words
            )
        return _("Incident at level %(level)s: %(trigger)s.") % words
    if kind == Kind.MENTION_ASSIGNED:
        count = int(p.get("count") or 1)
        if count == 1 and p.get("author"):
            return _("%(actor)s assigned you a mention by %(author)s.") % {
                "actor": values["actor"],
                "author": p["author"],
            }
        return ngettext(
            "%(actor)s assigned you %(n)s mention.",
            "%(actor)s assigned you %(n)s mentions.",
            count,
        ) % {"actor": values["actor"], "n": count}
    if kind == Kind.PROGRAMME_NON_COMPLIANT:
        if p.get("member") and p.get("campaign"):
            return _(
                "%(member)s's post for “%(campaign)s” lacks the disclosure the law asks: "
                "send them the message ready on the compliance page."
            ) % {"member": p["member"], "campaign": p["campaign"]}
        count = int(p.get("count") or 1)
        return ngettext(
            "%(n)s paid or gifted post of the programme lacks the disclosure the law asks.",
            "%(n)s paid or gifted posts of the programme lack the disclosure the law asks.",
            count,
        ) % {"n": count}
    if kind == Kind.TOOL_RENEWAL:
        return _("%(tool)s renews on %(date)s: keep it, or cancel it before then.") % {
            "tool": p.get("tool", ""),
            "date": p.get("renews_on", ""),
        }
    return str(n.get_kind_display())


def quote(n: Notification) -> str:
    """What someone wrote that goes with it: the reviewer's note, the comment's excerpt,
    the text to publish by hand, the network's words; "" when nothing."""
    p = n.params or {}
    return str(p.get("note") or p.get("excerpt") or p.get("text") or n.message or "")


def path(n: Notification) -> str:
    """Where the notification leads in the app (a path): the Publish by hand page of a
    publication due by hand, the post, the incident, the members, the inbox's mentions
    assigned to the reader (at the mention when one)."""
    slug = n.params.get("slug") if n.params else None
    slug = slug or n.workspace.slug
    if n.kind == Kind.MANUAL_PUBLICATION_DUE and n.publication_id:
        return reverse("publishing:by_hand", args=[slug, n.publication_id])
    if n.post_id:
        return reverse("editorial:post", args=[slug, n.post_id])
    if n.kind == Kind.INCIDENT_OPENED and n.params.get("incident"):
        return reverse("listening:incident", args=[slug, n.params["incident"]])
    if n.kind == Kind.INVITATION_ACCEPTED:
        return reverse("core:members", args=[slug])
    if n.kind == Kind.MENTION_ASSIGNED:
        inbox = reverse("listening:mentions", args=[slug]) + "?assigned=me"
        ids = n.params.get("mentions") or []
        return f"{inbox}#mention-{ids[0]}" if len(ids) == 1 else inbox
    if n.kind == Kind.PROGRAMME_NON_COMPLIANT:
        if n.params.get("campaign_id"):
            return reverse("ambassadors:compliance", args=[slug, n.params["campaign_id"]])
        return reverse("ambassadors:posts", args=[slug]) + "?compliance=non-compliant"
    if n.kind == Kind.TOOL_RENEWAL:
        return reverse("toolbox:tools", args=[slug]) + f"#tool-{n.params.get('tool_id', '')}"
    return reverse("notifications:list", args=[slug])


def link(n: Notification) -> str:
    """The published post on its network, when there is one."""
    return str((n.params or {}).get("url") or "")


def absolute(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.CONFIG.base_url + path_or_url
