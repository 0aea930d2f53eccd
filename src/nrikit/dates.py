"""Dates and times as form tools export them, turned into ISO 8601 (UTC when a time is given).

Google Sheets writes timestamps in the spreadsheet's locale: a Peruvian sheet
writes `18/04/2017 14:49:46` or `18/04/2017 2:49:46 p. m. GMT-5`, an en-US one
`4/18/2017 14:49:46`. `03/04/2017` cannot be told apart, so nrikit never
guesses: a non-ISO value is parsed only by the source's declared date_format.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_AMPM = re.compile(r"\s*\b([aApP])\.?\s?[mM]\.?(?=\s|$)")
_GMT = re.compile(r"\s*(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\s*$", re.I)
# The two canonical forms nrikit stores. Fast paths (the survey stage, the bulk importer) test values
# against these and send anything else through parse(); the day itself is checked by parse().
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")  # 2017-04-18T19:49:46Z
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")  # 2017-04-18
_TRIES = (
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
    "%d-%m-%Y %H:%M:%S",
)


class DateParseError(ValueError):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


@lru_cache(maxsize=64)
def parse_timezone(name: str) -> dt.tzinfo:
    """'GMT-5', 'UTC+05:30', '-05:00', 'Z' or an IANA name such as 'America/Lima'."""
    text = name.strip()
    if text.upper() in ("Z", "UTC", "GMT"):
        return dt.timezone.utc
    m = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", text, re.I)
    if m:
        return _offset(*m.groups())
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(text)
    except Exception:
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as America/Lima or an offset such as GMT-5"
        ) from None


def _offset(sign, hours, minutes) -> dt.timezone:
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta > dt.timedelta(hours=14):
        raise ValueError(f"offset {sign}{hours} is beyond ±14 hours")
    return dt.timezone(-delta if sign == "-" else delta)


def _normalise(value: str) -> tuple[str, dt.tzinfo | None]:
    """Spanish/Portuguese a. m./p. m. to AM/PM; a trailing GMT-5 taken off as the zone."""
    tz = None
    m = _GMT.search(value)
    if m and m.start() > 0:
        tz = dt.timezone.utc if not m.group(1) else _offset(*m.groups())
        value = value[: m.start()]
    value = _AMPM.sub(lambda mm: " " + mm.group(1).upper() + "M", value)
    return " ".join(value.split()), tz


def _utc(parsed: dt.datetime) -> str:
    return parsed.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _has_time(fmt: str) -> bool:
    return any(d in fmt for d in ("%H", "%I", "%M", "%S"))


def parse(value: str, date_format: str | None = None, timezone: str | None = None) -> str:
    """ISO 8601 text for `value`; raises DateParseError with a hint otherwise."""
    if ISO_UTC.fullmatch(value):
        try:
            dt.datetime.fromisoformat(value[:-1])
        except ValueError as exc:
            raise DateParseError(f"{value!r} is not a real date and time ({exc})") from None
        return value  # the common case of nrikit's own files: already canonical
    if date_format:
        text, tz = _normalise(value)
        fmt = date_format.replace("%Z", "").strip()
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            raise DateParseError(
                f"date {value!r} does not match the declared date_format {date_format!r}", _hint_for(value)
            ) from None
        if not _has_time(fmt):
            return parsed.date().isoformat()
        if tz is None and timezone:
            tz = parse_timezone(timezone)
            if not isinstance(tz, dt.timezone):  # an IANA zone: DST-aware
                return _utc(parsed.replace(tzinfo=tz))
        if tz is None:
            raise DateParseError(
                f"time {value!r} has no time zone", 'set timezone for this input, e.g. timezone = "America/Lima"'
            )
        return _utc(parsed.replace(tzinfo=tz))
    if ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise DateParseError(f"{value!r} is not a real date ({exc})") from None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        if value.endswith("Z") and ISO_DATE.match(value):  # ISO UTC in form, but no real moment (hour 24)
            raise DateParseError(f"{value!r} is not a real date and time ({exc})") from None
    else:
        if parsed.tzinfo is not None:
            return _utc(parsed)
        if timezone:
            tz = parse_timezone(timezone)
            return _utc(parsed.replace(tzinfo=tz))
        return parsed.isoformat(timespec="minutes")
    raise DateParseError(f"expected an ISO 8601 date or date-time, got {value!r}", _hint_for(value))


def _hint_for(value: str) -> str:
    """Which formats would read the value; two different readings mean it is ambiguous."""
    text, _ = _normalise(value)
    readings = {}
    for fmt in _TRIES:
        try:
            readings.setdefault(dt.datetime.strptime(text, fmt), fmt)
        except ValueError:
            continue
    if len(readings) > 1:
        shown = " or ".join(f"{d:%Y-%m-%d} ({f.split()[0]})" for d, f in list(readings.items())[:2])
        return f"ambiguous: it reads as {shown}; declare the source's date_format"
    if readings:
        fmt = next(iter(readings.values()))
        return f'declare date_format = "{fmt}" for this input'
    return 'declare the source\'s date_format, e.g. date_format = "%d/%m/%Y %H:%M:%S"'
