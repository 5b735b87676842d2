"""Dates as Jekyll reads them: Ruby's ``Time.parse`` for text, SafeYAML's rules for YAML values.

Jekyll turns every ``date`` into ``Time.parse(value.to_s).localtime`` with
``TZ`` set to the site's ``timezone`` (``Jekyll::Utils.parse_date``). So a
text date takes the offset written right after its time (``+0200``,
``-08:00``, ``Z``, ``UTC``, ``PST``...), else the site's zone; an unquoted
YAML datetime without an offset is UTC (SafeYAML reads it with
``DateTime.parse``), a YAML date is midnight in the site's zone. Ruby's
parser finds the date and the time anywhere in the text, so
``2023-01-29 18:30:22 2023 -0800`` is 18:30:22 on 29 January (the offset is
not next to the time: the site's zone). Checked against Ruby 3.1's
``Time.parse`` (``tests/records/test_rubytime.py``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

__all__ = ["jekyll_date", "ruby_parts", "ruby_time_parse"]

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"  # noqa: E501
# Ruby's zone table (date/zonetab): the abbreviations Time.parse knows; others are ignored.
_ZONES = {
    "utc": 0, "ut": 0, "gmt": 0, "z": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    "akst": -9, "akdt": -8, "hst": -10,
}  # fmt: skip
_TIME = re.compile(
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(?:\s*([ap])\.?m\b\.?)?"
    r"(?:\s*((?:gmt|utc?)?[-+]\d+(?::\d+)?|[a-z]+\b))?",
    re.IGNORECASE,
)
_AMPM_ONLY = re.compile(r"\b(\d{1,2})\s*([ap])\.?m\b\.?", re.IGNORECASE)
_ISO = re.compile(r"(\d{4,})-(\d{1,2})-(\d{1,2})")
_SLASH = re.compile(r"(\d+)/(\d+)(?:/(\d+))?")
_EU = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b\s*" + _MONTH + r"[^-\d\s']*\s*,?\s*(\d{4})?", re.I)
_US = re.compile(_MONTH + r"[^-\d\s']*\s*(\d{1,2})(?:st|nd|rd|th)?\b,?\s*(\d{4})?", re.I)
_DIGITS = re.compile(r"^\s*(\d{8})(?:t?(\d{4,6}))?\s*$", re.I)


def _zone(text: str | None) -> tzinfo | None:
    """An offset Ruby reads (``+0200``, ``+02``, ``-08:00``, ``UTC``, ``PST``), else None."""
    if not text:
        return None
    lowered = text.lower()
    if lowered in _ZONES:
        return timezone(timedelta(hours=_ZONES[lowered]))
    match = re.fullmatch(r"(?:gmt|utc?)?([-+])(\d+)(?::(\d+))?", lowered)
    if not match:
        return None  # CET, JST...: Ruby knows a few more; unknown names are ignored there too
    sign, digits, minutes = match.groups()
    if minutes is not None:
        hours, mins = int(digits), int(minutes)
    elif len(digits) <= 2:
        hours, mins = int(digits), 0
    else:
        hours, mins = int(digits[:-2]), int(digits[-2:])
    delta = timedelta(hours=hours, minutes=mins)
    return timezone(-delta if sign == "-" else delta)


def _date_part(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) where Ruby's ``Date._parse`` finds them, in its order of forms."""
    for pattern, order in ((_EU, "dmy"), (_US, "mdy")):
        match = pattern.search(text)
        if match and match.group(3):
            groups = match.groups()
            if order == "dmy":
                day, month, year = groups[0], groups[1], groups[2]
            else:
                month, day, year = groups[0], groups[1], groups[2]
            return int(year), _MONTHS[month.lower()[:3]], int(day)
    match = _ISO.search(text)
    if match:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    match = _SLASH.search(text)
    if match and match.group(3):
        first, second, third = match.groups()
        if len(first) >= 3:  # 2024/10/24: year first
            return int(first), int(second), int(third)
        return int(third), int(second), int(first)  # 24/10/2024: day, month, year
    match = _DIGITS.match(text)
    if match:
        digits = match.group(1)
        return int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    return None


def ruby_time_parse(text: str, zone: tzinfo) -> datetime:
    """``Time.parse(text)`` with ``TZ`` set to ``zone``: an aware datetime (ValueError: refused)."""
    moment, offset = ruby_parts(text)
    if offset is None:
        return _localize(moment, zone)
    return moment.replace(tzinfo=offset).astimezone(zone)


def ruby_parts(text: str) -> tuple[datetime, tzinfo | None]:
    """The wall-clock time ``Time.parse`` finds in ``text`` and the offset next to it, if any."""
    found = _date_part(text)
    if found is None:
        raise ValueError("no date")
    year, month, day = found
    hour = minute = second = micro = 0
    offset: tzinfo | None = None
    rest = _ISO.sub(" ", text, count=1)
    match = _TIME.search(rest)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        second = int(match.group(3) or 0)
        micro = int((match.group(4) or "0")[:6].ljust(6, "0"))
        if match.group(5):
            hour = hour % 12 + (12 if match.group(5).lower() == "p" else 0)
        offset = _zone(match.group(6))
    else:
        ampm = _AMPM_ONLY.search(rest)
        if ampm:
            hour = int(ampm.group(1)) % 12 + (12 if ampm.group(2).lower() == "p" else 0)
    if hour > 24 or minute > 59 or second > 60:
        raise ValueError("time out of range")
    return datetime(year, month, day, hour, minute, min(second, 59), micro), offset


def _localize(moment: datetime, zone: tzinfo) -> datetime:
    """A wall-clock time in ``zone`` (a time skipped by a DST change moves forward, as in Ruby)."""
    local = moment.replace(tzinfo=zone)
    back = local.astimezone(UTC).astimezone(zone)
    return back if back.replace(tzinfo=None) != moment else local


def jekyll_date(value: object, zone: tzinfo) -> datetime:
    """A front matter ``date`` as Jekyll reads it, in the site's zone; ValueError when refused.

    PyYAML gives datetimes and dates for unquoted timestamps (as SafeYAML
    does for Jekyll); text goes through :func:`ruby_time_parse`.
    """
    if isinstance(value, datetime):
        # SafeYAML: an unquoted timestamp without an offset is UTC
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(zone)
    if isinstance(value, date):
        return _localize(datetime(value.year, value.month, value.day), zone)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("not a date")
    return ruby_time_parse(str(value), zone)
