"""Site configuration: typed frozen tables and the one precedence function.

Precedence, lowest to highest: defaults < config file (``sharekit.toml`` or
``[tool.sharekit]`` in ``pyproject.toml``) < the record's ``site`` object <
flags (keyword arguments of the library calls, options of the CLI).
:func:`bind_site` is the only place that lays a record over the configuration,
once, when the record is loaded; flags go through :func:`load_site` (and
:func:`apply_flags`, which the card functions use for their own flags).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sharekit.errors import InputError
from sharekit.networks._table import NETWORKS
from sharekit.text import _validate as v
from sharekit.text._limits import MAX_CARD_SIDE

__all__ = [
    "NETWORK_IDS",
    "BlueskyTarget",
    "CardConfig",
    "FeedConfig",
    "MastodonTarget",
    "NetworkConfig",
    "PublishConfig",
    "ServeConfig",
    "ShareConfig",
    "Site",
    "SyndicateConfig",
    "TelegramTarget",
    "UtmConfig",
    "apply_flags",
    "bind_site",
    "find_config",
    "load_site",
    "site_table",
]

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
_SIZE = re.compile(r"([1-9][0-9]{1,4})x([1-9][0-9]{1,4})")
_PLACEHOLDER = re.compile(r"{([^{}]*)}")


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


# --- per-key checkers -------------------------------------------------------

Checker = Callable[[Any, str | None, str, Path], Any]


def _plain(check: Callable[[Any, str | None, str], Any]) -> Checker:
    return lambda value, source, name, base: check(value, source, name)


def _locale(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name).replace("-", "_")
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]{2,4})?", text):
        raise InputError(
            source, name, f"expected a locale like en_US or ko_KR, got {v.show(value)}"
        )
    return text


def _locales(value: Any, source: str | None, name: str) -> tuple[str, ...]:
    items = v.expect_str_list(value, source, name)
    return tuple(_locale(item, source, f"{name}[{i}]") for i, item in enumerate(items))


def _timezone(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name)
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(source, name, f"unknown IANA time zone: {v.show(value)}") from None
    return text


def _permalink(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name)
    for placeholder in _PLACEHOLDER.findall(text):
        if placeholder not in PERMALINK_FIELDS:
            known = ", ".join("{" + f + "}" for f in PERMALINK_FIELDS)
            raise InputError(source, name, f"unknown placeholder {{{placeholder}}}; use {known}")
    if "{slug}" not in text:
        raise InputError(source, name, f"must contain {{slug}}, got {v.show(value)}")
    return text if text.startswith("/") else "/" + text


def _twitter(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name)
    if text and not text.startswith("@"):
        text = "@" + text
    if text and not re.fullmatch(r"@\w{1,15}", text, re.ASCII):
        raise InputError(
            source, name, f"expected an X handle like @viewusglobal, got {v.show(value)}"
        )
    return text


def _app_id(value: Any, source: str | None, name: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = v.expect_str(value, source, name)
    if text and not text.isdigit():
        raise InputError(source, name, f"expected digits, got {v.show(value)}")
    return text


def _size(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name)
    if text not in CARD_SIZES and not _SIZE.fullmatch(text):
        raise InputError(source, name, f"expected og, square, portrait or WxH, got {v.show(value)}")
    _within_card_limit(text, source, name)
    return text


def _within_card_limit(text: str, source: str | None, name: str) -> None:
    """A WxH card size is at most MAX_CARD_SIDE pixels a side (decoded, 99999x99999 is 40 GB)."""
    match = _SIZE.fullmatch(text)
    if match and max(int(match[1]), int(match[2])) > MAX_CARD_SIDE:
        raise InputError(
            source, name, f"expected at most {MAX_CARD_SIDE}x{MAX_CARD_SIDE} pixels, got {text}"
        )


def _background(value: Any, source: str | None, name: str) -> str | tuple[str, str]:
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise InputError(source, name, "expected a colour or a list of two colours")
        first, second = (v.expect_colour(c, source, f"{name}[{i}]") for i, c in enumerate(value))
        return (first, second)
    return v.expect_colour(value, source, name)


def _template(value: Any, source: str | None, name: str, base: Path) -> str:
    text = v.expect_str(value, source, name)
    if text in TEMPLATES:
        return text
    if text.endswith((".toml", ".json")):
        return str((base / text).resolve())
    raise InputError(
        source, name, f"expected branded, photo, split or a layout .toml/.json, got {v.show(value)}"
    )


def _networks(value: Any, source: str | None, name: str) -> tuple[str, ...]:
    items = v.expect_str_list(value, source, name)
    for i, item in enumerate(items):
        if item not in NETWORK_IDS:
            v.check_keys({item: None}, NETWORK_IDS, source, f"{name}[{i}]=")
    return items


def _host(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name).removeprefix("https://").strip("/")
    if text and not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]+)?", text):
        raise InputError(
            source, name, f"expected a host name like mastodon.social, got {v.show(value)}"
        )
    return text


def _utm(value: Any, source: str | None, name: str) -> UtmConfig | None:
    if value is None or value is False:
        return None
    if value is True:
        return UtmConfig()
    if not isinstance(value, Mapping):
        raise InputError(
            source, name, f"expected a table {{ medium, campaign }}, got {v.kind(value)}"
        )
    v.check_keys(value, ("medium", "campaign"), source, f"{name}.")
    return UtmConfig(**{k: v.expect_str(x, source, f"{name}.{k}") for k, x in value.items()})


def _formats(value: Any, source: str | None, name: str) -> tuple[str, ...]:
    items = v.expect_str_list(value, source, name)
    return tuple(
        v.expect_choice(item, source, f"{name}[{i}]", FEED_FORMATS) for i, item in enumerate(items)
    )


def _urls(value: Any, source: str | None, name: str) -> tuple[str, ...]:
    items = v.expect_str_list(value, source, name)
    return tuple(
        v.expect_url(item, source, f"{name}[{i}]", allow_empty=False)
        for i, item in enumerate(items)
    )


def _paths(value: Any, source: str | None, name: str, base: Path) -> tuple[str, ...]:
    items = v.expect_str_list(value, source, name)
    return tuple(v.path_or_url(item, source, f"{name}[{i}]", base) for i, item in enumerate(items))


# Shorter keys could be guessed offline from one signed card URL.
MIN_SECRET_KEY = 32


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` cannot sign card URLs and hooks, or None (never shows the key)."""
    if len(key) < MIN_SECRET_KEY:
        return f"a secret key must have at least {MIN_SECRET_KEY} characters, got {len(key)}"
    return None


def _secret_keys(value: Any, source: str | None, name: str) -> tuple[str, ...]:
    keys = v.expect_str_list(value, source, name)
    for i, key in enumerate(keys):
        problem = secret_key_problem(key)
        if problem:
            raise InputError(source, f"{name}[{i}]", problem)
    return keys


def _port(value: Any, source: str | None, name: str) -> int:
    port = v.expect_int(value, source, name)
    if port > 65535:
        raise InputError(source, name, f"expected a port 0..65535, got {v.show(value)}")
    return port


def _secret(value: Any, source: str | None, name: str) -> str:
    """A token: a string, never shown in an error (v.expect_str would quote it)."""
    if not isinstance(value, str):
        raise InputError(source, name, f"expected a string, got {v.kind(value)}")
    return value.strip()


def _indexnow_key(value: Any, source: str | None, name: str) -> str:
    # indexnow.org: 8 to 128 characters, a-z, A-Z, 0-9 and "-"; it is public (a file in DIR)
    text = v.expect_str(value, source, name)
    if text and not re.fullmatch(r"[A-Za-z0-9-]{8,128}", text):
        raise InputError(
            source, name, "expected 8 to 128 characters of a-z, A-Z, 0-9 and - (indexnow.org)"
        )
    return text


def _target(kind: type[Any], checkers: dict[str, Callable[[Any, str | None, str], Any]]) -> Any:
    def check(value: Any, source: str | None, name: str) -> Any:
        if not isinstance(value, Mapping):
            raise InputError(source, name, f"expected a table, got {v.kind(value)}")
        v.check_keys(value, checkers, source, f"{name}.")
        return kind(**{k: checkers[k](x, source, f"{name}.{k}") for k, x in value.items()})

    return _plain(check)


def _chat(value: Any, source: str | None, name: str) -> str:
    text = v.expect_str(value, source, name)
    if text and not re.fullmatch(r"@[A-Za-z0-9_]{4,32}|-?[0-9]{1,20}", text):
        raise InputError(source, name, f"expected @channelname or a chat id, got {v.show(value)}")
    return text


def _url_required(value: Any, source: str | None, name: str) -> str:
    return v.expect_url(value, source, name, allow_empty=False)


def _local_folder(value: Any, source: str | None, name: str, base: Path) -> str:
    text = v.expect_str(value, source, name)
    if not text:
        return ""
    if "\x00" in text or text.startswith(("http://", "https://", "//")):
        raise InputError(source, name, f"expected a local folder, got {v.show(text)}")
    return str((base / text).resolve())


_TEXT = _plain(v.expect_str)
_BOOL = _plain(v.expect_bool)
_URL = _plain(v.expect_url)
_PATH: Checker = v.path_or_url


def _out(value: Any, source: str | None, name: str, base: Path) -> str:
    """``[publish] out``: an fsspec URL (``s3://bucket/prefix``) as given, a folder
    made absolute against the config file's (``path_or_url`` would refuse s3://)."""
    text = v.expect_str(value, source, name)
    if v.is_remote(text) and not text.startswith("file://"):
        if any(c in text for c in "\x00\r\n"):
            raise InputError(source, name, f"not a valid URL: {v.show(text)}")
        return text
    return _local_folder(text.removeprefix("file://"), source, name, base)


def _storage_options(value: Any, source: str | None, name: str) -> tuple[tuple[str, Any], ...]:
    """``[publish.storage_options]``: fsspec's keyword arguments (strings, numbers, flags,
    tables of them), kept sorted so the site stays hashable."""
    if not isinstance(value, Mapping):
        raise InputError(source, name, f"expected a table, got {v.kind(value)}")

    def frozen(item: Any, where: str) -> Any:
        if isinstance(item, Mapping):
            return tuple(sorted((str(k), frozen(x, f"{where}.{k}")) for k, x in item.items()))
        if isinstance(item, str | bool | int | float):
            return item
        raise InputError(source, where, f"expected text, a number or a flag, got {v.kind(item)}")

    return tuple(sorted((str(k), frozen(x, f"{name}.{k}")) for k, x in value.items()))


SITE_KEYS: dict[str, Checker] = {
    "name": _TEXT,
    "url": _URL,
    "logo": _PATH,
    "twitter": _plain(_twitter),
    "facebook_app_id": _plain(_app_id),
    "locale": _plain(_locale),
    "locale_alternates": _plain(_locales),
    "lang": _plain(v.expect_lang),
    "timezone": _plain(_timezone),
    "permalink": _plain(_permalink),
    "default_image": _PATH,
    "jsonld_type": _plain(lambda x, s, n: v.expect_choice(x, s, n, JSONLD_TYPES)),
    "robots": _TEXT,
    "paywall_selector": _TEXT,
}
TABLES: dict[str, tuple[type[Any], dict[str, Checker]]] = {
    "card": (
        CardConfig,
        {
            "enabled": _BOOL,
            "template": _template,
            "size": _plain(_size),
            "format": _plain(
                lambda x, s, n: v.expect_choice(x, s, n, ("auto", "png", "jpeg", "webp"))
            ),
            "background": _plain(_background),
            "text_color": _plain(v.expect_colour),
            "accent": _plain(v.expect_colour),
            "logo": _PATH,
            "fonts": _paths,
            "hashed_names": _BOOL,
            "use_social_title": _BOOL,
        },
    ),
    "feed": (
        FeedConfig,
        {
            "title": _TEXT,
            "description": _TEXT,
            "max_items": _plain(lambda x, s, n: v.expect_int(x, s, n, 1, MAX_FEED_ITEMS)),
            "formats": _plain(_formats),
            "sections": _BOOL,
            "icon": _PATH,
            "logo": _PATH,
            "hubs": _plain(_urls),
        },
    ),
    "share": (
        ShareConfig,
        {
            "networks": _plain(_networks),
            "heading": _TEXT,
            "target": _TEXT,
            "mastodon_instance": _plain(_host),
            "kakao_app_key": _TEXT,
            "utm": _plain(_utm),
        },
    ),
    "publish": (
        PublishConfig,
        {
            "base_url": _URL,
            "workers": _plain(lambda x, s, n: v.expect_int(x, s, n, 0, MAX_WORKERS)),
            "out": _out,
            "store": _TEXT,
            "executor": _TEXT,
            "storage_options": _plain(_storage_options),
            "assets_root": _local_folder,
        },
    ),
    "network": (
        NetworkConfig,
        {
            "allow_private": _BOOL,
            "timeout": _plain(v.expect_number),
            "max_bytes": _plain(lambda x, s, n: v.expect_int(x, s, n, 1, MAX_DOWNLOAD_BYTES)),
            "cache_dir": _PATH,
        },
    ),
    "serve": (
        ServeConfig,
        {
            "base_url": _URL,
            "secret_keys": _plain(_secret_keys),
            "host": _TEXT,
            "port": _plain(_port),
            "workers": _plain(lambda x, s, n: v.expect_int(x, s, n, minimum=0)),
            "cache_mb": _plain(lambda x, s, n: v.expect_int(x, s, n, minimum=0)),
            "max_queue": _plain(lambda x, s, n: v.expect_int(x, s, n, minimum=0)),
        },
    ),
    "syndicate": (
        SyndicateConfig,
        {
            "indexnow_key": _plain(_indexnow_key),
            "indexnow_endpoint": _plain(_url_required),
            "facebook_token": _plain(_secret),
            "max_age_hours": _plain(v.expect_number),
            "mastodon": _target(MastodonTarget, {"instance": _url_required, "token": _secret}),
            "bluesky": _target(
                BlueskyTarget,
                {"pds": _url_required, "handle": v.expect_str, "app_password": _secret},
            ),
            "telegram": _target(
                TelegramTarget, {"api": _url_required, "token": _secret, "chat": _chat}
            ),
        },
    ),
}


def site_table(
    values: Mapping[str, Any], source: str | None, base_dir: Path, prefix: str = "site."
) -> dict[str, Any]:
    """Validate a ``[site]`` table (or a record's ``site`` object): cleaned values."""
    if not isinstance(values, Mapping):
        raise InputError(source, prefix.rstrip("."), f"expected an object, got {v.kind(values)}")
    v.check_keys(values, SITE_KEYS, source, prefix)
    return {
        key: SITE_KEYS[key](value, source, prefix + key, base_dir) for key, value in values.items()
    }


def _table(name: str, values: Any, source: str | None, base_dir: Path) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise InputError(source, name, f"expected a table, got {v.kind(values)}")
    checkers = TABLES[name][1]
    v.check_keys(values, checkers, source, f"{name}.")
    return {
        key: checkers[key](value, source, f"{name}.{key}", base_dir)
        for key, value in values.items()
    }


def _apply(
    site: Site, data: Mapping[str, Any], source: str | None, base_dir: Path, *, pin: bool = False
) -> Site:
    """Validate a whole config mapping (tables by name) and lay it over ``site``."""
    v.check_keys(data, ("site", *TABLES), source)
    changes: dict[str, Any] = {}
    if "site" in data:
        changes.update(site_table(data["site"], source, base_dir))
    for name in TABLES:
        if name in data:
            table = _table(name, data[name], source, base_dir)
            changes[name] = dataclasses.replace(getattr(site, name), **table)
    if pin and "site" in data:
        changes["pinned"] = site.pinned | frozenset(data["site"])
    return dataclasses.replace(site, **changes)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``sharekit.toml``, or ``pyproject.toml`` with ``[tool.sharekit]``."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        candidate = directory / "sharekit.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "sharekit" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    from sharekit.text._limits import MAX_CONFIG_BYTES, check_depth, parse_guard, read_input

    data = read_input(path, path.name, "config file", MAX_CONFIG_BYTES)
    try:
        with parse_guard(path.name, "TOML"):
            table = tomllib.loads(data.decode("utf-8"))
        check_depth(table, path.name)
        return table
    except tomllib.TOMLDecodeError as error:
        raise InputError(path.name, None, f"not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise InputError(path.name, None, "not valid TOML: not UTF-8 text") from None


def load_site(
    config: str | Path | Mapping[str, Any] | None = None,
    *,
    source: str | None = None,
    **overrides: Any,
) -> Site:
    """Load the site configuration.

    ``config`` is a config file (``sharekit.toml``, or a ``pyproject.toml``
    with ``[tool.sharekit]``), a mapping of tables, or None to look for a file
    from the current directory upwards (defaults when there is none).
    ``overrides`` are flags: ``[site]`` keys (``url="https://..."``) or whole
    tables (``card={"template": "photo"}``); they win over every other layer,
    including a record's own ``site`` object. ``source`` names a mapping in
    error messages (``settings.SHAREKIT: card.sizes: unknown key...``).
    """
    site = Site()
    if isinstance(config, Mapping):
        site = _apply(site, config, source, Path.cwd())
    else:
        path = Path(config) if config is not None else find_config()
        if config is not None and not path.exists():  # type: ignore[union-attr]
            raise InputError(str(config), None, "config file not found")
        if path is not None:
            data = _read_toml(path)
            if path.name == "pyproject.toml":
                data = data.get("tool", {}).get("sharekit", {})
                source = "pyproject.toml [tool.sharekit]"
            else:
                source = path.name
            site = _apply(site, data, source, path.parent.resolve())
            site = dataclasses.replace(site, config_path=path.resolve())
    if overrides:
        tables = {
            k: overrides.pop(k) for k in list(overrides) if k in TABLES and overrides[k] is not None
        }
        flags: dict[str, Any] = dict(tables)
        site_flags = {k: x for k, x in overrides.items() if x is not None}
        if site_flags:
            flags["site"] = site_flags
        site = _apply(site, flags, "option", Path.cwd(), pin=True)
    return site


def bind_site(site: Site, overrides: Mapping[str, Any] | None = None, url: str = "") -> Site:
    """The one precedence function: ``site`` with a record's own ``site`` object over it.

    ``overrides`` were validated when the record was loaded; keys that flags
    pinned stay as the flags set them. With the record's ``url``, an empty
    ``[site] url`` becomes its origin and an empty ``name`` its host. Called
    once per record, when it is loaded (:attr:`Article.site` holds the result).
    """
    if overrides:
        allowed = {k: x for k, x in overrides.items() if k not in site.pinned}
        if allowed:
            site = dataclasses.replace(site, **allowed)
    if url and (not site.url or not site.name):
        parts = urlsplit(url)
        changes: dict[str, Any] = {}
        if not site.url:
            changes["url"] = f"{parts.scheme}://{parts.netloc}"
        if not site.name:
            changes["name"] = parts.hostname or ""
        site = dataclasses.replace(site, **changes)
    return site


def apply_flags(site: Site, **tables: Mapping[str, Any] | None) -> Site:
    """``site`` with flags over whole tables (``card={"template": "photo"}``); None values skip."""
    flags = {
        name: values
        for name, table in tables.items()
        if (values := {k: x for k, x in (table or {}).items() if x is not None})
    }
    return _apply(site, flags, "option", Path.cwd()) if flags else site


def card_size(size: str) -> tuple[int, int]:
    """``og``/``square``/``portrait``/``WxH`` to pixels (validated by the config)."""
    if size in CARD_SIZES:
        return CARD_SIZES[size]
    match = _SIZE.fullmatch(size)
    if not match:
        raise InputError(
            "option", "size", f"expected og, square, portrait or WxH, got {v.show(size)}"
        )
    _within_card_limit(size, "option", "size")
    return int(match[1]), int(match[2])
