from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from mostra.core.models import ApprovalPolicy, Membership, OrgLevel, Role, User, Workspace

TIME_ZONES = sorted(zoneinfo.available_timezones())


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )


#: The delays of publications by hand (reminder, then escalation), in hours.
BY_HAND_DELAYS = ("by_hand_reminder_hours", "by_hand_escalation_hours")


class WorkspaceForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES])
    country = forms.CharField(
        label=_("Country"),
        max_length=20,
        help_text=_("Two-letter code (FR, BE, CH, CA…), for holidays."),
    )

    class Meta:
        model = Workspace
        fields = [
            "name",
            "slug",
            "description",
            "country",
            "timezone",
            "by_hand_reminder_hours",
            "by_hand_escalation_hours",
        ]
        help_texts = {
            "slug": _(
                "Used in addresses: lowercase letters, digits and dashes. "
                "Leave empty to derive it from the name."
            ),
        }
        error_messages = {
            "slug": {"unique": _("This short name is already taken: choose another.")},
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["slug"].required = False
        if self.instance.pk:
            self.fields["slug"].disabled = True
        else:  # a new workspace starts with the default delays
            del self.fields["by_hand_reminder_hours"]
            del self.fields["by_hand_escalation_hours"]
        for name in BY_HAND_DELAYS:
            if name in self.fields:  # left out: kept as they are
                self.fields[name].required = False

    def _delay(self, name: str) -> int:
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value is None else value

    def clean_by_hand_reminder_hours(self) -> int:
        return self._delay("by_hand_reminder_hours")

    def clean_by_hand_escalation_hours(self) -> int:
        return self._delay("by_hand_escalation_hours")

    def clean_country(self) -> str:
        value = self.cleaned_data["country"].strip().upper()
        if len(value) != 2 or not value.isalpha():
            raise forms.ValidationError(_("Use a two-letter country code, such as FR."))
        return value


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Optional: leave empty to get a link to share yourself."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
    is_approver = forms.BooleanField(label=_("Approver"), required=False)

    def __init__(
        self, *args: object, roles: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if roles is not None:
            self.fields["role"].choices = roles


class MemberForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "is_approver", "is_sponsor", "title", "department", "org_level"]

    def __init__(
        self, *args: object, roles: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if roles is not None:
            current = self.instance.role
            choices = list(roles)
            if current not in dict(choices):
                choices.insert(0, (current, Role(current).label))
            self.fields["role"].choices = choices


class PolicyForm(forms.Form):
    approval_policy = forms.ChoiceField(
        label=_("Approval policy"), choices=ApprovalPolicy.choices, widget=forms.RadioSelect
    )
    sensitive_topics = forms.CharField(
        label=_("Sensitive topics"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One topic per line. Posts marked sensitive, or on these topics, always need approval."
        ),
    )
    separate_scheduling = forms.BooleanField(
        label=_("Separate scheduling step"),
        required=False,
        help_text=_(
            "Approved posts wait for an editor to schedule them. Unticked, approving a post "
            "whose date is to come schedules it at once."
        ),
    )


class SponsorForm(forms.Form):
    sponsor = forms.ModelChoiceField(
        label=_("Sponsor"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("No sponsor yet"),
    )
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    department = forms.CharField(label=_("Department"), max_length=120, required=False)
    org_level = forms.ChoiceField(label=_("Level in the organisation"), choices=OrgLevel.choices)

    def __init__(self, *args: object, workspace: Workspace, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["sponsor"]
        field.queryset = workspace.memberships.select_related("user")  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: m.user.name  # type: ignore[attr-defined]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]


class SignupForm(forms.Form):
    """Create an account while accepting an invitation."""

    email = forms.EmailField(label=_("E-mail address"))
    display_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        min_length=10,
        help_text=_("At least 10 characters."),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already exists with this address: log in to accept the invitation.")
            )
        return email

    def clean_password(self) -> str:
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What it is for, such as “reporting script”."),
    )


def _code_field(label: str) -> forms.CharField:
    """A one-time code: the six digits of an app, or a recovery code."""
    return forms.CharField(
        label=label,
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "size": 12,
            }
        ),
    )


class AppCodeForm(forms.Form):
    """Confirm an authenticator app with the code it shows."""

    code = _code_field(_("Code shown by the app"))


class TwoFactorCodeForm(forms.Form):
    """A code of the app, or a recovery code: after the password, or to change the codes."""

    code = _code_field(_("Code from your app, or a recovery code"))


class TwoFactorOffForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = _code_field(_("Code from your app, or a recovery code"))
