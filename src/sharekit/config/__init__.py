"""Site configuration: typed frozen tables and the one precedence function (public, layer 2).

Precedence, lowest to highest: defaults < config file (``sharekit.toml`` or
``[tool.sharekit]`` in ``pyproject.toml``) < the record's ``site`` object <
flags (keyword arguments of the library calls, options of the CLI).
:func:`bind_site` is the only place that lays a record over the configuration,
once, when the record is loaded; flags go through :func:`load_site` (and
:func:`apply_flags`, which the card functions use for their own flags).

This module is the public face; the work is done in ``_tables`` (:class:`Site`,
its sections and the names they accept), ``_checks`` (one checker per key, the
tables that name them) and ``_load`` (the file, the precedence).

May import: networks, text, errors.
"""

from __future__ import annotations

from sharekit.config._checks import MIN_SECRET_KEY as MIN_SECRET_KEY
from sharekit.config._checks import SITE_KEYS as SITE_KEYS
from sharekit.config._checks import TABLES as TABLES
from sharekit.config._checks import Checker as Checker
from sharekit.config._checks import card_size as card_size
from sharekit.config._checks import env_secret as env_secret
from sharekit.config._checks import secret_key_problem as secret_key_problem
from sharekit.config._load import _apply as _apply
from sharekit.config._load import apply_flags as apply_flags
from sharekit.config._load import bind_site as bind_site
from sharekit.config._load import find_config as find_config
from sharekit.config._load import load_site as load_site
from sharekit.config._load import site_table as site_table
from sharekit.config._podcast import APPLE_CATEGORIES as APPLE_CATEGORIES
from sharekit.config._podcast import PodcastShow as PodcastShow
from sharekit.config._tables import CARD_SIZES as CARD_SIZES
from sharekit.config._tables import FEED_FILE_NAMES as FEED_FILE_NAMES
from sharekit.config._tables import FEED_FORMATS as FEED_FORMATS
from sharekit.config._tables import JSONLD_TYPES as JSONLD_TYPES
from sharekit.config._tables import MAX_DOWNLOAD_BYTES as MAX_DOWNLOAD_BYTES
from sharekit.config._tables import MAX_FEED_ITEMS as MAX_FEED_ITEMS
from sharekit.config._tables import MAX_SERVE_WORKERS as MAX_SERVE_WORKERS
from sharekit.config._tables import MAX_WORKERS as MAX_WORKERS
from sharekit.config._tables import NETWORK_IDS as NETWORK_IDS
from sharekit.config._tables import PERMALINK_FIELDS as PERMALINK_FIELDS
from sharekit.config._tables import TEMPLATES as TEMPLATES
from sharekit.config._tables import BlueskyTarget as BlueskyTarget
from sharekit.config._tables import CardConfig as CardConfig
from sharekit.config._tables import FacebookTarget as FacebookTarget  # SPEC 8.7
from sharekit.config._tables import FeedConfig as FeedConfig
from sharekit.config._tables import LinkedinTarget as LinkedinTarget  # SPEC 8.7
from sharekit.config._tables import MastodonTarget as MastodonTarget
from sharekit.config._tables import NetworkConfig as NetworkConfig
from sharekit.config._tables import PublishConfig as PublishConfig
from sharekit.config._tables import ServeConfig as ServeConfig
from sharekit.config._tables import ShareConfig as ShareConfig
from sharekit.config._tables import Site as Site
from sharekit.config._tables import SyndicateConfig as SyndicateConfig
from sharekit.config._tables import TelegramTarget as TelegramTarget
from sharekit.config._tables import ThreadsTarget as ThreadsTarget  # SPEC 8.7
from sharekit.config._tables import UtmConfig as UtmConfig
from sharekit.config._tables import WebhookTarget as WebhookTarget  # SPEC 8.7

__all__ = [
    "APPLE_CATEGORIES",
    "CARD_SIZES",
    "FEED_FILE_NAMES",
    "FEED_FORMATS",
    "JSONLD_TYPES",
    "MAX_DOWNLOAD_BYTES",
    "MAX_FEED_ITEMS",
    "MAX_SERVE_WORKERS",
    "MAX_WORKERS",
    "MIN_SECRET_KEY",
    "NETWORK_IDS",
    "PERMALINK_FIELDS",
    "SITE_KEYS",
    "TABLES",
    "TEMPLATES",
    "BlueskyTarget",
    "CardConfig",
    "Checker",
    "FacebookTarget",  # SPEC 8.7
    "FeedConfig",
    "LinkedinTarget",  # SPEC 8.7
    "MastodonTarget",
    "NetworkConfig",
    "PodcastShow",
    "PublishConfig",
    "ServeConfig",
    "ShareConfig",
    "Site",
    "SyndicateConfig",
    "TelegramTarget",
    "ThreadsTarget",  # SPEC 8.7
    "UtmConfig",
    "WebhookTarget",  # SPEC 8.7
    "apply_flags",
    "bind_site",
    "card_size",
    "env_secret",
    "find_config",
    "load_site",
    "secret_key_problem",
    "site_table",
]
