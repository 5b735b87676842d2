"""The typed tables of the configuration: :class:`Site`, its frozen sections and the
names they accept (templates, card sizes, feed formats, network ids)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sharekit.networks._table import NETWORKS

# The share networks' ids in display order, from their one table.
NETWORK_IDS = tuple(network.id for network in NETWORKS)
TEMPLATES = ("branded", "photo", "split")
CARD_SIZES = {"og": (1200, 630), "square": (1200, 1200), "portrait": (1000, 1500)}
FEED_FORMATS = ("rss", "atom", "json")
# Each format's file in the publish output tree (SPEC 2.6): the feeds write
# it and meta's alternate links point at it.
FEED_FILE_NAMES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
JSONLD_TYPES = ("NewsArticle", "Article", "BlogPosting")
PERMALINK_FIELDS = ("slug", "year", "month", "day", "section", "lang")
MAX_FEED_ITEMS = 100_000  # [feed] max_items: a SQLite integer, and a feed file a reader can load
MAX_WORKERS = 1024  # [publish] workers: processes, not a number of records
MAX_DOWNLOAD_BYTES = 2**31  # [network] max_bytes: 2 GB, what one read may hold


@dataclass(frozen=True, slots=True)
class CardConfig:
    enabled: bool = True
    template: str = "branded"
    size: str = "og"
    format: str = "auto"
    background: str | tuple[str, str] = "#0b1f3a"
    text_color: str = "#ffffff"
    accent: str = "#e4002b"
    logo: str = ""
    fonts: tuple[str, ...] = ()
    hashed_names: bool = False
    use_social_title: bool = False  # draw social.facebook's title and image (SPEC 7.5)


@dataclass(frozen=True, slots=True)
class FeedConfig:
    title: str = ""
    description: str = ""
    max_items: int = 50
    formats: tuple[str, ...] = FEED_FORMATS
    sections: bool = True
    icon: str = ""
    logo: str = ""
    hubs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UtmConfig:
    medium: str = "social"
    campaign: str = "{slug}"


@dataclass(frozen=True, slots=True)
class ShareConfig:
    networks: tuple[str, ...] = ()
    heading: str = "Share it on..."
    target: str = "_blank"
    mastodon_instance: str = ""
    kakao_app_key: str = ""
    utm: UtmConfig | None = None  # present in the config: tagging on


@dataclass(frozen=True, slots=True)
class PublishConfig:
    base_url: str = ""
    workers: int = 0
    # SPEC 7.7: where and how publish writes (also when a hook or a framework calls
    # it with no folder); not part of an article's digest
    out: str = ""  # a folder (absolute) or an fsspec URL
    store: str = ""  # "" (OUT/.sharekit/store.sqlite) or postgresql://...
    executor: str = ""  # "" or "local", or dask://HOST:PORT
    storage_options: tuple[tuple[str, Any], ...] = ()  # [publish.storage_options], sorted
    assets_root: str = ""  # a folder records' local images may also come from (absolute)


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """``[serve]``: the on-demand card service (SPEC 7.6)."""

    base_url: str = ""
    secret_keys: tuple[str, ...] = ()  # SHAREKIT_SECRET_KEY when empty; the first signs
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0
    cache_mb: int = 256
    max_queue: int = 64
    # SPEC 8.2 (issue 27, records): the one folder local files of hook records may come
    # from (absolute); "" (the default): a hook record names no local file
    assets_root: str = ""


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    allow_private: bool = False
    timeout: float = 10.0
    max_bytes: int = 20_000_000
    cache_dir: str = ""


# Tokens are repr=False: a Site printed in a log or a traceback shows no secret.
@dataclass(frozen=True, slots=True)
class MastodonTarget:
    instance: str = "https://mastodon.social"
    token: str = field(default="", repr=False)  # else SHAREKIT_MASTODON_TOKEN


@dataclass(frozen=True, slots=True)
class BlueskyTarget:
    pds: str = "https://bsky.social"
    handle: str = ""
    app_password: str = field(default="", repr=False)  # else SHAREKIT_BLUESKY_APP_PASSWORD


@dataclass(frozen=True, slots=True)
class TelegramTarget:
    api: str = "https://api.telegram.org"
    token: str = field(default="", repr=False)  # else SHAREKIT_TELEGRAM_TOKEN
    chat: str = ""  # "@channel" or a chat id


@dataclass(frozen=True, slots=True)
class SyndicateConfig:
    """``[syndicate]`` (SPEC 7.4): IndexNow, the POSSE targets (None: off), Facebook."""

    indexnow_key: str = ""
    indexnow_endpoint: str = "https://api.indexnow.org/indexnow"
    facebook_token: str = field(default="", repr=False)  # else SHAREKIT_FACEBOOK_TOKEN
    max_age_hours: float = 48.0
    mastodon: MastodonTarget | None = None
    bluesky: BlueskyTarget | None = None
    telegram: TelegramTarget | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """The effective configuration. Path values are absolute; URLs are in URI form.

    ``pinned`` names the ``[site]`` keys set by flags, which a record's own
    ``site`` object may not override.
    """

    name: str = ""
    url: str = ""
    logo: str = ""
    twitter: str = ""
    facebook_app_id: str = ""
    locale: str = "en_US"
    locale_alternates: tuple[str, ...] = ()
    lang: str = "en"
    timezone: str = "UTC"
    permalink: str = "/{slug}/"
    default_image: str = ""
    jsonld_type: str = "NewsArticle"
    robots: str = ""
    paywall_selector: str = ""  # CSS selector of the paywalled part (JSON-LD hasPart)
    card: CardConfig = field(default_factory=CardConfig)
    feed: FeedConfig = field(default_factory=FeedConfig)
    share: ShareConfig = field(default_factory=ShareConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    syndicate: SyndicateConfig = field(default_factory=SyndicateConfig)
    config_path: Path | None = None
    pinned: frozenset[str] = frozenset()

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_url(self) -> str:
        """Where published files are served: ``[publish] base_url``, else the site URL."""
        return (self.publish.base_url or self.url).rstrip("/")

    @property
    def source(self) -> str | None:
        return self.config_path.name if self.config_path else None
