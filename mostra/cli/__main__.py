"""``python -m mostra.cli``: the same as the ``mostra`` command."""

from mostra.cli import main

main()
