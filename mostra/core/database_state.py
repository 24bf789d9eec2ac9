"""Whether the database can serve mostra: reachable, with its tables, its migrations applied.

Asked by the ``mostra`` command when a command fails on a database error
(:class:`mostra.core.cli_support.MostraGroup`) and before a command that must not start
otherwise (``serve``, ``demo``). The answer is one sentence naming the database (never
its password), where its name comes from and what to run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mostra.config import redacted


def problem() -> str | None:
    """Why the database cannot serve mostra yet, or None when it can.

    1. Connect afresh, unless in a transaction (a failed command may have left the
       connection unusable): a refusal is "cannot connect", with the driver's reason.
    2. No table at all: a new database, "run ``mostra migrate``".
    3. Migrations not applied yet (some tables, not all): their number, same advice.
    """
    if not connection.in_atomic_block:
        connection.close()
    try:
        connection.ensure_connection()
        tables = connection.introspection.table_names()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        if connection.vendor == "sqlite":
            return _(
                "cannot open the database %(database)s (%(reason)s): check that it is a "
                "SQLite file that mostra can write to, in a directory it can write to "
                "— %(source)s."
            ) % {**_where(), "reason": _reason(exc)}
        return _(
            "cannot connect to the database %(database)s (%(reason)s): check DATABASE_URL "
            "and that the server is running."
        ) % {**_where(), "reason": _reason(exc)}
    if not tables:
        return (
            _(
                "the database %(database)s has no tables yet: run `mostra migrate` "
                "(or `mostra up`, which migrates first) — %(source)s."
            )
            % _where()
        )
    if pending:
        return ngettext(
            "the database %(database)s is not up to date, %(count)d migration is not "
            "applied: run `mostra migrate` — %(source)s.",
            "the database %(database)s is not up to date, %(count)d migrations are not "
            "applied: run `mostra migrate` — %(source)s.",
            len(pending),
        ) % {**_where(), "count": len(pending)}
    return None


def _where() -> dict[str, str]:
    """The database as its user knows it, and the setting it comes from."""
    config = settings.CONFIG
    if config.database_url_explicit:
        source = _("read from DATABASE_URL")
    else:
        source = _("MOSTRA_DATA_DIR is %(path)s") % {"path": config.data_dir}
    if connection.vendor == "sqlite":
        return {"database": str(connection.settings_dict["NAME"]), "source": source}
    return {"database": redacted(config.database_url), "source": source}


def _reason(exc: DatabaseError) -> str:
    """The driver's reason in one short line: PostgreSQL's ends its first line."""
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    reason = first_line.rpartition(" failed: ")[2].removeprefix("FATAL:").strip()
    return reason or first_line
