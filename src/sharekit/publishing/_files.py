"""The output tree around the articles' own files: the site's assets, files
still present, stale files removed, the card among an article's files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sharekit.images._files import read_local_image, site_asset
from sharekit.out._output import sha256

if TYPE_CHECKING:
    from sharekit.config import Site
    from sharekit.out._output import Output
    from sharekit.store._interface import Store

__all__ = ["card_path", "copy_site_assets", "files_present", "remove_stale"]


def copy_site_assets(site: Site, out: Output, store: Store) -> None:
    """Copy the site's local logo, default image and feed icons under ``assets/``."""
    written: list[tuple[str, str]] = []
    for value in {site.logo, site.default_image, site.card.logo, site.feed.icon, site.feed.logo}:
        asset = site_asset(site, value) if value else None
        if asset is None or asset.local_path is None or asset.output_path is None:
            continue
        data = read_local_image(asset.local_path, site.source, None, site.network.max_bytes)
        if not out.remote:
            out.write(asset.output_path, data)
            continue
        known = store.object_digests([asset.output_path]).get(asset.output_path)
        if out.write(asset.output_path, data, None, known):
            written.append((asset.output_path, sha256(data)))
    store.record_objects(written)


def files_present(out: Output, files: list[str]) -> bool:
    return bool(files) and all(out.present(name) for name in files)


def remove_stale(out: Output, folder: str, old: list[str], new: list[str]) -> list[str]:
    """Delete files the article's folder had before and no longer has (an old hashed card).

    Only inside its current folder: an old folder left by a slug change is
    reported to the caller, never deleted silently; and never through a link.
    """
    removed = []
    for name in sorted(set(old) - set(new)):
        if name.startswith(folder + "/") and ".." not in name.split("/"):
            out.remove(name)  # a local output removes through the rooted writer
            removed.append(name)
    return removed


def card_path(entries: list[dict[str, Any]]) -> str:
    """The card among an article's written files ("" without one): card.EXT or card-HASH.EXT."""
    for entry in entries:
        name = str(entry["path"]).rsplit("/", 1)[-1]
        if name.startswith("card") and str(entry.get("media_type", "")).startswith("image/"):
            return str(entry["path"])
    return ""
