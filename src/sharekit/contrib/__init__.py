"""Framework integrations, each an optional extra.

``sharekit.contrib.django`` (``pip install 'sharekit[django]'``) and
``sharekit.contrib.flask`` (``pip install 'sharekit[flask]'``). Both read the
configuration as the config file's tables and map the framework's objects to
records with :func:`sharekit.contrib.records.record_from_object`.

Wing (layer 13). May import: :mod:`sharekit` (public names), config,
model, errors.
"""
