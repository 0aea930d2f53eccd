"""`nrikit inputs`: check an edition's input files without writing, or propose a mapping for a new export."""

from __future__ import annotations

from pathlib import Path

import click

# Fields each input's stage reads (see stages/*.py), with the headers form tools
# and organisers commonly use for them, in English, Spanish and Portuguese.
INPUT_FIELDS = {
    "organisations": ("id", "name", "stakeholder", "country"),
    "people": (
        "id",
        "name",
        "email",
        "phone",
        "gender",
        "gender_text",
        "organisation",
        "country",
        "expertise",
        "bio",
        "consent_name",
        "consent_org",
        "consent_bio",
    ),
    "interest": ("id", "submitted_at", "person", "organisation", "stakeholder", "role_sought", "expertise"),
    "committee": ("person", "organisation", "role", "joined"),
    "topics": ("id", "title", "tags", "description"),
    "survey": ("id", "submitted_at", "stakeholder", "choices"),
    "votes": ("topic", "member", "vote"),
    "panels": ("id", "topic", "round", "title", "starts", "ends", "room"),
    "panellists": ("panel", "person", "role", "remote"),
    "attendance": ("id", "name", "email", "gender", "gender_text", "stakeholder", "mode", "attended"),
    "sponsors": ("name", "role", "content_role", "in_kind", "amount", "currency"),
    "budget": ("item", "amount", "currency", "funded_by"),
}
ALIASES = {
    "submitted_at": ("timestamp", "marca temporal", "carimbo de data/hora", "completion time", "submitdate", "fecha"),
    "email": (
        "email address",
        "e-mail",
        "correo",
        "correo electronico",
        "direccion de correo electronico",
        "endereco de e-mail",
        "email",
    ),
    "name": ("nombre", "nombre completo", "nombres y apellidos", "nome", "nome completo", "full name", "your name"),
    "gender": ("genero", "sexo", "genero / gender", "gender identity"),
    "stakeholder": (
        "sector",
        "grupo de interes",
        "stakeholder group",
        "setor",
        "sector al que pertenece",
        "sector que representa",
        "parte interesada",
    ),
    "organisation": ("organizacion", "institucion", "organizacao", "organization", "organizacion / institucion"),
    "country": ("pais", "pais de residencia", "country of residence"),
    "phone": ("telefono", "celular", "telefone", "phone number", "mobile"),
    "choices": ("temas", "topics", "temas de interes", "que temas", "topicos"),
    "bio": ("biografia", "biography", "short bio", "resumen biografico"),
    "expertise": ("areas de experiencia", "experiencia", "areas of expertise", "temas de experiencia"),
    "mode": ("modalidad", "participation", "modalidade", "como participara"),
    "attended": ("asistio", "attended", "asistencia", "presente"),
    "role_sought": ("rol", "role", "como desea participar", "papel"),
    "title": ("titulo", "title", "tema"),
    "description": ("descripcion", "description", "descricao"),
    "id": ("id", "response id", "codigo"),
}


@click.group()
def inputs():
    """Check input files, or propose a mapping for a new export."""


def echo_import_summary(imports, err=False) -> None:
    """The per-input lines `nrikit run` and `nrikit inputs check` print."""
    for item in imports or ():
        line = (
            f"  {item['source']:<14} {item['rows_read']} read, {item['rows_imported']} imported, "
            f"{item['rows_skipped']} skipped"
        )
        if item["skipped"]:
            line += " (" + "; ".join(f"{n} {reason}" for reason, n in sorted(item["skipped"].items())) + ")"
        if item["duplicates_resolved"]:
            line += f"; {item['duplicates_resolved']} duplicates resolved"
        if item.get("action") == "replace":
            line += "; replaced the rows of the previous file"
        click.echo(line, err=err)
        for warning in item["warnings"][:5]:
            click.echo(f"    warning: {warning}", err=err)
        if item.get("ignored_columns"):
            shown = ", ".join(f'"{c}"' for c in item["ignored_columns"][:8])
            more = len(item["ignored_columns"]) - 8
            click.echo(f"    columns not used: {shown}" + (f" and {more} more" if more > 0 else ""), err=err)


@inputs.command()
@click.argument("config", type=click.Path(dir_okay=False))
def check(config):
    """Read and validate every input of CONFIG, as `nrikit run` would, writing nothing.

    The stages run against a throw-away in-memory database, so checks that need
    earlier stages (a panellist's person id, a vote's topic) run too.
    """
    from .. import config as config_mod
    from ..errors import InputError, NrikitError
    from ..pipeline import Pipeline
    from ..workspace.db import open_workspace
    from .common import plugin_manager

    pm = plugin_manager()
    # Files are checked one by one below, so one missing file does not hide the others.
    edition = config_mod.load(Path(config), pm=pm, check_files=False)
    # Each file on its own first, so one bad file does not hide the others.
    probe = Pipeline(edition, pm=pm, db=open_workspace(":memory:", pm=pm))
    failed = 0
    for spec in edition.inputs():
        importer = probe.importers.get(spec.format)
        try:
            problem = config_mod.input_problem(spec.path)
            if problem:
                raise config_mod.ConfigError(problem, path=edition.path, key=f"inputs.{spec.name}")
            if importer is None:
                raise config_mod.ConfigError(
                    f"unknown input format {spec.format!r}; known: {', '.join(sorted(probe.importers))}",
                    path=edition.path,
                    key=f"inputs.{spec.name}",
                )
            # Stream where the importer can, so checking a huge export costs no memory.
            source = importer.stream(spec) if hasattr(importer, "stream") else importer.read(spec)
            for _ in getattr(source, "rows", None) or source.records:
                pass
        except NrikitError as exc:
            failed += 1
            click.echo(f"{spec.name}: error: {exc}", err=True)
    if failed:
        raise click.ClickException(f"{failed} of {len(edition.inputs())} inputs cannot be read; nothing was written")
    # Then the values, stage by stage. A stage that fails writes nothing; the later ones still run so
    # that their own inputs' errors are listed too (some may follow from the earlier failure).
    outcomes, errors = [], []
    for stage in probe.stages:
        if errors and not stage.inputs:
            continue  # reads no input of its own (the report): it could only repeat an earlier failure
        try:
            outcomes.append(probe.run_stage(stage, force=True))
        except NrikitError as exc:
            after = "" if isinstance(exc, InputError) or not errors else " (may follow from the error above)"
            errors.append(f"{stage.name}: error: {exc}{after}")
    for outcome in outcomes:
        echo_import_summary(outcome.imports)
    # Matches made on weak evidence (a close spelling, a name without e-mail): a human confirms or splits them.
    reviews = list(probe.db.query("SELECT message, hint FROM findings WHERE rule = 'uncertain_match' ORDER BY id"))
    if reviews:
        click.echo(f"{len(reviews)} uncertain matches to confirm or split:")
        for f in reviews:
            click.echo(f"  - {f['message']}\n    {f['hint']}")
    if errors:
        for line in errors:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(errors)} of {len(probe.stages)} stages found bad values; nothing was written")
    click.echo(f"{config}: all {len(edition.inputs())} inputs ok; nothing was written")


@inputs.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "--as", "input_name", type=click.Choice(sorted(INPUT_FIELDS)), help="Which input the file is (default: guessed)."
)
@click.option(
    "--config",
    "edition",
    type=click.Path(dir_okay=False, exists=True),
    help="The edition the export is for: its taxonomy, plugins, country and topics shape the mapping.",
)
def suggest(file, input_name, edition):
    """Propose an [inputs] mapping (TOML) for a new export FILE."""
    if edition:
        from .. import config as config_mod
        from ..importers.suggest_edition import suggest as suggest_for_edition
        from ..pipeline import Pipeline
        from ..workspace.db import open_workspace
        from .common import plugin_manager

        pm = plugin_manager()
        loaded = config_mod.load(Path(edition), pm=pm, check_files=False)
        taxonomy = Pipeline(loaded, pm=pm, db=open_workspace(":memory:", pm=pm)).taxonomy
        click.echo(suggest_for_edition(Path(file), loaded, taxonomy, input_name), nl=False)
        return
    from ..importers.suggest import suggest_mapping

    click.echo(suggest_mapping(Path(file), input_name, INPUT_FIELDS, ALIASES), nl=False)
