"""What every `nrikit` command shares: error translation, loading an edition, the plugin manager.

Command modules import these from here, never from main.py, so main.py (which
imports every command module to build the group) stays at the top of the wing.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from ..errors import NrikitError


class TranslatingGroup(click.Group):
    """Turns library errors into one-line messages and exit status 1."""

    def invoke(self, ctx):
        import sqlite3

        try:
            return super().invoke(ctx)
        except NrikitError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            # A workspace on a full disk or a read-only folder is the user's to fix, not a bug.
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")) from None
        except sqlite3.OperationalError as exc:
            # e.g. "database is locked" while another nrikit run holds the workspace
            raise click.ClickException(f"workspace database: {exc}") from None
        except KeyboardInterrupt:
            raise click.Abort() from None


def plugin_manager():
    from ..plugins import PluginLoadWarning, get_plugin_manager

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PluginLoadWarning)
        pm = get_plugin_manager()
    for w in caught:
        click.echo(f"Warning: {w.message}", err=True)
    return pm


def load_edition(config: str, db: str | None = None):
    from .. import config as config_mod
    from ..pipeline import Pipeline

    pm = plugin_manager()
    edition = config_mod.load(Path(config), pm=pm)
    if db:
        edition.data["edition"]["workspace"] = str(Path(db).resolve())
    return Pipeline(edition, pm=pm)


config_argument = click.argument("config", type=click.Path(dir_okay=False))


def _check_lang(ctx, param, lang):
    from .. import i18n

    if lang not in i18n.available():
        raise click.BadParameter(f"no catalogue for {lang!r}; available: {', '.join(i18n.available())}")
    return lang


# The language of what a command prints for organisers; the same default as `nrikit findings --lang`.
lang_option = click.option(
    "--lang",
    default="en",
    show_default=True,
    callback=_check_lang,
    help="Language of the messages: en, es, pt, or any language with a catalogue.",
)
db_option = click.option(
    "--db", type=click.Path(dir_okay=False), help="Workspace database to use instead of the config's."
)


class CommandGroup(TranslatingGroup):
    """The `nrikit` group: built-in commands, plus those plugins add through register_commands.

    Plugin commands are looked up only when they can matter: when the command list is shown
    (`nrikit --help`) or a name is not a built-in one. Then only the installed entry-point plugins are
    loaded, not nrikit's own built-in plugins (stages, importers, indicators), which never add
    commands. A built-in command such as `nrikit run` starts without loading any plugin for this.
    """

    _plugin_commands_loaded = False

    def _load_plugin_commands(self) -> None:
        if self._plugin_commands_loaded:
            return
        self._plugin_commands_loaded = True
        from importlib.metadata import entry_points

        from ..plugins import ENTRY_POINT_GROUP, PluginLoadWarning, call_each, make_plugin_manager

        if not entry_points(group=ENTRY_POINT_GROUP):
            return
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", PluginLoadWarning)
                pm = make_plugin_manager(defaults=False)
            for w in caught:
                click.echo(f"Warning: {w.message}", err=True)
            for _ in call_each(pm, "register_commands", cli=self):
                pass
        except NrikitError as exc:
            click.echo(f"Warning: {exc}", err=True)

    def list_commands(self, ctx):
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is None and not self._plugin_commands_loaded:
            self._load_plugin_commands()
            command = super().get_command(ctx, name)
        return command
