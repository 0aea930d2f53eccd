"""`nrikit init`: a new edition config, written from the config schema so it never drifts."""

from __future__ import annotations

import datetime as dt

from ..config import SCHEMA, Key


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}" if not value else "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def edition_config(*, name: str, acronym: str, country: str, kind: str, year: int | None = None) -> str:
    year = year or dt.date.today().year
    given = {
        "nri": {"name": name, "acronym": acronym, "country": country.upper(), "kind": kind},
        "edition": {"year": year, "start": dt.date(year, 6, 1), "city": ""},
        "inputs": {
            k: f"{year}/{k}.csv"
            for k in (
                "organisations",
                "people",
                "interest",
                "committee",
                "topics",
                "survey",
                "votes",
                "panels",
                "panellists",
                "attendance",
                "sponsors",
                "budget",
            )
        },
    }
    lines = [
        f"# nrikit edition config: {acronym} {year}",
        "# Every key is documented below; commented keys show their default.",
        "# Check it with: nrikit validate THIS_FILE",
        "",
    ]
    for section, keys in SCHEMA.items():
        if section == "plugins":
            lines += [
                "# [plugins.NAME] tables name the installed plugins this edition uses, with their settings.",
                "# [plugins.peru]",
                "",
            ]
            continue
        lines.append(f"[{section}]")
        for key, spec in keys.items():
            spec: Key
            lines.append(f"# {spec.doc}" + (f" One of: {', '.join(spec.choices)}." if spec.choices else ""))
            if key in given.get(section, {}):
                lines.append(f"{key} = {_toml_value(given[section][key])}")
            elif spec.required:
                lines.append(f'{key} = ""  # required')
            elif spec.default is not None:
                lines.append(f"# {key} = {_toml_value(spec.default)}")
            else:
                lines.append(f"# {key} =")
        lines.append("")
    return "\n".join(lines)
