"""The JSON Schema of an article record (``sharekit schema``).

CMS integrators validate on their side with it. The loader in
``_build.py`` is the authority; the test suite checks that the two agree
on every example and on a corpus of malformed records.
"""

from __future__ import annotations

from typing import Any

from sharekit.config import JSONLD_TYPES, NETWORK_IDS, PERMALINK_FIELDS
from sharekit.model import ARTICLE_TYPES

__all__ = ["record_schema"]

_TEXT = {"type": "string"}
# Something visible must remain once controls and white space are cleaned away.
_NON_BLANK = {"type": "string", "pattern": "[^\\s\\x00-\\x1f\\x7f-\\x9f]"}
_URL = {"type": "string", "format": "uri", "pattern": "^(https?:)?//"}
_DATE = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}",
    "description": "ISO 8601; a time without an offset takes [site] timezone",
}
_FOCUS = {
    "type": "array",
    "description": "focal point [x, y], each 0..1 from the top left: photo cards crop around it",
    "prefixItems": [{"type": "number", "minimum": 0, "maximum": 1}] * 2,
    "items": False,
    "minItems": 2,
}
_AUTHOR_OBJECT = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": _NON_BLANK,
        "url": _URL,
        "email": {"type": "string", "format": "email"},
        "handle": {"type": "string", "pattern": "^@?[A-Za-z0-9_]{1,15}$"},
        "fediverse": {
            "type": "string",
            "pattern": "^@?[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?@[^@\\s]+\\.[^@\\s]+$",
            "description": "fediverse account, @name@host (fediverse:creator)",
        },
    },
}
_AUTHOR = {"oneOf": [_NON_BLANK, _AUTHOR_OBJECT]}
_IMAGE_OBJECT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "url": {"type": "string", "minLength": 1},
        "path": {"type": "string", "minLength": 1},
        "alt": _TEXT,
        "width": {"type": "integer", "minimum": 1},
        "height": {"type": "integer", "minimum": 1},
        "focus": _FOCUS,
    },
    "oneOf": [{"required": ["url"]}, {"required": ["path"]}],
}
_LANG = {"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"}
_SOCIAL_IMAGE = {
    "oneOf": [
        _URL,
        {
            "type": "object",
            "required": ["url"],
            "additionalProperties": False,
            "properties": {
                "url": _URL,
                "alt": _TEXT,
                "width": {"type": "integer", "minimum": 1},
                "height": {"type": "integer", "minimum": 1},
                "focus": _FOCUS,
            },
        },
    ]
}
_SOCIAL_OVERRIDE = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "title": _TEXT,
        "description": _TEXT,
        "image": _SOCIAL_IMAGE,
        "text": _TEXT,  # SPEC 8.7: the post's own words on that network
    },
}
_SITE = {
    "type": "object",
    "description": "Overrides of the [site] configuration for this record",
    "additionalProperties": False,
    "properties": {
        "name": _TEXT,
        "url": {"oneOf": [_URL, {"const": ""}]},
        "logo": _TEXT,
        "twitter": {"type": "string", "pattern": "^(@?[A-Za-z0-9_]{1,15})?$"},
        "facebook_app_id": {
            "oneOf": [{"type": "string", "pattern": "^[0-9]*$"}, {"type": "integer"}]
        },
        "locale": {"type": "string", "pattern": "^[a-z]{2,3}([_-][A-Za-z0-9]{2,4})?$"},
        "locale_alternates": {"type": "array", "items": {"type": "string"}},
        "lang": {"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"},
        "timezone": {"type": "string", "description": "IANA time zone name"},
        "permalink": {
            "type": "string",
            "pattern": "\\{slug\\}",
            "description": "placeholders: " + ", ".join("{" + f + "}" for f in PERMALINK_FIELDS),
        },
        "default_image": _TEXT,
        "jsonld_type": {"enum": list(JSONLD_TYPES)},
        "robots": _TEXT,
        "paywall_selector": {**_TEXT, "description": "CSS selector of the paywalled part"},
        # SPEC 8.4 (newsroom controls)
        "hosts": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "the hosts an output serves",
        },
        "social": {"type": "array", "items": _URL, "description": "profile URLs (sameAs)"},
    },
}
# SPEC 8.4 (newsroom controls): robots directives and the outputs a record is kept out of
_ROBOTS_DIRECTIVE = {
    "type": "string",
    "pattern": (
        "^\\s*(?i:all|none|index|noindex|follow|nofollow|noarchive|nocache|nosnippet"
        "|noimageindex|notranslate|indexifembedded|max-image-preview:\\s*(none|standard|large)"
        "|max-(snippet|video-preview):\\s*-?[0-9]+|unavailable_after:\\s*[0-9]{4}-.+)\\s*$"
    ),
}
_EXCLUDE_ITEM = {"enum": ["feeds", "sitemaps", "syndication"]}

# SPEC 8.5 (media and structured data): records._media is the authority.
_HTTP_URL = {"type": "string", "format": "uri", "pattern": "^(https?:)?//"}
_DURATION = {
    "description": "seconds, H:MM:SS, or ISO 8601 (PT1H2M3S); at most 10 days",
    "oneOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": 864000},
        {"type": "string", "pattern": "^(\\d{1,3}:)?[0-5]?\\d:[0-5]\\d$"},
        {"type": "string", "pattern": "^[Pp]"},
    ],
}
_MEDIA_TYPE = {"type": "string", "pattern": "^[a-z]+/[A-Za-z0-9.+-]+$"}
_MEDIA_PROPERTIES: dict[str, Any] = {
    "type": {
        "enum": list(ARTICLE_TYPES),
        "description": "schema.org type; default [site] jsonld_type",
    },
    "video": {
        "oneOf": [
            _HTTP_URL,
            {
                "type": "object",
                "additionalProperties": False,
                "anyOf": [{"required": ["url"]}, {"required": ["embed_url"]}],
                "properties": {
                    "url": _HTTP_URL,
                    "type": _MEDIA_TYPE,
                    "width": {"type": "integer", "minimum": 1, "maximum": 100000},
                    "height": {"type": "integer", "minimum": 1, "maximum": 100000},
                    "duration": _DURATION,
                    "thumbnail": {
                        "oneOf": [
                            _HTTP_URL,
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["url"],
                                "dependentRequired": {"width": ["height"], "height": ["width"]},
                                "properties": {
                                    "url": _HTTP_URL,
                                    "width": {"type": "integer", "minimum": 1, "maximum": 100000},
                                    "height": {"type": "integer", "minimum": 1, "maximum": 100000},
                                },
                            },
                        ]
                    },
                    "embed_url": {**_HTTP_URL, "description": "a player page (X player card)"},
                },
            },
        ]
    },
    "audio": {
        "oneOf": [
            _HTTP_URL,
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["url"],
                "properties": {
                    "url": _HTTP_URL,
                    "type": _MEDIA_TYPE,
                    "length": {"type": "integer", "minimum": 1, "description": "bytes"},
                    "duration": _DURATION,
                },
            },
        ]
    },
    "updates": {
        "type": "array",
        "maxItems": 1000,
        "description": "a live blog's entries (LiveBlogPosting liveBlogUpdate)",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["time", "headline"],
            "properties": {"time": _DATE, "headline": _NON_BLANK, "body": _TEXT},
        },
    },
    "coverage_end": {**_DATE, "description": "a live blog's end of coverage (coverageEndTime)"},
    "podcast": {
        "type": "string",
        "pattern": "^[A-Za-z0-9_-]{1,64}$",
        "description": "the [podcast.SHOW] this episode belongs to (needs audio)",
    },
    "episode": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "season": {"type": "integer", "minimum": 1, "maximum": 1000000},
    "episode_type": {"enum": ["full", "trailer", "bonus"]},
    "transcript": {
        "oneOf": [
            {
                "allOf": [
                    _HTTP_URL,
                    {"pattern": "\\.(vtt|srt|json|html?|txt|VTT|SRT|JSON|HTML?|TXT)$"},
                ]
            },
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["url"],
                "properties": {
                    "url": _HTTP_URL,
                    "type": {
                        "enum": [
                            "text/vtt",
                            "application/x-subrip",
                            "application/json",
                            "text/html",
                            "text/plain",
                        ]
                    },
                },
            },
        ]
    },
    "chapters": {**_HTTP_URL, "description": "Podcasting 2.0 JSON chapters"},
}
_PODCAST_ONLY = ["episode", "season", "episode_type", "transcript", "chapters"]


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one article record."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sharekit.invalid/schema/article.json",
        "title": "sharekit article record",
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "not": {"required": ["author", "authors"]},
        "properties": {
            "title": {**_NON_BLANK, "description": "the headline"},
            "url": {**_URL, "description": "canonical URL; default: [site] url + permalink"},
            "slug": {"type": "string", "minLength": 1, "pattern": "^[^/\\\\?#%\\s]+$"},
            "id": {
                "type": ["string", "integer"],
                "description": "stable identity for feeds; default: url",
            },
            "description": {"type": "string", "description": "default: derived from content_html"},
            "content_html": _TEXT,
            "authors": {"type": "array", "items": _AUTHOR},
            "author": {"oneOf": [_AUTHOR, {"type": "array", "items": _AUTHOR}]},
            "published": _DATE,
            "updated": _DATE,
            "syndicate_at": _DATE,  # SPEC 8.7: the posts wait until then
            "section": _TEXT,
            "tags": {"type": "array", "items": {"type": "string"}},
            "image": {"oneOf": [{"type": "string", "minLength": 1}, _IMAGE_OBJECT]},
            "lang": {"type": "string", "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"},
            "site": _SITE,
            "access": {"enum": ["free", "paywalled", "metered"]},
            "translations": {
                "type": "object",
                "description": "other language versions, {lang: absolute URL}; x-default allowed",
                "propertyNames": {"anyOf": [{"const": "x-default"}, _LANG]},
                "additionalProperties": _URL,
            },
            "social": {
                "type": "object",
                "description": "per-network title/description/image, keyed by share network id",
                "propertyNames": {"enum": list(NETWORK_IDS)},
                "additionalProperties": _SOCIAL_OVERRIDE,
            },
            # SPEC 8.4 (newsroom controls)
            "canonical": {**_URL, "description": "the original's URL when the page is a copy"},
            "robots": {
                "oneOf": [
                    {"type": "string", "description": "comma-separated robots directives"},
                    {"type": "array", "items": _ROBOTS_DIRECTIVE},
                ]
            },
            "exclude": {
                "oneOf": [_EXCLUDE_ITEM, {"type": "array", "items": _EXCLUDE_ITEM}],
                "description": "outputs the article is kept out of",
            },
            **_MEDIA_PROPERTIES,
        },
        # SPEC 8.5: the episode fields only with "podcast"
        "dependentRequired": {name: ["podcast"] for name in _PODCAST_ONLY},
    }
