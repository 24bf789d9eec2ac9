"""The report's forms: the period picker (a GET form) and a schedule's settings."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mostra.core.numbers import NumbersInLanguage
from mostra.reports.commentary import PARTS, part_label
from mostra.reports.models import ReportSchedule
from mostra.reports.models.report_commentary import MAX_LENGTH
from mostra.reports.report.period import (
    PeriodRefused,
    ReportPeriod,
    last_month,
    parse_period,
    period_between,
    recent_months,
)


class PeriodForm(forms.Form):
    """A month from the last twelve (the previous one by default), or two dates."""

    period = forms.CharField(label=gettext_lazy("Month"), required=False)
    start = forms.DateField(
        label=gettext_lazy("or from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput({"type": "date"})
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES, required=False
    )

    def __init__(self, data: object, today: dt.date, default_language: str) -> None:
        super().__init__(data)
        self.today = today
        self.default_language = default_language
        self.months = recent_months(today)
        self.fields["period"].widget = forms.Select(
            choices=[(p.key, p.label()) for p in self.months]
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        try:
            if start or end:
                if not (start and end):
                    raise PeriodRefused(_("Give both dates of the period, or choose a month."))
                cleaned["report_period"] = period_between(start, end)
            elif cleaned.get("period"):
                cleaned["report_period"] = parse_period(str(cleaned["period"]))
            else:
                cleaned["report_period"] = last_month(self.today)
        except PeriodRefused as exc:
            raise forms.ValidationError(exc.message) from None
        cleaned["lang"] = cleaned.get("lang") or self.default_language
        return cleaned

    @property
    def report_period(self) -> ReportPeriod:
        return self.cleaned_data["report_period"]

    @property
    def language(self) -> str:
        return str(self.cleaned_data["lang"])


class ReportScheduleForm(NumbersInLanguage, forms.ModelForm):
    """A schedule; its day of the month read in ``language`` (:mod:`mostra.core.numbers`)."""

    class Meta:
        model = ReportSchedule
        fields = ["recipients", "language", "frequency", "day_of_month", "weekday", "active"]
        widgets = {"recipients": forms.Textarea({"rows": 4})}


class CommentaryForm(forms.Form):
    """The period's commentary on the report page: three texts, any of them empty.

    The rules (who, how long) are the service's (:mod:`mostra.reports.commentary`);
    the form only renders the fields and keeps what was typed when it is refused.
    """

    highlights = forms.CharField(required=False, max_length=MAX_LENGTH)
    decisions = forms.CharField(required=False, max_length=MAX_LENGTH)
    next_steps = forms.CharField(required=False, max_length=MAX_LENGTH)

    def __init__(self, *args: object, period: ReportPeriod, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        hints = {
            "highlights": _("What stood out: a result, a post, a conversation."),
            "decisions": _("What was decided, and by whom."),
            "next_steps": _("What comes next: campaigns, events, what to watch."),
        }
        for part in PARTS:
            field = self.fields[part]
            field.label = part_label(part, period)
            field.help_text = hints[part]
            field.widget = forms.Textarea({"rows": 4, "maxlength": MAX_LENGTH})
