"""``mostra ambassadors``: the programme's roster from the command line.

The same services, rights and audit entries as the pages: a command acts as the
workspace's first owner unless ``--as``. Exit status 2 when refused (nothing changed).
"""

from __future__ import annotations

import click


@click.group(name="ambassadors")
def ambassadors_group() -> None:
    """Ambassador and influencer programmes: the roster and its members' posts.

    \b
    Example:
        mostra ambassadors import roster.csv --workspace demo
        mostra ambassadors list --workspace demo --format json
    """
