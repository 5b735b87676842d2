"""publish(executor=...) (SPEC 7.7): any concurrent.futures.Executor, a real Dask cluster
with two worker processes on 127.0.0.1, a failing chunk, a worker killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from sharekit import load_site, publish
from sharekit.errors import RenderError

ROOT = Path(__file__).parent.parent.parent
SITE = {
    "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
    "feed": {"max_items": 500},
}


def record(index: int) -> dict[str, object]:
    return {
        "id": f"post-{index}",
        "title": f"Headline number {index % 9}",  # clashing slugs get numbers
        "section": "World",
        "published": f"2025-01-{1 + index % 28:02d}T09:{index % 60:02d}:00+09:00",
    }


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".sharekit" not in p.parts
    }


def feed_ids(root: Path) -> list[str]:
    return [entry["id"] for entry in json.loads((root / "feed.json").read_text())["items"]]


def test_a_thread_pool_executor_writes_what_the_local_pool_writes(tmp_path: Path) -> None:
    site = load_site({**SITE, "card": {"enabled": False}})
    records = [record(n) for n in range(40)]
    local = publish(records, site, tmp_path / "local", workers=1)
    with ThreadPoolExecutor(3) as pool:
        given = publish(records, site, tmp_path / "given", executor=pool)
        assert not pool._shutdown  # the caller's executor is left to the caller
    assert given.errors == []
    assert {a.id: a.slug for a in given.written} == {a.id: a.slug for a in local.written}
    assert tree(tmp_path / "given") == tree(tmp_path / "local")


class FailingEveryOther(Executor):
    """Runs chunks inline, but every second one fails as a lost worker would."""

    def __init__(self) -> None:
        self.calls = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.calls += 1
        future: Future[Any] = Future()
        if self.calls % 2 == 0:
            future.set_exception(ConnectionResetError("worker tcp://127.0.0.1:1 lost"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_a_failed_chunk_is_reported_and_redone_by_the_next_run(tmp_path: Path) -> None:
    site = load_site({**SITE, "card": {"enabled": False}})
    records = [record(n) for n in range(64)]  # 8 chunks of 8
    first = publish(records, site, tmp_path, executor=FailingEveryOther())
    assert len(first.written) == 32 and len(first.errors) == 32
    assert all(isinstance(e, RenderError) for e in first.errors)
    assert "not published, its chunk failed on the executor (ConnectionResetError: worker" in str(
        first.errors[0]
    )
    assert first.exit_code == 2
    assert len(feed_ids(tmp_path)) == 32
    second = publish(records, site, tmp_path, workers=1)
    assert second.errors == [] and len(second.written) == 32 and len(second.unchanged) == 32
    ids = feed_ids(tmp_path)
    assert len(ids) == len(set(ids)) == 64


def test_a_dask_cluster_writes_what_the_local_pool_writes(
    dask_cluster: Any, tmp_path: Path
) -> None:
    from distributed import Client

    site = load_site(SITE)  # with cards: the workers render them
    records = [record(n) for n in range(24)]
    local = publish(records, site, tmp_path / "local", workers=1)
    with Client(dask_cluster) as client:
        remote = publish(records, site, tmp_path / "dask", executor=client.get_executor())
        ran_on = client.run(os.getpid)
    assert remote.errors == []
    assert len(ran_on) == 2 and os.getpid() not in ran_on.values()
    assert {a.id: a.slug for a in remote.written} == {a.id: a.slug for a in local.written}
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


def test_cli_executor_dask_url(dask_cluster: Any, tmp_path: Path) -> None:
    address = dask_cluster.scheduler_address.removeprefix("tcp://")
    records = tmp_path / "records.json"
    records.write_text(json.dumps([record(n) for n in range(20)]))
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
        "[card]\nenabled = false\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sharekit",
            "publish",
            str(records),
            "--out",
            "public",
            "--executor",
            f"dask://{address}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "20 written, 0 unchanged, 0 failed" in result.stderr
    assert len(feed_ids(tmp_path / "public")) == 20
    # the workers wrote into the caller's --out, not into their own working directory
    assert len(list((tmp_path / "public" / "articles").glob("*/manifest.json"))) == 20


def test_cli_an_unreachable_scheduler_exits_3(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from tests.helpers_servers import free_port

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sharekit",
            "publish",
            str(ROOT / "examples" / "article.json"),
            "--out",
            "public",
            "--executor",
            f"dask://127.0.0.1:{free_port()}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "--executor: cannot reach the Dask scheduler" in result.stderr


def test_a_dask_worker_killed_mid_run_loses_nothing(dask_cluster: Any, tmp_path: Path) -> None:
    """Dask retries the lost worker's tasks or publish reports them; after the next run
    every article is in the feed exactly once and has its files."""
    from distributed import Client

    site = load_site({**SITE, "card": {"enabled": False}})
    records = [record(n) for n in range(200)]
    with Client(dask_cluster) as client:
        victim = next(iter(client.run(os.getpid).values()))
        done: list[object] = []

        def kill_once(result: object) -> None:
            done.append(result)
            if len(done) == 20:
                os.kill(victim, signal.SIGKILL)

        first = publish(records, site, tmp_path, executor=client.get_executor(), progress=kill_once)
        assert len(first.written) + len(first.errors) == 200
        client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed one
        second = publish(records, site, tmp_path, executor=client.get_executor())
    assert second.errors == []
    assert len(second.written) == len(first.errors)  # exactly the lost ones are redone
    ids = feed_ids(tmp_path)
    assert len(ids) == len(set(ids)) == 200
    for result in [*first.written, *second.written]:
        assert (tmp_path / "articles" / result.slug / "manifest.json").is_file()


def test_publish_config_keys(tmp_path: Path) -> None:
    """[publish] out (relative to the config file), store, executor, storage_options."""
    from sharekit import InputError

    config = tmp_path / "sharekit.toml"
    config.write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
        '[publish]\nout = "public"\nexecutor = "local"\n'
        "[publish.storage_options]\n"
        'key = "k"\nclient_kwargs = { region_name = "eu-west-1" }\n'
    )
    site = load_site(config)
    assert site.publish.out == str(tmp_path / "public")
    assert site.publish.executor == "local" and site.publish.store == ""
    from sharekit.out._output import options_of

    assert options_of(site.publish.storage_options) == {
        "client_kwargs": {"region_name": "eu-west-1"},
        "key": "k",
    }
    with pytest.raises(InputError, match=r"publish\.storage_options\.key: expected text"):
        load_site({"publish": {"storage_options": {"key": ["a"]}}})
    # where the outputs go is not part of an article's digest: moving changes nothing
    from sharekit.publishing._digest import site_hash

    moved = load_site({"publish": {"out": "s3://b/x", "store": "postgresql://h/d"}})
    assert site_hash(moved) == site_hash(load_site({}))
    (tmp_path / "r.json").write_text(json.dumps(record(1)))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "sharekit", "--config", str(config), "publish", "r.json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public" / "feed.xml").is_file()  # [publish] out, no --out
