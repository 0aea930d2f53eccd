"""The public site's home page and words, rendered once at publish time into the immutable site.

`nrikit publish` calls `write_site_data` on the staged public.db (before the privacy audit, so the
audit reads it too). It writes one hidden table, `_nrikit_site` (key, value JSON):

    lang      the site's language (`nrikit publish --lang`, `[publish] lang`, else `[report] lang`)
    strings   every word the plugin's templates show (datasette_plugin/messages.py), in that language
    home      the initiatives with their editions and sources, and the charts as finished SVG, with
              their titles, notes, legends, axis labels and tooltips in that language

public.db cannot change once published, so neither can its charts: the Datasette plugin reads this
table once when the server starts and never queries the chart views on a request. The plugin stays
self-contained (it imports only datasette and markupsafe), because translating happens here, in nrikit,
with its Babel catalogues (and the plugins' catalogues, for their taxonomies' group labels).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .. import i18n
from .datasette_plugin import GROWTH_METRICS, SITE_TABLE, charts
from .datasette_plugin.messages import MESSAGES


def strings(lang: str) -> dict[str, str]:
    """The plugin's words (messages.MESSAGES) in `lang`; English where a catalogue lacks one. Also the
    language's thousands separator (`number.group`), for the counts Datasette's pages show."""
    from babel.numbers import get_group_symbol

    words = {key: i18n.translate(lang, msgid) for key, msgid in MESSAGES.items()}
    words["number.group"] = get_group_symbol(locale=i18n.locale(lang))
    return words


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict]:
    cur = conn.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def home(conn: sqlite3.Connection, lang: str) -> dict:
    """The home page's initiatives and charts, drawn in `lang` from public.db's views."""
    words = strings(lang)
    labels = charts.translated_labels(lambda msgid: i18n.translate(lang, msgid))

    def number(value, digits=None):
        return i18n.number(lang, value, digits)

    gender = _rows(
        conn,
        "SELECT e.label, g.population, g.women_pct FROM gender_share g JOIN editions e ON e.id = g.edition_id "
        "WHERE g.population IN ('speakers', 'attendees') ORDER BY e.nri, e.year",
    )
    # NRIs name their stakeholder groups differently: the site compares them on the IGF's groups
    committee = _rows(
        conn,
        "SELECT e.label, c.igf_group AS stakeholder, c.igf_label AS stakeholder_label, c.seats, c.colour "
        "FROM committee_igf_balance c JOIN editions e ON e.id = c.edition_id ORDER BY e.nri, e.year",
    )
    for r in committee:  # taxonomy labels are English msgids: nrikit's and the plugins' catalogues translate them
        r["stakeholder_label"] = i18n.translate(lang, r["stakeholder_label"]) if r["stakeholder_label"] else None
    colours = {r["stakeholder"]: r["colour"] for r in committee}
    stats = _rows(
        conn,
        "SELECT e.nri, e.nri_name, e.label, s.metric, s.value FROM edition_stats s "
        "JOIN editions e ON e.id = s.edition_id ORDER BY e.nri, e.year",
    )
    editions = _rows(
        conn, "SELECT id, label, year, city, nri, nri_name, source, source_url FROM editions ORDER BY nri, year"
    )
    nris: list[dict] = []
    for e in editions:  # the initiatives, each with its editions and its own source
        if not nris or nris[-1]["nri"] != e["nri"]:
            nris.append({"nri": e["nri"], "name": e["nri_name"], "editions": [], "sources": []})
        nris[-1]["editions"].append({"id": e["id"], "label": e["label"]})
        url = e["source_url"] if (e["source_url"] or "").startswith(("https://", "http://")) else None
        if e["source"] and [e["source"], url] not in nris[-1]["sources"]:
            nris[-1]["sources"].append([e["source"], url])
    out = [
        {
            "id": "gender-share",
            "title": words["home.gender.title"],
            "note": words["home.gender.note"],
            "svg": charts.responsive(charts.gender_share, gender, labels, number),
            "table": "gender_share",
        },
        {
            "id": "committee",
            "title": words["home.committee.title"],
            "note": words["home.committee.note"],
            "svg": charts.responsive(charts.committee_composition, committee, labels, number, colours),
            "table": "committee_igf_balance",
        },
    ]
    # Growth compares the editions of one NRI: one chart per NRI with more than one edition (NRIs are
    # compared with each other on the IGF groups above, not on raw sizes).
    for nri in dict.fromkeys(r["nri"] for r in stats):
        mine = [r for r in stats if r["nri"] == nri]
        if len({r["label"] for r in mine}) < 2:
            continue
        out.append(
            {
                "id": f"growth-{nri}",
                "title": i18n.gettext(lang, MESSAGES["home.growth.title"], nri=mine[0]["nri_name"]),
                "note": words["home.growth.note"],
                "svg": charts.responsive(charts.growth, mine, GROWTH_METRICS, labels, number),
                "table": "edition_growth",
            }
        )
    return {
        "css": charts.CHART_CSS,
        "editions": [{"id": e["id"], "label": e["label"]} for e in editions],
        "nris": nris,
        "charts": out,
    }


def write_site_data(db_path: Path, lang: str) -> None:
    """Write the `_nrikit_site` table into public.db (see the module's docstring)."""
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        data = {"lang": lang, "strings": strings(lang), "home": home(conn, lang)}
        conn.execute("BEGIN")
        conn.execute(f'CREATE TABLE "{SITE_TABLE}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
        conn.executemany(
            f'INSERT INTO "{SITE_TABLE}" (key, value) VALUES (?, ?)',
            [(k, json.dumps(v, ensure_ascii=False, sort_keys=True)) for k, v in data.items()],
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
