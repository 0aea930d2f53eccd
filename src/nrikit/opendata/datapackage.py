"""Open-data release files: one CSV per public table and a Frictionless `datapackage.json`.

Written by `nrikit publish` into `<out>/release/` (served by `nrikit serve` at
/release/). The descriptor is generated from public_schema.py: every field has
its description, type, the table's primary key and foreign keys, so
`frictionless validate release/datapackage.json` checks types and references.
Text cells that a spreadsheet would run as a formula get a leading apostrophe,
as in Datasette's CSV exports. Views are not exported: they are computed from
the tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

from . import public_schema as ps
from .datasette_plugin.csvguard import neutralise

TYPES = {"TEXT": "string", "INTEGER": "integer", "REAL": "number"}
DATE_COLUMNS = {"start_date", "end_date", "opened", "deadline", "joined", "decided_on"}


def _is_date(values) -> bool:
    try:
        for v in values:
            if v is not None:
                dt.date.fromisoformat(v)
        return True
    except (TypeError, ValueError):
        return False


def write_release(db_path: Path, out: Path, site: dict, title: str) -> Path:
    """Write the CSVs and datapackage.json into `out`; returns the descriptor's path."""
    out.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    resources = []
    try:
        for t in ps.TABLES:
            names = [c.name for c in t.columns]
            rows = conn.execute(
                f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} FROM "{t.name}" '
                f"ORDER BY {', '.join(chr(34) + p + chr(34) for p in t.pk) if t.pk else 'rowid'}"
            ).fetchall()
            path = out / f"{t.name}.csv"
            tmp = path.with_name(f".{path.name}.tmp")
            with tmp.open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(names)
                for row in rows:
                    writer.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else v for v in row])
            os.replace(tmp, path)
            fields = []
            for i, c in enumerate(t.columns):
                ftype = TYPES[c.type]
                if c.name in DATE_COLUMNS and _is_date(r[i] for r in rows):
                    ftype = "date"
                fields.append({"name": c.name, "type": ftype, "description": c.doc})
            schema: dict = {"fields": fields, "missingValues": [""]}
            if t.pk:
                schema["primaryKey"] = list(t.pk)
            if t.foreign_keys:
                schema["foreignKeys"] = [
                    {"fields": col, "reference": {"resource": other, "fields": other_col}}
                    for col, other, other_col in t.foreign_keys
                ]
            resources.append(
                {
                    "name": t.name,
                    "path": f"{t.name}.csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "description": t.doc,
                    "schema": schema,
                }
            )
    finally:
        conn.close()
    licence = site.get("licence") or "CC-BY-4.0"
    from .site import LICENCES

    lic_title, lic_url = LICENCES.get(licence, (licence, ""))
    descriptor = {
        "profile": "tabular-data-package",
        "name": "nri-open-data",
        "title": title,
        "description": site.get("description")
        or "Open data of national and regional IGF initiatives, published with nrikit.",
        "licenses": [{"name": licence, "title": lic_title, "path": site.get("licence_url") or lic_url}],
        "sources": [
            {
                "title": site.get("source") or "nrikit",
                **({"path": site["source_url"]} if site.get("source_url") else {}),
            }
        ],
        "resources": resources,
    }
    target = out / "datapackage.json"
    tmp = target.with_name(".datapackage.json.tmp")
    tmp.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target
