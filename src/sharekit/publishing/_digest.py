"""An article's digest: a hash of everything that shapes its outputs (SPEC 2.6).

An article whose digest is the stored one is skipped without rendering.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from typing import Any

from sharekit._version import __version__
from sharekit.card._ref import card_inputs
from sharekit.config import Site, SyndicateConfig
from sharekit.model import Article

__all__ = ["article_digest", "site_hash"]


def _canonical_hash(value: Any) -> str:
    canonical = json.dumps(
        value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


@functools.lru_cache(maxsize=32)
def site_hash(site: Site) -> str:
    """The effective site's share of a digest; converting a Site to a dict for
    every article was half of an unchanged re-run. Sites are frozen, so equal
    sites share the entry."""
    # [syndicate] shapes no article file (and holds tokens): changing it republishes nothing
    values = dataclasses.asdict(
        dataclasses.replace(site, config_path=None, pinned=frozenset(), syndicate=SyndicateConfig())
    )
    for key in _WHERE:  # where the outputs go does not change them
        values["publish"].pop(key, None)
    values.pop("generator", None)  # SPEC 8.3: where the site's root lies changes no output
    return _canonical_hash(values)


# [publish] keys that say where and how publish writes, not what (SPEC 7.7):
# left out of the digest, so a store URL (with its password) is never hashed
# and moving a site to a bucket keeps its digests.
_WHERE = ("out", "store", "executor", "storage_options")


# Article fields that are the configuration it is bound to, not the record:
# the effective site is hashed once, by value (site_hash); converting it with
# every article doubled an unchanged re-run.
_BOUND = frozenset({"site", "site_overrides", "base_site"})


def _record_fields(article: Article) -> dict[str, Any]:
    """The article's own fields, with its record's ``site`` object (as digests had them)."""
    values = {
        field.name: getattr(article, field.name)
        for field in dataclasses.fields(article)
        if field.name not in _BOUND
    }
    values["authors"] = [dataclasses.asdict(author) for author in article.authors]
    values["image"] = dataclasses.asdict(article.image) if article.image else None
    values["site"] = dict(article.site_overrides)
    return values


def article_digest(article: Article) -> str:
    """A hash of everything that shapes an article's outputs (its effective site included)."""
    return _canonical_hash(
        {
            "article": _record_fields(article),
            "site": site_hash(article.site),
            "card": card_inputs(article),
            "version": __version__,
        }
    )
