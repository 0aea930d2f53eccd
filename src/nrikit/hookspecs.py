"""Every hook nrikit calls: a table of contents for plugin authors.

Hooks are called with keyword arguments; a plugin implements only the
arguments it needs. `register_*` hooks receive a `register` callable and call
it once per object they provide; an object registered later under the same
name replaces an earlier one, so a country plugin can replace built-in
behaviour. Arguments may be added in later versions, never removed.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("nrikit")
hookimpl = pluggy.HookimplMarker("nrikit")


@hookspec
def register_stages(register):
    """Register pipeline stages: call register(stage) with a nrikit.Stage for each."""


@hookspec
def register_rules(register):
    """Register rules: call register(rule) with a nrikit.Rule; each yields findings for one stage."""


@hookspec
def register_taxonomies(register):
    """Register stakeholder taxonomies: call register(taxonomy) with a nrikit.Taxonomy."""


@hookspec
def register_tally_methods(register):
    """Register survey and vote counting methods: call register(method) with a nrikit.TallyMethod."""


@hookspec
def register_importers(register):
    """Register input readers: call register(importer) with an object having `name` and `read(spec)`."""


@hookspec
def edition_defaults(nri, year, settings):
    """Return a dict of config sections to use where the edition's config is silent, or None.

    `nri` is the config's [nri] table, `year` the edition year, `settings` the
    whole [plugins] table. Values the config states always win.
    """


@hookspec
def register_commands(cli):
    """Add click commands to the `nrikit` command group `cli`."""


@hookspec
def prepare_connection(conn):
    """Prepare a sqlite3 connection to a workspace database (register SQL functions...)."""


@hookspec
def register_composer_constraints(register):
    """Add panel composer rules: call register(constraint) with a nrikit.composer.ComposerConstraint whose
    build(model) adds linear rows over model.x()/model.m() columns; they bind the solver and check mode."""


@hookspec
def register_principle_indicators(register):
    """Register annual-report scorecard indicators: call register(indicator) with a nrikit.report.Indicator."""


@hookspec
def register_catalogues(register):
    """Register translations: call register(folder, domain) for a folder holding
    `<lang>/LC_MESSAGES/<domain>.po` with the plugin's own messages (see nrikit.i18n)."""
