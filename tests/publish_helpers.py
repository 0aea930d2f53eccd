"""Helpers for the publish tests: the Peru editions copied to a temporary folder, 2017 with canaries.

Every private field of the 2017 workspace is replaced by a unique canary
string (names and bios only where the person did not consent to publishing
them; consented ones become recognisable "Pubname"/"Pubbio" controls that
must appear). The tests then prove no canary reaches public.db or anything
Datasette serves.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

PERU = Path(__file__).resolve().parents[1] / "configs" / "peru"
CANARY = "zqcanary"  # every text canary contains it; no real text does


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def copy_peru(target: Path) -> Path:
    shutil.copytree(PERU, target, ignore=shutil.ignore_patterns(".nrikit"))
    return target


def plant_canaries(peru: Path) -> dict:
    """Rewrite configs/peru/2017's CSVs with canaries; returns what was planted."""
    folder = peru / "2017"
    planted = {
        "text": [],
        "phones": [],
        "timestamps": [],
        "consented_names": [],
        "consented_bios": [],
        "person_ids": [],
    }
    people = _read(folder / "people.csv")
    for i, p in enumerate(people):
        tag = f"{CANARY}{i:03d}"
        planted["person_ids"].append(p["id"])
        yes = lambda v: v.strip().lower() in ("yes", "1", "true", "si", "sí")  # noqa: E731
        if yes(p["consent_name"]):
            p["name"] = f"Pubname{i:03d} Persona"
            planted["consented_names"].append(p["name"])
        else:
            p["name"] = f"Nombre {tag}n"
        p["email"] = f"{tag}e@example.org"
        p["phone"] = f"+51 977 {i:03d} 4{i:02d}"
        planted["phones"].append(p["phone"])
        p["gender_text"] = f"{tag}g"
        if yes(p["consent_name"]) and yes(p["consent_bio"]):
            p["bio"] = f"Pubbio{i:03d} texto publico."
            planted["consented_bios"].append(p["bio"])
        else:
            p["bio"] = f"Bio {tag}b"
        planted["text"] += [f"{tag}n", f"{tag}e", f"{tag}g", f"{tag}b"]
    _write(folder / "people.csv", people)
    attendance = _read(folder / "attendance.csv")
    for i, a in enumerate(attendance):
        a["name"] = f"Asistente {CANARY}r{i:04d}"
        a["email"] = f"{CANARY}r{i:04d}@example.net"
        if i % 7 == 3:
            # Not a category: stored as self_described plus the private registrations.gender_text.
            a["gender"] = f"{CANARY}r{i:04d}g"
    # The file's name goes into the private import_log (which is never published).
    (folder / "attendance.csv").unlink()
    _write(folder / f"attendance-{CANARY}f.csv", attendance)
    config = peru / "2017.toml"
    text = config.read_text(encoding="utf-8")
    assert 'attendance = "2017/attendance.csv"' in text
    config.write_text(
        text.replace('attendance = "2017/attendance.csv"', f'attendance = "2017/attendance-{CANARY}f.csv"'),
        encoding="utf-8",
    )
    for name in ("interest", "survey"):
        rows = _read(folder / f"{name}.csv")
        planted["timestamps"] += [r["submitted_at"] for r in rows if r["submitted_at"]]
    return planted


def leaks(text: str, planted: dict) -> list[str]:
    """Canaries found in a response body or file text."""
    import re

    found = []
    if CANARY in text.lower():
        i = text.lower().index(CANARY)
        found.append(text[max(0, i - 40) : i + 40])
    found += [p for p in planted["phones"] if p in text]
    found += [t for t in planted["timestamps"] if t in text]
    ids = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, planted["person_ids"])) + r")(?![\w-])")
    found += [m.group(0) for m in ids.finditer(text)][:3]
    return found
