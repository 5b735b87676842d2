"""records: from files and mappings to :class:`~sharekit.model.Article` (private wing, layer 6).

Owns reading (``_io``: JSON, JSON Lines, YAML, Markdown, streamed), front
matter as generators write it (``_frontmatter``), WordPress and Ghost
exports (``_exports``), the one builder of an Article (``_build``), the
checkers of the metadata-depth fields (``_fields``) and the JSON Schema
(``_schema``). Sites as they are (SPEC 8.3): ``_site`` finds a Jekyll, Hugo
or Eleventy site and binds its configuration; ``_site_jekyll``,
``_site_hugo``, ``_site_eleventy`` read it, ``_permalink_jekyll``,
``_permalink_hugo`` and ``_rubytime`` make the generators' URLs and dates.

May import: store (where publish keeps it: output folders are skipped), images,
config, model, networks, text, errors.
"""
