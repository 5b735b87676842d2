"""publish() where worker processes cannot be spawned (SPEC 8.4): ``python -``
feeds the script on stdin, as a notebook or a pasted snippet would, and the
README's call must publish in this process with a note, not die with its pool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent

SCRIPT = """
import sharekit
site = sharekit.load_site({"site": {"name": "N", "url": "https://news.example"}})
report = sharekit.publish("posts/", site, "public", workers=2)
print(report.summary())
"""


def test_publish_from_stdin_renders_in_this_process(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    for index in range(6):
        record = {
            "id": f"p{index}",
            "title": f"Headline {index}",
            "published": f"2025-01-0{1 + index}T09:00:00Z",
        }
        (posts / f"{index}.json").write_text(json.dumps(record))
    result = subprocess.run(
        [sys.executable, "-"],
        input=SCRIPT,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("6 written, 0 unchanged, 0 failed"), result.stdout
    assert "rendering in this process: worker processes cannot import __main__" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(list((tmp_path / "public").rglob("card.png"))) == 6
