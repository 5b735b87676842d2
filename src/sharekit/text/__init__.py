"""text: strings as sharekit reads and writes them (private wing, layer 1).

Owns cleaning (``_clean``: control characters, white space, IRI to URI),
truncation at grapheme boundaries (``_truncate``), slugs with Korean and
Japanese romanisation (``_slug``, ``_korean``), the visible text of an HTML
body (``_htmltext``), the lead paragraph of a body read by lxml's HTML
parser for derived descriptions (``_lead``), the typed checkers of records and config
(``_validate``) and the limits on what is read (``_limits``); SPEC 8.4:
robots directives (``_robots``), the free part of a paywalled body and feed
HTML sanitised with absolute URLs (``_feedhtml``: lxml, cssselect, nh3),
IDNA 2008 hosts (``_clean.idna_host``: idna).

May import: errors (and text libraries). Nothing else of sharekit.
"""
