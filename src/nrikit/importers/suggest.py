"""Propose an [inputs] mapping for an export nrikit has not seen: format, encoding,
delimiter, column mapping, date format and value synonyms, as TOML to paste."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..errors import InputError
from ..taxonomy import IGF_TAXONOMY, fold


class _Spec:
    """Enough of an InputSpec for an importer to read a file that no config names yet."""

    def __init__(self, path, fmt, name, encoding=None):
        self.path, self.format, self.name, self.encoding = path, fmt, name, encoding
        self.delimiter = None
        self.columns, self.values, self.ignore = {}, {}, []
        self.max_bytes, self.sheet = 500_000_000, None
        self.date_format = self.timezone = self.locale = self.dedupe = None
        self.stated = frozenset()


def _importers():
    from ..plugins import collect, get_plugin_manager

    return {name: obj for name, (_, obj) in collect(get_plugin_manager(), "register_importers").items()}


def _read_sample(path: Path, name: str):
    """(format, source, encoding) for the first importer that recognises the file."""
    importers = _importers()
    head = path.read_bytes()[:4096]
    header: list[str] = []
    encoding = None
    if not head.startswith(b"PK") and not head.lstrip().startswith(b"{"):
        from .csvread import read_table

        try:
            header = read_table(path, max_bytes=500_000_000).header
        except InputError as exc:
            if "not valid UTF-8" not in str(exc):
                raise
            encoding = "cp1252"  # what Excel's plain "CSV" uses
            header = read_table(path, encoding=encoding, max_bytes=500_000_000).header
    order = [n for n in ("pretalx", "xlsx", "limesurvey", "google_forms") if n in importers]
    order += [n for n in importers if n not in order and n != "csv"] + ["csv"]
    for fmt in order:
        detect = getattr(importers[fmt], "detect", None)
        if detect and detect(path, head, header):
            return fmt, importers[fmt].read(_Spec(path, fmt, name, encoding)), encoding
    raise InputError("no importer recognises this file", path=path)


def _guess_field(header: str, fields) -> str | None:
    key = " ".join(
        re.sub(r"[^\w/@-]+", " ", fold(header)).split()
    )  # "¿A qué sector pertenece?" -> "a que sector pertenece"
    for f in fields:
        if key == f or key.replace(" ", "_") == f:
            return f
    for f in fields:
        for alias in ALIASES.get(f, ()):
            if key == alias or key.startswith(alias + " ") or f" {alias} " in f" {key} ":
                return f
    close = difflib.get_close_matches(key.replace(" ", "_"), list(fields), n=1, cutoff=0.8)
    return close[0] if close else None


ALIASES: dict = {}


def _date_format(values: list[str]) -> str | None:
    sample = [v for v in values if v][:200]
    if not sample or all(re.fullmatch(r"\d{4}-\d\d-\d\d([T ][\d:.]+)?(Z|[+-]\d\d:?\d\d)?", v) for v in sample):
        return None
    first = [v.split()[0] for v in sample]
    parts = [re.split(r"[/.-]", d) for d in first]
    if all(len(p) == 3 for p in parts):
        if len(parts[0][0]) == 4:
            date = "%Y/%m/%d"
        elif any(int(p[0]) > 12 for p in parts if p[0].isdigit()):
            date = "%d/%m/%Y"
        elif any(int(p[1]) > 12 for p in parts if p[1].isdigit()):
            date = "%m/%d/%Y"
        else:
            date = "%d/%m/%Y  # AMBIGUOUS: no day above 12 in the sample; check the sheet's locale"
        sep = re.search(r"[/.-]", first[0]).group()
        date = date.replace("/", sep)
    else:
        return None
    rest = sample[0].split(None, 1)[1] if " " in sample[0] else ""
    if not rest:
        return date
    ampm = re.search(r"\b[aApP]\.?\s?[mM]\.?", rest)
    seconds = rest.split()[0].count(":") == 2
    time = ("%I" if ampm else "%H") + ":%M" + (":%S" if seconds else "") + (" %p" if ampm else "")
    if "#" in date:
        d, comment = date.split("  #", 1)
        return f"{d} {time}  #{comment}"
    return f"{date} {time}"


def suggest_mapping(path: Path, input_name: str | None, input_fields: dict, aliases: dict) -> str:
    ALIASES.update(aliases)
    fmt, source, encoding = _read_sample(path, input_name or "survey")
    header = source.header
    known = dict(source.columns)
    if input_name is None:

        def score(name):
            fields = input_fields[name]
            return sum(1 for h in header if _guess_field(h, fields)) - 0.01 * len(fields)

        input_name = max(input_fields, key=score)
    fields = input_fields[input_name]
    columns, unmapped = {}, []
    for h in header:
        if h in known.values():
            continue
        f = _guess_field(h, fields)
        if f and f not in columns and f not in known and f != h:
            columns[f] = h
        elif not f:
            unmapped.append(h)
    records = list(source.records)[:2000]
    lines = [
        f"# nrikit inputs suggest {path.name}: read as {fmt}, {len(source.header)} columns; check every line",
        f"[inputs.{input_name}]",
        f'path = "{path.name}"',
    ]
    if fmt != "csv":
        lines.append(f'format = "{fmt}"')
    if encoding:
        lines.append(f'encoding = "{encoding}"  # not UTF-8: Excel\'s plain CSV')
    if getattr(source, "delimiter", "") not in ("", ","):
        lines.append(f'delimiter = "{source.delimiter}"' if source.delimiter != "\t" else 'delimiter = "\\t"')
    when = columns.get("submitted_at") or known.get("submitted_at")
    if when:
        fmt_date = _date_format([r.values.get(when, "") for r in records])
        if fmt_date:
            value, _, comment = fmt_date.partition("  #")
            lines.append(f'date_format = "{value}"' + (f"  #{comment}" if comment else ""))
            if not any(re.search(r"GMT|UTC", r.values.get(when, "")) for r in records[:20]):
                lines.append('timezone = "America/Lima"  # the time zone the form\'s sheet uses: check it')
    if columns:
        lines.append("columns = { " + ", ".join(f'{f} = "{_esc(h)}"' for f, h in columns.items()) + " }")
    stake = columns.get("stakeholder") or ("stakeholder" if "stakeholder" in header else None)
    if stake:
        unknown = sorted({r.values.get(stake, "") for r in records} - {""}, key=str)
        unknown = [v for v in unknown if IGF_TAXONOMY.resolve(v) is None]
        if unknown:
            pairs = []
            for v in unknown[:20]:
                close = difflib.get_close_matches(fold(v), list(IGF_TAXONOMY._index), n=1, cutoff=0.4)
                guess = IGF_TAXONOMY._index[close[0]] if close else "civil_society"
                pairs.append(f'"{_esc(v)}" = "{guess}"')
            lines.append("# stakeholder values the taxonomy does not know: map each (guesses shown)")
            lines.append("values.stakeholder = { " + ", ".join(pairs) + " }")
    for f, choices in CHOICES.items():
        col = columns.get(f) or (f if f in header and f in fields else None)
        if not col:
            continue
        odd = sorted({r.values.get(col, "") for r in records} - {""})
        odd = [v for v in odd if fold(v).replace(" ", "_") not in choices]
        if odd:
            pairs = [f'"{_esc(v)}" = "{_guess_choice(f, v, choices)}"' for v in odd[:20]]
            lines.append(f"values.{f} = {{ " + ", ".join(pairs) + " }  # check each")
    missing = [f for f in fields if f not in columns and f not in known and f not in header]
    if missing:
        lines.append(f"# fields with no column found: {', '.join(missing)}")
    if unmapped:
        lines.append("# columns not used: " + ", ".join(f'"{h}"' for h in unmapped[:20]))
    return "\n".join(lines) + "\n"


CHOICES = {
    "mode": ("in_person", "remote"),
    "vote": ("yes", "no", "abstain"),
    "role_sought": ("committee", "speaker", "participant"),
    "role": ("moderator", "speaker", "online_moderator", "rapporteur"),
}
_REMOTE = ("virtual", "remot", "online", "en linea", "transmision", "zoom")


def _guess_choice(field: str, value: str, choices) -> str:
    key = fold(value)
    if field == "mode":
        return "remote" if any(w in key for w in _REMOTE) else "in_person"
    close = difflib.get_close_matches(key.replace(" ", "_"), list(choices), n=1, cutoff=0.3)
    return close[0] if close else choices[0]


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
