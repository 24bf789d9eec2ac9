"""The administrators and users: the first administrator, its login, ``mostra createuser``."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

import click
from django.utils.translation import gettext as _

from mostra.core.cli_support import find_admin, with_django

#: Letters and digits that cannot be mistaken for one another when read aloud or typed.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def generate_password() -> str:
    """A random password of four groups of four, about 92 bits."""
    groups = ("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def mostra_command() -> str:
    """How to call mostra again: `mostra` when on the PATH, else the virtualenv's script."""
    import shutil
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "mostra"
    if shutil.which("mostra") == str(script) or not script.exists():
        return "mostra"
    try:
        return str(script.relative_to(Path.cwd()))
    except ValueError:
        return str(script)


@dataclass
class AdminLogin:
    email: str
    created: bool
    #: The generated password, to print once; None when it was not generated now.
    password: str | None = None
    from_environment: bool = False


def ensure_admin() -> AdminLogin:
    """Create the first administrator when the database has no user at all."""
    from django.conf import settings
    from django.db import transaction

    from mostra.core.models import User

    with transaction.atomic():
        existing = find_admin()
        if existing is not None:
            return AdminLogin(email=existing.email, created=False)
        password = settings.CONFIG.admin_password
        from_environment = bool(password)
        if not password:
            password = generate_password()
        user = User.objects.create_superuser(
            settings.CONFIG.admin_email, password, display_name="Admin"
        )
    return AdminLogin(
        email=user.email,
        created=True,
        password=None if from_environment else password,
        from_environment=from_environment,
    )


def echo_login(login: AdminLogin, url: str) -> None:
    """How to log in: the address, the e-mail, and the password or where to find it."""
    bold = functools.partial(click.style, bold=True)
    labels = (_("Address:"), _("E-mail:"), _("Password:"))
    width = max(map(len, labels)) + 2  # The values in one column, whatever the language.
    address, email, password = (label.ljust(width) for label in labels)
    click.echo("")
    if login.created:
        click.echo(bold(_("First start: an administrator was created. Log in with:")))
    else:
        click.echo(bold(_("Log in with:")))
    click.echo(f"    {address}{bold(url + '/')}")
    click.echo(f"    {email}{bold(login.email)}")
    if login.password:
        click.echo(f"    {password}{bold(login.password)}")
        click.echo(
            "    " + _("This password is shown only once: keep it in your password manager.")
        )
    elif login.from_environment:
        click.echo(f"    {password}" + _("the one in MOSTRA_ADMIN_PASSWORD"))
    else:
        click.echo(f"    {password}" + _("the one shown at first start; to set a new one run"))
        click.echo(
            " " * (4 + width) + f"{mostra_command()} createuser {login.email} --reset-password"
        )
    click.echo("")


@click.command()
@click.argument("email")
@click.option("--password", help="The password; a random one is generated and printed if absent.")
@click.option("--name", default="", help="The name shown in the app.")
@click.option("--superuser", is_flag=True, help="Give access to everything, as an administrator.")
@click.option("--reset-password", is_flag=True, help="Set a new password for an existing user.")
@with_django
def createuser(
    email: str, password: str | None, name: str, superuser: bool, reset_password: bool
) -> None:
    """Create a user, or set a new password for one.

    \b
    Example:
        mostra createuser camille@example.org --name "Camille Roux"
        mostra createuser admin@mostra.local --reset-password
    """
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from mostra.core.models import User
    from mostra.core.services import passwords

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise click.BadParameter(
            _("%(email)s is not an e-mail address.") % {"email": repr(email)},
            param_hint="EMAIL",
        ) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not reset_password:
        raise click.ClickException(
            _("%(email)s already exists. To give it a new password: %(command)s")
            % {"email": email, "command": f"mostra createuser {email} --reset-password"}
        )
    if user is None and reset_password:
        raise click.ClickException(
            _("No user has the e-mail %(email)s: drop --reset-password.") % {"email": email}
        )
    generated = password is None
    if password is None:
        password = generate_password()
    try:
        validate_password(password, user or User(email=email, display_name=name))
    except ValidationError as exc:
        raise click.BadParameter(" ".join(exc.messages), param_hint="--password") from exc
    created = user is None
    if user is None:
        user = User.objects.create_user(email, password, display_name=name)
    else:
        passwords.set_by_administrator(user, password)  # audited
    if superuser:
        user.is_staff = user.is_superuser = True
    if name:
        user.display_name = name
    user.save()
    click.echo(_done(created, user.is_superuser) % {"email": user.email})
    if generated:
        click.echo(
            _("Password: %(password)s  (shown only once)")
            % {"password": click.style(password, bold=True)}
        )


def _done(created: bool, administrator: bool) -> str:
    """What ``createuser`` did, as a sentence with an ``%(email)s`` placeholder."""
    if created:
        return _("Created %(email)s (administrator).") if administrator else _("Created %(email)s.")
    if administrator:
        return _("New password for %(email)s (administrator).")
    return _("New password for %(email)s.")
