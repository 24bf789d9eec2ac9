"""The calendar's small forms: moving a post, and a custom event."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.editorial.models import CalendarEvent


class MoveForm(forms.Form):
    """A new local date, and optionally a time (without one, the post keeps its time)."""

    date = forms.DateField(
        label=_("New date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Give the new date."),
            "invalid": _("Give the date as YYYY-MM-DD."),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={"invalid": _("Give the time as HH:MM, for example 09:30.")},
    )

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class EventForm(forms.ModelForm):
    """What the events page asks; the rules themselves are checked by the service."""

    class Meta:
        model = CalendarEvent
        fields = ["title", "kind", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"ends_on": _("Leave empty for a one-day event.")}
        error_messages = {
            "title": {"required": _("Give the event a title.")},
            "starts_on": {
                "required": _("Give the event's first day."),
                "invalid": _("Give the first day as a date, for example 2026-06-04."),
            },
            "ends_on": {"invalid": _("Give the last day as a date, for example 2026-06-06.")},
        }

    def _post_clean(self) -> None:
        # The model's check constraint is the service's rule too: the service says it
        # with a message that tells what to do, so it is not validated twice here.
        pass
