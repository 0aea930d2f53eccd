"""The Datasette configuration files written beside public.db, generated from public_schema.py.

Datasette 0.65 reads metadata.json (everything: descriptions, facets, labels,
canned queries, allow_sql) and settings.json; 1.0 reads only the descriptive
keys of metadata and takes the rest from datasette.yaml. 1.0 would silently
drop canned queries and allow_sql left in metadata (arbitrary SQL back on), so
both files carry them. Every file is written to a temporary name and moved
into place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import i18n
from ..i18n import N_
from . import public_schema as ps

SITE_TABLE = "_nrikit_site"  # nrikit.opendata.datasette_plugin.SITE_TABLE (home.py writes it)

LICENCES = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("ODbL 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
MULTI_DESCRIPTION = N_(
    "How several national and regional Internet Governance Forum initiatives ran their yearly process, side by "
    "side: {names}. Each NRI is compared with the others on the IGF's stakeholder groups, and with its own earlier "
    "editions; each edition's source is on its row of the editions table. Published with nrikit. No participant's "
    "personal data is published: names only where people in a public role consented."
)
DEFAULT_DESCRIPTION = N_(
    "How this national or regional Internet Governance Forum initiative ran its yearly process: who sat on the "
    "organising committee, how topics were chosen, who spoke, how balanced it was, where the money came from, "
    "and how it changed from one edition to the next. Published with nrikit. No participant's personal data is "
    "published: names only with consent, demographic counts below the threshold k withheld."
)


def settings_json(site: dict) -> dict:
    """Datasette settings of the public instance."""
    return {
        "default_allow_sql": bool(site.get("allow_sql", False)),
        "sql_time_limit_ms": int(site.get("sql_time_limit_ms") or 1000),
        "max_returned_rows": int(site.get("max_returned_rows") or 1000),
        "suggest_facets": False,
        "default_cache_ttl": 3600,
        "allow_download": True,  # public.db holds only public data; the whole file is the open-data release
        "trace_debug": False,
        "template_debug": False,
    }


def _table_options(t: ps.PublicTable) -> dict:
    out: dict = {}
    if t.label_column:
        out["label_column"] = t.label_column
    if t.facets:
        out["facets"] = list(t.facets)
    if t.sort:
        out["sort"] = t.sort
    if t.sort_desc:
        out["sort_desc"] = t.sort_desc
    return out


def _queries(lang: str = "en") -> dict:
    return {
        q.name: {
            "sql": q.sql.strip(),
            "title": i18n.translate(lang, q.title),
            "description": i18n.translate(lang, q.description),
        }
        for q in ps.QUERIES
    }


MULTI_TITLE = N_("Internet Governance Forum initiatives: open data of {n} NRIs")
TITLE = N_("{names}: open data")
UNNAMED_TITLE = N_("NRI open data")
DATABASE_DESCRIPTION = N_("Editions: {editions}")
# Columns holding a stakeholder group's label (a taxonomy's English msgid): the HTML pages show it translated.
GROUP_LABEL_COLUMNS = ("label", "igf_label", "stakeholder_label")


def _codes(lang: str, group_labels: list[str]) -> dict:
    """CODE_LABELS in the site's language, and the groups' labels (English msgid -> the language's word)."""
    codes = {col: {code: i18n.translate(lang, label) for code, label in m.items()} for col, m in ps.CODE_LABELS.items()}
    if lang != i18n.SOURCE:
        words = {label: i18n.translate(lang, label) for label in group_labels if label}
        words = {k: v for k, v in words.items() if k != v}
        for col in GROUP_LABEL_COLUMNS:
            if words:
                codes[col] = {**codes.get(col, {}), **words}
    return codes


def metadata(site: dict, editions: list[dict], lang: str = "en", group_labels: list[str] = ()) -> dict:
    """Datasette 0.65 metadata for the site, its titles and labels in `lang` (the data stays as published)."""
    licence = site.get("licence") or "CC-BY-4.0"
    licence_name, default_url = LICENCES.get(licence, (licence, ""))
    names = sorted({e["nri_name"] for e in editions})
    if site.get("multi_nri"):
        title = site.get("title") or i18n.gettext(lang, MULTI_TITLE, n=len(names))
        description = site.get("description") or i18n.gettext(lang, MULTI_DESCRIPTION, names="; ".join(names))
    else:
        title = site.get("title") or (
            i18n.gettext(lang, TITLE, names=" / ".join(names)) if names else i18n.translate(lang, UNNAMED_TITLE)
        )
        description = site.get("description") or i18n.translate(lang, DEFAULT_DESCRIPTION)
    common = {"license": licence_name, "license_url": site.get("licence_url") or default_url}
    if site.get("source"):
        common["source"] = site["source"]
    if site.get("source_url"):
        common["source_url"] = site["source_url"]
    tables = {}
    for t in ps.TABLES:
        tables[t.name] = {
            "description": i18n.translate(lang, t.doc),
            "columns": {c.name: i18n.translate(lang, c.doc) for c in t.columns},
            **_table_options(t),
            **common,
        }
    for v in ps.VIEWS:
        tables[v.name] = {
            "description": i18n.translate(lang, v.doc),
            "columns": {c.name: i18n.translate(lang, c.doc) for c in v.columns},
            **common,
        }
        if v.facets:
            tables[v.name]["facets"] = list(v.facets)
    tables[SITE_TABLE] = {"hidden": True}  # the home page's charts and the site's words (home.py)
    return {
        "title": title,
        "description": description,
        **common,
        "about": "nrikit",
        "about_url": "https://pypi.org/project/nrikit/",
        "allow_sql": bool(site.get("allow_sql", False)) or False,
        "databases": {
            ps.DATABASE_NAME: {
                "description": i18n.gettext(
                    lang, DATABASE_DESCRIPTION, editions=", ".join(e["label"] for e in editions)
                ),
                **common,
                "tables": tables,
                "queries": _queries(lang),
            }
        },
        "plugins": {
            "nrikit": {
                "editions": [e["id"] for e in editions],
                # nrikit's Datasette plugin hardens every instance whose metadata has this section (security.py).
                "cors": bool(site.get("cors", False)),
                # read by the plugin's render_cell: HTML pages show labels, the JSON and CSV keep the codes
                "booleans": ps.boolean_columns(),
                "codes": _codes(lang, list(group_labels)),
                "lang": lang,
            }
        },
    }


def datasette_yaml(site: dict, meta: dict) -> dict:
    """Datasette 1.0 configuration: what 1.0 no longer reads from metadata."""
    db = meta["databases"][ps.DATABASE_NAME]
    return {
        # allow_signed_tokens exists only in 1.0 (0.65 rejects unknown settings in settings.json).
        "settings": {**settings_json(site), "allow_signed_tokens": False},
        "allow_sql": meta["allow_sql"],
        "databases": {
            ps.DATABASE_NAME: {
                "queries": db["queries"],
                "tables": {
                    name: {
                        k: v
                        for k, v in opts.items()
                        if k in ("label_column", "facets", "sort", "sort_desc", "fts_table", "fts_pk", "hidden")
                    }
                    for name, opts in db["tables"].items()
                },
            }
        },
        "plugins": meta["plugins"],
    }


def inspect_data(db_path: Path) -> dict:
    """What `datasette inspect` writes: its presence makes Datasette open the database immutable.

    Computed directly (hash and row counts), so it also works inside a running event loop.
    """
    import sqlite3

    from datasette.inspect import inspect_hash

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()
    return {
        db_path.stem: {
            "hash": inspect_hash(db_path),
            "size": db_path.stat().st_size,
            "file": db_path.name,
            "tables": {t: {"count": n} for t, n in counts.items()},
        }
    }


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_site_files(out: Path, db_path: Path, site: dict) -> dict:
    """metadata.json, settings.json, datasette.yaml and inspect-data.json; the language is site["lang"]."""
    import sqlite3

    import yaml

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        editions = [dict(r) for r in conn.execute("SELECT id, label, nri_name FROM editions ORDER BY nri, year")]
        labels = [
            r[0]
            for r in conn.execute("SELECT label FROM stakeholder_groups UNION SELECT label FROM igf_stakeholder_groups")
        ]
    finally:
        conn.close()
    meta = metadata(site, editions, site.get("lang") or "en", labels)
    _write(out / "metadata.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    _write(out / "settings.json", json.dumps(settings_json(site), indent=2) + "\n")
    _write(out / "datasette.yaml", yaml.safe_dump(datasette_yaml(site, meta), sort_keys=False, allow_unicode=True))
    _write(out / "inspect-data.json", json.dumps(inspect_data(db_path), indent=2) + "\n")
    return meta
