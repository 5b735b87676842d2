"""net: everything that crosses the network (private wing, layer 5).

Owns ``_http`` (the guarded client: http(s) only, address checks on every
hop, pinned connections, time and byte limits, bounded JSON answers),
``_credentials`` (credentials never follow a redirect to another host or
from https to http: SPEC 8.2), ``_download`` (hero images and
pages, checked and cached), ``_websub`` (hub pings) and ``_inspect`` (the
sharing debugger of live pages: ``_head`` reads a page's head, ``_checks``
judges it, ``_report`` holds the report and the platforms' previews).

May import: images, out, config, model, text, errors.
"""
