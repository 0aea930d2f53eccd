"""Edition configs: one TOML file per NRI edition, validated before anything runs.

The schema below is the single source of truth: validation, defaults and the
configuration reference in docs/ are all derived from it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import hashlib
import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAX_CONFIG_BYTES = 1_000_000
WEB = ("http", "https")  # the only schemes a link rendered on the public pages may use
REQUIRED = object()


@dataclass(frozen=True)
class Key:
    type: Any
    doc: str
    default: Any = None
    choices: tuple = ()
    min: float | None = None
    max: float | None = None
    # For a link: the URL schemes accepted (a value with any other, e.g. javascript:, is refused).
    schemes: tuple = ()

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def type_name(self) -> str:
        names = {
            str: "string",
            int: "integer",
            bool: "boolean",
            float: "number",
            dt.date: "date",
            list: "array of strings",
            dict: "table",
            "path": "path",
            "input": "path or table",
        }
        return names.get(self.type, str(self.type))


INPUT_NAMES = {
    "organisations": "organisations and their stakeholder group",
    "people": "people (private): names, contacts, gender, consent to publish",
    "interest": "expressions of interest received by the open call",
    "committee": "organising committee members, their role and organisation",
    "topics": "candidate topics for the programme",
    "survey": "public topic survey responses (ballots)",
    "votes": "committee votes on topics",
    "panels": "draft and final panels per topic",
    "panellists": "panellists of each panel, their role and remote flag",
    "attendance": "registrations and attendance (private)",
    "sponsors": "sponsors, their role and whether they had any say on content",
    "budget": "budget lines",
    "session_reports": "rapporteurs' session reports (IGF workshop report template: session, moderator, rapporteur, key issues, summary, way forward, submitted)",
    "scores": "evaluators' scores for candidate topics or session proposals (score-based selection, e.g. the brazil plugin)",
    "nominations": "committee nominations of speakers per topic (person, topic, nominated_by, score), for the panel composer",
}

SCHEMA: dict[str, dict[str, Key]] = {
    "nri": {
        "name": Key(str, "Full name of the initiative.", REQUIRED),
        "acronym": Key(str, "Short name, as listed by the IGF Secretariat.", REQUIRED),
        "country": Key(str, "ISO 3166-1 alpha-2 code of the host country (regional NRIs: the host).", REQUIRED),
        "kind": Key(
            str, "What sort of initiative this is.", REQUIRED, choices=("national", "regional", "subregional", "youth")
        ),
        "slug": Key(str, "Identifier used in file and table names; derived from the acronym when absent."),
        "website": Key(str, "Public website of the initiative (http or https).", schemes=WEB),
    },
    "edition": {
        "year": Key(int, "Year of the edition.", REQUIRED, min=2006, max=2100),
        "start": Key(dt.date, "First day of the event.", REQUIRED),
        "end": Key(dt.date, "Last day of the event (defaults to start)."),
        "city": Key(str, "City of the event.", ""),
        "venue": Key(str, "Venue of the event.", ""),
        "coordinator": Key(str, "Organisation acting as focal point with the IGF Secretariat.", ""),
        "workspace": Key("path", "Private workspace database, relative to the config file.", None),
    },
    "stakeholders": {
        "taxonomy": Key(str, "Registered stakeholder taxonomy to use (see `nrikit plugins`).", "igf"),
        "synonyms": Key(dict, 'Extra values mapped to group ids for this edition, e.g. {"ONG" = "civil_society"}.', {}),
    },
    "plugins": {},  # free-form: one table per plugin, holding that plugin's settings
    "inputs": {name: Key("input", f"CSV of {doc}.") for name, doc in INPUT_NAMES.items()},
    "call": {
        "opened": Key(dt.date, "Date the open call for expressions of interest opened."),
        "deadline": Key(dt.date, "Deadline of the open call."),
        "channels": Key(list, "Channels the call was announced through.", []),
    },
    "committee": {
        "formed": Key(dt.date, "Date the organising committee was formed."),
        "min_stakeholder_groups": Key(
            int, "Minimum distinct stakeholder groups on the committee (the IGF asks for at least 3).", 3, min=1, max=10
        ),
        "secretariat_method": Key(
            str,
            "How the secretariat was chosen.",
            "not_recorded",
            choices=(
                "without_opposition",
                "simple_majority",
                "qualified_majority",
                "consensus",
                "appointed",
                "not_recorded",
            ),
        ),
        "gender_balance": Key(bool, "Report a committee made of one gender only.", True),
        "workspace_inputs": Key(
            list,
            'Inputs the committee enters in `nrikit committee serve` instead of a CSV file: "votes" (the closed '
            'topic votes replace [inputs] votes), "panels" (the draft rounds and final panels replace [inputs] '
            "panels and panellists).",
            [],
        ),
        "publish_votes": Key(
            bool,
            "Publish each member's vote on each topic (names only with consent); off: only the tally is published.",
            False,
        ),
    },
    "survey": {
        "method": Key(
            str,
            "How survey ballots are counted: a registered survey tally method (plurality, approval, borda, schulze, or a plugin's).",
            "approval",
        ),
        "binding": Key(
            bool, "Whether the survey result decides the topics (true) or only advises the committee (false).", False
        ),
        "approval": Key(
            str,
            "How the committee approves topics when the survey does not bind: a registered vote method (simple_majority, qualified_majority, consensus, without_opposition, or a plugin's).",
            "simple_majority",
        ),
        "qualified_threshold": Key(
            float, "Share of all members needed under qualified_majority.", 2 / 3, min=0.5, max=1.0
        ),
        "topics_to_select": Key(int, "How many topics the programme takes.", 4, min=1, max=500),
    },
    "panels": {
        "min_size": Key(int, "Fewest panellists on a final panel.", 3, min=1, max=50),
        "max_size": Key(int, "Most panellists on a final panel.", 7, min=1, max=50),
        "min_stakeholder_groups": Key(int, "Minimum distinct stakeholder groups per panel.", 2, min=1, max=10),
        "gender_rule": Key(
            str,
            "none; mixed: at least one panellist of a different gender from the rest (the global IGF's minimum); parity: no gender above 60%.",
            "mixed",
            choices=("none", "mixed", "parity"),
        ),
        "max_sessions_per_speaker": Key(int, "Most final panels one person may sit on.", 3, min=1, max=50),
        "require_moderator": Key(bool, "Every final panel has a moderator.", True),
        "require_expertise": Key(bool, "Every speaker has at least one expertise tag of the panel's topic.", True),
        "max_sessions_per_organisation": Key(
            int, "Most panel seats one organisation may hold across the programme (0: no limit).", 0, min=0, max=10000
        ),
        "min_international": Key(
            int,
            "Composer quota: fewest panellists per panel living outside the host country (0: none).",
            0,
            min=0,
            max=50,
        ),
        "min_remote": Key(int, "Composer quota: fewest remote panellists per panel (0: none).", 0, min=0, max=50),
        "min_newcomers": Key(
            int, "Composer quota: fewest newcomers (flagged in nominations) per panel (0: none).", 0, min=0, max=50
        ),
        "compose": Key(
            bool,
            "The panels stage takes the composer's proposal as the final panellists of the final panels (see `nrikit compose`).",
            False,
        ),
        "lottery_seed": Key(
            int,
            "Published seed of the lottery that breaks ties between equally good compositions (default: the edition year).",
            None,
            min=0,
        ),
        "compose_time_limit": Key(
            float,
            "Seconds the composer's solver may run before it returns its best panels and their optimality gap.",
            60.0,
            min=0.1,
            max=3600,
        ),
        "compose_gap": Key(
            float,
            "Relative gap at which the composer may stop: 0 proves the best panels; 0.01 accepts panels within "
            "1% of the best possible score, proven, which a pool of thousands reaches far sooner (the lottery "
            "between equally good panels then no longer decides).",
            0.0,
            min=0.0,
            max=0.5,
        ),
    },
    "event": {
        "streamed": Key(bool, "The event was streamed online.", False),
        "remote_participation": Key(bool, "Remote participation (speakers or attendees) was offered.", False),
    },
    "privacy": {
        "k": Key(int, "Smallest count published; counts from 1 to k-1 are suppressed.", 5, min=3, max=100),
        "keep_personal_data_until": Key(
            dt.date,
            "Date after which the workspace's personal data must be erased (`nrikit person expire`); a finding when overdue.",
        ),
    },
    "publish": {
        "lang": Key(
            str,
            "Language of the public site's pages and charts: en, es, pt (default: the first config's [report] lang).",
            "",
        ),
        "title": Key(str, "Title of the public Datasette instance (default: the NRI's name and 'open data').", ""),
        "description": Key(str, "Text shown on the instance's home page, above the charts.", ""),
        "licence": Key(str, "Licence of the published data.", "CC-BY-4.0"),
        "licence_url": Key(
            str,
            "Link to the licence text (http or https).",
            "https://creativecommons.org/licenses/by/4.0/",
            schemes=WEB,
        ),
        "source": Key(str, "Who publishes the data.", ""),
        "source_url": Key(
            str, "Link to the publisher (e.g. the NRI's website; http, https or mailto).", "", schemes=(*WEB, "mailto")
        ),
        "allow_sql": Key(
            bool, "Let visitors run arbitrary read-only SQL (off: only tables, views and canned queries).", False
        ),
        "cors": Key(
            bool,
            "Send CORS headers (Access-Control-Allow-Origin: *) so scripts on other sites can read the JSON API.",
            False,
        ),
        "sql_time_limit_ms": Key(int, "Longest a query may run on the public instance.", 1000, min=50, max=3000),
        "max_returned_rows": Key(int, "Most rows one JSON or HTML page returns.", 1000, min=10, max=10000),
    },
    # The annual report (`nrikit report`). The three *_published / registration_open keys record what the
    # NRI itself did, which the data cannot show: unset means "judge from the published open data".
    "report": {
        "lang": Key(
            str,
            "Language of the annual report and of the workspace summary: en, es, pt, or one an NRI adds (see locales).",
            "en",
        ),
        "locales": Key("path", "Folder of extra translation catalogues (<lang>.po), relative to the config file."),
        "introduction": Key(str, "The NRI's own introduction, printed at the start of the report.", ""),
        "due_months": Key(
            int, "Months after the event's last day the report is due (the IGF asks for 3).", 3, min=1, max=24
        ),
        "budget_published": Key(
            bool,
            "Whether the NRI published its budget itself (website, report). Unset: yes if the open data has budget lines.",
        ),
        "decision_records_published": Key(
            bool,
            "Whether the NRI published its committee's decision records. Unset: yes if the open data has decisions.",
        ),
        "registration_open": Key(
            bool, "Whether anyone could take part (registration only counted people, it did not select them)."
        ),
    },
}

# Which other tables an input's rows may feed (the `feeds` key): a form export describes several at once.
FEEDS = {
    "interest": ("people", "organisations"),
    "attendance": ("people",),
    "topics": ("people",),
    "nominations": ("people",),
}

# Inputs an edition may take from the committee workspace instead of a file ([committee] workspace_inputs).
WORKSPACE_INPUTS = {"votes": ("votes",), "panels": ("panels", "panellists")}

# Sections whose keys a plugin or a later feature may own entirely.
FREE_FORM = {"plugins"}
INPUT_TABLE_KEYS = {
    "path": Key("path", "File path, relative to the config file.", REQUIRED),
    "format": Key(str, "Importer to read it with (see `nrikit plugins`).", "csv"),
    "encoding": Key(str, "Text encoding when not UTF-8 (e.g. cp1252)."),
    "delimiter": Key(str, "Field delimiter when not sniffed."),
    "columns": Key(
        dict,
        "Field name to header name, for exports whose headers differ; a list joins several columns with a space "
        '(name = ["Nombre", "Apellido"]); { value = "..." } gives every row the same value.',
        {},
    ),
    "values": Key(dict, 'Per field, raw value to canonical value, e.g. {stakeholder = {"ONG" = "civil_society"}}.', {}),
    "date_format": Key(
        str, 'strptime format of the source\'s dates, e.g. "%d/%m/%Y %I:%M:%S %p" (a. m./p. m. accepted).'
    ),
    "timezone": Key(
        str,
        "Time zone of the source's times when they carry none: an IANA name (America/Lima) or an offset (GMT-5, -05:00).",
    ),
    "locale": Key(
        str,
        'Number format: "en" (1,234.5) or "es" (1.234,5); numbers with a thousands separator need one.',
        choices=("en", "es", "pt", "fr", "de"),
    ),
    "max_bytes": Key(int, "Largest file accepted, in bytes.", 50_000_000, min=1),
    "limits": Key(dict, "Longest value accepted per field, in characters (default 10000), e.g. {bio = 2000}.", {}),
    "dedupe": Key(
        str, 'Field identifying one person (e.g. email): of several submissions, the latest wins; "" turns it off.'
    ),
    "ignore": Key(list, "Headers to ignore without a warning.", []),
    "separator": Key(
        str,
        'How the export joins the answers of a multi-select question (e.g. ", " or ";"), for every multi-valued field.',
    ),
    "feeds": Key(
        list,
        "Other tables this one export describes, filled from the same rows in the same run: "
        'interest: ["people", "organisations"]; topics: ["people"] (a proposal form\'s proposers); '
        'nominations: ["people"] (a nomination form\'s nominees); '
        'attendance: ["people"] (registrants linked to known people).',
        [],
    ),
    "separators": Key(dict, 'Per field, its multi-select separator when it differs, e.g. {expertise = "|"}.', {}),
    "sheet": Key(str, "Worksheet to read from an .xlsx file (default: the first)."),
    "structure": Key(
        "path",
        "LimeSurvey survey structure file (.lss), relative to the config: option and answer codes become their labels.",
    ),
}


def _suggest(name: str, options) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """Best-effort line of `key` inside `[section]` (or of the section header); TOML parsers keep no positions."""
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[+\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip().strip('"')
            if key is None and (current == section or current.startswith(f"{section}.")):
                return number
            continue
        if (
            key is not None
            and re.match(rf'^"?{re.escape(key)}"?\s*=', stripped)
            and (section is None or current == section or (current or "").startswith(section + "."))
        ):
            return number
    if key is not None and section is not None:
        return _line_of(text, section, None)
    return None


def _check_value(key: Key, value, where: str, fail):
    expected = key.type
    if expected == "path":
        if not isinstance(value, str) or not value.strip():
            fail(f"expected a path (string), got {type(value).__name__}")
        return
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is int and isinstance(value, bool):
        fail("expected an integer, got a boolean")
    if expected is dt.date and isinstance(value, dt.datetime):
        fail("expected a date (YYYY-MM-DD), got a date-time")
    if expected is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("expected an array of strings")
        return
    if not isinstance(value, expected):
        fail(f"expected {key.type_name()}, got {_toml_type(value)}")
    if expected is float and not math.isfinite(value):
        fail(f"expected a finite number, got {value}")  # TOML allows nan and inf; no nrikit setting means them
    if key.schemes and value:
        _check_url(value, key.schemes, fail)
    if key.choices and value not in key.choices:
        fail(f"must be one of {', '.join(map(repr, key.choices))}, got {value!r}{_suggest(str(value), key.choices)}")
    if key.min is not None and value < key.min:
        fail(f"must be at least {key.min:g}, got {value}")
    if key.max is not None and value > key.max:
        fail(f"must be at most {key.max:g}, got {value}")


def _check_url(value: str, schemes: tuple, fail) -> None:
    from urllib.parse import urlsplit

    allowed = "/".join(f"{s}:" for s in schemes)
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        fail(f"expected a {allowed} link without spaces or control characters, got {value!r}")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        got = f"a {scheme}: link" if scheme else "no scheme"
        fail(f"expected a {allowed} link (e.g. https://example.org/), got {got}: {value[:60]!r}")
    if scheme in WEB and not parts.hostname:
        fail(f"expected a link with a host name (e.g. https://example.org/), got {value[:60]!r}")
    if scheme == "mailto" and "@" not in parts.path:
        fail(f"expected a mailto: link with an address (mailto:name@domain), got {value[:60]!r}")


def _toml_type(value) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a float",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
        dt.date: "a date",
        dt.datetime: "a date-time",
    }.get(type(value), type(value).__name__)


@dataclass
class InputSpec:
    name: str
    path: Path
    format: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_format: str | None = None
    timezone: str | None = None
    locale: str | None = None
    max_bytes: int = 50_000_000
    dedupe: str | None = None
    ignore: list[str] = field(default_factory=list)
    sheet: str | None = None
    structure: Path | None = None
    limits: dict[str, int] = field(default_factory=dict)
    joined: dict[str, list[str]] = field(default_factory=dict)  # field -> headers joined with a space
    constants: dict[str, str] = field(default_factory=dict)  # field -> the value of every row
    separator: str | None = None
    separators: dict[str, str] = field(default_factory=dict)
    feeds: list[str] = field(default_factory=list)
    # which keys the config stated, so an importer's defaults never override them
    stated: frozenset = frozenset()


@dataclass
class Edition:
    """A validated edition config. Sections are plain dicts with every default filled in."""

    path: Path
    data: dict[str, dict[str, Any]]
    sha256: str
    plugin_defaults: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data[section]

    @property
    def year(self) -> int:
        return self.data["edition"]["year"]

    @property
    def slug(self) -> str:
        return self.data["nri"]["slug"]

    @property
    def id(self) -> str:
        """Stable identifier of the edition, e.g. 'igf-peru-2017'."""
        return f"{self.slug}-{self.year}"

    @property
    def plugins(self) -> dict[str, dict]:
        return self.data.get("plugins", {})

    @property
    def workspace(self) -> Path:
        configured = self.data["edition"].get("workspace")
        if configured:
            return (self.root / configured).resolve()
        return (self.root / ".nrikit" / f"{self.path.stem}.db").resolve()

    def input(self, name: str) -> InputSpec | None:
        raw = self.data["inputs"].get(name)
        if raw is None:
            return None
        if isinstance(raw, str):
            raw = {"path": raw}
        return InputSpec(
            name=name,
            path=_resolve(self.root / raw["path"]),
            format=raw.get("format", "csv"),
            encoding=raw.get("encoding"),
            delimiter=raw.get("delimiter"),
            columns={k: v for k, v in raw.get("columns", {}).items() if isinstance(v, str)},
            joined={k: list(v) for k, v in raw.get("columns", {}).items() if isinstance(v, list)},
            constants={k: v["value"] for k, v in raw.get("columns", {}).items() if isinstance(v, dict)},
            separator=raw.get("separator"),
            separators=dict(raw.get("separators", {})),
            feeds=list(raw.get("feeds", [])),
            values={k: dict(v) for k, v in raw.get("values", {}).items()},
            date_format=raw.get("date_format"),
            timezone=raw.get("timezone"),
            locale=raw.get("locale"),
            max_bytes=raw.get("max_bytes", 50_000_000),
            dedupe=raw.get("dedupe"),
            ignore=list(raw.get("ignore", [])),
            sheet=raw.get("sheet"),
            structure=(self.root / raw["structure"]).resolve() if raw.get("structure") else None,
            limits=dict(raw.get("limits", {})),
            stated=frozenset(raw),
        )

    def inputs(self) -> list[InputSpec]:
        return [self.input(name) for name in self.data["inputs"]]


def slugify(text: str) -> str:
    from .taxonomy import fold

    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug or "nri"


def parse_toml(path: Path) -> tuple[dict, str, bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("config file not found", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", path=path) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"config is {len(raw)} bytes, over the {MAX_CONFIG_BYTES} byte limit", path=path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError("config is not valid UTF-8", path=path, line=line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(match.group(1)) if match else None
        if "(at end of document)" in message:
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            message = message.replace(" (at end of document)", "")
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if message == "Illegal character '\\n'":
            # tomllib's words for a string whose closing quote is missing on its line
            message = "Unterminated string (a quoted string must close on the line it opens)"
        raise ConfigError(f"invalid TOML: {message}", path=path, line=line) from None
    except RecursionError:
        # Python's TOML parser recurses per nesting level; thousands of '[' exhaust the stack.
        raise ConfigError("invalid TOML: nesting too deep", path=path) from None
    return data, text, raw


def validate(data: dict, *, path: Path, text: str = "", partial: bool = False) -> None:
    """Raise ConfigError on the first unknown key, wrong type or out-of-range value.

    With partial=True, missing required keys are allowed (plugin defaults are
    merged afterwards and the whole is validated again).
    """

    def fail_at(section, key):
        def fail(message):
            dotted = f"{section}.{key}" if key else section
            raise ConfigError(message, path=path, key=dotted, line=_line_of(text, section, key) if text else None)

        return fail

    for section, values in data.items():
        if section not in SCHEMA:
            fail_at(section, None)(f"unknown section{_suggest(section, SCHEMA)}")
        if not isinstance(values, dict):
            fail_at(section, None)(f"expected a table [{section}], got {_toml_type(values)}")
        if section in FREE_FORM:
            for name, settings in values.items():
                if not isinstance(settings, dict):
                    fail_at(section, name)(f"expected a table [plugins.{name}] of settings, got {_toml_type(settings)}")
            continue
        keys = SCHEMA[section]
        for key, value in values.items():
            fail = fail_at(section, key)
            if key not in keys:
                fail(f"unknown key{_suggest(key, keys)}")
            spec = keys[key]
            if spec.type == "input":
                _check_input(value, fail)
                feeds = value.get("feeds", []) if isinstance(value, dict) else []
                allowed = FEEDS.get(key, ())
                for table in feeds:
                    if table not in allowed:
                        fail(
                            f"feeds: inputs.{key} cannot feed {table!r}"
                            + (
                                f"; it can feed: {', '.join(allowed)}"
                                if allowed
                                else "; only interest, topics, nominations and attendance feed other tables"
                            )
                        )
            else:
                _check_value(spec, value, f"{section}.{key}", fail)
    if not partial:
        for section, keys in SCHEMA.items():
            for key, spec in keys.items():
                if spec.required and key not in data.get(section, {}):
                    fail_at(section, key)("missing required key")


def _check_input(value, fail):
    if isinstance(value, str):
        if not value.strip():
            fail("expected a path, got an empty string")
        return
    if not isinstance(value, dict):
        fail(f"expected a path or a table with a 'path' key, got {_toml_type(value)}")
    for key, item in value.items():
        if key not in INPUT_TABLE_KEYS:
            fail(f"unknown key {key!r}{_suggest(key, INPUT_TABLE_KEYS)}")
        _check_value(INPUT_TABLE_KEYS[key], item, key, fail)
        if key == "columns":
            for name, column in item.items():
                if isinstance(column, list) and column and all(isinstance(c, str) and c for c in column):
                    continue
                if isinstance(column, dict) and set(column) == {"value"} and isinstance(column["value"], str):
                    continue
                if not isinstance(column, str):
                    fail(
                        f"columns.{name}: expected a header name, a list of headers to join, "
                        'or { value = "..." } for a constant'
                    )
        if key == "separators" and not all(isinstance(v, str) and v for v in item.values()):
            fail('separators: every value must be a non-empty string, e.g. {expertise = "|"}')
        if key == "separator" and not item:
            fail("separator must not be empty")
        if key == "values" and not all(
            isinstance(m, dict) and all(isinstance(v, str) for v in m.values()) for m in item.values()
        ):
            fail('values: expected one table per field, e.g. values.stakeholder = { "ONG" = "civil_society" }')
        if key == "limits" and not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 10_000_000 for v in item.values()
        ):
            fail("limits: every value must be a whole number of characters between 1 and 10000000")
        if key == "delimiter" and len(item) != 1:
            fail(f"delimiter must be one character, got {item!r}")
        if key == "timezone":
            from .dates import parse_timezone

            try:
                parse_timezone(item)
            except ValueError as exc:
                fail(str(exc))
    if "path" not in value:
        fail("input table needs a 'path'")


def _merge_defaults(data: dict, plugin_defaults: dict) -> dict:
    merged = {section: dict(values) for section, values in plugin_defaults.items()}
    for section, values in data.items():
        if section in FREE_FORM or not isinstance(values, dict):
            merged[section] = values
        else:
            merged.setdefault(section, {}).update(values)
    return merged


def load(path, *, pm=None, check_files: bool = True) -> Edition:
    """Read, merge plugin defaults into, and validate an edition config."""
    from . import plugins as plugin_mod

    path = Path(path)
    data, text, raw = parse_toml(path)
    validate(data, path=path, text=text, partial=True)
    pm = pm or plugin_mod.get_plugin_manager()
    plugin_mod.check_required(pm, list(data.get("plugins", {})), config_path=path)

    nri, year = data.get("nri", {}), data.get("edition", {}).get("year")
    defaults: dict = {}
    for plugin_name, result in plugin_mod.call_each(
        pm, "edition_defaults", nri=dict(nri), year=year, settings=data.get("plugins", {})
    ):
        if result:
            try:
                validate(result, path=Path(f"<defaults of plugin {plugin_name}>"), partial=True)
            except ConfigError as exc:
                from .errors import PluginError

                raise PluginError(str(exc), plugin=plugin_name, hook="edition_defaults", subject=str(path)) from exc
            for section, values in result.items():
                defaults.setdefault(section, {}).update(values)
    merged = _merge_defaults(data, defaults)
    validate(merged, path=path, text=text)

    filled: dict[str, dict] = {}
    for section, keys in SCHEMA.items():
        values = dict(merged.get(section, {}))
        if section not in FREE_FORM:
            for key, spec in keys.items():
                if key not in values and not spec.required and section != "inputs":
                    default = spec.default
                    values[key] = (
                        list(default)
                        if isinstance(default, list)
                        else (dict(default) if isinstance(default, dict) else default)
                    )
        filled[section] = values
    filled["nri"].setdefault("slug", None)
    if not filled["nri"]["slug"]:
        filled["nri"]["slug"] = slugify(filled["nri"]["acronym"])
    if filled["edition"].get("end") is None:
        filled["edition"]["end"] = filled["edition"]["start"]
    edition = Edition(
        path=path.resolve(), data=filled, sha256=hashlib.sha256(raw).hexdigest(), plugin_defaults=defaults
    )
    _check_consistency(edition, text)
    if check_files:
        check_input_files(edition, text)
    return edition


def _check_consistency(edition: Edition, text: str) -> None:
    def fail(section, key, message):
        raise ConfigError(message, path=edition.path, key=f"{section}.{key}", line=_line_of(text, section, key))

    e, p, c = edition["edition"], edition["panels"], edition["call"]
    if e["end"] < e["start"]:
        fail("edition", "end", f"ends ({e['end']}) before it starts ({e['start']})")
    if e["start"].year != e["year"]:
        fail("edition", "start", f"{e['start']} is not in the edition's year {e['year']}")
    if p["max_size"] < p["min_size"]:
        fail("panels", "max_size", f"is {p['max_size']}, below min_size {p['min_size']}")
    if c.get("opened") and c.get("deadline") and c["deadline"] < c["opened"]:
        fail("call", "deadline", f"({c['deadline']}) is before the call opened ({c['opened']})")
    for name in edition["committee"]["workspace_inputs"]:
        if name not in WORKSPACE_INPUTS:
            fail("committee", "workspace_inputs", f"{name!r}: expected one of {', '.join(WORKSPACE_INPUTS)}")
        for replaced in WORKSPACE_INPUTS[name]:
            if replaced in edition["inputs"]:
                fail(
                    "committee",
                    "workspace_inputs",
                    f"{name!r} comes from the workspace, so [inputs] {replaced} must go",
                )


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a symlink loop: keep the path as written, check_input_files names it
        return Path(os.path.abspath(path))


def input_problem(path: Path) -> str | None:
    """Why an input path is not a readable regular file, in words (None when it is one)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"{path} is a symbolic link to {os.readlink(path)}, which does not exist"
        return f"file not found: {path}"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path} is a symbolic link loop (it points back to itself), not a file"
        return f"cannot read {path} ({exc.strerror})"
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ]
    for test, kind in kinds:
        if test(st.st_mode):
            return f"{path} is {kind}, not a file; name the exported file itself"
    return None


def check_input_files(edition: Edition, text: str = "") -> None:
    for spec in edition.inputs():
        if spec.structure is not None and not spec.structure.is_file():
            raise ConfigError(
                f"structure file not found: {spec.structure}",
                path=edition.path,
                key=f"inputs.{spec.name}.structure",
                line=_line_of(text, "inputs", spec.name) if text else None,
            )
        problem = input_problem(spec.path)
        if problem:
            raise ConfigError(
                problem,
                path=edition.path,
                key=f"inputs.{spec.name}",
                line=_line_of(text, "inputs", spec.name) if text else None,
            )
