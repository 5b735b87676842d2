"""The checkers of each configuration key, and the tables that name them.

Each checker takes the raw value, the source and key to name in an error and
the config file's folder (for relative paths), and returns the cleaned value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sharekit.config._tables import (
    CARD_SIZES,
    FEED_FORMATS,
    JSONLD_TYPES,
    MAX_DOWNLOAD_BYTES,
    MAX_FEED_ITEMS,
    MAX_WORKERS,
    NETWORK_IDS,
    PERMALINK_FIELDS,
    TEMPLATES,
    BlueskyTarget,
    CardConfig,
    FeedConfig,
    MastodonTarget,
    NetworkConfig,
    PublishConfig,
    ServeConfig,
    ShareConfig,
    SyndicateConfig,
    TelegramTarget,
    UtmConfig,
)
from sharekit.errors import InputError
from sharekit.text import _validate as v
from sharekit.text._limits import MAX_CARD_SIDE

_SIZE = re.compile(r"([1-9][0-9]{1,4})x([1-9][0-9]{1,4})")
_PLACEHOLDER = re.compile(r"{([^{}]*)}")

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
    if v.is_url_location(text) and not text.startswith("file://"):
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
            # SPEC 8.2 (issue 27, records): hook records' local files
            "assets_root": _local_folder,
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
