"""Publish into S3 (SPEC 7.7) against moto's S3 server, the emulator s3fs's own tests use
(an emulator of S3's API, not AWS), behind a proxy that counts requests and can fail
one in ten. The store is a real PostgreSQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from sharekit import load_site, publish
from sharekit.card._formats import RATIOS
from sharekit.publishing._report import PublishReport
from tests.helpers_servers import S3Proxy

ROOT = Path(__file__).parent.parent.parent
CREDENTIALS = {"key": "testing", "secret": "testing", "client_kwargs": {"region_name": "us-east-1"}}


def site_for(proxy: S3Proxy, **options: Any) -> Any:
    return load_site(
        {
            "site": {"name": "View Us Global", "url": "https://www.viewusglobal.com"},
            "card": {"hashed_names": True},
            "feed": {"max_items": 500},
            "publish": {"storage_options": {**CREDENTIALS, "endpoint_url": proxy.url, **options}},
        }
    )


def record(index: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"post-{index}",
        "title": f"Headline number {index % 7}",
        "section": "World" if index % 2 else "Science",
        "published": f"2025-01-{1 + index % 28:02d}T09:{index % 60:02d}:00+09:00",
        **fields,
    }


@pytest.fixture
def bucket(moto_server: str) -> Any:
    """A new bucket; a boto3 client straight to moto (not through the proxy)."""
    import uuid

    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=moto_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    name = f"news-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    client.sharekit_bucket = name
    return client


def objects(client: Any, prefix: str = "site/") -> dict[str, bytes]:
    name = client.sharekit_bucket
    keys = [
        item["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=name, Prefix=prefix)
        for item in page.get("Contents", [])
    ]
    return {
        key.removeprefix(prefix): client.get_object(Bucket=name, Key=key)["Body"].read()
        for key in keys
    }


def local_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".sharekit" not in p.parts
    }


def test_objects_are_the_local_files_with_their_headers(
    s3: S3Proxy, bucket: Any, pg_url: str, tmp_path: Path
) -> None:
    site = site_for(s3)
    records = [record(n) for n in range(6)]
    url = f"s3://{bucket.sharekit_bucket}/site"
    report = publish(records, site, url, store=pg_url, workers=1)
    assert report.errors == [] and len(report.written) == 6
    assert report.out_dir == url
    local = publish(records, site, tmp_path / "local", workers=1)
    assert local.errors == []
    assert objects(bucket) == local_tree(tmp_path / "local")  # the same bytes, every file
    assert not Path("s3:").exists()  # nothing local was made of the URL

    def head(key: str) -> tuple[str, str]:
        answer = bucket.head_object(Bucket=bucket.sharekit_bucket, Key=f"site/{key}")
        return answer["ContentType"], answer["CacheControl"]

    card = next(f for f in report.written[0].files if "/card-" in f)
    assert head(card) == ("image/png", "public, max-age=31536000, immutable")
    folder = f"articles/{report.written[0].slug}"
    assert head(f"{folder}/head.html") == ("text/html; charset=utf-8", "public, max-age=300")
    assert head(f"{folder}/manifest.json") == ("application/json", "public, max-age=300")
    assert head("feed.xml") == ("application/rss+xml", "public, max-age=300")
    assert head("atom.xml") == ("application/atom+xml", "public, max-age=300")
    assert head("feed.json") == ("application/feed+json", "public, max-age=300")


def test_unchanged_objects_are_not_rewritten_and_the_bucket_is_not_listed(
    s3: S3Proxy, bucket: Any, pg_url: str
) -> None:
    site = site_for(s3)
    url = f"s3://{bucket.sharekit_bucket}/site"
    records = [record(n) for n in range(8)]
    assert publish(records, site, url, store=pg_url, workers=1).errors == []
    s3.requests.clear()
    again = publish(records, site, url, store=pg_url, workers=1)
    assert len(again.unchanged) == 8
    assert s3.puts() == []
    assert not any("list-type" in path or "prefix=" in path for _, path in s3.requests)
    # one article changes its description: its head, share block and manifest are
    # rewritten with the feeds that list it; its card (same title) and the others are not
    changed = [*records[:3], record(3, description="A new standfirst."), *records[4:]]
    s3.requests.clear()
    third = publish(changed, site, url, store=pg_url, workers=1)
    assert [a.id for a in third.written] == ["post-3"]
    slug = third.written[0].slug
    puts = sorted(path.split("/site/", 1)[1] for path in s3.puts())
    feeds = ["atom.xml", "feed.json", "feed.xml"]
    assert puts == sorted(
        [
            f"articles/{slug}/head.html",
            f"articles/{slug}/manifest.json",
            f"articles/{slug}/share.html",  # its share text carries the description
            *feeds,
            *(f"sections/world/{name}" for name in feeds),  # post-3 is in World only
        ]
    )


def test_a_second_out_with_the_same_store_gets_every_file(
    s3: S3Proxy, bucket: Any, pg_url: str, tmp_path: Path
) -> None:
    """SPEC 8.2: the store knows what it wrote per output. Before, a new bucket or prefix
    (staging then production, a moved prefix) got nothing: "8 unchanged", exit 0."""
    site = site_for(s3)
    staging = f"s3://{bucket.sharekit_bucket}/staging"
    production = f"s3://{bucket.sharekit_bucket}/site"
    records = [record(n) for n in range(8)]
    assert len(publish(records, site, staging, store=pg_url, workers=1).written) == 8
    second = publish(records, site, production + "/", store=pg_url, workers=1)
    assert len(second.written) == 8 and second.unchanged == []
    assert objects(bucket, "site/") == objects(bucket, "staging/")
    # and each out stays known: nothing is rewritten in either
    for out in (staging, production):
        s3.requests.clear()
        again = publish(records, site, out, store=pg_url, workers=1)
        assert len(again.unchanged) == 8 and s3.puts() == []
    # a local folder shares the store too, and gets everything
    local = publish(records, site, tmp_path / "public", store=pg_url, workers=1)
    assert len(local.written) == 8
    assert local_tree(tmp_path / "public").keys() >= objects(bucket, "site/").keys()


def cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sharekit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})},
        timeout=300,
    )


def test_cli_a_bucket_that_does_not_exist_exits_2_and_writes_nothing(
    s3: S3Proxy, pg_url: str, tmp_path: Path
) -> None:
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
        "[publish.storage_options]\n"
        f'key = "testing"\nsecret = "testing"\nendpoint_url = "{s3.url}"\n'
    )
    example = str(ROOT / "examples" / "article.json")
    result = cli(
        "publish", example, "--out", "s3://no-such-bucket/site", "--store", pg_url, cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "--out: s3://no-such-bucket/site: bucket 'no-such-bucket' does not exist" in (
        result.stderr
    )
    assert s3.puts() == []


def test_cli_publish_to_s3_with_the_standard_aws_environment(
    moto_server: str, bucket: Any, pg_url: str, tmp_path: Path
) -> None:
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
    )
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ENDPOINT_URL": moto_server,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",  # never ask an instance metadata service
    }
    example = str(ROOT / "examples" / "article.json")
    out = f"s3://{bucket.sharekit_bucket}/site"
    result = cli("publish", example, "--out", out, "--store", pg_url, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 written" in result.stderr
    feed = json.loads(objects(bucket)["feed.json"])
    assert [item["title"] for item in feed["items"]] == [
        json.loads(Path(example).read_text())["title"]
    ]


def test_cli_no_credentials_exits_2_naming_what_to_set(
    moto_server: str, bucket: Any, pg_url: str, tmp_path: Path
) -> None:
    (tmp_path / "sharekit.toml").write_text(
        '[site]\nname = "View Us Global"\nurl = "https://www.viewusglobal.com"\n'
    )
    env = {
        "AWS_ENDPOINT_URL": moto_server,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",  # never ask an instance metadata service
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_ACCESS_KEY_ID": "",
        "AWS_SECRET_ACCESS_KEY": "",
    }
    example = str(ROOT / "examples" / "article.json")
    out = f"s3://{bucket.sharekit_bucket}/site"
    result = cli("publish", example, "--out", out, "--store", pg_url, env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"--out: {out}: no credentials: set AWS_ACCESS_KEY_ID" in result.stderr
    assert objects(bucket) == {}


def every_article_once(client: Any, count: int) -> None:
    stored = objects(client)
    items = json.loads(stored["feed.json"])["items"]
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == count
    manifests = [key for key in stored if key.endswith("/manifest.json")]
    assert len(manifests) == count
    for key in manifests:  # no object missing: every file a manifest lists is there
        for entry in json.loads(stored[key])["files"]:
            assert stored[entry["path"]], entry["path"]


def test_one_request_in_ten_failing(s3: S3Proxy, bucket: Any, pg_url: str) -> None:
    """The endpoint fails one request in ten (503): the retries of s3fs and botocore
    absorb it; every article once, no object missing, nothing rewritten after."""
    url = f"s3://{bucket.sharekit_bucket}/site"
    records = [record(n) for n in range(30)]
    s3.fail_every = 10
    report = publish(records, site_for(s3), url, store=pg_url, workers=1)
    assert len(s3.failed) >= 10  # the faults happened
    assert report.errors == [] and len(report.written) == 30
    every_article_once(bucket, 30)
    s3.requests.clear()
    assert len(publish(records, site_for(s3), url, store=pg_url, workers=1).unchanged) == 30
    assert s3.puts() == []


def test_an_object_that_cannot_be_written_is_named_and_redone(
    s3: S3Proxy, bucket: Any, pg_url: str
) -> None:
    """A lasting fault on one object (retries do not help): the report names the
    object, the other articles and the feeds are written; the next run completes."""
    url = f"s3://{bucket.sharekit_bucket}/site"
    records = [record(n) for n in range(12)]
    s3.fail_matching = "/headline-number-3/head.html"
    first = publish(records, site_for(s3), url, store=pg_url, workers=1)
    [error] = first.errors
    assert str(error).startswith(f"{url}/articles/headline-number-3/head.html: cannot write:")
    assert first.exit_code == 2 and len(first.written) == 11

    def titled_3() -> int:  # post-3, and post-10 (slug headline-number-3-2)
        return sum(item["title"] == "Headline number 3" for item in feed_items(bucket))

    assert titled_3() == 1  # post-3 is not in the feeds until its files are all written
    s3.fail_matching = ""
    second = publish(records, site_for(s3), url, store=pg_url, workers=1)
    assert second.errors == [] and [a.id for a in second.written] == ["post-3"]
    assert titled_3() == 2
    every_article_once(bucket, 12)


def feed_items(client: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(objects(client)["feed.json"])["items"]
    return items


def test_two_publishers_on_different_executors_into_one_bucket_and_store(
    s3: S3Proxy, bucket: Any, pg_url: str
) -> None:
    site = site_for(s3)
    url = f"s3://{bucket.sharekit_bucket}/site"
    reports: list[PublishReport] = []

    def local() -> None:
        reports.append(
            publish([record(n) for n in range(0, 24)], site, url, store=pg_url, workers=1)
        )

    def pooled() -> None:
        with ThreadPoolExecutor(2) as pool:
            reports.append(
                publish([record(n) for n in range(16, 40)], site, url, store=pg_url, executor=pool)
            )

    threads = [threading.Thread(target=local), threading.Thread(target=pooled)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert len(reports) == 2 and all(r.errors == [] for r in reports)
    every_article_once(bucket, 40)


def test_dask_workers_write_the_objects_and_a_killed_worker_loses_nothing(
    s3: S3Proxy, bucket: Any, pg_url: str, dask_cluster: Any
) -> None:
    """Each Dask worker process renders its chunk and PUTs its objects; the coordinator
    writes the store and the feeds. A worker SIGKILLed mid-run costs at most its chunk."""
    import signal

    from distributed import Client

    site = site_for(s3)
    url = f"s3://{bucket.sharekit_bucket}/site"
    records = [record(n) for n in range(60)]
    with Client(dask_cluster) as client:
        pids = client.run(os.getpid)
        done: list[object] = []

        def kill_once(result: object) -> None:
            done.append(result)
            if len(done) == 10:
                os.kill(next(iter(pids.values())), signal.SIGKILL)

        first = publish(
            records, site, url, store=pg_url, executor=client.get_executor(), progress=kill_once
        )
        assert len(first.written) + len(first.errors) == 60
        client.wait_for_workers(2, timeout=60)
        second = publish(records, site, url, store=pg_url, executor=client.get_executor())
    assert second.errors == [] and len(second.written) == len(first.errors)
    every_article_once(bucket, 60)


def test_sitemaps_the_indexnow_key_and_post_cards_go_through_the_bucket(
    s3: S3Proxy, bucket: Any, pg_url: str, tmp_path: Path
) -> None:
    """The merged wings of SPEC 7.4 on a remote out: sitemaps (index and parts, stale
    parts removed and written again when they come back), the IndexNow key file, and
    the card a Bluesky post uploads, read back from the bucket."""
    from datetime import UTC, datetime, timedelta

    from lxml import etree

    from tests.helpers_servers import syndication_stand_in
    from tests.helpers_syndicate import BLUESKY_PASSWORD, HANDLE

    key = "a1b2c3d4e5f6a7b8"
    served = tmp_path / "served"  # what the CDN in front of the bucket would serve
    served.mkdir()
    (served / f"{key}.txt").write_text(key)
    url = f"s3://{bucket.sharekit_bucket}/site"
    with syndication_stand_in(served) as server:

        def site(sections: bool) -> Any:
            return load_site(
                {
                    "site": {"name": "View Us Global", "url": server.url},
                    "card": {"hashed_names": True},
                    "feed": {"sections": sections},
                    "network": {"allow_private": True, "timeout": 2},
                    "publish": {
                        "storage_options": {**CREDENTIALS, "endpoint_url": s3.url},
                    },
                    "syndicate": {
                        "indexnow_key": key,
                        "indexnow_endpoint": f"{server.url}/indexnow",
                        "bluesky": {
                            "pds": server.url,
                            "handle": HANDLE,
                            "app_password": BLUESKY_PASSWORD,
                        },
                    },
                }
            )

        now = datetime.now(UTC)
        records = [
            record(n, url=f"{server.url}/a/{n}/", published=(now - timedelta(hours=n)).isoformat())
            for n in range(1, 4)
        ]
        report = publish(records, site(True), url, store=pg_url, workers=1)
        assert report.errors == [] and len(report.written) == 3
        assert [post.status for post in report.posts] == ["posted"] * 3
        stored = objects(bucket)
        parts = sorted(name for name in stored if name.startswith("sitemap-"))
        assert parts == ["sitemap-section-science.xml", "sitemap-section-world.xml"]
        index = etree.fromstring(stored["sitemap.xml"])
        assert etree.QName(index).localname == "sitemapindex"
        locs = [loc.text for loc in index.iter("{*}loc")]
        assert sorted(locs) == [f"{server.url}/{name}" for name in parts]
        assert "news-sitemap.xml" in stored
        assert stored[f"{key}.txt"] == key.encode()
        answer = bucket.head_object(Bucket=bucket.sharekit_bucket, Key="site/sitemap.xml")
        assert answer["ContentType"] == "application/xml"
        assert answer["CacheControl"] == "public, max-age=300"
        (submitted,) = server.indexnow
        assert sorted(submitted["urlList"]) == sorted(str(r["url"]) for r in records)
        # every card Bluesky got is the card object's bytes (read from the bucket)
        og_cards = [  # not the 16:9, 4:3 and 1:1 cards beside them (SPEC 8.5)
            data
            for name, data in stored.items()
            if "/card-" in name and not any(f"-{ratio}." in name for ratio in RATIOS)
        ]
        cards = sorted(len(data) for data in og_cards)
        assert sorted(size for _, size in server.blobs.values()) == cards

        # sections off: one urlset, the parts of the old layout removed from the bucket
        assert publish(records, site(False), url, store=pg_url, workers=1).errors == []
        stored = objects(bucket)
        assert not [name for name in stored if name.startswith("sitemap-")]
        urlset = etree.fromstring(stored["sitemap.xml"])
        assert etree.QName(urlset).localname == "urlset"
        pages = urlset.iterfind("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
        assert sorted(page.findtext("{*}loc") for page in pages) == sorted(
            str(r["url"]) for r in records
        )

        # sections on again: the parts have the bytes they had, and are written again
        s3.requests.clear()
        assert publish(records, site(True), url, store=pg_url, workers=1).errors == []
        assert sorted(name for name in objects(bucket) if name.startswith("sitemap-")) == parts
        assert len(server.blobs) == 3  # an edit never posts again


def test_a_new_out_gets_every_feed_file_even_those_its_articles_do_not_touch(
    s3: S3Proxy, bucket: Any, pg_url: str
) -> None:
    site = site_for(s3)
    first = f"s3://{bucket.sharekit_bucket}/first"
    second = f"s3://{bucket.sharekit_bucket}/second"
    records = [record(n) for n in range(4)]  # World and Science
    publish(records, site, first, store=pg_url, workers=1)
    publish(records[:1], site, second, store=pg_url, workers=1)  # post-0: Science only
    feeds = {k for k in objects(bucket, "first/") if k.endswith((".xml", ".json")) and "/" in k}
    assert "sections/world/feed.xml" in feeds
    have = objects(bucket, "second/")
    assert {k for k in feeds if k.startswith("sections/")} <= have.keys()
