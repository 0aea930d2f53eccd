"""Every word nrikit adds to the public site's pages, as the English msgid nrikit's catalogues translate.

`nrikit publish --lang es` translates this table (and the charts' LABELS) once and writes the result
into the site (public.db's hidden `_nrikit_site` table, see nrikit.opendata.home); the plugin reads it
from there and falls back to these English texts for a site that carries none. This module imports
nothing, so `nrikit deploy-dir` can copy the plugin on its own.
"""

from __future__ import annotations


def N_(msgid: str) -> str:
    """Marks a message for `pybabel extract`; the plugin's own marker (it cannot import nrikit)."""
    return msgid


MESSAGES = {
    # home page (templates/index.html)
    "home.initiatives": N_("The initiatives"),
    "home.source": N_("Source: {source}"),
    "home.editions": N_("Editions: {editions}."),
    "home.start": N_("Start with the {link}; every page has a JSON API (add {code})."),
    "home.start_link": N_("tables, views and canned queries"),
    "home.agenda": N_("The events' agendas as a calendar: {agenda} (iCalendar); every table as CSV with a {package}."),
    "home.package": N_("Frictionless data package"),
    "home.chart_data": N_("The data of this chart: {table}"),
    "home.chart_formats": N_("(table, JSON, CSV)"),
    "home.gender.title": N_("Women among speakers and attendees"),
    "home.gender.note": N_(
        "Speakers on final panels and people who attended; counts below the threshold k are withheld."
    ),
    "home.committee.title": N_("Organising committee by IGF stakeholder group"),
    "home.committee.note": N_(
        "Seats on each edition's committee (one per member and organisation represented), on the IGF's "
        "stakeholder groups as each NRI's taxonomy declares them; a seat of a group that counts as two IGF "
        "groups (Brazil's scientific and technological community) weighs half in each."
    ),
    "home.growth.title": N_("{nri}: from one edition to the next"),
    "home.growth.note": N_("Headline figures of each edition side by side; n/a where an edition has no such figure."),
    # Datasette's own home page text, overridden in templates/index.html
    "index.rows_in": N_("{rows} rows in {tables}"),
    "index.tables": N_("{n} tables"),
    "index.table": N_("1 table"),
    "index.hidden_tables": N_("{n} hidden tables"),
    "index.hidden_table": N_("1 hidden table"),
    "index.views": N_("{n} views"),
    "index.view": N_("1 view"),
    "index.more": N_("all tables and views"),
    "index.table_rows": N_("{n} rows"),
    # description, licence, source and about (templates/_description_source_license.html, _footer.html)
    "meta.license": N_("Data licence:"),
    "meta.source": N_("Data source:"),
    "meta.about": N_("About:"),
    "footer.powered": N_("Powered by {datasette}"),
    "crumbs.home": N_("home"),
    # table pages (templates/table.html, base.html)
    "table.columns": N_("About the columns ({n})"),
    "aria.filter_column": N_("Filter column"),
    "aria.filter_op": N_("Filter operator"),
    "aria.filter_value": N_("Filter value"),
    "aria.sort": N_("Sort by"),
    "aria.table": N_("Table"),
    "aria.menu": N_("Menu"),
    # cells (render_cell): 1/0 flags
    "cell.yes": N_("yes"),
    "cell.no": N_("no"),
}
