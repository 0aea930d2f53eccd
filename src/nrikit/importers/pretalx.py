"""A pretalx (or any frab-compatible) schedule export: schedule.json.

One file feeds three inputs; the input's name says which table to take from it:

    [inputs.panels]      path = "schedule.json", format = "pretalx"   # one row per session
    [inputs.panellists]  path = "schedule.json", format = "pretalx"   # one row per speaker of a session
    [inputs.people]      path = "schedule.json", format = "pretalx"   # one row per speaker

Sessions become final panels with their room, start and end (start + duration);
their track is the topic, mapped to topic ids with values.topic = {"Track" = "t01"}.
Speakers are identified by their pretalx code; map codes to people known from the call or
the committee with values.person = {"NQTF8Y" = "p001"} under [inputs.panellists], or let
nrikit match them by e-mail when the export carries one (an organiser's export does, the
public schedule does not). A public schedule is not a consent record, nor does it say
where a speaker lives: each answer to a pretalx question is a column "question N" (N the
question's id), so columns = { consent_name = "question 17", country = "question 16" }
takes them from the speakers' answers; without such a mapping both stay unknown.
A session without speakers is kept (and warned about); days and rooms come from the
schedule, a session's day being the schedule's own local date (local_dates), not its UTC date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from ..errors import InputError
from . import Source
from .csvread import Record, clean_text

TABLES = {
    "panels": ["id", "topic", "round", "title", "starts", "ends", "room", "type", "language"],
    "panellists": ["panel", "person", "role", "remote", "email", "name"],
    "people": ["id", "name", "bio", "email"],
}


def _duration(text: str) -> dt.timedelta:
    m = re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2})", text or "")
    if not m:
        raise ValueError(f"duration {text!r} is not HH:MM")
    days, hours, minutes = m.groups()
    return dt.timedelta(days=int(days or 0), hours=int(hours), minutes=int(minutes))


class PretalxImporter:
    name = "pretalx"
    description = "pretalx / frab schedule JSON: sessions, speakers and who speaks where"

    def read(self, spec) -> Source:
        path = spec.path
        if spec.name not in TABLES:
            raise InputError(f"a pretalx schedule can feed {', '.join(TABLES)}, not {spec.name}", path=path)
        size = path.stat().st_size
        if size > spec.max_bytes:
            raise InputError(
                f"file is {size} bytes, over the limit of {spec.max_bytes}", path=path, hint="raise [inputs] max_bytes"
            )
        raw = path.read_bytes()
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02X})", path=path, line=raw[: exc.start].count(b"\n") + 1
            ) from None
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg}", path=path, line=exc.lineno, hint=f"at character {exc.colno}"
            ) from None
        except RecursionError:
            raise InputError("invalid JSON: nesting too deep", path=path) from None
        try:
            days = data["schedule"]["conference"]["days"]
        except (KeyError, TypeError):
            raise InputError(
                "no schedule.conference.days: not a pretalx/frab schedule export",
                path=path,
                hint="export it from pretalx: Schedule → Export → JSON (frab compatible)",
            ) from None
        self._questions: list[str] = []
        self._empty: list[str] = []
        rows = self._rows(spec, path, days)
        header = TABLES[spec.name] + (self._questions if spec.name == "people" else [])
        records = [Record(i, None, dict(zip(header, values))) for i, values in enumerate(rows, 1)]
        for r in records:
            for h in header:
                r.values.setdefault(h, "")
        if not records:
            raise InputError("the schedule holds no sessions", path=path)
        return Source(
            path=path,
            header=header,
            records=records,
            sha256=hashlib.sha256(raw).hexdigest(),
            format=spec.format,
            encoding="utf-8",
            ignore=["type", "language", "email", "name"] + self._questions,
            warnings=[f"session {t!r} has no speakers" for t in self._empty] if spec.name == "panels" else [],
        )

    def _rows(self, spec, path, days):
        out, seen_people = [], set()
        for d, day in enumerate(days):
            for room, talks in (day.get("rooms") or {}).items():
                for t, talk in enumerate(talks):
                    where = f"days[{d}].rooms[{room!r}][{t}]"
                    try:
                        code = str(talk.get("code") or talk["id"])
                        start = dt.datetime.fromisoformat(talk["date"])
                        end = start + _duration(talk.get("duration", "00:00"))
                        persons = talk.get("persons") or []
                    except (KeyError, TypeError, ValueError) as exc:
                        raise InputError(
                            f"session {where}: {exc if isinstance(exc, ValueError) else 'missing ' + str(exc)}",
                            path=path,
                        ) from None
                    if not persons:
                        self._empty.append(clean_text(talk.get("title") or code))
                    if spec.name == "panels":
                        out.append(
                            [
                                code,
                                clean_text(str(talk.get("track") or "")),
                                "final",
                                clean_text(talk.get("title") or ""),
                                start.isoformat(),
                                end.isoformat(),
                                clean_text(talk.get("room") or room),
                                clean_text(talk.get("type") or ""),
                                talk.get("language") or "",
                            ]
                        )
                    for p in persons:
                        pcode = str(p.get("code") or p.get("id") or "")
                        if not pcode:
                            raise InputError(f"session {where}: a speaker has no code", path=path)
                        name = clean_text(p.get("public_name") or p.get("name") or "")
                        email = clean_text(str(p.get("email") or ""))
                        if spec.name == "panellists":
                            out.append([code, pcode, "speaker", "no", email, name])
                        elif spec.name == "people" and pcode not in seen_people:
                            seen_people.add(pcode)
                            row = [pcode, name, clean_text(p.get("biography") or ""), email]
                            answers = {}
                            for a in p.get("answers") or []:
                                if isinstance(a, dict) and a.get("question") is not None:
                                    q = a["question"]
                                    q = q.get("id") if isinstance(q, dict) else q
                                    answers[f"question {q}"] = clean_text(str(a.get("answer") or ""))
                            for q in answers:
                                if q not in self._questions:
                                    self._questions.append(q)
                            out.append((row, answers))
        if spec.name == "people":
            return [row + [answers.get(q, "") for q in self._questions] for row, answers in out]
        return out

    def detect(self, path, head: bytes, header: list[str]) -> bool:
        return head.lstrip()[:1] == b"{" and b"schedule" in head


def local_dates(path) -> dict[str, str]:
    """{session code: its day as the schedule gives it}: the local date of the talk's `date`
    (2020-12-27T23:30:00-05:00 is the 27th, though it is the 28th in UTC)."""
    data = json.loads(path.read_bytes().decode("utf-8-sig"))
    out = {}
    for day in data["schedule"]["conference"]["days"]:
        for talks in (day.get("rooms") or {}).values():
            for talk in talks:
                code = str(talk.get("code") or talk.get("id"))
                out[code] = dt.datetime.fromisoformat(talk["date"]).date().isoformat()
    return out
