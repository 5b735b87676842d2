"""keep_freed_memory: a fresh process rendering cards stops refaulting its buffers.

Page faults are counted, not time: the count is the mechanism the tuning
removes, and it does not drift with the machine's load.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc only"
)

# A fresh interpreter with a small heap, like a spawned publish worker: warm
# up on 5 cards, then count the minor page faults of the next 20.
SCRIPT = """
import json, resource, sys
import sharekit
from sharekit.card import render_card
if sys.argv[1] == "tuned":
    from sharekit.publishing._malloc import keep_freed_memory
    keep_freed_memory()
site = sharekit.load_site({})
articles = [
    sharekit.load_article(
        {"title": f"Pfizer Ends Obesity Drug Trial After Liver Risk Emerges ({n})",
         "url": f"https://example.com/{n}"}, site)
    for n in range(25)
]
for article in articles[:5]:
    render_card(article, site)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for article in articles[5:]:
    render_card(article, site)
print(json.dumps((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20))
"""


def faults_per_card(mode: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True
    )
    return float(json.loads(done.stdout))


def test_tuned_process_reuses_its_card_buffers() -> None:
    default, tuned = faults_per_card("default"), faults_per_card("tuned")
    # A card needs a few MB of buffers: untuned, glibc gives them back and
    # faults them in again every time (hundreds of 4 KB pages); tuned, they stay.
    assert tuned < 50, (default, tuned)
    assert default > 5 * max(tuned, 10), (default, tuned)
