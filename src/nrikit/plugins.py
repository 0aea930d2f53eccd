"""The plugin manager: built-in plugins, entry points, and isolated hook calls."""

from __future__ import annotations

import importlib
import os
import warnings
from importlib.metadata import entry_points

import pluggy

from . import hookspecs
from .errors import NrikitError, PluginError

ENTRY_POINT_GROUP = "nrikit"

# Built-in behaviour goes through the same hooks as any country plugin.
DEFAULT_PLUGINS = (
    "nrikit.default_plugins",
    "nrikit.importers.builtin",
    "nrikit.stages.call",
    "nrikit.stages.committee",
    "nrikit.stages.survey",
    "nrikit.stages.panels",
    "nrikit.stages.event",
    "nrikit.stages.report",
    "nrikit.report.default_indicators",
)

_pm: pluggy.PluginManager | None = None
# name -> reason, for plugins whose entry point could not be imported
load_failures: dict[str, str] = {}


class PluginLoadWarning(UserWarning):
    pass


def make_plugin_manager(load_entrypoints: bool = True, defaults: bool = True) -> pluggy.PluginManager:
    """A plugin manager with nrikit's built-in plugins (defaults) and the installed ones (entry points).
    defaults=False is for hooks no built-in implements (register_commands): it imports no wing."""
    pm = pluggy.PluginManager("nrikit")
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS if defaults else ():
        pm.register(importlib.import_module(module_name), name=module_name)
    if load_entrypoints:
        _load_entrypoints(pm)
        from . import i18n

        i18n.use_plugins(pm)
    return pm


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    """Load third-party plugins one at a time, so one broken plugin cannot stop the rest.

    NRIKIT_LOAD_PLUGINS is read here, not at import: unset loads all, empty
    loads none, a comma list loads only those names.
    """
    allow = os.environ.get("NRIKIT_LOAD_PLUGINS")
    allowed = None if allow is None else {n.strip() for n in allow.split(",") if n.strip()}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if allowed is not None and ep.name not in allowed:
            continue
        if pm.get_plugin(ep.name) is not None:
            continue
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as exc:  # a broken plugin must not take the CLI down with it
            load_failures[ep.name] = f"{type(exc).__name__}: {exc}"
            warnings.warn(
                f"nrikit plugin {ep.name!r} failed to load: {type(exc).__name__}: {exc}",
                PluginLoadWarning,
                stacklevel=2,
            )
            continue
        _dists[ep.name] = ep.dist


_dists: dict = {}


def get_plugin_manager() -> pluggy.PluginManager:
    global _pm
    if _pm is None:
        _pm = make_plugin_manager()
    return _pm


def reset() -> None:
    """Forget the loaded plugins (tests use this after changing NRIKIT_LOAD_PLUGINS)."""
    global _pm
    _pm = None
    load_failures.clear()
    _dists.clear()


def call_each(pm, hook_name: str, **kwargs):
    """Call every implementation of a hook, yielding (plugin name, result).

    Unlike a plain pluggy call, an exception names the plugin and hook that
    raised it, so users know whom to blame.
    """
    hook = getattr(pm.hook, hook_name)
    subject = kwargs.pop("_subject", None)
    # get_hookimpls() is in registration order (pluggy calls it reversed); built-ins come first.
    for impl in hook.get_hookimpls():
        args = {name: kwargs[name] for name in impl.argnames}
        try:
            result = impl.function(**args)
        except NrikitError:
            raise
        except Exception as exc:
            raise PluginError(
                f"{type(exc).__name__}: {exc}", plugin=impl.plugin_name, hook=hook_name, subject=subject
            ) from exc
        yield impl.plugin_name, result


def collect(pm, hook_name: str, *, keep=None, **kwargs) -> dict[str, tuple[str, object]]:
    """Gather objects from a register_* hook: {object name: (plugin name, object)}.

    Later plugins replace earlier ones with the same name. `keep(plugin name)`,
    when given, skips the plugins it returns False for (see applies_to).
    """
    found: dict[str, tuple[str, object]] = {}
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():  # registration order, so later plugins replace earlier ones
        if keep is not None and not keep(impl.plugin_name):
            continue

        def register(obj, _plugin=impl.plugin_name):
            found[obj.name] = (_plugin, obj)

        args = {name: (register if name == "register" else kwargs[name]) for name in impl.argnames}
        try:
            impl.function(**args)
        except NrikitError:
            raise
        except Exception as exc:
            raise PluginError(f"{type(exc).__name__}: {exc}", plugin=impl.plugin_name, hook=hook_name) from exc
    return found


def applies_to(plugin_name: str, edition) -> bool:
    """Whether a plugin's stages and rules take part in an edition's run.

    An installed plugin (entry point) changes the process only of editions that
    name it under [plugins], so installing nrikit-brazil leaves Peru's editions
    as they were. Built-in plugins, and plugins registered in code (tests, an
    application embedding nrikit), take part in every edition.
    """
    return plugin_name not in _dists or plugin_name in edition.plugins


def check_required(pm, names, *, config_path=None) -> None:
    """Fail closed when an edition names a plugin that is not installed or did not load."""
    from .errors import ConfigError

    for name in names:
        if name in load_failures:
            raise ConfigError(
                f"plugin {name!r} is installed but failed to load ({load_failures[name]})",
                path=config_path,
                key=f"plugins.{name}",
            )
        if pm.get_plugin(name) is None:
            installed = sorted(n for n, _ in pm.list_name_plugin() if not n.startswith("nrikit."))
            hint = f"installed: {', '.join(installed)}" if installed else "no nrikit plugins are installed"
            if os.environ.get("NRIKIT_LOAD_PLUGINS") is not None:
                hint += " (NRIKIT_LOAD_PLUGINS limits which are loaded)"
            raise ConfigError(f"plugin {name!r} is not installed; {hint}", path=config_path, key=f"plugins.{name}")


def describe(pm, include_defaults: bool = False) -> list[dict]:
    """What `nrikit plugins` prints."""
    out = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        default = name.startswith("nrikit.")
        if default and not include_defaults:
            continue
        dist = _dists.get(name)
        out.append(
            {
                "name": name,
                "version": dist.version if dist is not None else (_version() if default else None),
                "hooks": sorted(h.name for h in pm.get_hookcallers(plugin) or []),
            }
        )
    for name, reason in load_failures.items():
        out.append({"name": name, "version": None, "hooks": [], "error": reason})
    return sorted(out, key=lambda d: d["name"])


def _version() -> str:
    from . import __version__

    return __version__
