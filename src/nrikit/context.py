"""What a stage, rule or plugin sees while a stage runs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Edition, InputSpec
from .dates import DateParseError
from .dates import parse as parse_date
from .errors import InputError
from .model import Decision, Record
from .progress import Progress
from .taxonomy import GENDER_TAXONOMY, Taxonomy, fold
from .vocab import EMAIL_HEADERS

if TYPE_CHECKING:
    import sqlite_utils


@dataclass
class StageContext:
    edition: Edition
    db: sqlite_utils.Database
    pm: Any
    taxonomy: Taxonomy
    importers: dict[str, Any]
    tally_methods: dict[str, Any]
    stage: str = ""
    decisions: list[Decision] = field(default_factory=list)
    input_hashes: dict[str, str] = field(default_factory=dict)
    sources: list[Rows] = field(default_factory=list)

    @property
    def config(self):
        return self.edition

    @property
    def lang(self) -> str:
        """The organisers' language, [report] lang: the workspace summary is written in it."""
        return self.edition["report"]["lang"]

    def gettext(self, msgid: str, **params) -> str:
        """A message in the organisers' language (nrikit.i18n.gettext; an NRI's [report] locales too)."""
        from . import i18n

        folder = self.edition["report"].get("locales")
        extra = self.edition.root / folder if folder else None
        i18n.use_plugins(self.pm)
        return i18n.gettext(self.lang, msgid, extra, **params)

    def settings(self, plugin: str) -> dict:
        """The [plugins.NAME] settings of this edition."""
        return dict(self.edition.plugins.get(plugin, {}))

    def decide(self, decision: Decision) -> None:
        self.decisions.append(decision)

    def read(
        self, name: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = (), *, stream: bool = False
    ) -> Rows | None:
        """Read one declared input through its importer; None if the config lists none.

        stream=True reads the records in one pass in bounded memory (for inputs that
        may hold hundreds of thousands of rows); the stage must then validate while
        it writes, inside its transaction, so an error still writes nothing.
        """
        spec = self.edition.input(name)
        if spec is None:
            return None
        importer = self.importers.get(spec.format)
        if importer is None:
            from .errors import ConfigError

            raise ConfigError(
                f"unknown input format {spec.format!r}; known: {', '.join(sorted(self.importers))}",
                path=self.edition.path,
                key=f"inputs.{name}",
            )
        if stream and hasattr(importer, "stream"):
            table = importer.stream(spec)
        else:
            table = importer.read(spec)
        self.input_hashes[name] = table.sha256
        rows = Rows(spec, table, required, optional, self)
        self.sources.append(rows)
        return rows

    @property
    def salt(self) -> str:
        """The workspace's secret salt for generated ids (nrikit.people.generated_id)."""
        row = self.db.execute("SELECT value FROM workspace_secret WHERE name = 'salt'").fetchone()
        if row is None:  # pragma: no cover - every migrated workspace has one
            raise InputError("this workspace has no salt for generated ids; open it with nrikit to migrate it")
        return row[0]

    def rows(self, sql: str, params=()) -> list[dict]:
        return list(self.db.query(sql, params))

    def ids(self, table: str, column: str = "id") -> set[str]:
        """The distinct values of one column an earlier stage wrote, for checking references to it."""
        return {row[0] for row in self.db.execute(f'SELECT DISTINCT "{column}" FROM "{table}"')}


# Fields whose value may be published (with the person's consent): an e-mail address
# typed there would be published with it.
PUBLISHED_FIELDS = {
    "people": {"name", "bio"},
    "organisations": {"name"},
    "topics": {"title", "description"},
    "panels": {"title"},
    "sponsors": {"name", "role"},
    "session_reports": {"key_issues", "summary", "way_forward"},
    "interest": {"expertise"},
}
# Fields that may hold several answers: split on the input's separator when it has one.
MULTI_FIELDS = {"choices", "tags", "expertise", "role_sought", "roles"}
_EMAIL_IN_TEXT = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+\.[A-Za-z]{2,}")
# Inputs holding one row per person, where a second submission by the same e-mail replaces the
# first by default (stated dedupe applies anywhere). Elsewhere one person may have several
# rows: several proposals, or seats for two organisations on the committee (a finding).
ONE_PER_PERSON = {"interest", "attendance", "survey"}
DUPLICATE_REASON = "earlier submission by the same person (latest wins)"


class Rows:
    """An input table with typed, validated field access that names file, row, line and column on error.

    Also keeps the import's accounting (rows read, imported, skipped and why,
    duplicates resolved) for the import log.
    """

    def __init__(self, spec: InputSpec, table, required, optional, ctx: StageContext):
        self.spec, self.table, self.ctx = spec, table, ctx
        self.fields = (*required, *optional)
        header = list(table.header)
        defaults = getattr(table, "columns", {}) or {}
        self._check_field_names()
        self.columns: dict[str, str] = {}
        folded = {fold(h): h for h in header}
        # A field from several columns (name = ["Nombre", "Apellido"]) or a constant ({ value = "speaker" }).
        self._joined: dict[str, list[str]] = {}
        self._constants = dict(spec.constants)
        for name, parts in spec.joined.items():
            resolved = []
            for column in parts:
                column = column if column in header else folded.get(fold(column), column)
                if column not in header:
                    raise self._missing(name, column, header, stated=True)
                resolved.append(column)
            self._joined[name] = resolved
        for name in self.fields:
            if name in self._joined:
                self.columns[name] = self._joined[name][0]
                continue
            if name in self._constants:
                continue
            stated = spec.columns.get(name)
            column = stated or defaults.get(name) or name
            if column not in header:
                column = folded.get(fold(column), column)  # "Name", "NAME", "Género" / "Genero"
            if column not in header and name == "email" and not stated:
                column = next((folded[fold(h)] for h in EMAIL_HEADERS if fold(h) in folded), column)
            if column in header:
                self.columns[name] = column
            elif stated or name in required:
                raise self._missing(name, column, header, stated=bool(stated))
        self._check_ignore(header)
        self._check_unknown(header)
        self._values = {f: {fold(k): v for k, v in m.items()} for f, m in spec.values.items()}
        self._published = PUBLISHED_FIELDS.get(spec.name, set())
        default_sep = spec.separator or getattr(table, "multi_separator", None)
        self._separators = {
            f: sep for f in (*MULTI_FIELDS, *spec.separators) if (sep := spec.separators.get(f) or default_sep)
        }
        self.date_format = spec.date_format or getattr(table, "date_format", None)
        self.timezone = spec.timezone or getattr(table, "timezone", None)
        self.dedupe, self._dedupe_column = self._dedupe_key(header, folded, defaults)
        self.duplicates = 0
        self.imported = 0
        self._records = table.records
        if self.dedupe and not getattr(table, "streaming", False):
            self._records = self._resolve_duplicates(list(table.records))
        self._stakeholders: dict[str, str] = {}
        self._dates: dict[str, str] = {}

    def _config_error(self, key, message):
        from .errors import ConfigError

        return ConfigError(message, path=self.ctx.edition.path, key=f"inputs.{self.spec.name}.{key}")

    def _check_field_names(self):
        """A field name in columns, values, separators or limits that this input has not is a typo."""
        import difflib

        known = {*self.fields, "submitted_at", "email"}
        spec = self.spec
        for key, names in (
            ("columns", (*spec.columns, *spec.joined, *spec.constants)),
            ("values", spec.values),
            ("separators", spec.separators),
            ("limits", spec.limits),
        ):
            for name in names:
                if name not in known:
                    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
                    hint = f"did you mean {close[0]!r}? " if close else ""
                    raise self._config_error(
                        f"{key}.{name}",
                        f"unknown field {name!r}; {hint}fields of inputs.{spec.name}: {', '.join(sorted(known))}",
                    )

    def _check_ignore(self, header):
        """An ignored header that is not in the file is a typo (or a stale config)."""
        import difflib

        folded = {fold(h) for h in (*header, *getattr(self.table, "ignore", ()))}
        for name in self.spec.ignore:
            if fold(name) not in folded and name not in self.fields:
                close = difflib.get_close_matches(name, header, n=1, cutoff=0.5)
                hint = f"did you mean {close[0]!r}?" if close else f"headers: {', '.join(header)}"
                raise self._config_error("ignore", f"{name!r} is not a header of {self.spec.path.name}; {hint}")

    def _dedupe_key(self, header, folded, defaults):
        """(field, header) naming one person, or (None, None).

        Stated dedupe wins ("" turns it off); else the importer's; else the e-mail
        column wherever the export has one."""
        spec = self.spec
        if "dedupe" in spec.stated:
            name = spec.dedupe or None
        elif spec.name in ONE_PER_PERSON or (spec.name == "people" and getattr(self.table, "dedupe", None)):
            # A hand-made people list keeps every row (others refer to its ids); a form export of people dedupes.
            name = getattr(self.table, "dedupe", None) or "email"
        else:  # a proposal form, a committee list: one person may have several rows
            name = None
        if not name:
            return None, None
        column = self.columns.get(name) or spec.columns.get(name) or defaults.get(name)
        if column and column not in header:
            column = folded.get(fold(column))
        if not column:
            column = folded.get(fold(name))
        if not column and name == "email":
            column = next((folded[fold(h)] for h in EMAIL_HEADERS if fold(h) in folded), None)
        if not column:
            if "dedupe" in spec.stated:
                raise self._config_error(
                    "dedupe",
                    f"dedupe = {name!r} but {spec.path.name} has no such column; "
                    f'map it with columns = {{ {name} = "HEADER" }}, or set dedupe = "" to keep every row',
                )
            return None, None
        if column in self.ignored:
            self.ignored.remove(column)
        return name, column

    # -- headers ------------------------------------------------------------------------

    def _missing(self, name, column, header, *, stated):
        import difflib

        folded = {fold(h): h for h in header}
        close = difflib.get_close_matches(fold(column), list(folded), n=1, cutoff=0.5)
        # A header renamed mid-call usually keeps the old one as its start: País -> País de residencia.
        renamed = next(
            (h for f, h in folded.items() if f.startswith(fold(column)) and h not in self.columns.values()), None
        )
        guess = renamed or (folded[close[0]] if close else None)
        where = f" (columns.{name})" if stated else ""
        if guess:
            return InputError(
                f'expected column "{column}"{where} is not in the header; found "{guess}" instead',
                path=self.spec.path,
                line=1,
                column=column,
                hint=f'if the form renamed it, map it with: columns = {{ {name} = "{guess}" }}',
            )
        return InputError(
            f'missing column "{column}"{where}',
            path=self.spec.path,
            line=1,
            column=column,
            hint=f"columns found: {', '.join(header)}",
        )

    def _check_unknown(self, header):
        """An unused header that resembles an expected field is probably that field misspelt."""
        import difflib

        used = {*self.columns.values(), *(c for cols in self._joined.values() for c in cols)}
        unmapped = [f for f in self.fields if f not in self.columns]
        ignore = {fold(h) for h in (*self.spec.ignore, *getattr(self.table, "ignore", ()))}
        self.ignored: list[str] = []
        for h in header:
            if h in used or fold(h) in ignore:
                continue
            close = difflib.get_close_matches(fold(h).replace(" ", "_"), unmapped, n=1, cutoff=0.75)
            if close:
                raise InputError(
                    f'unknown column "{h}"; the closest expected column is "{close[0]}"',
                    path=self.spec.path,
                    line=1,
                    column=h,
                    hint=f'map it with: columns = {{ {close[0]} = "{h}" }}, or list it under ignore',
                )
            self.ignored.append(h)

    # -- records ------------------------------------------------------------------------

    def __iter__(self):
        progress = Progress(f"reading {self.spec.path.name}")
        count = 0
        try:
            for record in self._records:
                count += 1
                if not count & 0x3FF:  # the clock is read once per 1,024 rows
                    progress.update(count)
                yield record
        finally:
            self.imported = progress.count = count
        progress.done()

    def raw(self):
        """(row, line, values in header order) for every record: the hot-loop form of
        iteration, for stages importing hundreds of thousands of rows. Use record() to
        get a Record for the typed accessors and errors."""
        rows = getattr(self.table, "rows", None)
        if rows is None or self._records is not self.table.records:
            header = self.table.header
            rows = ((r.row, r.line, [r.values[h] for h in header]) for r in self._records)
        progress = Progress(f"reading {self.spec.path.name}")
        count = 0
        try:
            for item in rows:
                count += 1
                if not count & 0x3FF:
                    progress.update(count)
                yield item
        finally:
            self.imported = progress.count = count
        progress.done()

    def record(self, row, line, values):
        return Record(row, line, dict(zip(self.table.header, values)))

    def __len__(self):
        return len(self._records)

    def _resolve_duplicates(self, records):
        """Keep each person's latest submission (by submitted_at if mapped, else file order)."""
        from .dates import DateParseError, parse
        from .people import normalise_email

        key_column = self._dedupe_column
        normal = normalise_email if self.dedupe == "email" else fold
        # The stage may not read the submission time, but "latest" is judged by it.
        when = self.spec.columns.get("submitted_at") or (getattr(self.table, "columns", {}) or {}).get("submitted_at")
        if when not in self.table.header:
            when = None
        elif when in self.ignored:
            self.ignored.remove(when)
        latest: dict[str, tuple] = {}
        for rec in records:
            key = normal(rec.values.get(key_column, ""))
            if not key:
                continue
            stamp = ""
            if when and rec.values.get(when):
                try:
                    stamp = parse(rec.values[when], self.date_format, self.timezone)
                except DateParseError as exc:
                    raise InputError(
                        str(exc), path=self.spec.path, row=rec.row, line=rec.line, column=when, hint=exc.hint
                    ) from None
            prev = latest.get(key)
            if prev is None or (stamp, rec.row) >= (prev[0], prev[1].row):
                latest[key] = (stamp, rec)
        keep = {id(rec) for _, rec in latest.values()}
        out = [r for r in records if id(r) in keep or not normal(r.values.get(key_column, ""))]
        self.duplicates = len(records) - len(out)
        return out

    def accounting(self) -> dict:
        """What the import log and `nrikit run` report about this input."""
        table = self.table
        reader = getattr(table, "_reader", None)
        blank = reader.skipped_blank if reader is not None else table.skipped_blank
        warnings = reader.warnings if reader is not None else table.warnings
        skipped = {}
        if blank:
            skipped["blank row"] = blank
        skipped.update({k: v for k, v in (getattr(table, "skipped", {}) or {}).items() if v})
        if self.duplicates:
            skipped[DUPLICATE_REASON] = self.duplicates
        rows_skipped = sum(skipped.values())
        return {
            "source": self.spec.name,
            "path": str(self.spec.path),
            "format": self.spec.format,
            "sha256": table.sha256,
            "rows_read": self.imported + rows_skipped,
            "rows_imported": self.imported,
            "rows_skipped": rows_skipped,
            "skipped": skipped,
            "duplicates_resolved": self.duplicates,
            "warnings": list(warnings),
            "ignored_columns": list(self.ignored),
        }

    # -- typed access -------------------------------------------------------------------

    def error(self, record, name, message, hint=None):
        return InputError(
            message,
            path=self.spec.path,
            row=record.row,
            line=record.line,
            column=self.columns.get(name, name),
            hint=hint,
        )

    def raw_text(self, record, name) -> str:
        """The cell(s) of a field as the export has them: joined columns with a space, or the constant."""
        joined = self._joined.get(name)
        if joined:
            return " ".join(v for c in joined if (v := record.values.get(c, "").strip()))
        if name in self._constants:
            return self._constants[name]
        column = self.columns.get(name)
        return record.values.get(column, "") if column else ""

    def has(self, name) -> bool:
        """Whether the input gives this field at all (a column, joined columns or a constant)."""
        return name in self.columns or name in self._constants

    def text(self, record, name, *, required=False, default="") -> str:
        value = self.raw_text(record, name)
        if value:
            if name in self._separators:
                value = ";".join(self._map(name, v) for v in self._split_multi(name, value))
            elif name in self._values:
                value = self._map(name, value)
            if name in self._published and "@" in value and _EMAIL_IN_TEXT.search(value):
                raise self.error(
                    record,
                    name,
                    "an e-mail address is typed into a field that may be published",
                    "remove it, or move it to the e-mail column",
                )
        elif required:
            raise self.error(record, name, "empty value in a required field")
        return value or default

    def mapped(self, record, name) -> bool:
        """Whether the config's values.NAME maps this row's answer: a human decision, not a guess."""
        return fold(self.raw_text(record, name)) in self._values.get(name, {})

    def plain(self, name) -> bool:
        """True when the field's raw value is its text: no value mapping, no checkbox splitting."""
        return (
            name not in self._values
            and name not in self._separators
            and name not in self._published
            and name not in self._joined
            and name not in self._constants
        )

    def _map(self, name, value):
        mapping = self._values.get(name)
        return mapping.get(fold(value), value) if mapping else value

    def _split_multi(self, name, value):
        """Split a checkbox cell. Known option labels are matched first, since a label may
        itself contain the separator ("Acceso, conectividad")."""
        sep = self._separators[name]
        labels = sorted(self.spec.values.get(name, {}), key=len, reverse=True)
        if not labels:
            return [v.strip() for v in value.split(sep) if v.strip()]
        out, rest = [], value
        while rest:
            for label in labels:
                if fold(rest[: len(label)]) == fold(label) and (
                    len(rest) == len(label) or rest[len(label) :].startswith(sep)
                ):
                    out.append(rest[: len(label)])
                    rest = rest[len(label) + len(sep) :] if len(rest) > len(label) else ""
                    break
            else:
                head, _, rest = rest.partition(sep)
                out.append(head.strip())
        return [v for v in out if v]

    def slug(self, record, name, *, required=True) -> str:
        value = self.text(record, name, required=required)
        if value and not is_slug(value):
            raise self.error(
                record,
                name,
                f"{value!r} is not a valid identifier",
                "use letters, digits, '-', '_' or '.', starting with a letter or digit",
            )
        return value

    def unique_id(self, record, name, seen, what="id") -> str:
        """An identifier not seen before in this file; `seen` (a set or dict) collects them."""
        value = self.slug(record, name)
        if value in seen:
            raise self.error(record, name, f"duplicate {what} {value!r}")
        if isinstance(seen, set):
            seen.add(value)
        return value

    def email(self, record, name) -> str | None:
        value = self.text(record, name).strip()  # a pasted address often carries spaces around it
        if value and (value.count("@") != 1 or " " in value or "." not in value.split("@")[1]):
            raise self.error(record, name, f"invalid e-mail address {value!r}")
        return value or None

    def boolean(self, record, name, *, default=False) -> bool:
        value = self.text(record, name)
        if not value:
            return default
        from .vocab import yes_no

        answer = yes_no(value)
        if answer is None:
            raise self.error(
                record,
                name,
                f"expected yes or no, got {value!r}",
                f'map it with values.{name} = {{ "{value}" = "yes" }}',
            )
        return answer

    def maybe_boolean(self, record, name) -> bool | None:
        """True / False, or None when the input has no such field or the cell is blank: unknown stays unknown."""
        if not self.has(name) or not self.text(record, name):
            return None
        return self.boolean(record, name)

    def choice(self, record, name, choices, *, required=True, default=None) -> str:
        value = self.text(record, name, required=required)
        if not value:
            return default
        return self._choice(record, name, value, choices)

    def _choice(self, record, name, value, choices):
        from .vocab import choice as builtin

        folded = fold(value).replace(" ", "_")
        for choice in choices:
            if folded == choice:
                return choice
        known = builtin(name, value)
        if known in choices:
            return known
        raise self.error(
            record,
            name,
            f"unknown value {value!r}",
            f'allowed: {", ".join(choices)}; map it with values.{name} = {{ "{value}" = "{choices[0]}" }}',
        )

    def choice_list(self, record, name, choices) -> list[str]:
        """A multi-select answer as codes, in the order given, each once."""
        value = self.raw_text(record, name)
        if not value:
            return []
        sep = self._separators.get(name)
        parts = self._split_multi(name, value) if sep else [value]
        out = []
        for part in parts:
            code = self._choice(record, name, self._map(name, part), choices)
            if code not in out:
                out.append(code)
        return out

    def stakeholder(self, record, name, *, required=True) -> str | None:
        value = self.text(record, name, required=required)
        if not value:
            return None
        # Memoised per distinct value: at global scale 200,000 ballots repeat a handful of spellings.
        resolved = self._stakeholders.get(value)
        if resolved is None:
            resolved = self.ctx.taxonomy.resolve(value)
            if resolved is None:
                raise self.error(
                    record,
                    name,
                    f"unknown stakeholder group {value!r}",
                    self.ctx.taxonomy.suggest(value) + "; or add it under [stakeholders] synonyms"
                    f" or this input's values.{name}",
                )
            self._stakeholders[value] = resolved
        return resolved

    def gender(self, record, name) -> str:
        return self.gender_with_text(record, name)[0]

    def gender_with_text(self, record, name, text_field: str | None = None) -> tuple[str, str | None]:
        """(category, private text). Blank or "prefer not to say" is not_stated; a value
        that is no category is the person's own description: self_described, text kept."""
        value = self.text(record, name)
        own = self.text(record, text_field) if text_field and text_field in self.columns else ""
        resolved = GENDER_TAXONOMY.resolve(value)
        if resolved is None:
            return "self_described", value
        if own and resolved == "not_stated":
            return "self_described", own
        return resolved, own or None

    def ref(self, record, name, known, what, *, required=True) -> str | None:
        value = self.text(record, name, required=required)
        if not value:
            return None
        if value not in known:
            import difflib

            close = difflib.get_close_matches(value, list(known), n=1)
            raise self.error(
                record, name, f"unknown {what} {value!r}", f"did you mean {close[0]!r}?" if close else None
            )
        return value

    def tags(self, record, name) -> list[str]:
        value = self.text(record, name)
        return [t.strip().lower() for t in re.split(r"[;|]", value) if t.strip()] if value else []

    def number(self, record, name) -> float | None:
        value = self.text(record, name)
        if not value:
            return None
        try:
            return parse_number(value, self.spec.locale)
        except ValueError as exc:
            raise self.error(record, name, f"expected a number, got {value!r}", str(exc)) from None

    def date(self, record, name, *, required=False) -> str | None:
        value = self.text(record, name, required=required)
        if not value:
            return None
        # Memoised per distinct value (the format and zone are fixed per input), up to 4,096
        # of them: a survey's ballots can each have their own timestamp.
        parsed = self._dates.get(value)
        if parsed is None:
            if len(self._dates) >= 4096:
                self._dates.clear()
            try:
                parsed = self._dates[value] = parse_date(value, self.date_format, self.timezone)
            except DateParseError as exc:
                raise self.error(record, name, str(exc), exc.hint) from None
        return parsed


is_slug = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,80}").fullmatch
_DECIMAL_COMMA = {"es", "pt", "fr", "de"}


def parse_number(value: str, locale: str | None) -> float:
    """A number as typed in the source's locale; never guesses which separator is which."""
    text = value.replace(" ", "").replace("\u00a0", "")
    if locale in _DECIMAL_COMMA:
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?|[+-]?\d+(,\d+)?", text):
            return float(text.replace(".", "").replace(",", "."))
        raise ValueError(f"not a number in locale {locale!r} (e.g. 1.234,5)")
    if locale == "en" and re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        return float(text.replace(",", ""))
    try:
        return float(text)
    except ValueError:
        if "," in text:
            raise ValueError('set locale = "es" (1.234,5) or "en" (1,234.5) for this input') from None
        raise ValueError("use a dot as decimal separator") from None


def jsonlist(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)
