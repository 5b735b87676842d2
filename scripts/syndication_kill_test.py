"""The kill and timeout tests of SPEC 8.7 against any sharekit tree, for a before/after.

    PYTHONPATH=SRC python scripts/syndication_kill_test.py SRC [TARGET...]

For each target (mastodon bluesky telegram facebook threads linkedin webhook;
a tree that lacks one reports it off), with this tree's loopback stand-ins:

- kill: `sharekit syndicate` from SRC is SIGKILLed once the stand-in accepted
  the post (it holds its answer), then run again at once, then again as if
  31 minutes had passed (the store's claim made older);
- timeout: the stand-in posts and answers after `[network] timeout`; two runs.

Prints the statuses each run reported and how many posts the service holds.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers_servers import syndication_stand_in  # noqa: E402
from tests.helpers_syndicate import Fault  # noqa: E402
from tests.syndication.helpers import record, service_config  # noqa: E402
from tests.syndication.test_kill import MAKES, _toml  # noqa: E402


def _statuses(done: subprocess.CompletedProcess[str]) -> Any:
    lines = [json.loads(line)["status"] for line in done.stdout.splitlines()]
    return lines or done.stderr.strip()[-80:]


def kill(src: str, target: str) -> str:
    env = {**os.environ, "PYTHONPATH": src}
    tmp = Path(tempfile.mkdtemp())
    out = tmp / "out"
    out.mkdir()
    with syndication_stand_in(out) as server:
        route, kept = MAKES[target]
        (tmp / "sharekit.toml").write_text(_toml(service_config(server, target)))
        (tmp / "a.json").write_text(json.dumps(record(server, 1)))
        server.faults[route] = [Fault(0, hold=60)]
        cmd = [sys.executable, "-m", "sharekit", "syndicate", "a.json", "--out", str(out)]
        run = subprocess.Popen(
            cmd, cwd=tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        accepted = server.accepted.wait(60)
        run.kill()
        run.communicate()
        server.release.set()
        first = len(getattr(server, kept))
        again = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
        second = len(getattr(server, kept))
        if not (out / ".sharekit/store.sqlite").is_file():  # a tree without this service
            return f"kill    {target:9} off in this tree: {_statuses(again)}"
        db = sqlite3.connect(out / ".sharekit/store.sqlite", isolation_level=None)
        db.execute(
            "UPDATE posts SET updated = '2000-01-01T00:00:00.000000Z' WHERE status = 'posting'"
        )
        db.close()
        later = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
        return (
            f"kill    {target:9} accepted={accepted} posts={first}; at once: {_statuses(again)}"
            f" posts={second}; 31 min later: {_statuses(later)} posts={len(getattr(server, kept))}"
        )


def timeout(src: str, target: str) -> str:
    code = (
        "import sys, json, tempfile\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pathlib import Path\n"
        "from sharekit import load_article, load_site, syndicate\n"
        "from tests.helpers_servers import syndication_stand_in\n"
        "from tests.helpers_syndicate import Fault\n"
        "from tests.syndication.helpers import record, service_config\n"
        "from tests.syndication.test_kill import MAKES\n"
        f"target = {target!r}\n"
        "out = Path(tempfile.mkdtemp()) / 'out'; out.mkdir()\n"
        "with syndication_stand_in(out) as server:\n"
        "    route, kept = MAKES[target]\n"
        "    net = {'allow_private': True, 'timeout': 0.5}\n"
        "    cfg = load_site({**service_config(server, target), 'network': net})\n"
        "    article = load_article(record(server, 1), cfg)\n"
        "    server.faults[route] = [Fault(0, hold=1.5)]\n"
        "    first = [r.status for r in syndicate([article], cfg, out)]\n"
        "    server.release.set()\n"
        "    second = [r.status for r in syndicate([article], cfg, out)]\n"
        "    print(json.dumps([first, second, len(getattr(server, kept))]))\n"
    )
    env = {**os.environ, "PYTHONPATH": src}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if done.returncode:
        return f"timeout {target:9} {done.stderr.strip().splitlines()[-1]}"
    first, second, posts = json.loads(done.stdout)
    return f"timeout {target:9} first run: {first}, second run: {second}, posts={posts}"


def main() -> None:
    src, targets = sys.argv[1], sys.argv[2:] or list(MAKES)
    for target in targets:
        print(kill(src, target))
        print(timeout(src, target))


if __name__ == "__main__":
    main()
