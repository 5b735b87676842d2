"""Dates as Jekyll reads them: Ruby's ``Time.parse`` in the site's zone, SafeYAML's timestamps.

The expected values were printed by Ruby 3.1's ``Time.parse`` with ``TZ`` set;
with Ruby installed, the last test asks it again.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sharekit import load_article, load_site
from sharekit.records._rubytime import jekyll_date, ruby_time_parse

LA = ZoneInfo("America/Los_Angeles")
FORMS = {
    # text -> Ruby's Time.parse(text).localtime with TZ=America/Los_Angeles
    "2023-01-29 18:30:22 2023 -0800": "2023-01-29 18:30:22 -0800",  # jekyllrb.com's own post
    "2024/10/24": "2024-10-24 00:00:00 -0700",
    "2013-05-06 02:12:52 +0200": "2013-05-05 17:12:52 -0700",
    "2013-05-06 02:12:52+0200": "2013-05-05 17:12:52 -0700",
    "2014-06-04": "2014-06-04 00:00:00 -0700",
    "2013-05-06 02:12:52 UTC": "2013-05-05 19:12:52 -0700",
    "2013-05-06T02:12:52Z": "2013-05-05 19:12:52 -0700",
    "2013-05-06 2:12 pm": "2013-05-06 14:12:00 -0700",
    "Jul 08 2022": "2022-07-08 00:00:00 -0700",
    "8 July 2022 10:00": "2022-07-08 10:00:00 -0700",
    "2022-07-08 10:00 PST": "2022-07-08 11:00:00 -0700",
    "2022-07-08 10:00 CET": "2022-07-08 10:00:00 -0700",  # a name Ruby does not know: ignored
    "2022-07-08 10:00 +02": "2022-07-08 01:00:00 -0700",
    "24/10/2024": "2024-10-24 00:00:00 -0700",
    "20240102": "2024-01-02 00:00:00 -0800",
    "2024-1-2 3:04": "2024-01-02 03:04:00 -0800",
    "Sat, 09 Nov 2019 23:01:42 +0100": "2019-11-09 14:01:42 -0800",
}


@pytest.mark.parametrize(("text", "expected"), sorted(FORMS.items()))
def test_time_parse_forms(text: str, expected: str) -> None:
    assert ruby_time_parse(text, LA).strftime("%Y-%m-%d %H:%M:%S %z") == expected


@pytest.mark.parametrize("text", ["soon", "", "2024-13-40", "10/24/2024", "2024-10-24 25:00"])
def test_what_ruby_refuses_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        ruby_time_parse(text, LA)


def test_yaml_values_as_safeyaml_gives_them() -> None:
    """An unquoted timestamp without an offset is UTC; a YAML date is local midnight."""
    assert jekyll_date(datetime(2020, 1, 1, 3), LA) == datetime(2019, 12, 31, 19, tzinfo=LA)
    assert jekyll_date(date(2020, 1, 1), LA) == datetime(2020, 1, 1, tzinfo=LA)
    assert jekyll_date(datetime(2020, 1, 1, 3, tzinfo=UTC), LA).day == 31
    with pytest.raises(ValueError):
        jekyll_date(True, LA)


def test_against_ruby_itself() -> None:
    ruby = shutil.which("ruby")
    if ruby is None:
        pytest.skip("ruby is not installed")
    script = (
        'require "time"; STDIN.each_line { |s| s = s.chomp; '
        'puts(begin; Time.parse(s).localtime.strftime("%Y-%m-%d %H:%M:%S %z"); '
        'rescue ArgumentError; "refused"; end) }'
    )
    texts = [*FORMS, "soon", "2024-13-40"]
    out = subprocess.run(
        [ruby, "-e", script],
        input="\n".join(texts) + "\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={"TZ": "America/Los_Angeles", "PATH": "/usr/bin:/bin"},
    ).stdout.splitlines()
    ours = []
    for text in texts:
        try:
            ours.append(ruby_time_parse(text, LA).strftime("%Y-%m-%d %H:%M:%S %z"))
        except ValueError:
            ours.append("refused")
    assert ours == out


def test_a_posts_folder_read_without_its_site_takes_rubys_forms_too(tmp_path: Path) -> None:
    """Before: ``date: not a date: "2023-01-29 18:30:22 2023 -0800"`` for jekyllrb.com's post."""
    post = tmp_path / "2023-01-29-jekyll-3-9-3-released.markdown"
    post.write_text(
        "---\ntitle: T\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nx\n", encoding="utf-8"
    )
    slashes = tmp_path / "2024-10-24-slashes.md"
    slashes.write_text("---\ntitle: S\ndate: 2024/10/24\n---\nx\n", encoding="utf-8")
    site = load_site({"site": {"url": "https://example.org", "timezone": "America/Los_Angeles"}})
    assert load_article(post, site).published == datetime(2023, 1, 29, 18, 30, 22, tzinfo=LA)
    assert load_article(slashes, site).published == datetime(2024, 10, 24, tzinfo=LA)
