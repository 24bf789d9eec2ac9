"""``mostra users``: what an administrator does for a person who cannot sign in.

Ending a sign-in lock-out before its time (:func:`mostra.core.sign_in_limits.unlock`),
and turning off two-factor authentication for a person who lost both their phone and
their recovery codes (:func:`mostra.core.services.two_factor.turn_off_for`). Both are
recorded in the audit log.
"""

from __future__ import annotations

import ipaddress

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.core.cli_support import refuse, with_django


@click.group(name="users")
def users_group() -> None:
    """People's accounts: end a sign-in lock-out, turn off two-factor authentication.

    \b
    Example:
        mostra users unlock camille@example.org
        mostra users unlock --address 203.0.113.7
        mostra users disable-2fa camille@example.org
    """


@users_group.command(name="unlock")
@click.argument("email", required=False, default="")
@click.option(
    "--address",
    default="",
    metavar="IP",
    help="The address locked out: its failed attempts are forgotten (with EMAIL, only that "
    "account's from there).",
)
@with_django
def unlock_command(email: str, address: str) -> None:
    """End a sign-in lock-out now.

    Forgets the failed attempts of an account (EMAIL), of an address (--address), or of
    that account from that address. A lock-out ends by itself after 15 minutes
    (MOSTRA_LOGIN_LOCKOUT_MINUTES); the release is recorded in the audit log.

    \b
    Example:
        mostra users unlock camille@example.org
        mostra users unlock --address 203.0.113.7
    """
    from mostra.core import sign_in_limits

    email, address = email.strip().lower(), address.strip()
    if not email and not address:
        refuse(_("Name the account to unlock (its e-mail address), or the address (--address)."))
    if address:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            refuse(
                _("%(address)s is not an IP address: write it as 203.0.113.7 or 2001:db8::7.")
                % {"address": repr(address)}
            )
    if email and address:
        who = _("%(email)s from %(address)s") % {"email": email, "address": address}
    else:
        who = email or address
    count = sign_in_limits.unlock(email, address)
    if not count:
        click.echo(
            _("No failed sign-in is recorded for %(who)s: nothing to unlock.") % {"who": who}
        )
        return
    click.echo(
        ngettext(
            "Unlocked %(who)s: %(count)d record of failed attempts forgotten.",
            "Unlocked %(who)s: %(count)d records of failed attempts forgotten.",
            count,
        )
        % {"who": who, "count": count}
    )


@users_group.command(name="disable-2fa")
@click.argument("email")
@with_django
def disable_two_factor_command(email: str) -> None:
    """Turn off a person's two-factor authentication.

    For one who lost their phone and their recovery codes: their password alone signs
    them in again. Check first that the request comes from them. They can turn it on
    again from their profile; a workspace that requires it sends them there. Recorded in
    the audit log.

    \b
    Example:
        mostra users disable-2fa camille@example.org
    """
    from mostra.core.models import User
    from mostra.core.services import two_factor

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        refuse(_("No user has the e-mail %(email)s.") % {"email": email.strip()})
    if not two_factor.turn_off_for(user):
        click.echo(
            _("%(email)s does not use two-factor authentication: nothing to do.")
            % {"email": user.email}
        )
        return
    click.echo(
        _("Two-factor authentication is off for %(email)s: their password alone signs them in.")
        % {"email": user.email}
    )
