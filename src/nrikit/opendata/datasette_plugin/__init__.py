"""nrikit's Datasette plugin: the home page's charts, the site's language, CSV exports that cannot run as
formulas, a hardened instance.

Registered under the `datasette` entry-point group, so plain `datasette site/`
loads it as well as `nrikit serve`. It only acts on a database that has
nrikit's public tables; any other Datasette on the machine is unaffected
(apart from the CSV neutralisation, which is harmless everywhere).

The package is self-contained (it imports only datasette and markupsafe), so
`nrikit deploy-dir` copies it into a Datasette plugins directory for hosts
where nrikit itself is not installed.

Nothing is computed per request that publish could compute once: `nrikit publish` writes the
home page's charts (finished SVG) and every word the templates show, in the site's language, into
public.db's hidden `_nrikit_site` table (nrikit.opendata.home); the plugin reads it once, at
startup. Each table's permission rules are worked out once per server, not from a deep copy of
the metadata on every check (see _remember_table_permissions).
"""

from __future__ import annotations

import functools
import json
import weakref

from datasette import hookimpl
from markupsafe import Markup, escape

from . import charts
from .csvguard import CsvFormulaGuard
from .messages import MESSAGES
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
SITE_TABLE = "_nrikit_site"  # written by nrikit publish (nrikit.opendata.home)
# Per Datasette instance: what startup read from the site (database name, language, words, home page)
# and the plugin's configuration.
_sites: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_configs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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


async def _load_site(datasette) -> dict | None:
    """The first database carrying nrikit's `_nrikit_site` table: its language, words and home page."""
    for name, db in datasette.databases.items():
        if name == "_internal" or SITE_TABLE not in await db.table_names():
            continue
        rows = (await db.execute(f'SELECT key, value FROM "{SITE_TABLE}"')).rows
        data = {r[0]: json.loads(r[1]) for r in rows}
        home = data.get("home") or {}
        for chart in home.get("charts", ()):
            chart["svg"] = Markup(chart["svg"])  # drawn by charts.py at publish time, every value escaped
        home["css"] = Markup(home.get("css") or charts.CHART_CSS)
        home["database"] = name
        return {"database": name, "lang": data.get("lang") or "en", "strings": data.get("strings") or {}, "home": home}
    return None


def _site(datasette) -> dict | None:
    return _sites.get(datasette)


def translator(strings: dict):
    """t(key, **params): the site's word for `key` (English if it has none), params escaped unless Markup."""

    def t(key: str, **params) -> Markup:
        text = strings.get(key) or MESSAGES.get(key, key)
        if not params:
            return escape(text)
        try:
            return Markup(escape(text)).format(**params)
        except (KeyError, IndexError, ValueError):  # a translator's typo in a placeholder
            return Markup(escape(MESSAGES.get(key, key))).format(**params)

    return t


def number(strings: dict):
    """A count with the site language's thousands separator (written by publish: `number.group`)."""
    group = strings.get("number.group") or ","
    return lambda n: f"{n:,}".replace(",", group)


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Every template (error pages included) can use the site's words: English until startup has read them.
    env.globals.update(nrikit_t=translator({}), nrikit_number=number({}), nrikit_lang="en")


@hookimpl
def extra_template_vars(template, datasette):
    site = _site(datasette)
    return {"nrikit": site["home"] if site is not None and template == "index.html" else None}


def _config(datasette) -> dict:
    # The metadata cannot change while the server runs: read the plugin's section once, not per cell.
    config = _configs.get(datasette)
    if config is None:
        config = _configs[datasette] = datasette.plugin_config("nrikit") or {}
    return config


@hookimpl
def render_cell(value, column, table, database, datasette):
    """Labels for coded values on the HTML pages: 1/0 flags as yes/no, "non_binary" as "Non-binary".

    The code stays in the cell's title (and in the JSON and CSV, which this hook does not touch), so
    a reader can still filter on it. Which columns are flags and what codes mean come from the site's
    metadata (nrikit.opendata.site), so the plugin needs nothing of nrikit at run time.
    """
    if table is None or value is None:
        return None
    config = _config(datasette)
    if column in (config.get("booleans") or {}).get(table, ()) and value in (0, 1):
        site = _site(datasette) or {}
        word = (site.get("strings") or {}).get("cell.yes" if value else "cell.no") or ("yes" if value else "no")
        return Markup('<span class="nrikit-flag" title="{}">{}</span>').format(value, word)
    label = (config.get("codes") or {}).get(column, {}).get(value) if isinstance(value, str) else None
    if label:
        return Markup('<span class="nrikit-code" title="{}">{}</span>').format(value, label)
    return None


@hookimpl
def startup(datasette):
    # Not at import time: this module is imported while datasette.plugins is still loading.
    _quiet_error_pages()
    _remember_table_permissions(datasette)

    async def inner():
        site = await _load_site(datasette)
        if site is not None:
            _sites[datasette] = site
            datasette.jinja_env.globals.update(
                nrikit_t=translator(site["strings"]), nrikit_number=number(site["strings"]), nrikit_lang=site["lang"]
            )

    return inner


def _remember_table_permissions(datasette) -> None:
    """Let an nrikit site's Datasette work out each table's `allow` rules once, not on every check.

    Datasette 0.65.5 rebuilds them from a deep copy of the whole metadata (about 20 KB for nrikit's
    described tables) in every `view-table` permission check: the home page makes two per table it
    lists, full-text search's shadow tables included (~150 checks, most of the page's time). The
    metadata of a running server does not change (metadata.json is read once, and no other plugin
    supplies metadata: otherwise this is left alone), so the answer per table cannot either.
    Bounded, so that requests for made-up table names cannot grow it.
    """
    from datasette.plugins import pm

    original = getattr(datasette, "_table_permission_allows", None)
    if original is None or (datasette.metadata("plugins") or {}).get("nrikit") is None:
        return
    if pm.hook.get_metadata.get_hookimpls():
        return
    datasette._table_permission_allows = functools.lru_cache(maxsize=2048)(original)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        return PublicHardening(CsvFormulaGuard(app), datasette)

    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    return quiet_exception_response(datasette, request, exception)
