#!/usr/bin/env python3
"""Write 2017/forms/registrations-google-forms.csv: the 2017 registrations as a Google Forms export.

It shows that IGF Perú's registrations can come straight from the form's sheet
(Spanish interface, day-first timestamps with "p. m." and "GMT-5", Spanish
answers, two people who submitted twice) and import to the same figures as
2017/attendance.csv. Used by configs/peru/2017-google-forms.toml. Deterministic.
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENDER = {"woman": "Mujer", "man": "Hombre", "non_binary": "No binario", "not_stated": "Prefiero no decir"}
MODE = {"in_person": "Presencial", "remote": "Virtual (transmisión en vivo)"}
HEADER = ["Marca temporal", "Dirección de correo electrónico", "Nombre y apellidos", "Género",
          "¿A qué sector pertenece?", "Modalidad de participación", "Asistió"]


def stamp(t: datetime) -> str:
    hour = t.hour % 12 or 12
    return f"{t.day:02d}/{t.month:02d}/{t.year} {hour}:{t.minute:02d}:{t.second:02d} {'a. m.' if t.hour < 12 else 'p. m.'} GMT-5"


def main() -> None:
    rng = random.Random(2017)
    with open(HERE / "2017" / "attendance.csv", newline="", encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    t = datetime(2017, 5, 2, 9, 0, 0)
    rows = []
    for i, p in enumerate(people):
        t += timedelta(seconds=rng.randint(600, 20000))
        row = [stamp(t), p["email"], p["name"], GENDER[p["gender"]], p["stakeholder"], MODE[p["mode"]],
               "Sí" if p["attended"] == "yes" else "No"]
        if i in (4, 57):
            # This person registered twice: the first time as remote, then changed their mind.
            first = list(row)
            first[0] = stamp(t - timedelta(days=3))
            first[5] = MODE["remote" if p["mode"] == "in_person" else "in_person"]
            rows.append(first)
        rows.append(row)
    out = HERE / "2017" / "forms" / "registrations-google-forms.csv"
    out.parent.mkdir(exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        w.writerows(rows)


if __name__ == "__main__":
    main()
