"""`nrikit inputs suggest FILE --config EDITION`: a complete mapping for one export, using what
the edition already says (its taxonomy and synonyms, its plugins, its country, its topics).

It detects the tool (LimeSurvey wide columns, Google Forms, Microsoft Forms, pretalx), picks the
input the export is and, for a call or proposal form that also describes people, proposes
`feeds`; it maps a name split over two columns, the consent question, multi-select and grid
questions, and the time zone of the edition's country. Answers the built-in vocabularies and
the edition's taxonomy know need no line. Anything it cannot decide (an answer no vocabulary
knows, an option code no topic matches, a country with several time zones) is listed under
"needs a decision" and never guessed. The output is TOML to append to the edition config;
when nothing needs a decision, `nrikit run` works with it unedited.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..taxonomy import GENDER_TAXONOMY, fold
from .suggest import _date_format, _esc, _read_sample

# The zone of the capital, for NRIs' host countries with one zone or one the NRI surely uses;
# a country not listed gets a decision line.
TIMEZONES = {
    "AR": "America/Argentina/Buenos_Aires",
    "BO": "America/La_Paz",
    "BR": "America/Sao_Paulo",
    "CL": "America/Santiago",
    "CO": "America/Bogota",
    "CR": "America/Costa_Rica",
    "CU": "America/Havana",
    "DO": "America/Santo_Domingo",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "GT": "America/Guatemala",
    "HN": "America/Tegucigalpa",
    "MX": "America/Mexico_City",
    "NI": "America/Managua",
    "PA": "America/Panama",
    "PE": "America/Lima",
    "PT": "Europe/Lisbon",
    "PY": "America/Asuncion",
    "SV": "America/El_Salvador",
    "UY": "America/Montevideo",
    "VE": "America/Caracas",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "IT": "Europe/Rome",
    "NL": "Europe/Amsterdam",
    "CH": "Europe/Zurich",
    "AO": "Africa/Luanda",
    "MZ": "Africa/Maputo",
    "NG": "Africa/Lagos",
    "KE": "Africa/Nairobi",
    "ZA": "Africa/Johannesburg",
    "IN": "Asia/Kolkata",
    "JP": "Asia/Tokyo",
}

# Countries with more than one zone: the capital's is proposed, and the line says to check it.
SEVERAL_ZONES = {"BR", "MX", "CL", "EC", "ES", "PT"}

# Header words that say what a column holds, folded (English, Spanish, Portuguese).
HINTS = {
    "email": ("email", "e-mail", "correo", "endereco de e-mail"),
    "first_name": ("nombre", "nombres", "first name", "primeiro nome", "nome"),
    "last_name": ("apellido", "apellidos", "last name", "surname", "sobrenome"),
    "name": ("nombre completo", "nombre y apellido", "nombres y apellidos", "full name", "nome completo", "name"),
    "gender": ("genero", "sexo", "gender"),
    "organisation": ("organizacion", "institucion", "organizacao", "instituicao", "organisation", "organization"),
    "stakeholder": ("sector", "setor", "stakeholder", "grupo de interes"),
    "role_sought": (
        "como le gustaria participar",
        "como desea participar",
        "como gostaria de participar",
        "how would you like to take part",
        "how would you like to participate",
        "take part",
        "role",
    ),
    "expertise": ("temas de interes", "areas de experiencia", "temas", "expertise", "areas of expertise"),
    "consent_name": (
        "autoriza",
        "autorizo",
        "consent",
        "consiento",
        "concordo",
        "publicacion de su nombre",
        "publish your name",
        "publicar su nombre",
        "publicar seu nome",
    ),
    "country": ("pais", "country"),
    "mode": ("modalidad", "modalidade", "how will you attend", "attendance mode"),
    "attended": ("asistio", "attended", "compareceu"),
    "title": ("titulo de la propuesta", "titulo da proposta", "proposal title", "titulo"),
    "description": ("descripcion", "descricao", "description"),
    "phone": ("telefono", "telefone", "phone", "celular"),
}


def _kind(header: str) -> str | None:
    key = " ".join(re.sub(r"[^\w@-]+", " ", fold(header)).split())
    best = None
    for field, words in HINTS.items():
        for w in words:
            hit = key == w or key.startswith(w + " ") or f" {w} " in f" {key} " or (len(w) > 8 and w in key)
            if hit and (best is None or len(w) > best[1]):
                best = (field, len(w))
    return best[0] if best else None


def suggest(path: Path, edition, taxonomy, input_name: str | None = None) -> str:
    """edition: the loaded config; taxonomy: its stakeholder taxonomy with plugins and synonyms."""
    from ..vocab import choice as builtin_choice

    config = edition.path
    if path.read_bytes()[:4096].lstrip()[:1] == b"{":
        return _pretalx(path, edition)
    fmt, source, encoding = _read_sample(path, input_name or "interest")
    header, records = list(source.header), list(source.records)[:5000]
    known = dict(source.columns)
    decisions: list[str] = []
    lines: list[str] = []

    def values_of(column):
        return sorted({r.values.get(column, "").strip() for r in records} - {""})

    # LimeSurvey / grid questions: QUESTION[OPTION] or "Question [Option]" columns
    wide: dict[str, list[str]] = {}
    for h in header:
        m = re.fullmatch(r"(.+?) ?\[([^\]]+)\]", h)
        if m and (m.group(2).lower() == "other" or m.group(2).lower().endswith("comment")):
            continue  # free text beside the options: not an option
        if m:
            wide.setdefault(m.group(1), []).append(m.group(2))
        m = re.fullmatch(r"(\d+X\d+X\d+)(SQ\d+)", h)  # SGQA codes of LimeSurvey 2
        if m:
            wide.setdefault(m.group(1), []).append(m.group(2))
    wide = {q: opts for q, opts in wide.items() if len(opts) > 1}
    # A LimeSurvey structure file beside the export gives the labels behind its codes.
    structure, structure_path = None, None
    if fmt == "limesurvey":
        found = sorted(path.parent.glob("*.lss"))
        if len(found) == 1:
            from . import lss

            structure_path, structure = found[0], lss.read(found[0])
    sgqa = {h for h in header if re.fullmatch(r"\d+X\d+X\d+(SQ\d+)?", h)}

    def label(h):
        if structure is not None and h in sgqa:
            q = structure.question(h)
            return q
        return h

    kinds = {
        h: _kind(label(h))
        for h in header
        if h not in known.values() and not re.fullmatch(r".+ ?\[[^\]]+\]", h) and not re.search(r"SQ\d+$", h)
    }
    by_kind: dict[str, list[str]] = {}
    for h, k in kinds.items():
        if k:
            by_kind.setdefault(k, []).append(h)

    if input_name is None:
        if wide or fmt == "limesurvey":
            input_name = "survey"
        elif "title" in by_kind:
            input_name = "topics"
        elif "stakeholder" in by_kind and ("role_sought" in by_kind or "organisation" in by_kind):
            input_name = "interest"
        elif "mode" in by_kind or "attended" in by_kind:
            input_name = "attendance"
        else:
            input_name = "people"
    columns: dict[str, object] = {}
    person = input_name in ("interest", "topics", "attendance", "people")
    for field in ("email", "gender", "country", "phone", "consent_name"):
        if person and by_kind.get(field) and field not in known:
            columns[field] = by_kind[field][0]
    if person:
        if by_kind.get("name"):
            columns["name"] = by_kind["name"][0]
        elif by_kind.get("first_name") and by_kind.get("last_name"):
            columns["name"] = [by_kind["first_name"][0], by_kind["last_name"][0]]
        elif by_kind.get("first_name") and "name" not in known:
            columns["name"] = by_kind["first_name"][0]
    wanted = (
        {
            "interest": ("stakeholder", "organisation", "role_sought", "expertise"),
            "topics": ("title", "description", "expertise"),
            "attendance": ("stakeholder", "mode", "attended"),
            "people": ("organisation", "expertise"),
            "survey": ("stakeholder",),
        }[input_name]
        if input_name in ("interest", "topics", "attendance", "people", "survey")
        else ()
    )
    for field in wanted:
        if by_kind.get(field):
            target = "tags" if input_name == "topics" and field == "expertise" else field
            columns[target] = by_kind[field][0]
    if input_name == "survey" and wide:
        question = max(wide, key=lambda q: len(wide[q]))
        columns["choices"] = question
    feeds = []
    if input_name == "interest" and ("email" in columns or "name" in columns):
        feeds = ["people", "organisations"] if "organisation" in columns else ["people"]
    elif (
        input_name == "topics"
        and ("email" in columns or "name" in columns or "email" in known)
        or input_name == "attendance"
        and ("email" in columns or "email" in known)
    ):
        feeds = ["people"]
    if input_name == "attendance" and "attended" not in columns:
        decisions.append(
            "no attendance column: these are registrations, not attendees; if everyone registered came, "
            'add attended = { value = "yes" } to columns'
        )

    # answers: the taxonomy, the built-in vocabularies, or a decision
    values: dict[str, dict[str, str]] = {}
    stake = columns.get("stakeholder")
    if isinstance(stake, str):
        answers = structure.answers.get(structure.question(stake), {}) if structure else {}
        for v in values_of(stake):
            if taxonomy.resolve(answers.get(v, v)) is None:
                decisions.append(
                    f'stakeholder answer "{v}": map it with values.stakeholder = {{ "{_esc(v)}" = "GROUP" }}'
                )
    sep = source.multi_separator
    for field in ("mode", "role_sought"):
        col = columns.get(field)
        if isinstance(col, str):
            for v in values_of(col):
                for part in v.split(sep) if sep and field == "role_sought" else [v]:
                    if part.strip() and builtin_choice(field, part.strip()) is None:
                        decisions.append(f'{field} answer "{part.strip()}": map it with values.{field}')
    col = columns.get("gender")
    if isinstance(col, str):
        for v in values_of(col):
            if GENDER_TAXONOMY.resolve(v) is None:
                decisions.append(f'gender answer "{v}" is kept as self-described text; map it if it is a category')
    if "choices" in columns:
        topics = _topics(edition)
        titles = {fold(t): tid for tid, t in topics.items()}
        opts = wide[columns["choices"]]
        labels = structure.options.get(structure.question(columns["choices"]), {}) if structure else {}
        mapping = {}
        for o in opts:
            o = labels.get(o) or o
            if o in topics or fold(o) in titles:
                continue
            decisions.append(f'option "{o}" matches no topic id or title: map it with values.choices')
        values.update({"choices": mapping} if mapping else {})

    # time zone and date format
    when = known.get("submitted_at")
    tz_line = None
    if when and fmt != "pretalx":
        fmt_date = _date_format([r.values.get(when, "") for r in records])
        if fmt_date:
            value, _, comment = fmt_date.partition("  #")
            lines.append(f'date_format = "{value}"')
            if comment:
                decisions.append(f"date_format:{comment}")
        country = edition["nri"]["country"]
        zone = TIMEZONES.get(country)
        if zone and country in SEVERAL_ZONES:
            tz_line = f'timezone = "{zone}"  # {country} has several time zones: this is the capital\'s; check it'
        elif zone:
            tz_line = f'timezone = "{zone}"  # the time zone of {country}, where the form was answered'
        else:
            decisions.append(f'timezone: {country} is not in the built-in list; add timezone = "Region/City"')
    used = set(known.values()) | {c for v in columns.values() for c in ([v] if isinstance(v, str) else v)}
    if "choices" in columns:
        used |= {h for h in header if h.startswith(columns["choices"])}
    # the response numbers an importer adds (gf-00001...) are not a column of the export
    generated = {"id"} if fmt == "google_forms" and "id" not in header[1:] else set()
    unused = [h for h in header if h not in used and h not in getattr(source, "ignore", []) and h not in generated]

    out = [
        f"# nrikit inputs suggest {path.name} --config {config.name}: read as {fmt}; "
        f"{len(header)} columns, {len(records)} rows",
        f"[inputs.{input_name}]",
        f'path = "{path.name}"',
    ]
    if fmt != "csv":
        out.append(f'format = "{fmt}"')
    if encoding:
        out.append(f'encoding = "{encoding}"')
    if getattr(source, "delimiter", "") not in ("", ","):
        out.append(f'delimiter = "{source.delimiter}"')
    if structure_path is not None:
        out.append(f'structure = "{structure_path.name}"  # the survey structure: codes read as their labels')
    if feeds:
        out.append("feeds = [" + ", ".join(f'"{f}"' for f in feeds) + "]")
    out += lines
    if tz_line:
        out.append(tz_line)
    if columns:
        out.append("columns = { " + ", ".join(f"{k} = {_toml(v)}" for k, v in columns.items()) + " }")
    if unused:
        out.append("ignore = [" + ", ".join(f'"{_esc(h)}"' for h in unused) + "]")
    for field, mapping in values.items():
        out.append(f"values.{field} = {{ " + ", ".join(f'"{_esc(k)}" = "{v}"' for k, v in mapping.items()) + " }")
    if decisions:
        out.append("# needs a decision (nrikit does not guess these):")
        out += [f"#   - {d}" for d in decisions]
    return "\n".join(out) + "\n"


def _pretalx(path: Path, edition) -> str:
    """A schedule feeds panels, panellists and (unless the edition knows its people) people."""
    import json

    data = json.loads(path.read_text(encoding="utf-8-sig"))
    days = data["schedule"]["conference"]["days"]
    tracks, emails = set(), False
    for day in days:
        for talks in (day.get("rooms") or {}).values():
            for talk in talks:
                if talk.get("track"):
                    tracks.add(str(talk["track"]))
                emails = emails or any(p.get("email") for p in talk.get("persons") or [])
    topics = _topics(edition)
    titles = {fold(t): tid for tid, t in topics.items()}
    mapping, decisions = {}, []
    for track in sorted(tracks):
        if track in topics:
            continue
        if fold(track) in titles:
            mapping[track] = titles[fold(track)]
        else:
            decisions.append(f'track "{track}" matches no topic id or title: add it to values.topic')
    out = [f"# nrikit inputs suggest {path.name} --config {edition.path.name}: a pretalx / frab schedule"]
    if edition.input("people") is None:
        out += ["[inputs.people]", f'path = "{path.name}"', 'format = "pretalx"', ""]
        decisions.append(
            "the schedule does not say where speakers live nor whether they consent: map their answers "
            'to pretalx questions (columns = { country = "question N" }) or leave them unknown'
        )
    elif not emails:
        decisions.append(
            "the export carries no speaker e-mails: map each pretalx code to a known person with "
            'values.person = { "CODE" = "PERSON ID" } under [inputs.panellists]'
        )
    out += ["[inputs.panels]", f'path = "{path.name}"', 'format = "pretalx"']
    if mapping:
        out.append("values.topic = { " + ", ".join(f'"{_esc(k)}" = "{v}"' for k, v in mapping.items()) + " }")
    out += ["", "[inputs.panellists]", f'path = "{path.name}"', 'format = "pretalx"']
    if decisions:
        out.append("# needs a decision (nrikit does not guess these):")
        out += [f"#   - {d}" for d in decisions]
    return "\n".join(out) + "\n"


def _toml(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f'"{_esc(v)}"' for v in value) + "]"
    return f'"{_esc(value)}"'


def _topics(edition) -> dict[str, str]:
    """{topic id: title} from the edition's topics input, when it has one."""
    import csv

    spec = edition.input("topics")
    if spec is None or not spec.path.is_file() or spec.format != "csv":
        return {}
    with open(spec.path, encoding=spec.encoding or "utf-8-sig", newline="") as f:
        return {r.get("id", ""): r.get("title", "") for r in csv.DictReader(f)}
