"""The typed tables of the configuration: :class:`Site`, its frozen sections and the
names they accept (templates, card sizes, feed formats, network ids)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sharekit.config._podcast import PodcastShow
from sharekit.networks._table import NETWORKS

# The share networks' ids in display order, from their one table.
NETWORK_IDS = tuple(network.id for network in NETWORKS)
TEMPLATES = ("branded", "photo", "split")
CARD_SIZES = {"og": (1200, 630), "square": (1200, 1200), "portrait": (1000, 1500)}
FEED_FORMATS = ("rss", "atom", "json")
FEED_CONTENT = ("full", "summary")  # [feed] content (SPEC 8.4)
# Each format's file in the publish output tree (SPEC 2.6): the feeds write
# it and meta's alternate links point at it.
FEED_FILE_NAMES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
JSONLD_TYPES = ("NewsArticle", "Article", "BlogPosting")
PERMALINK_FIELDS = ("slug", "year", "month", "day", "section", "lang")
MAX_FEED_ITEMS = 100_000  # [feed] max_items: a SQLite integer, and a feed file a reader can load
MAX_WORKERS = 1024  # [publish] workers: processes, not a number of records
MAX_SERVE_WORKERS = 256  # [serve] workers: server processes, each with its own card cache
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
    ratios: bool = True  # SPEC 8.5: also the card at 16:9, 4:3 and 1:1 (JSON-LD image)


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
    # SPEC 8.4 (newsroom controls): "full" (the body, paid parts cut) or "summary"
    content: str = "full"


@dataclass(frozen=True, slots=True)
class SlugConfig:
    """SPEC 8.4: ``[slug] unicode`` keeps native letters in derived slugs (as
    ``sharekit slug --unicode``): True for every language, or the languages
    (primary subtags, ``("ar", "he", "hi")``) whose records keep them."""

    unicode: bool | tuple[str, ...] = False

    def keeps_unicode(self, lang: str) -> bool:
        """Whether a slug of a record in ``lang`` keeps its native letters."""
        if isinstance(self.unicode, bool):
            return self.unicode
        return lang.replace("_", "-").split("-")[0].lower() in self.unicode


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
    # "" (OUT/.sharekit/store.sqlite) or postgresql://...; repr=False (SPEC 8.2): a URL
    # may carry the database password
    store: str = field(default="", repr=False)
    executor: str = ""  # "" or "local", or dask://HOST:PORT
    # [publish.storage_options], sorted; repr=False: they may hold bucket credentials
    storage_options: tuple[tuple[str, Any], ...] = field(default=(), repr=False)
    assets_root: str = ""  # a folder records' local images may also come from (absolute)


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """``[serve]``: the on-demand card service (SPEC 7.6)."""

    base_url: str = ""
    # SHAREKIT_SECRET_KEY when empty; the first signs; repr=False: never in a log (SPEC 8.2)
    secret_keys: tuple[str, ...] = field(default=(), repr=False)
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 0
    cache_mb: int = 256
    max_queue: int = 64
    # SPEC 8.2 / 8.6 (serve wing): the hook's local files root; HTTP processes
    assets_root: str = ""  # a folder hook records' local files may come from (absolute)
    http_workers: int = 0  # processes accepting connections; 0: every core


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


# SPEC 8.7 (syndication you can trust): Threads, LinkedIn, a signed webhook
@dataclass(frozen=True, slots=True)
class ThreadsTarget:
    api: str = "https://graph.threads.net/v1.0"
    user: str = "me"  # the Threads user id ("me": the token's own)
    token: str = field(default="", repr=False)  # else SHAREKIT_THREADS_TOKEN


@dataclass(frozen=True, slots=True)
class LinkedinTarget:
    api: str = "https://api.linkedin.com"
    author: str = ""  # urn:li:organization:ID (a page) or urn:li:person:ID (a member)
    version: str = "202601"  # LinkedIn-Version, YYYYMM: a version LinkedIn still serves
    token: str = field(default="", repr=False)  # else SHAREKIT_LINKEDIN_TOKEN


@dataclass(frozen=True, slots=True)
class FacebookTarget:
    graph: str = "https://graph.facebook.com/v21.0"
    page: str = ""  # the Page id
    token: str = field(default="", repr=False)  # else SHAREKIT_FACEBOOK_PAGE_TOKEN


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    url: str = ""
    secret: str = field(default="", repr=False)  # else SHAREKIT_WEBHOOK_SECRET: the HMAC key


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
    # SPEC 8.7 (syndication you can trust)
    threads: ThreadsTarget | None = None
    linkedin: LinkedinTarget | None = None
    facebook: FacebookTarget | None = None  # a Page's posts (facebook_token: the re-scrape)
    webhook: WebhookTarget | None = None
    delay_minutes: float = 0.0  # a new article's posts wait this long after its publish


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
    # SPEC 8.4 (newsroom controls, editorial)
    slug: SlugConfig = field(default_factory=SlugConfig)
    config_path: Path | None = None
    pinned: frozenset[str] = frozenset()
    # SPEC 8.3 (sites as they are): the Jekyll/Hugo/Eleventy site root whose rules make URLs
    generator: Path | None = None
    # SPEC 8.4 (newsroom controls): the hosts an output serves (IDNA form; empty: any)
    hosts: tuple[str, ...] = ()
    # SPEC 8.5 (media and structured data)
    social: tuple[str, ...] = ()  # the site's profile URLs: the Organization's sameAs
    podcasts: tuple[PodcastShow, ...] = ()  # [podcast.SHOW] tables, in the file's order

    def podcast(self, name: str) -> PodcastShow | None:
        """The ``[podcast.NAME]`` show, or None."""
        return next((show for show in self.podcasts if show.name == name), None)

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
