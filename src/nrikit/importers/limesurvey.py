"""LimeSurvey response exports (Export responses → CSV).

The export starts with fixed columns (LimeSurvey's SurveyDynamic default
columns): id, token, submitdate, lastpage, startlanguage, seed, startdate,
datestamp, ipaddr, refurl; then one column per question, headed by its code
(e.g. 726613X995X33066) or its text, mapped with [inputs.NAME] columns.

- ipaddr, refurl and token identify people and nrikit has no use for them: they
  are dropped as the file is read and never reach the workspace.
- A response without submitdate was abandoned part-way: it is excluded and
  counted ("incomplete response") in the run summary and the import log.

Wide layouts (the manual's "Exporting results" page: heading "Question code" or "Full
question text", responses as "Answer codes" or "Full answers", "Convert Y to"/"Convert N
to" options): a multiple-choice question is one column per option, a ranking question one
column per rank. A field mapped to the question's code or text (columns.choices = "Q1")
collapses them into one value, options joined by ";" in header order:
- `Q1[SQ001]` (question code), `726613X995X33060SQ001` (SGQA code, LimeSurvey 2),
  `Which topics? [Privacy]` (full question text): the option is SQ001 or "Privacy";
  a cell Y / 1 / Yes / Sí / Sim ticks it, blank / N / 0 does not; `...comment` columns
  are ignored; an `[other]` answer is free text (perhaps personal): it is counted as a
  choice only when values.choices maps its text ("Gobernanza de datos" = "t04"), else it
  stays out of the ballots and the import warns how many were not counted (listing the
  column under ignore silences it);
- `Q2[1]`, `Q2[2]`... whose cells hold answer codes: a ranking, in rank order.
The options are matched to topics by id, by title, or through values.choices
(SQ001 = "t01").
"""

from __future__ import annotations

from ..taxonomy import fold
from .csvread import Record
from .generic_csv import read_csv

DROPPED = ("ipaddr", "refurl", "token")
FIXED = ("id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl")
INCOMPLETE = "incomplete response (no submitdate)"
# The same columns under "Full question text" headings (English and Spanish interfaces).
FIXED_TEXT = {
    "response id": "id",
    "id de respuesta": "id",
    "date submitted": "submitdate",
    "fecha de envio": "submitdate",
    "last page": "lastpage",
    "ultima pagina": "lastpage",
    "start language": "startlanguage",
    "idioma inicial": "startlanguage",
    "seed": "seed",
    "semilla": "seed",
    "date started": "startdate",
    "fecha de inicio": "startdate",
    "date last action": "datestamp",
    "fecha de la ultima accion": "datestamp",
    "ip address": "ipaddr",
    "direccion ip": "ipaddr",
    "referrer url": "refurl",
    "url de referencia": "refurl",
    "token": "token",
    "clave": "token",
}


def _fixed(header: list[str]) -> dict[str, str]:
    """{fixed column code: header}, for question-code and full-text headings alike."""
    out = {}
    for h in header:
        code = h.casefold() if h.casefold() in FIXED else FIXED_TEXT.get(fold(h))
        if code and code not in out:
            out[code] = h
    return out


_TICKED = {"y", "1", "yes", "si", "sim", "true", "x"}
_UNTICKED = {"", "n", "0", "no", "nao", "false"}


def wide_columns(header: list[str], question: str) -> tuple[list[tuple[str, str]], list[str]]:
    """([(option, header)...] of one wide question, in header order; [headers to ignore])."""
    import re

    options, extra = [], []
    for h in header:
        option = None
        if h.startswith(question + "[") and h.endswith("]"):
            option = h[len(question) + 1 : -1]
        elif h.startswith(question + " [") and h.endswith("]"):
            option = h[len(question) + 2 : -1]
        elif h.startswith(question) and re.fullmatch(r"SQ\d+|\d+", h[len(question) :]):
            option = h[len(question) :]
        elif h.startswith(question) and re.fullmatch(r"(\[?)(other|SQ\d+comment|othercomment)\]?", h[len(question) :]):
            extra.append(h)
            continue
        if option is None:
            continue
        if option.lower() == "other" or option.lower().endswith("comment"):
            extra.append(h)
        else:
            options.append((option, h))
    return options, extra


def _is_other(header: str, question: str) -> bool:
    return not header[len(question) :].lower().rstrip("]").endswith("comment")


def _other_plan(spec, question, extra):
    """([other] headers, {folded text: text} of values.choices for the field, warn?)"""
    others = [h for h in extra if _is_other(h, question)]
    fields = [f for f, q in spec.columns.items() if q == question]
    mapped = {}
    for f in fields:
        mapped.update({fold(k): k for k in (spec.values.get(f) or {})})
    silenced = {fold(h) for h in spec.ignore}
    warn = [h for h in others if fold(h) not in silenced]
    return others, mapped, warn


def _other_warning(question, header, n):
    return (
        f'{n} "other" answer{"s" if n != 1 else ""} to {question} (column "{header}") '
        f"{'were' if n != 1 else 'was'} not counted; map them with values.choices or ignore the column"
    )


def collapse(records, options, is_ranking: bool):
    """One ';'-joined value per record from a wide question's columns."""
    for rec in records:
        if is_ranking:
            picked = [v for _, h in options if (v := rec.values.get(h, "").strip())]
        else:
            picked = [o for o, h in options if fold(rec.values.get(h, "")) in _TICKED]
        yield picked


def _is_ranking(records, options) -> bool:
    """Rank columns ([1], [2]...) hold answer codes; option columns hold Y / 1 / blank."""
    if not all(o.isdigit() for o, _ in options):
        return False
    return any(fold(rec.values.get(h, "")) not in _TICKED | _UNTICKED for rec in records for _, h in options)


def _check_ticks(spec, records, options):
    from ..errors import InputError

    for rec in records:
        for _, h in options:
            value = rec.values.get(h, "")
            if fold(value) not in _TICKED | _UNTICKED:
                raise InputError(
                    f"unexpected answer {value!r} in a multiple-choice column",
                    path=spec.path,
                    row=rec.row,
                    line=rec.line,
                    column=h,
                    hint='a ticked option is Y or 1 (LimeSurvey\'s "Convert Y to"), an unticked one blank, N or 0',
                )


def _structure(spec):
    """The .lss the input names (structure = "survey.lss"), its answer labels merged into the
    input's values (a mapping in the config wins): list questions' codes read as their answers."""
    path = getattr(spec, "structure", None)
    if not path:
        return None
    from . import lss

    structure = lss.read(path)
    for field, column in spec.columns.items():
        answers = structure.answers.get(structure.question(column))
        if answers:
            mapped = spec.values.setdefault(field, {})
            for code, label in answers.items():
                mapped.setdefault(code, label)
    return structure


def _labelled(options, question, structure):
    """Subquestion codes replaced by their labels when the survey structure is known."""
    if structure is None:
        return options
    labels = structure.options.get(structure.question(question), {})
    return [(labels.get(o) or o, h) for o, h in options]


class LimeSurveyImporter:
    name = "limesurvey"
    description = "LimeSurvey response export (CSV); ipaddr, refurl and token are dropped on reading"

    def read(self, spec):
        source = read_csv(spec)
        lower = _fixed(source.header)
        if "submitdate" not in lower:
            from ..errors import InputError

            raise InputError(
                'no "submitdate" column: this does not look like a LimeSurvey export',
                path=spec.path,
                line=1,
                hint='use format = "csv" with a columns mapping instead',
            )
        dropped = {lower[d] for d in DROPPED if d in lower}
        submit = lower["submitdate"]
        keep = [h for h in source.header if h not in dropped]
        records, incomplete = [], 0
        for rec in source.records:
            if not rec.values.get(submit):
                incomplete += 1
                continue
            records.append(Record(rec.row, rec.line, {h: rec.values[h] for h in keep}))
        source.header, source.records = keep, records
        source.skipped = {INCOMPLETE: incomplete}
        source.columns = {"submitted_at": submit}
        source.ignore = [h for c, h in lower.items() if h in keep and h != submit]
        if "id" in lower and lower["id"] != "id":
            source.columns["id"] = lower["id"]
        source.multi_separator = None
        structure = _structure(spec)
        self._collapse_wide(spec, source, structure)
        return source

    def _collapse_wide(self, spec, source, structure=None):
        """Each field mapped to a wide question becomes one column named after the question."""
        for question in spec.columns.values():
            if question in source.header:
                continue
            options, extra = wide_columns(source.header, question)
            if not options:
                continue
            options = _labelled(options, question, structure)
            records = source.records
            ranking = _is_ranking(records, options)
            if not ranking:
                _check_ticks(spec, records, options)
            picked = list(collapse(records, options, ranking))
            others, mapped, warn = _other_plan(spec, question, extra)
            uncounted = dict.fromkeys(others, 0)
            for rec, p in zip(records, picked):
                for h in others:
                    text = rec.values.get(h, "").strip()
                    if not text:
                        continue
                    if fold(text) in mapped and not ranking:
                        p.append(mapped[fold(text)])
                    else:
                        uncounted[h] += 1
            source.warnings.extend(_other_warning(question, h, n) for h, n in uncounted.items() if n and h in warn)
            source.ignore = [*source.ignore, *extra]
            used = {h for _, h in options} | set(extra)
            header = [h for h in source.header if h not in used]
            at = source.header.index(options[0][1])
            header.insert(min(at, len(header)), question)
            source.records = [
                Record(r.row, r.line, {**{h: v for h, v in r.values.items() if h not in used}, question: ";".join(p)})
                for r, p in zip(records, picked)
            ]
            source.header = header
            source.multi_separator = ";"

    def stream(self, spec):
        """The same, in one pass: a survey of hundreds of thousands of responses.

        Whether a question with numbered columns is a ranking is judged on the first
        responses (answer codes, not Y / 1 / blank). The Source keeps the plan of the
        wide columns, so the bulk path (bulk.py) can read the file at csv speed."""
        import itertools

        from ..errors import InputError
        from .generic_csv import stream_csv

        source = stream_csv(spec)
        original = list(source.header)
        lower = _fixed(original)
        if "submitdate" not in lower:
            raise InputError(
                'no "submitdate" column: this does not look like a LimeSurvey export',
                path=spec.path,
                line=1,
                hint='use format = "csv" with a columns mapping instead',
            )
        structure = _structure(spec)
        rows = source.rows
        head = list(itertools.islice(rows, 1000))
        rows = itertools.chain(head, rows)
        index = {h: i for i, h in enumerate(original)}
        i_submit = index[lower["submitdate"]]
        dropped = {lower[d] for d in DROPPED if d in lower}
        wide, used, warned, extras = {}, set(dropped), {}, []
        uncounted = {}
        for question in spec.columns.values():
            if question in index:
                continue
            options, extra = wide_columns(original, question)
            if not options:
                continue
            options = _labelled(options, question, structure)
            cols = [index[h] for _, h in options]
            ranking = all(o.isdigit() for o, _ in options) and any(
                fold(values[i]) not in _TICKED | _UNTICKED for _, _, values in head if values[i_submit] for i in cols
            )
            others, mapped, warn = _other_plan(spec, question, extra)
            other_cols = [(index[h], h) for h in others]
            wide[question] = ([o for o, _ in options], cols, ranking, other_cols, mapped)
            warned.update(dict.fromkeys(warn, question))
            extras += extra
            used |= {h for _, h in options} | set(extra)
        keep = [i for i, h in enumerate(original) if h not in used]
        header = [original[i] for i in keep] + list(wide)
        skipped = {INCOMPLETE: 0}

        def collapsed():
            incomplete = 0
            try:
                for row, line, values in rows:
                    if not values[i_submit]:
                        incomplete += 1
                        continue
                    out = [values[i] for i in keep]
                    for options, cols, ranking, other_cols, mapped in wide.values():
                        for i, h in other_cols:
                            text = values[i].strip()
                            if text and (ranking or fold(text) not in mapped):
                                uncounted[h] = uncounted.get(h, 0) + 1
                        if ranking:
                            out.append(";".join(v for i in cols if (v := values[i].strip())))
                            continue
                        picked = []
                        for o, i in zip(options, cols):
                            cell = fold(values[i])
                            if cell in _TICKED:
                                picked.append(o)
                            elif cell not in _UNTICKED:
                                raise InputError(
                                    f"unexpected answer {values[i]!r} in a multiple-choice column",
                                    path=spec.path,
                                    row=row,
                                    line=line,
                                    column=original[i],
                                    hint='a ticked option is Y or 1 (LimeSurvey\'s "Convert Y to"), an unticked one blank, N or 0',
                                )
                        for i, _ in other_cols:
                            text = values[i].strip()
                            if text and fold(text) in mapped:
                                picked.append(mapped[fold(text)])
                        out.append(";".join(picked))
                    yield row, line, out
            finally:
                skipped[INCOMPLETE] = incomplete
                source.warnings.extend(
                    _other_warning(warned[h], h, n) for h, n in uncounted.items() if n and h in warned
                )

        source.header = header
        source.rows = collapsed()
        source.records = (Record(row, line, dict(zip(header, values))) for row, line, values in source.rows)
        source.skipped = skipped
        source.columns = {"submitted_at": lower["submitdate"]}
        if "id" in lower and lower["id"] != "id":
            source.columns["id"] = lower["id"]
        source.ignore = [h for h in lower.values() if h in header and h != lower["submitdate"]]
        source.ignore += extras  # columns the importer read itself: listing them under ignore is no typo
        source.multi_separator = ";" if wide else None
        # For bulk.py: the file's own header, and where each kept and each wide column is.
        source.wide = {"original": original, "keep": keep, "submit": i_submit, "questions": wide, "warned": warned}
        return source

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        return {"submitdate", "lastpage", "startlanguage"} <= set(_fixed(header))
