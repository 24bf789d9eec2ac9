"""A report e-mailed on a schedule to a list of people outside the team."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mostra.core.state_machines import Machine

#: At most this many recipients per schedule (a mailing list is the tool beyond).
MAX_RECIPIENTS = 50
#: The local hour a scheduled report leaves (the morning of its day).
SEND_HOUR = 7

_SEPARATORS = re.compile(r"[\s,;]+")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly (the previous month)")
    WEEKLY = "weekly", _("Weekly (the previous week, Monday to Sunday)")


def split_recipients(text: str) -> list[str]:
    """The addresses of a recipients field: one a line, or separated by commas."""
    seen: list[str] = []
    for address in _SEPARATORS.split(text or ""):
        if address and address.lower() not in (a.lower() for a in seen):
            seen.append(address)
    return seen


def validate_recipients(text: str) -> None:
    addresses = split_recipients(text)
    if not addresses:
        raise ValidationError(gettext("Give at least one e-mail address."))
    if len(addresses) > MAX_RECIPIENTS:
        raise ValidationError(
            gettext("At most %(n)s recipients: use a mailing list's address for more.")
            % {"n": MAX_RECIPIENTS}
        )
    validator = EmailValidator()
    wrong = []
    for address in addresses:
        try:
            validator(address)
        except ValidationError:
            wrong.append(address)
    if wrong:
        raise ValidationError(
            gettext("These are not e-mail addresses: %(list)s. Write one address a line.")
            % {"list": ", ".join(wrong)}
        )


class RunState(models.TextChoices):
    """Where a schedule's sending is (see :data:`RUN_MACHINE`)."""

    WAITING = "waiting", pgettext_lazy("report sending", "Waiting for its next sending")
    SENDING = "sending", pgettext_lazy("report sending", "Being sent")
    FAILED = "failed", pgettext_lazy("report sending", "Failed: tried again later")


_R = RunState

#: Every allowed change of a schedule's run, and what makes it
#: (:func:`mostra.reports.services.send_due`).
RUN_MACHINE = Machine(
    "report schedule run",
    "run_state",
    {
        (_R.WAITING, _R.SENDING): "its time came: a worker claims it",
        (_R.FAILED, _R.SENDING): "its retry time came: a worker claims it",
        (_R.SENDING, _R.SENDING): "its worker's claim expired (it died): taken again",
        (_R.SENDING, _R.WAITING): "sent: due again at the next period",
        (_R.SENDING, _R.FAILED): "building or e-mailing it failed: tried again later",
    },
    frozenset(RunState.values),
)


class ReportSchedule(models.Model):
    """Send the workspace's report for the period just ended, every month or week.

    ``next_run_at`` is the moment it is due (``SEND_HOUR`` in the workspace's time
    zone); the worker claims it with the claim helper (``claimed_by``, ``claimed_at``:
    :class:`mostra.core.claims.Lease`), so two workers never send the same report
    twice, and one whose worker died is taken again once its claim expired.
    """

    workspace = models.ForeignKey(
        "core.Workspace", on_delete=models.CASCADE, related_name="report_schedules"
    )
    recipients = models.TextField(
        _("recipients"),
        validators=[validate_recipients],
        help_text=_("One e-mail address a line (or separated by commas)."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency, default=Frequency.MONTHLY
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("For a monthly report: the day it is sent (1 to 28)."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        default=0,
        choices=sorted(WEEKDAYS.items()),
        help_text=_("For a weekly report: the day it is sent."),
    )
    active = models.BooleanField(_("active"), default=True)
    next_run_at = models.DateTimeField(_("next sending"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    run_state = models.CharField(
        _("sending"), max_length=10, choices=RunState, default=RunState.WAITING
    )
    #: The worker sending it now, and since when (its claim).
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("report schedule")
        indexes = [models.Index(fields=["active", "next_run_at"])]

    def __str__(self) -> str:
        return f"{self.workspace_id}:{self.frequency}"

    @property
    def recipient_list(self) -> list[str]:
        return split_recipients(self.recipients)

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first sending moment strictly after ``moment`` (aware)."""
        zone = zoneinfo.ZoneInfo(self.workspace.timezone or "UTC")
        local = moment.astimezone(zone)
        if self.frequency == Frequency.WEEKLY:
            day = local.date() + dt.timedelta(days=(self.weekday - local.weekday()) % 7)
            candidate = dt.datetime.combine(day, dt.time(SEND_HOUR), tzinfo=zone)
            if candidate <= moment:
                candidate = dt.datetime.combine(
                    day + dt.timedelta(days=7), dt.time(SEND_HOUR), tzinfo=zone
                )
            return candidate
        year, month = local.year, local.month
        for _step in range(2):
            candidate = dt.datetime.combine(
                dt.date(year, month, self.day_of_month), dt.time(SEND_HOUR), tzinfo=zone
            )
            if candidate > moment:
                return candidate
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return candidate  # pragma: no cover - the second month is always later
