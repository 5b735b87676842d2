"""``python -m sharekit``: the same as the ``sharekit`` command."""

from sharekit.cli import main

main()
