#!/usr/bin/env python3
"""Regenerate the illustrative EuroDIG 2024 (Vilnius) example CSVs in 2024/.

    python configs/eurodig/make_example.py

Deterministic (random.Random(2024)). Every person is fictional; so is every organisation
except the host (RRT), the EuroDIG secretariat and YOUthDIG. README.md beside this file says
which config values are public facts.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent / "2024"

ORGANISATIONS = [
    ("eurodig", "EuroDIG Support Association (secretariat)", "Civil society", "CH"),
    ("rrt", "Communications Regulatory Authority of the Republic of Lithuania (RRT)", "Government", "LT"),
    ("youthdig", "YOUthDIG (EuroDIG youth programme)", "Civil society", ""),
    ("gov-ministry", "Example Digital Ministry", "Government", "EE"),
    ("gov-agency", "Example Cybersecurity Agency", "Government", "DE"),
    ("igo-example", "Example Intergovernmental Organisation", "Intergovernmental organisation", "FR"),
    ("biz-telco", "Example Telecom", "Private sector", "PL"),
    ("biz-platform", "Example Platform", "Private sector", "IE"),
    ("cs-rights", "Example Digital Rights NGO", "Civil society", "NL"),
    ("cs-consumers", "Example Consumer Association", "Civil society", "IT"),
    ("tc-registry", "Example ccTLD Registry", "Technical community", "LV"),
    ("tc-ixp", "Example Internet Exchange", "Technical community", "SE"),
    ("ac-university", "Example University", "Academia", "LT"),
    ("ac-institute", "Example Policy Institute", "Academia", "UA"),
]
# The call for issues' categories (fact), with illustrative submission counts summing to 83 (fact: total).
CATEGORIES = [
    ("access", "Access & literacy", "access;digital-literacy", 10),
    ("ig-ecosystem", "Development of IG ecosystem", "internet-governance;multistakeholder", 12),
    ("human-rights", "Human rights", "human-rights;privacy", 15),
    ("innovation", "Innovation and economic issues", "ai;data-economy", 13),
    ("media", "Media & content", "disinformation;platforms", 11),
    ("security", "Security and crime", "cybersecurity;cybercrime", 12),
    ("technical", "Technical & operational issues", "infrastructure;dns", 6),
    ("cross-cutting", "Cross cutting / other issues", "sustainability;internet-governance", 4),
]
COUNTRIES = ["LT", "EE", "LV", "PL", "DE", "FR", "IT", "NL", "SE", "IE", "UA", "GE", "RS", "PT", "ES", "FI", "AM", "CH"]
FIRST = {"woman": ["Aiste", "Birgit", "Chiara", "Dorota", "Elena", "Femke", "Greta", "Hanna", "Ines", "Jurgita",
                   "Karin", "Laura", "Mariam", "Nina", "Olena", "Paula", "Rasa", "Sofia", "Tamar", "Ugne"],
         "man": ["Andrius", "Bram", "Carlos", "Dawid", "Erik", "Florian", "Giorgi", "Hugo", "Ivan", "Jonas",
                 "Kristaps", "Luca", "Marko", "Niklas", "Oskar", "Pedro", "Rokas", "Stefan", "Tomas", "Vahe"]}


def write(out: Path, name, header, rows):
    with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main(out: Path = HERE):
    """Write the example CSVs to `out` (the test suite writes them to a temporary folder and compares)."""
    out = Path(out)
    rng = random.Random(2024)
    out.mkdir(parents=True, exist_ok=True)
    write(out, "organisations", ["id", "name", "stakeholder", "country"], ORGANISATIONS)
    orgs = [o[0] for o in ORGANISATIONS]
    home = {o[0]: o[3] for o in ORGANISATIONS}
    people = []
    for i in range(40):
        gender = "woman" if i % 2 == 0 else "man"
        org = "youthdig" if i >= 32 else orgs[i % len(orgs)]
        country = COUNTRIES[(i * 5) % len(COUNTRIES)] if org == "youthdig" or i % 3 == 0 else home[org]
        pid = f"e{i + 1:03d}"
        people.append([pid, f"{FIRST[gender][i // 2]} Example", f"{pid}@example.org", "", gender, "",
                       org, country, "", "", "yes", "yes", "yes" if i % 4 else "no"])
    by_id = {p[0]: p for p in people}

    # Organising team (illustrative): secretariat, host, and members from four more countries.
    team = [("e001", "eurodig", "secretariat"), ("e002", "rrt", "coordinator"), ("e004", "gov-ministry", "member"),
            ("e007", "biz-telco", "member"), ("e011", "tc-registry", "member"), ("e013", "ac-university", "member")]
    write(out, "committee", ["person", "organisation", "role", "joined"],
          [[p, o, r, "2023-09-28"] for p, o, r in team])

    write(out, "topics", ["id", "title", "tags", "description"],
          [[cid, title, tags, "Call for issues category."] for cid, title, tags, _ in CATEGORIES])
    ballots, n = [], 0
    groups = ["Civil society", "Government", "Private sector", "Technical community", "Academia"]
    for cid, _, _, count in CATEGORIES:
        for _ in range(count):
            n += 1
            day = 1 + (n * 7) % 90
            month, dom = (10, day) if day <= 31 else ((11, day - 31) if day <= 61 else (12, day - 61))
            ballots.append([f"s{n:03d}", f"2023-{month:02d}-{dom:02d}T10:00:00Z", rng.choice(groups), cid])
    rng.shuffle(ballots)
    write(out, "survey", ["id", "submitted_at", "stakeholder", "choices"], sorted(ballots))
    # Submitters who ticked "want to become member of an organizing team?" (illustrative share).
    write(out, "interest", ["id", "submitted_at", "person", "organisation", "stakeholder", "role_sought", "expertise"],
          [[f"i{b[0]}", b[1], "", "", b[2], "committee", ""] for b in sorted(ballots)[::3]])

    # One session per category: a moderator and 3-4 panellists, always a YOUthDIGer except in
    # the technical session; the security session leans on one country.
    panels, panellists = [], []
    speakers = [p for p in people if p[6] != "youthdig" and p[0] not in {t[0] for t in team}]
    youth = [p for p in people if p[6] == "youthdig"]
    times = [("2024-06-17T11:00", "2024-06-17T12:30"), ("2024-06-17T14:00", "2024-06-17T15:30"),
             ("2024-06-18T09:30", "2024-06-18T11:00"), ("2024-06-18T11:30", "2024-06-18T13:00"),
             ("2024-06-18T14:30", "2024-06-18T16:00"), ("2024-06-19T09:30", "2024-06-19T11:00"),
             ("2024-06-19T11:30", "2024-06-19T13:00"), ("2024-06-19T14:00", "2024-06-19T15:30")]
    for k, (cid, title, tags, _) in enumerate(CATEGORIES):
        pid = f"eurodig24-{k + 1}"
        panels.append([pid, cid, "final", title, *times[k], "Main hall" if k % 2 == 0 else "Workshop room"])
        chosen = [speakers[(k * 3 + j) % len(speakers)] for j in range(3)]
        if cid == "security":
            for p in chosen:
                p[7] = "DE"
        if cid != "technical":
            chosen.append(youth[k % len(youth)])
        moderator = people[(k * 7 + 2) % 32]
        while moderator in chosen or moderator[0] in {t[0] for t in team}:
            moderator = people[(people.index(moderator) + 1) % 32]
        panellists.append([pid, moderator[0], "moderator", "no"])
        for p in chosen:
            panellists.append([pid, p[0], "speaker", "yes" if p[7] in ("UA", "AM", "GE") else "no"])
            p[8] = ";".join(sorted(set(filter(None, p[8].split(";"))) | set(tags.split(";"))))
    write(out, "people", ["id", "name", "email", "phone", "gender", "gender_text", "organisation", "country", "expertise",
                     "bio", "consent_name", "consent_org", "consent_bio"], people)
    write(out, "panels", ["id", "topic", "round", "title", "starts", "ends", "room"], panels)
    write(out, "panellists", ["panel", "person", "role", "remote"], panellists)

    attendance = []
    for i in range(1, 201):
        attendance.append([f"r{i:04d}", f"Participant Example {i}", f"r{i:04d}@example.org",
                           rng.choices(["woman", "man", "non_binary", "not_stated"], [47, 47, 2, 4])[0],
                           rng.choice(groups), rng.choices(["in_person", "remote"], [60, 40])[0],
                           "yes" if rng.random() < 0.9 else "no"])
    write(out, "attendance", ["id", "name", "email", "gender", "stakeholder", "mode", "attended"], attendance)
    write(out, "sponsors", ["name", "role", "content_role", "in_kind", "amount", "currency"],
          [["Communications Regulatory Authority of the Republic of Lithuania (RRT)", "host", "no", "yes", "", ""]])
    assert len(ballots) == 83 and by_id


if __name__ == "__main__":
    main()
