from __future__ import annotations

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: Escalation levels every workspace starts with: (key, name, minutes to respond).
DEFAULT_LEVELS: list[tuple[str, str, int]] = [
    ("watch", _("Watch"), 24 * 60),
    ("incident", _("Incident"), 4 * 60),
    ("alert", _("Alert"), 60),
    ("crisis", _("Crisis"), 30),
    ("major_crisis", _("Major crisis"), 15),
]


class TriggerKind(models.TextChoices):
    AUTHOR_FOLLOWERS = "author_followers", _("Author has more than N followers")
    SAME_ISSUE = "same_issue", _("N people raise the same issue within H hours")
    REPOSTS_PER_HOUR = "reposts_per_hour", _("N reposts within H hours")
    NEGATIVE_MENTIONS = "negative_mentions", _("N negative mentions within H hours")
    PRESS = "press", _("A journalist or media outlet asks (N requests within H hours)")
    VOLUME_SPIKE = "volume_spike", _("Mentions spike against their usual hour (at least N)")
    NEGATIVE_SURGE = "negative_surge", _("The share of negative mentions surges (at least N)")


#: Which kinds use a time window (H hours).
WINDOWED_KINDS = {
    TriggerKind.SAME_ISSUE,
    TriggerKind.REPOSTS_PER_HOUR,
    TriggerKind.NEGATIVE_MENTIONS,
    TriggerKind.PRESS,
}


class CrisisLevel(models.Model):
    """One step of the crisis playbook's escalation ladder."""

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="crisis_levels"
    )
    key = models.SlugField(max_length=40, blank=True)
    custom_name = models.CharField(_("name"), max_length=120, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    response_minutes = models.PositiveIntegerField(_("response time (minutes)"), default=60)
    first_actions = models.TextField(_("first actions"), blank=True)
    responders = models.ManyToManyField(
        "core.Membership", blank=True, related_name="crisis_levels", verbose_name=_("responders")
    )

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        if self.custom_name:
            return self.custom_name
        return str(dict((k, n) for k, n, _m in DEFAULT_LEVELS).get(self.key, self.key))

    @property
    def response_time_display(self) -> str:
        """60 → "1 h", 90 → "1 h 30 min", 15 → "15 min"."""
        hours, minutes = divmod(self.response_minutes, 60)
        if not hours:
            return f"{minutes} min"
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"

    @property
    def first_action_list(self) -> list[str]:
        return [a.strip() for a in self.first_actions.splitlines() if a.strip()]


class CrisisTrigger(models.Model):
    """A measurable condition that moves a situation to a level."""

    level = models.ForeignKey(CrisisLevel, on_delete=models.CASCADE, related_name="triggers")
    kind = models.CharField(_("kind"), max_length=32, choices=TriggerKind.choices)
    threshold = models.PositiveIntegerField(_("threshold (N)"))
    window_hours = models.PositiveIntegerField(_("window (H hours)"), null=True, blank=True)

    class Meta:
        ordering = ["level", "kind", "threshold"]
        verbose_name = _("trigger")
        verbose_name_plural = _("triggers")

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """The trigger in words, with its numbers, in the active language."""
        count, h = self.threshold, self.window_hours or 0
        n = number_format(count, force_grouping=True)  # 10,000 / 10 000
        kind = TriggerKind(self.kind)
        if kind == TriggerKind.VOLUME_SPIKE:
            return ngettext(
                "Mentions in an hour far above their usual level (at least %(n)s)",
                "Mentions in an hour far above their usual level (at least %(n)s)",
                count,
            ) % {"n": n}
        if kind == TriggerKind.NEGATIVE_SURGE:
            return ngettext(
                "Share of negative mentions in an hour far above usual (at least %(n)s)",
                "Share of negative mentions in an hour far above usual (at least %(n)s)",
                count,
            ) % {"n": n}
        if kind == TriggerKind.AUTHOR_FOLLOWERS:
            return ngettext(
                "Author has more than %(n)s follower", "Author has more than %(n)s followers", count
            ) % {"n": n}
        hours = ngettext("%(h)s hour", "%(h)s hours", h) % {"h": h}
        texts = {
            TriggerKind.SAME_ISSUE: ngettext(
                "%(n)s person raises the same issue within %(hours)s",
                "%(n)s people raise the same issue within %(hours)s",
                count,
            ),
            TriggerKind.REPOSTS_PER_HOUR: ngettext(
                "%(n)s repost within %(hours)s", "%(n)s reposts within %(hours)s", count
            ),
            TriggerKind.NEGATIVE_MENTIONS: ngettext(
                "%(n)s negative mention within %(hours)s",
                "%(n)s negative mentions within %(hours)s",
                count,
            ),
            TriggerKind.PRESS: ngettext(
                "%(n)s press request within %(hours)s",
                "%(n)s press requests within %(hours)s",
                count,
            ),
        }
        return texts[kind] % {"n": n, "hours": hours}
