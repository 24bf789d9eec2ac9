"""The password forms: change it, ask for a reset link, choose a new one from the link.

They only read what was typed: the rules (the current password, Django's validators)
are :mod:`mostra.core.services.passwords`'s, whose errors the views add to the fields.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def _password(label: str, autocomplete: str, **kwargs: object) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        **kwargs,  # type: ignore[arg-type]
    )


def _rules() -> str:
    return " ".join(password_validators_help_texts())


class NewPasswordForm(forms.Form):
    """A new password, typed twice."""

    new_password = _password(_("New password"), "new-password", help_text=lazy(_rules, str)())
    new_password_again = _password(_("New password, again"), "new-password")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error(
                "new_password_again", _("The two new passwords differ: type the same one twice.")
            )
        return cleaned


class PasswordChangeForm(NewPasswordForm):
    """The current password, then the new one twice (the profile page)."""

    current_password = _password(_("Current password"), "current-password")
    field_order = ["current_password", "new_password", "new_password_again"]


class PasswordResetRequestForm(forms.Form):
    """The address of the account whose password is forgotten."""

    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
