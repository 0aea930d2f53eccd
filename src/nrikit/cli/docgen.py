"""Reference documentation generated from the code, so docs/ cannot drift from it.

The Markdown pages in docs/ call these functions from cog blocks; `cog -r
docs/*.md` rewrites them and `cog --check docs/*.md` (run by the test suite)
fails when a page is out of date. Each function walks whatever exists when it
runs: a hook, command, config key or table added by anyone appears in the
next `cog -r` without a change here.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

COG_FILES = (
    "configuration.md",
    "cli.md",
    "schema.md",
    "hooks.md",
    "builtins.md",
    "architecture.md",
    "benchmarks.md",
    "publishing.md",
    "composer.md",
    "report.md",
    "inputs.md",
)


def _cell(text) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _value(value) -> str:
    from ..config import REQUIRED

    if value is REQUIRED:
        return "**required**"
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{value:.4g}`"
    if isinstance(value, (dt.date, int)):
        return f"`{value}`"
    if isinstance(value, (list, dict)) and not value:
        return "`[]`" if isinstance(value, list) else "`{}`"
    return f"`{value!r}`" if not isinstance(value, str) else f'`"{value}"`'


def _key_notes(key) -> str:
    notes = []
    if key.choices:
        notes.append("One of: " + ", ".join(f"`{c}`" for c in key.choices) + ".")
    if key.min is not None or key.max is not None:
        notes.append(
            f"Range: {key.min:g} to {key.max:g}."
            if key.min is not None and key.max is not None
            else (f"At least {key.min:g}." if key.min is not None else f"At most {key.max:g}.")
        )
    return " ".join(notes)


def config_reference() -> str:
    """Every section and key of an edition config, from config.SCHEMA."""
    from ..config import FREE_FORM, INPUT_TABLE_KEYS, SCHEMA

    out = []
    for section, keys in SCHEMA.items():
        out.append(f"## `[{section}]`\n")
        if section in FREE_FORM:
            out.append(
                f"Free-form: one `[{section}.NAME]` table per plugin the edition uses, holding that "
                "plugin's settings. Naming a plugin here makes the edition fail to load when the plugin "
                "is not installed, and makes the plugin's stages and rules take part in the edition's run.\n"
            )
            continue
        if section == "inputs":
            out.append("Each input is a path relative to the config file, or a table with these keys:\n")
            out.append("| Key | Type | Default | Meaning |\n|---|---|---|---|")
            for name, key in INPUT_TABLE_KEYS.items():
                out.append(f"| `{name}` | {key.type_name()} | {_value(key.default)} | {_cell(key.doc)} |")
            out.append("\nInputs an edition may declare:\n")
        out.append("| Key | Type | Default | Meaning |\n|---|---|---|---|")
        for name, key in keys.items():
            doc = " ".join(filter(None, [key.doc, _key_notes(key)]))
            out.append(f"| `{name}` | {key.type_name()} | {_value(key.default)} | {_cell(doc)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _walk(group, path):
    import click

    for name in sorted(group.commands):
        command = group.commands[name]
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _walk(command, (*path, name))


def _builtin(command) -> bool:
    # Plugins may add commands through register_commands; the reference
    # documents nrikit's own, so it reads the same whatever is installed.
    callback = command.callback
    return callback is None or getattr(callback, "__module__", "").startswith("nrikit")


def cli_reference() -> str:
    """The --help text of `nrikit` and every command and subcommand under it."""
    import click

    from .main import cli

    out = []
    for path, command in [((), cli), *_walk(cli, ())]:
        if not _builtin(command):
            continue
        width = {"terminal_width": 100, "max_content_width": 100}
        ctx = click.Context(cli, info_name="nrikit", **{**cli.context_settings, **width})
        for name in path:  # build the context chain so usage lines show the full command
            sub = ctx.command.commands[name]
            ctx = click.Context(sub, info_name=name, parent=ctx, **{**sub.context_settings, **width})
        title = " ".join(("nrikit", *path))
        out.append(f"## `{title}`\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n")
    return "\n".join(out).rstrip() + "\n"


def schema_reference() -> str:
    """Every workspace table with its columns, keys, owning stage and privacy flags, from schema.TABLES."""
    from ..workspace.schema import TABLES

    out = []
    for table in TABLES:
        owner = f"written by the `{table.stage}` stage" if table.stage else "nrikit's own bookkeeping"
        out.append(
            f"## `{table.name}`\n\n{table.doc} ({owner}; primary key: {', '.join(f'`{p}`' for p in table.pk)})\n"
        )
        refs = {col: f"`{other}.{other_col}`" for col, other, other_col in table.foreign_keys}
        out.append("| Column | Type | Private | References | Meaning |\n|---|---|---|---|---|")
        for c in table.columns:
            out.append(
                f"| `{c.name}` | {c.type} | {'**private**' if c.private else ''} | "
                f"{refs.get(c.name, '')} | {_cell(c.doc)} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def hookspecs() -> list[tuple[str, inspect.Signature, str]]:
    """(name, signature, docstring) of every hook, in the order hookspecs.py declares them."""
    from .. import hookspecs as module

    found = []
    for name, fn in vars(module).items():
        if inspect.isfunction(fn) and hasattr(fn, "nrikit_spec"):
            found.append((inspect.getsourcelines(fn)[1], name, inspect.signature(fn), inspect.getdoc(fn) or ""))
    return [(name, sig, doc) for _, name, sig, doc in sorted(found)]


def hook_reference() -> str:
    """Each hook's signature and contract, from hookspecs.py."""
    from .. import hookspecs as module

    out = [inspect.getdoc(module) or "", ""]
    for name, sig, doc in hookspecs():
        out.append(f"## `{name}{sig}`\n\n{doc or '*Undocumented.*'}\n")
    return "\n".join(out).rstrip() + "\n"


def builtins_reference() -> str:
    """Stages, rules, taxonomies and tally methods nrikit itself registers (its default plugins)."""
    from ..plugins import collect, make_plugin_manager

    pm = make_plugin_manager(load_entrypoints=False)  # nrikit's own plugins only

    def objects(hook):
        return [(plugin, obj) for plugin, obj in collect(pm, hook).values()]

    out = ["## Stages\n", "| Order | Stage | Inputs | What it does |\n|---|---|---|---|"]
    for _, stage in sorted(objects("register_stages"), key=lambda po: po[1].order):
        inputs = ", ".join(f"`{i}`" for i in stage.inputs)
        out.append(f"| {stage.order} | `{stage.name}` | {inputs} | {_cell(stage.description)} |")
    out += ["", "## Rules\n", "| Rule | Stage | Checks |\n|---|---|---|"]
    order = {s.name: s.order for _, s in objects("register_stages")}
    for _, rule in sorted(objects("register_rules"), key=lambda po: (order.get(po[1].stage, 99), po[1].name)):
        out.append(f"| `{rule.name}` | `{rule.stage}` | {_cell(rule.description)} |")
    out += ["", "## Stakeholder taxonomies\n"]
    for _, taxonomy in objects("register_taxonomies"):
        out.append(
            f"### `{taxonomy.name}`\n\n{taxonomy.description}\n\n| Id | Label | Expected on a committee |\n|---|---|---|"
        )
        for g in taxonomy.groups:
            out.append(f"| `{g.id}` | {_cell(g.label)} | {'yes' if g.expected else 'no'} |")
        out.append("")
    out += ["## Tally methods\n", "| Method | Kind | Rule |\n|---|---|---|"]
    for _, method in sorted(objects("register_tally_methods"), key=lambda po: (po[1].kind, po[1].name)):
        out.append(f"| `{method.name}` | {method.kind} | {_cell(getattr(method, 'description', ''))} |")
    out += ["", "## Importers\n", "| Format | Reads |\n|---|---|"]
    for _, importer in sorted(objects("register_importers"), key=lambda po: po[1].name):
        # The class docstring, else the importer's `description` (the importers module's convention).
        doc = (inspect.getdoc(type(importer)) or getattr(importer, "description", "") or "").split("\n")[0]
        out.append(f"| `{importer.name}` | {_cell(doc)} |")
    return "\n".join(out).rstrip() + "\n"


def hook_names() -> list[str]:
    return [name for name, _, _ in hookspecs()]


def undocumented_hooks() -> list[str]:
    return [name for name, _, doc in hookspecs() if not doc.strip()]


def untested_hooks(test_sources: dict[str, str]) -> list[str]:
    """Hooks no test implements (`def hook(`) or calls (`hook.hook(`, `"hook"` passed to call_each/collect)."""
    missing = []
    for name in hook_names():
        pattern = re.compile(rf"def {name}\(|\.hook\.{name}\(|(call_each|collect)\([^)]*[\"']{name}[\"']")
        if not any(pattern.search(text) for text in test_sources.values()):
            missing.append(name)
    return missing


# The wings in the order of the layering contract (top first), then the core.
WINGS = ("cli", "report", "opendata", "pipeline", "stages", "composer", "importers", "workspace")


def _first_paragraph(doc: str | None) -> str:
    return " ".join((doc or "").strip().split("\n\n")[0].split())


def architecture_reference() -> str:
    """Each wing with its modules and what its docstring says it holds, from the package itself."""
    import importlib
    import pkgutil

    import nrikit

    root = Path(nrikit.__file__).parent
    out = ["| wing | modules | what it holds |", "| --- | --- | --- |"]
    core = []
    for info in sorted(pkgutil.iter_modules([str(root)]), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        if info.name not in WINGS:
            core.append(info.name)
    for name in WINGS:
        module = importlib.import_module(f"nrikit.{name}")
        if hasattr(module, "__path__"):
            children = sorted(i.name + ("/" if i.ispkg else ".py") for i in pkgutil.iter_modules(module.__path__))
            where, modules = f"`{name}/`", ", ".join(f"`{c}`" for c in children)
        else:
            where, modules = f"`{name}.py`", f"`{name}.py`"
        out.append(f"| {where} | {modules} | {_cell(_first_paragraph(module.__doc__))} |")
    out.append(
        f"| core (top of `src/nrikit/`) | {', '.join(f'`{name}.py`' for name in core)} | "
        "Hooks and plugin loading, the config, the objects plugins register, dates, taxonomies, "
        "tallies and the StageContext stages read through. |"
    )
    return "\n".join(out)


def import_contracts() -> str:
    """The import-linter contracts of pyproject.toml, as a list."""
    from ..config import tomllib

    pyproject = Path(__file__).resolve().parents[3] / "pyproject.toml"
    contracts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    out = []
    for c in contracts:
        if c["type"] == "layers":
            detail = " → ".join(f"`{m}`" for m in c["layers"])
        elif c["type"] == "forbidden":
            detail = (
                ", ".join(f"`{m}`" for m in c["source_modules"])
                + " may not import "
                + ", ".join(f"`{m}`" for m in c["forbidden_modules"])
            )
        else:
            detail = ", ".join(f"`{m}`" for m in c.get("ancestors", ()))
        out.append(f"- **{c['name']}** ({c['type']}): {detail}")
    return "\n".join(out)


def _last_run() -> dict | None:
    import json

    last = Path(__file__).resolve().parents[3] / "benchmarks" / "last-run.json"
    return json.loads(last.read_text(encoding="utf-8")) if last.exists() else None


def _reruns(run: dict, benches=None) -> list[str]:
    """Lines naming benchmarks re-run alone since the full run (run_all.py --only NAME --merge)."""
    return [
        f"The {name} rows are from a run of that benchmark alone: {when}."
        for name, when in sorted(run.get("reruns", {}).items())
        if benches is None or name in benches
    ]


def composer_figures() -> str:
    """The composer's rows of the last benchmark run, with the fitted growth, for docs/composer.md."""
    out = benchmark_reference("composer")
    run = _last_run() or {}
    notes = [r["note"] for r in run.get("rows", ()) if r["bench"] == "composer" and r.get("note")]
    return out + ("\n\nGrowth: " + "; ".join(notes) + "." if notes else "")


def benchmark_reference(bench: str | None = None) -> str:
    """The table of the last `make bench` run (benchmarks/last-run.json), as it was printed; only the
    rows of one benchmark when `bench` names it (for the page that explains a design choice)."""
    run = _last_run()
    if run is None:
        return "No benchmark run is recorded yet: run `make bench`."
    rows = [r for r in run["rows"] if bench is None or r["bench"] == bench]
    if not rows:
        return f"The last run has no `{bench}` rows: run `make bench`."
    reruns = _reruns(run, None if bench is None else {bench})
    out = [
        f"Last run: {run['when']}, {run['machine']}.",
        *reruns,
        "",
        "| benchmark | measure | nrikit | baseline | ratio | ratio range | goal | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:

        def fig(x, unit=r["unit"]):
            return "-" if x is None else f"{x:,.3g} {unit}".strip()

        x = r["ratio"]
        ratio = "-" if x is None else f"{x:.2g}" if abs(x) < 0.1 else f"{x:.2f}"  # a 600-fold win is not 0.00
        a, b = r.get("nrikit_spread"), r.get("baseline_spread")
        # min-max of the ratio over the alternating runs: nrikit's best over the baseline's worst, and back
        spread = f"{a[0] / b[2]:.2f}-{a[2] / b[0]:.2f}" if a and b and b[0] and b[2] else "-"
        out.append(
            f"| {r['bench']} | {_cell(r['measure'])} | {fig(r['nrikit'])} | {fig(r['baseline'])} | {ratio} | {spread} | "
            f"{_cell(r['goal'])} | {'yes' if r['met'] else '**no**'} |"
        )
    return "\n".join(out)
