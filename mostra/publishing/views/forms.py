"""The forms of the accounts and webhooks pages.

Secrets (an app password, an access token) are typed in password fields that are never
rendered back with their value, even when the form comes back with an error.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mostra.publishing.models import WebhookEvent

BLUESKY_DEFAULT_SERVER = "https://bsky.social"


class BlueskyForm(forms.Form):
    network = "bluesky"

    handle = forms.CharField(
        label=_("Handle"),
        max_length=253,
        help_text=_("As shown on your profile, without the @: atelier.bsky.social"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    app_password = forms.CharField(
        label=_("App password"),
        max_length=200,
        help_text=_(
            "Create one in Bluesky under Settings → Privacy and security → App passwords; "
            "never your main password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )
    service_url = forms.URLField(
        label=_("Server"),
        initial=BLUESKY_DEFAULT_SERVER,
        max_length=500,
        assume_scheme="https",
        help_text=_("Leave as is unless the account lives on its own server (PDS)."),
    )

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip().lstrip("@").lower()
        if not handle or " " in handle:
            raise forms.ValidationError(
                _("Enter the handle without spaces, such as name.bsky.social.")
            )
        return handle


class MastodonForm(forms.Form):
    network = "mastodon"

    instance_url = forms.URLField(
        label=_("Instance"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of your server, such as https://mastodon.social"),
    )
    access_token = forms.CharField(
        label=_("Access token"),
        max_length=500,
        help_text=_(
            "In Mastodon: Preferences → Development → New application, with the read and "
            "write scopes; copy “Your access token”."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )


class MastodonSignInForm(forms.Form):
    prefix = "signin"

    instance_url = forms.URLField(
        label=_("Instance"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of your server, such as https://mastodon.social"),
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("mostra POSTs JSON to this address, signed with a secret shown once."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[e.value for e in WebhookEvent],
        error_messages={"required": _("Choose at least one event to send.")},
    )


class MarkPublishedForm(forms.Form):
    url = forms.URLField(
        label=_("Link to the post on the network (optional)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )


class ByHandAccountForm(forms.Form):
    """An account published by hand: a network of the strategy, a handle, who publishes.

    The choices are the workspace's; the service checks everything again (the command
    line and the API give plain values)."""

    network = forms.ChoiceField(
        label=_("Network"),
        error_messages={
            "invalid_choice": _("Choose one of the strategy's networks from the list."),
            "required": _("Choose one of the strategy's networks from the list."),
        },
    )
    handle = forms.CharField(
        label=_("Handle"),
        max_length=200,
        help_text=_("As shown on the network, without the @: fromagerie.du.lac"),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    responsible = forms.ChoiceField(
        label=_("Who publishes"),
        error_messages={
            "invalid_choice": _(
                "Choose who publishes from the list: a member who may publish (an editor, "
                "a manager or an owner)."
            ),
        },
        help_text=_(
            "At each post's time, this member is told to publish it, then reminded if it "
            "is not done."
        ),
    )

    def __init__(self, *args: object, workspace: object, **kwargs: object) -> None:
        from mostra.publishing.services import by_hand
        from mostra.strategy.catalogue import network_label

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        networks = by_hand.strategy_networks(workspace)  # type: ignore[arg-type]
        self.fields["network"].choices = [(n, network_label(n)) for n in networks]
        members = by_hand.eligible_responsibles(workspace)  # type: ignore[arg-type]
        self.fields["responsible"].choices = [
            (m.user.email, f"{m.user.display_name or m.user.email} ({m.get_role_display()})")
            for m in members
        ]


class ByHandPublishedForm(forms.Form):
    """The address of the post published by hand (checked per network by the service)."""

    url = forms.CharField(
        label=_("The post's address on the network"),
        max_length=500,
        widget=forms.TextInput(
            attrs={"inputmode": "url", "spellcheck": "false", "placeholder": "https://"}
        ),
    )
    published_at = forms.DateTimeField(
        label=_("Published at (leave empty for now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ByHandSkipForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not published there"),
        max_length=500,
        widget=forms.TextInput(),
    )
