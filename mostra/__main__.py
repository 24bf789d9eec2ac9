"""``python -m mostra``: the same as the ``mostra`` command."""

from mostra.cli import main

main()
