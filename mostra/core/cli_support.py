"""What every ``mostra`` subcommand shares, whichever app it belongs to.

Setting Django up once click has parsed the options (so that ``--help`` works even when
the settings are wrong), saying in one line why mostra cannot run (a setting, or a
database that is missing, unreachable or not migrated), refusing the input with exit
status 2, finding a workspace by its short name, and writing a file whole or not at all.
The apps' command modules (``mostra/*/cli.py``) and the core commands (``mostra/cli/``)
import these from here.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from mostra.core.models import Membership, User, Workspace

F = TypeVar("F", bound=Callable[..., Any])

#: Exit status when the input is refused (nothing was done).
REFUSED = 2

#: ``--workspace SLUG``, required, passed to the command as ``slug``.
workspace_required = click.option(
    "--workspace", "slug", required=True, metavar="SLUG", help="The workspace's short name."
)

#: ``-o FILE``, passed as ``output``: ``-`` (the default) is the standard output.
output_option = click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    help="Write to FILE instead of the standard output.",
)

#: ``--format table|json``, passed as ``fmt``: a table to read, or JSON for scripts.
table_or_json = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table to read, or JSON for scripts.",
)


#: ``--delimiter , | ;``, passed as ``delimiter`` (None: the command's language's); read it
#: with :func:`csv_style`.
delimiter_option = click.option(
    "--delimiter",
    type=click.Choice([",", ";"]),
    default=None,
    help="CSV only: the column separator; ; also writes decimal commas, as French Excel "
    "expects. Default: ; when the command speaks French (MOSTRA_LANGUAGE or LANG), else ,.",
)


def csv_style(delimiter: str | None) -> Any:
    """The :class:`~mostra.core.csv_export.CsvStyle` of ``--delimiter``, else the one of
    the command's language (:func:`~mostra.core.i18n.terminal_language`)."""
    from mostra.core.csv_export import STYLES, style_for
    from mostra.core.i18n import terminal_language

    return STYLES[delimiter] if delimiter else style_for(terminal_language())


class NotReady(click.ClickException):
    """mostra cannot run as it is set up: printed as one line, ``mostra: message``.

    Exit status 1. The message names the setting or the database, and what to do.
    """

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"mostra: {self.format_message()}", file=file, err=file is None)


class MostraGroup(click.Group):
    """The ``mostra`` group: a database that cannot serve mostra yet is said in one line.

    Whichever command meets a missing, unreachable or unmigrated database, the error it
    stops on is explained by :func:`mostra.core.database_state.problem` (which database,
    from which setting, what to run) instead of a traceback. An error that the state of
    the database does not explain goes on as it is.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            problem = _database_problem(exc)
            if problem is None:
                raise
            raise NotReady(problem) from exc


def _database_problem(exc: Exception) -> str | None:
    """Why the database could not serve, when ``exc`` is a database error; else None."""
    from django.apps import apps

    if not apps.ready:
        return None
    from django.db import DatabaseError, connection

    # Still in a transaction once the command has failed: the caller's (a test's), which
    # the diagnosis must not query through (PostgreSQL refuses until it is rolled back).
    if not isinstance(exc, DatabaseError) or connection.in_atomic_block:
        return None
    from mostra.core import database_state

    return database_state.problem()


def require_database() -> None:
    """Stop now, in one line, unless the database is reachable and migrated.

    For the commands that must not start otherwise (``serve`` would answer every request
    with an error); the others are explained when they fail (:class:`MostraGroup`).
    """
    from mostra.core import database_state

    problem = database_state.problem()
    if problem is not None:
        raise NotReady(problem)


def setup_django() -> None:
    """Point Django at mostra's settings, compile the catalogues, and set Django up.

    A setting that cannot work stops the command with one line naming the variable
    (:mod:`mostra.config`). Then speak the terminal's language
    (:func:`mostra.core.i18n.terminal_language`): every message printed from here on
    goes through gettext.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mostra.settings")
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    from mostra.core.i18n import compile_catalogues

    compile_catalogues()
    if not apps.ready:
        try:
            django.setup()
        except ImproperlyConfigured as exc:
            raise NotReady(str(exc)) from exc
    from django.utils import translation

    from mostra.core.i18n import terminal_language

    translation.activate(terminal_language())


def with_django(command: F) -> F:
    """Set Django up before the command runs (after click has parsed its options)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        return command(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def refuse(text: str) -> NoReturn:
    """Print ``Error: text`` on the standard error and exit with :data:`REFUSED`."""
    from django.utils.translation import gettext as _

    click.echo(_("Error: %(problem)s") % {"problem": text}, err=True)
    raise SystemExit(REFUSED)


def unknown_workspace(slug: str) -> str:
    """Why ``slug`` names no workspace, with the short names that exist."""
    from django.utils.translation import gettext as _

    from mostra.core.models import Workspace

    slugs = list(Workspace.objects.order_by("slug").values_list("slug", flat=True))
    existing = ", ".join(slugs) if slugs else _("none yet (create one in the web app)")
    return _("no workspace has the short name %(slug)s. Existing workspaces: %(list)s.") % {
        "slug": repr(slug),
        "list": existing,
    }


def workspace_option(slug: str, *, changing: bool = False) -> Workspace:
    """The workspace that ``--workspace SLUG`` names, or a usage error (exit status 2).

    ``changing``: the command changes the workspace, which an archived workspace refuses
    (exit status 2, nothing done).
    """
    from mostra.core.models import Workspace

    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise click.BadParameter(unknown_workspace(slug), param_hint="--workspace")
    if changing:
        refuse_if_archived(workspace)
    return workspace


def refuse_if_archived(workspace: Workspace) -> None:
    """Stop a command that would change an archived workspace (exit status 2)."""
    from mostra.core.services.archive import WorkspaceArchived, ensure_writable

    try:
        ensure_writable(workspace)
    except WorkspaceArchived as exc:
        refuse(exc.message)


def acting_member(workspace: Workspace, email: str | None) -> Membership:
    """Who acts, as ``--as EMAIL`` names them, or the workspace's first owner.

    The command line has no signed-in member: it acts as a member of the workspace so
    that the services apply the same rights and audit entries as the web app.
    """
    from django.utils.translation import gettext as _

    memberships = workspace.memberships.select_related("user", "workspace")
    if email is not None:
        membership = memberships.filter(user__email__iexact=email.strip()).first()
        if membership is None:
            refuse(
                _("%(email)s is not a member of %(slug)s.")
                % {"email": email, "slug": repr(workspace.slug)}
            )
        return membership
    owner = memberships.owners().order_by("pk").first()
    if owner is None:
        refuse(_("%(slug)s has no owner: give --as EMAIL.") % {"slug": repr(workspace.slug)})
    return owner


def user_option(email: str, param_hint: str) -> User:
    """The user with this e-mail address (whatever its case), or a usage error (status 2)."""
    from django.utils.translation import gettext as _

    from mostra.core.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise click.BadParameter(
            _("no user has the e-mail %(email)s: create the account with %(command)s")
            % {"email": email, "command": f"mostra createuser {email.strip()}"},
            param_hint=param_hint,
        )
    return user


def find_admin() -> Any:
    """The administrator: MOSTRA_ADMIN_EMAIL's user, else the first superuser, else anyone."""
    from django.conf import settings

    from mostra.core.models import User

    return (
        User.objects.filter(email__iexact=settings.CONFIG.admin_email).first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )


def owner_option(email: str | None) -> User:
    """The owner of a workspace the command creates: ``--owner EMAIL``, or the administrator.

    The administrator is the one ``mostra up`` prints the login of
    (:func:`find_admin`): ``MOSTRA_ADMIN_EMAIL``'s user, else the first
    superuser.
    """
    if email is not None:
        return user_option(email, "--owner")
    from django.utils.translation import gettext as _

    admin = find_admin()
    if admin is None:
        refuse(
            _(
                "this install has no user yet: create yours with %(command)s, "
                "then give --owner EMAIL."
            )
            % {"command": "mostra createuser EMAIL --superuser"}
        )
    return admin


def echo_table(headers: list[str], rows: list[list[str]]) -> None:
    """Print ``rows`` under ``headers`` in columns two spaces apart."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    for line in [headers, *rows]:
        click.echo("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())


def write_output(output: str, data: str | bytes) -> None:
    """Write to the standard output (``-``), or to the file ``output`` whole or not at all.

    The file is written beside its final place then renamed over it, so that a reader
    never sees half of it and a failure leaves the previous file as it was. It gets the
    permissions of any new file (``0666`` less the umask), as a shell's ``>`` gives.
    """
    if output == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream, unchanged
        return
    content = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(output)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise click.FileError(output, hint=exc.strerror or str(exc)) from exc


def _umask() -> int:
    mask = os.umask(0o022)  # Reading the umask means setting it: put it back at once.
    os.umask(mask)
    return mask
