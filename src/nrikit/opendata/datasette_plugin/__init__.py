"""nrikit's Datasette plugin: the home page's charts, CSV exports that cannot run as formulas, a hardened instance.

Registered under the `datasette` entry-point group, so plain `datasette site/`
loads it as well as `nrikit serve`. It only acts on a database that has
nrikit's public tables; any other Datasette on the machine is unaffected
(apart from the CSV neutralisation, which is harmless everywhere).

The package is self-contained (it imports only datasette and markupsafe), so
`nrikit deploy-dir` copies it into a Datasette plugins directory for hosts
where nrikit itself is not installed.

Charts are read with Datasette's internal `db.execute`, which is not subject
to allow_sql, so they render with arbitrary SQL switched off.
"""

from __future__ import annotations

import weakref

from datasette import hookimpl
from markupsafe import Markup

from . import charts
from .csvguard import CsvFormulaGuard
from .security import PublicHardening, quiet_exception_response

GROWTH_METRICS = (
    "attendees",
    "registrations",
    "speakers",
    "sessions",
    "survey_ballots",
    "expressions_of_interest",
    "committee_members",
    "committee_stakeholder_groups",
    "sponsors",
)
_cache: dict[tuple[str, object], dict] = {}
# Per Datasette instance, the name of its immutable nrikit database: two queries saved on every home page.
_found: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _quiet_error_pages() -> None:
    """Stop Datasette 0.65 printing rich tracebacks for ordinary 400/403 errors.

    When `rich` is importable (frictionless pulls it in), 0.65.5's default
    handle_exception calls rich's print_exception outside the except block;
    current rich raises ValueError there, turning a refused `?_where=` (403) or a
    non-SELECT statement (400) into a crash. On a public instance those tracebacks
    (with locals) only fill the logs anyway.
    """
    try:
        from datasette import handle_exception
    except ImportError:  # pragma: no cover - other Datasette versions
        return
    if getattr(handle_exception, "rich", None) is not None:
        handle_exception.rich = None


async def _nrikit_database(datasette):
    known = _found.get(datasette)
    if known in datasette.databases:  # an immutable database found before: its tables cannot change
        return known, datasette.databases[known]
    for name, db in datasette.databases.items():
        if name == "_internal":
            continue
        tables = set(await db.table_names()) | set(await db.view_names())
        if {"editions", "edition_stats", "gender_share", "committee_balance"} <= tables:
            if db.hash is not None:
                _found[datasette] = name
            return name, db
    return None, None


async def home_charts(datasette) -> dict | None:
    name, db = await _nrikit_database(datasette)
    if db is None:
        return None
    key = (name, db.hash)  # immutable databases have a hash: charts are computed once
    if db.hash is not None and key in _cache:
        return _cache[key]

    async def rows(sql):
        return [dict(r) for r in (await db.execute(sql)).rows]

    gender = await rows(
        "SELECT e.label, g.population, g.women_pct FROM gender_share g JOIN editions e ON e.id = g.edition_id "
        "WHERE g.population IN ('speakers', 'attendees') ORDER BY e.nri, e.year"
    )
    # NRIs name their stakeholder groups differently: the site compares them on the IGF's groups
    committee = await rows(
        "SELECT e.label, c.igf_group AS stakeholder, c.igf_label AS stakeholder_label, c.seats, c.colour "
        "FROM committee_igf_balance c JOIN editions e ON e.id = c.edition_id ORDER BY e.nri, e.year"
    )
    colours = {r["stakeholder"]: r["colour"] for r in committee}
    stats = await rows(
        "SELECT e.nri, e.nri_name, e.label, s.metric, s.value FROM edition_stats s "
        "JOIN editions e ON e.id = s.edition_id ORDER BY e.nri, e.year"
    )
    columns = {r["name"] for r in (await db.execute("PRAGMA table_info(editions)")).rows}
    source = "source, source_url" if "source" in columns else "NULL AS source, NULL AS source_url"
    editions = await rows(f"SELECT id, label, year, city, nri, nri_name, {source} FROM editions ORDER BY nri, year")
    nris = []
    for e in editions:  # the initiatives, each with its editions and its own source
        if not nris or nris[-1]["nri"] != e["nri"]:
            nris.append({"nri": e["nri"], "name": e["nri_name"], "editions": [], "sources": []})
        nris[-1]["editions"].append(e)
        url = e["source_url"] if (e["source_url"] or "").startswith(("https://", "http://")) else None
        if e["source"] and (e["source"], url) not in nris[-1]["sources"]:
            nris[-1]["sources"].append((e["source"], url))
    out = {
        "css": Markup(charts.CHART_CSS),
        "database": name,
        "editions": editions,
        "nris": nris,
        "charts": [
            {
                "id": "gender-share",
                "title": "Women among speakers and attendees",
                "note": "Speakers on final panels and people who attended; counts below the threshold k are withheld.",
                "svg": Markup(charts.responsive(charts.gender_share, gender)),
                "table": "gender_share",
            },
            {
                "id": "committee",
                "title": "Organising committee by IGF stakeholder group",
                "note": "Seats on each edition's committee (one per member and organisation represented), on the "
                "IGF's stakeholder groups as each NRI's taxonomy declares them; a seat of a group that counts as "
                "two IGF groups (Brazil's scientific and technological community) weighs half in each.",
                "svg": Markup(charts.responsive(charts.committee_composition, committee, colours=colours)),
                "table": "committee_igf_balance",
            },
        ],
    }
    # Growth compares the editions of one NRI: one chart per NRI with more than one edition (NRIs are
    # compared with each other on the IGF groups above, not on raw sizes).
    for nri in dict.fromkeys(r["nri"] for r in stats):
        mine = [r for r in stats if r["nri"] == nri]
        if len({r["label"] for r in mine}) < 2:
            continue
        out["charts"].append(
            {
                "id": f"growth-{nri}",
                "title": f"{mine[0]['nri_name']}: from one edition to the next",
                "note": "Headline figures of each edition side by side; n/a where an edition has no such figure.",
                "svg": Markup(charts.responsive(charts.growth, mine, GROWTH_METRICS)),
                "table": "edition_growth",
            }
        )
    if db.hash is not None:
        _cache[key] = out
    return out


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return {}

    async def inner():
        return {"nrikit": await home_charts(datasette)}

    return inner


@hookimpl
def render_cell(value, column, table, database, datasette):
    """Labels for coded values on the HTML pages: 1/0 flags as yes/no, "non_binary" as "Non-binary".

    The code stays in the cell's title (and in the JSON and CSV, which this hook does not touch), so
    a reader can still filter on it. Which columns are flags and what codes mean come from the site's
    metadata (nrikit.opendata.site), so the plugin needs nothing of nrikit at run time.
    """
    if table is None or value is None:
        return None
    config = datasette.plugin_config("nrikit") or {}
    if column in (config.get("booleans") or {}).get(table, ()) and value in (0, 1):
        return Markup('<span class="nrikit-flag" title="{}">{}</span>').format(value, "yes" if value else "no")
    label = (config.get("codes") or {}).get(column, {}).get(value) if isinstance(value, str) else None
    if label:
        return Markup('<span class="nrikit-code" title="{}">{}</span>').format(value, label)
    return None


@hookimpl
def startup(datasette):
    # Not at import time: this module is imported while datasette.plugins is still loading.
    _quiet_error_pages()


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        return PublicHardening(CsvFormulaGuard(app), datasette)

    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    return quiet_exception_response(datasette, request, exception)
