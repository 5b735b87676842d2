"""The built wheel carries the fonts: a Korean card renders with no system fonts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

CHECK = """
import json, sys
from pathlib import Path
import sharekit
from sharekit.card import _fonts
site = sharekit.load_site({})
article = sharekit.load_article(sys.argv[1], site)
card = sharekit.render_card(article, site)
headline = next(layer for layer in card.layers if layer.name == "headline")
faces = {face.path for _, face in headline.block.faces()}
print(json.dumps({
    "fonts_dir": str(_fonts.bundled_dir()),
    "faces": sorted(faces),
    "roles": sorted({face.role for _, face in headline.block.faces()}),
    "missing": list(card.missing),
    "size": [card.width, card.height],
}))
"""


@pytest.mark.slow
def test_wheel_renders_korean_without_system_fonts(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("sharekit-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    # No fonts at all: fontconfig reads an empty configuration.
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text("<?xml version='1.0'?>\n<fontconfig></fontconfig>\n")
    work = tmp_path / "work"
    work.mkdir()
    record = work / "korean.json"
    shutil.copyfile(ROOT / "examples" / "articles" / "korean.json", record)
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf), "PYTHONPATH": ""}
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=False)
    assert listed.stdout.strip() == "" or shutil.which("fc-list") is None
    result = subprocess.run(
        [str(env_dir / "bin" / "sharekit"), "card", str(record), "-o", "card.png"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "card.png").stat().st_size > 5_000
    checked = subprocess.run(
        [str(python), "-c", CHECK, str(record)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(checked.stdout)
    assert report["missing"] == []
    assert report["size"] == [1200, 630]
    assert Path(report["fonts_dir"]).is_relative_to(env_dir)
    assert all(Path(face).is_relative_to(env_dir) for face in report["faces"])
    assert "ko" in report["roles"] and "system" not in report["roles"]
    # A script of SPEC 7.3 beyond CJK: Hindi, from the wheel's Noto Sans Devanagari.
    hindi = json.loads((ROOT / "tests" / "data" / "scripts" / "headlines.json").read_text("utf-8"))
    entry = hindi["hi"]
    record = work / "hindi.json"
    record.write_text(
        json.dumps({"title": entry["title"], "lang": "hi", "url": "https://example.com/a"}),
        encoding="utf-8",
    )
    checked = subprocess.run(
        [str(python), "-c", CHECK, str(record)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(checked.stdout)
    assert report["missing"] == []
    assert "Deva" in report["roles"] and "system" not in report["roles"]
