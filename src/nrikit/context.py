"""What a stage, rule or plugin sees while a stage runs."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Edition, InputSpec
from .errors import InputError
from .model import Decision
from .taxonomy import GENDER_TAXONOMY, Taxonomy, fold

if TYPE_CHECKING:
    import sqlite_utils

TRUE = {"yes", "y", "true", "1", "si", "sí", "sim", "x"}
FALSE = {"no", "n", "false", "0", "nao", "não", ""}


@dataclass
class StageContext:
    edition: Edition
    db: "sqlite_utils.Database"
    pm: Any
    taxonomy: Taxonomy
    importers: dict[str, Any]
    tally_methods: dict[str, Any]
    stage: str = ""
    decisions: list[Decision] = field(default_factory=list)
    input_hashes: dict[str, str] = field(default_factory=dict)

    @property
    def config(self):
        return self.edition

    def settings(self, plugin: str) -> dict:
        """The [plugins.NAME] settings of this edition."""
        return dict(self.edition.plugins.get(plugin, {}))

    def decide(self, decision: Decision) -> None:
        self.decisions.append(decision)

    def read(self, name: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> "Rows | None":
        """Read one declared input through its importer; None if the config lists none."""
        spec = self.edition.input(name)
        if spec is None:
            return None
        importer = self.importers.get(spec.format)
        if importer is None:
            from .errors import ConfigError
            raise ConfigError(f"unknown input format {spec.format!r}; known: {', '.join(sorted(self.importers))}",
                              path=self.edition.path, key=f"inputs.{name}")
        table = importer.read(spec)
        self.input_hashes[name] = table.sha256
        return Rows(spec, table, required, optional, self)

    def rows(self, sql: str, params=()) -> list[dict]:
        return list(self.db.query(sql, params))


class Rows:
    """An input table with typed, validated field access that names file, row, line and column on error."""

    def __init__(self, spec: InputSpec, table, required, optional, ctx: StageContext):
        self.spec, self.table, self.ctx = spec, table, ctx
        header = list(table.header)
        self.columns: dict[str, str] = {}
        for name in (*required, *optional):
            column = spec.columns.get(name, name)
            if column in header:
                self.columns[name] = column
            elif name in required:
                import difflib
                close = difflib.get_close_matches(column, header, n=1)
                hint = f'did you mean "{close[0]}"? map it with columns = {{ {name} = "{close[0]}" }}' if close else f"columns found: {', '.join(header)}"
                raise InputError(f'missing column "{column}"', path=spec.path, line=1, hint=hint)

    def __iter__(self):
        return iter(self.table.records)

    def __len__(self):
        return len(self.table.records)

    def error(self, record, name, message, hint=None):
        return InputError(message, path=self.spec.path, row=record.row, line=record.line,
                          column=self.columns.get(name, name), hint=hint)

    def text(self, record, name, *, required=False, default="") -> str:
        column = self.columns.get(name)
        value = record.values.get(column, "") if column else ""
        if required and not value:
            raise self.error(record, name, "empty value in a required field")
        return value or default

    def slug(self, record, name, *, required=True) -> str:
        value = self.text(record, name, required=required)
        if value and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,80}", value):
            raise self.error(record, name, f"{value!r} is not a valid identifier",
                             "use letters, digits, '-', '_' or '.', starting with a letter or digit")
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
        value = self.text(record, name)
        if value and (value.count("@") != 1 or " " in value or "." not in value.split("@")[1]):
            raise self.error(record, name, f"invalid e-mail address {value!r}")
        return value or None

    def boolean(self, record, name, *, default=False) -> bool:
        value = self.text(record, name)
        if not value:
            return default
        folded = fold(value)
        if folded in TRUE:
            return True
        if folded in FALSE:
            return False
        raise self.error(record, name, f"expected yes or no, got {value!r}")

    def choice(self, record, name, choices, *, required=True, default=None) -> str:
        value = self.text(record, name, required=required)
        if not value:
            return default
        folded = fold(value).replace(" ", "_")
        for choice in choices:
            if folded == choice:
                return choice
        raise self.error(record, name, f"unknown value {value!r}", f"allowed: {', '.join(choices)}")

    def stakeholder(self, record, name, *, required=True) -> str | None:
        value = self.text(record, name, required=required)
        if not value:
            return None
        # Memoised per distinct value: at global scale 200,000 ballots repeat a handful of spellings.
        cache = self.__dict__.setdefault("_stakeholders", {})
        resolved = cache[value] if value in cache else cache.setdefault(value, self.ctx.taxonomy.resolve(value))
        if resolved is None:
            raise self.error(record, name, f"unknown stakeholder group {value!r}",
                             self.ctx.taxonomy.suggest(value) + "; or add it under [stakeholders] synonyms")
        return resolved

    def gender(self, record, name) -> str:
        value = self.text(record, name)
        resolved = GENDER_TAXONOMY.resolve(value)
        if resolved is None:
            raise self.error(record, name, f"unknown gender category {value!r}", GENDER_TAXONOMY.suggest(value))
        return resolved

    def ref(self, record, name, known, what, *, required=True) -> str | None:
        value = self.text(record, name, required=required)
        if not value:
            return None
        if value not in known:
            import difflib
            close = difflib.get_close_matches(value, list(known), n=1)
            raise self.error(record, name, f"unknown {what} {value!r}", f"did you mean {close[0]!r}?" if close else None)
        return value

    def tags(self, record, name) -> list[str]:
        value = self.text(record, name)
        return [t.strip().lower() for t in re.split(r"[;|]", value) if t.strip()] if value else []

    def number(self, record, name) -> float | None:
        value = self.text(record, name)
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            raise self.error(record, name, f"expected a number, got {value!r}", "use a dot as decimal separator")

    def date(self, record, name, *, required=False) -> str | None:
        value = self.text(record, name, required=required)
        if not value:
            return None
        cache = self.__dict__.setdefault("_dates", {})
        if value in cache:
            return cache[value]
        try:
            parsed = dt.date.fromisoformat(value[:10]).isoformat() if len(value) == 10 else _iso_datetime(value)
            cache[value] = parsed
            return parsed
        except ValueError:
            raise self.error(record, name, f"expected an ISO 8601 date or date-time, got {value!r}")


def _iso_datetime(value: str) -> str:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        return parsed.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return parsed.isoformat(timespec="minutes")


def jsonlist(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)
