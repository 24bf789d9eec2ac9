"""The Print / QR form: support, template, format, colours, logo, call to action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.links.print.sheets import CTA_MAX, SHEETS
from mostra.links.qr.colours import DEFAULT_DARK, DEFAULT_LIGHT
from mostra.links.qr.files import QrOrder

SUPPORTS = ("card", "flyer", "poster", "sticker", "brochure", "sign")


class QrForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Printable template"),
        required=False,
        choices=[("", _("None: the code alone"))] + [(k, s.label) for k, s in SHEETS.items()],
    )
    support = forms.CharField(
        label=_("Printed support"),
        max_length=60,
        required=False,
        help_text=_("Its scans are counted under this name. Default: the template's."),
        widget=forms.TextInput(attrs={"list": "qr-supports"}),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", "PDF"), ("svg", "SVG"), ("png", "PNG")],
        initial="pdf",
        help_text=_("A template is always a PDF."),
    )
    call_to_action = forms.CharField(
        label=_("Call to action"),
        max_length=CTA_MAX,
        required=False,
        help_text=_("Printed above the code, e.g. “Book your Saturday workshop”."),
    )
    dark = forms.CharField(
        label=_("Code colour"),
        initial=DEFAULT_DARK,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    light = forms.CharField(
        label=_("Background colour"),
        initial=DEFAULT_LIGHT,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo (optional)"),
        required=False,
        help_text=_("A PNG or JPEG, placed in the centre (the code then corrects more errors)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    size_px = forms.IntegerField(
        label=_("PNG width in pixels"), required=False, min_value=50, max_value=8000
    )

    supports = SUPPORTS

    def order(self, language: str | None) -> QrOrder:
        data: dict[str, Any] = self.cleaned_data
        logo = data.get("logo")
        return QrOrder(
            format=data["format"] if not data["template"] else "pdf",
            template=data["template"],
            support=data["support"],
            call_to_action=data["call_to_action"],
            dark=data["dark"],
            light=data["light"],
            logo=logo.read() if logo else None,
            size_px=data.get("size_px"),
            language=language,
        )
