"""Synthetic editions at NRI and global-IGF scale, deterministic from a seed.

Everything is drawn from one random.Random(seed) in a fixed order, so the same
seed and size write byte-identical files. All people are fictional
(example.org addresses). The edition uses the built-in IGF taxonomy, so it
runs without any country plugin.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

STAKEHOLDERS = ("Government", "Private sector", "Civil society", "Technical community", "Academia")
GENDERS = (("woman", 45), ("man", 47), ("non_binary", 4), ("not_stated", 4))
COUNTRIES = (
    "BR",
    "IN",
    "KE",
    "DE",
    "US",
    "JP",
    "NG",
    "FR",
    "MX",
    "ID",
    "ZA",
    "EG",
    "AR",
    "CN",
    "GB",
    "PE",
    "CO",
    "PK",
    "BD",
    "VN",
    "PH",
    "TR",
    "IR",
    "PL",
    "UA",
    "CA",
    "AU",
    "SE",
    "CL",
    "GH",
)
WORDS = (
    "access",
    "connectivity",
    "privacy",
    "data",
    "security",
    "cybercrime",
    "rights",
    "expression",
    "ai",
    "ethics",
    "trade",
    "consumer",
    "standards",
    "dns",
    "infrastructure",
    "inclusion",
    "gender",
    "youth",
    "climate",
    "health",
    "education",
    "media",
    "platforms",
    "encryption",
    "identity",
    "payments",
    "cloud",
    "spectrum",
    "satellites",
    "languages",
    "accessibility",
    "labour",
    "taxation",
    "competition",
    "peace",
    "elections",
    "children",
    "open-source",
    "interoperability",
    "governance",
)


@dataclass(frozen=True)
class Size:
    name: str
    registrations: int
    ballots: int
    candidates: int
    sessions: int
    topics: int
    organisations: int
    committee: int
    days: int
    slots_per_day: int
    min_size: int
    max_size: int
    max_per_org: int
    country: str


SIZES = {
    "nri": Size("nri", 400, 2_000, 120, 12, 15, 60, 8, 2, 4, 3, 5, 6, "CL"),
    "global": Size("global", 10_000, 200_000, 2_000, 300, 40, 800, 40, 4, 8, 3, 5, 12, "JP"),
}


def _write(path: Path, header, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


def generate_edition(out: Path, size: Size, *, seed: int = 0, compose: bool = True) -> Path:
    rng = random.Random(f"nrikit-generate-{size.name}-{seed}")
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data"
    data.mkdir(exist_ok=True)
    year = 2030
    start = dt.date(year, 6, 10)

    topics = []
    for j in range(size.topics):
        w = WORDS[j % len(WORDS)]
        topics.append((f"t{j + 1:02d}", f"Topic {j + 1}: {w}", f"{w}-{j + 1};{w}", f"Sessions on {w}."))
    _write(data / "topics.csv", ["id", "title", "tags", "description"], topics)

    orgs = [
        (
            f"o{i:04d}",
            f"Organisation {i}",
            STAKEHOLDERS[i % len(STAKEHOLDERS)],
            size.country if size.name == "nri" and i % 10 else rng.choice(COUNTRIES),
        )
        for i in range(size.organisations)
    ]
    _write(data / "organisations.csv", ["id", "name", "stakeholder", "country"], orgs)

    people, interest, nominations = [], [], []
    n_people = size.candidates + size.committee
    for i in range(n_people):
        pid = f"p{i:05d}"
        org = orgs[rng.randrange(len(orgs))]
        gender = _weighted(rng, GENDERS)
        own = rng.sample(range(size.topics), rng.choice((2, 2, 3)))
        expertise = ";".join(topics[t][2].split(";")[0] for t in own)
        country = org[3] if rng.random() < 0.8 else rng.choice(COUNTRIES)
        people.append(
            (
                pid,
                f"Person {i}",
                f"person{i}@example.org",
                "",
                gender,
                "",
                org[0],
                country,
                expertise,
                "",
                "yes",
                "yes",
                "no",
            )
        )
        if i >= size.committee:
            interest.append(
                (f"i{i:05d}", f"{year}-03-{1 + i % 28:02d}T10:00:00Z", pid, org[0], org[2], "speaker", expertise)
            )
            if rng.random() < 0.3:
                t = topics[own[0]][0]
                nominations.append(
                    (
                        pid,
                        t,
                        f"p{rng.randrange(size.committee):05d}",
                        rng.randint(1, 10),
                        "yes" if rng.random() < 0.2 else "no",
                        "yes" if rng.random() < 0.3 else "no",
                    )
                )
        else:
            interest.append(
                (f"i{i:05d}", f"{year}-02-{1 + i % 28:02d}T10:00:00Z", pid, org[0], org[2], "committee", expertise)
            )
    _write(
        data / "people.csv",
        [
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
        ],
        people,
    )
    _write(
        data / "interest.csv",
        ["id", "submitted_at", "person", "organisation", "stakeholder", "role_sought", "expertise"],
        interest,
    )
    _write(data / "nominations.csv", ["person", "topic", "nominated_by", "score", "remote", "newcomer"], nominations)
    committee = [
        (f"p{i:05d}", people[i][6], "secretariat" if i == 0 else "member", f"{year}-04-01")
        for i in range(size.committee)
    ]
    _write(data / "committee.csv", ["person", "organisation", "role", "joined"], committee)

    ids = [t[0] for t in topics]
    popularity = [rng.random() + 0.2 for _ in ids]
    ballots = []
    for b in range(size.ballots):
        # Up to five choices, never more than there are topics (else the draw below never ends).
        k = min(rng.randint(1, 5), len(ids))
        picked = []
        while len(picked) < k:
            t = rng.choices(ids, popularity)[0]
            if t not in picked:
                picked.append(t)
        ballots.append((f"s{b:06d}", f"{year}-04-{1 + b % 28:02d}T12:00:00Z", STAKEHOLDERS[b % 5], ";".join(picked)))
    _write(data / "survey.csv", ["id", "submitted_at", "stakeholder", "choices"], ballots)
    votes = [
        (t, f"p{m:05d}", "yes" if rng.random() < 0.85 else rng.choice(("no", "abstain")))
        for t in ids
        for m in range(size.committee)
    ]
    _write(data / "votes.csv", ["topic", "member", "vote"], votes)

    # Sessions: round-robin over topics, in parallel rooms over days x slots of 60 minutes.
    slots = [(d, k) for d in range(size.days) for k in range(size.slots_per_day)]
    rooms = -(-size.sessions // len(slots))
    panels, panellists = [], []
    by_topic = {}
    for p in people[size.committee :]:
        for tag in p[8].split(";"):
            by_topic.setdefault(tag, []).append(p[0])
    for n in range(size.sessions):
        d, k = slots[n % len(slots)]
        topic = topics[n % size.topics]
        day = start + dt.timedelta(days=d)
        begins = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=75 * k)
        ends = begins + dt.timedelta(minutes=60)
        room = f"Room {n // len(slots) + 1}"
        panels.append(
            (
                f"s{n + 1:03d}",
                topic[0],
                "final",
                f"{topic[1]} ({n + 1})",
                begins.isoformat(timespec="minutes"),
                ends.isoformat(timespec="minutes"),
                room,
            )
        )
        # A hand-made first draft: the first free people with the topic's tag, as a committee might pick.
        draft_id = f"d{n + 1:03d}"
        panels.append((draft_id, topic[0], "draft-1", f"{topic[1]} ({n + 1}, draft)", "", "", ""))
        pool = by_topic.get(topic[2].split(";")[0], [])
        chosen = rng.sample(pool, min(len(pool), rng.randint(size.min_size, size.max_size)))
        for r, pid in enumerate(chosen):
            panellists.append((draft_id, pid, "moderator" if r == 0 else "speaker", "no"))
    del rooms
    _write(data / "panels.csv", ["id", "topic", "round", "title", "starts", "ends", "room"], panels)
    _write(data / "panellists.csv", ["panel", "person", "role", "remote"], panellists)

    regs = []
    for r in range(size.registrations):
        regs.append(
            (
                f"r{r:06d}",
                f"Participant {r}",
                f"participant{r}@example.org",
                _weighted(rng, GENDERS),
                STAKEHOLDERS[rng.randrange(5)],
                "remote" if rng.random() < 0.35 else "in_person",
                "yes" if rng.random() < 0.7 else "no",
            )
        )
    _write(data / "attendance.csv", ["id", "name", "email", "gender", "stakeholder", "mode", "attended"], regs)
    _write(
        data / "sponsors.csv",
        ["name", "role", "content_role", "in_kind", "amount", "currency"],
        [("Sponsor A", "funding", "no", "no", 50000, "USD"), ("Sponsor B", "venue", "no", "yes", 20000, "USD")],
    )
    _write(
        data / "budget.csv",
        ["item", "amount", "currency", "funded_by"],
        [("Venue", 20000, "USD", "Sponsor B"), ("Streaming", 15000, "USD", "Sponsor A")],
    )

    config = out / f"{size.name}-{seed}.toml"
    inputs = (
        "organisations",
        "people",
        "interest",
        "committee",
        "topics",
        "survey",
        "votes",
        "panels",
        "panellists",
        "attendance",
        "sponsors",
        "budget",
        "nominations",
    )
    file_of = {"attendance": "attendance", "interest": "interest"}
    config.write_text(
        f"""# Synthetic edition generated by `nrikit generate --size {size.name} --seed {seed}`. All people are fictional.
[nri]
name = "Synthetic {size.name.upper()} Forum"
acronym = "SYN-{size.name.upper()}"
country = "{size.country}"
kind = "{"national" if size.name == "nri" else "regional"}"

[edition]
year = {year}
start = {start.isoformat()}
end = {(start + dt.timedelta(days=size.days - 1)).isoformat()}
city = "Synthetic City"

[inputs]
{chr(10).join(f'{name} = "data/{file_of.get(name, name)}.csv"' for name in inputs)}

[call]
opened = {year}-01-15
deadline = {year}-03-31
channels = ["website", "mailing list"]

[committee]
formed = {year}-04-01

[survey]
method = "approval"
binding = false
approval = "simple_majority"
topics_to_select = {size.topics}

[panels]
min_size = {size.min_size}
max_size = {size.max_size}
min_stakeholder_groups = 2
gender_rule = "mixed"
max_sessions_per_speaker = 3
max_sessions_per_organisation = {size.max_per_org}
compose = {"true" if compose else "false"}
lottery_seed = {seed}
compose_time_limit = 60

[event]
streamed = true
remote_participation = true
""",
        encoding="utf-8",
    )
    return config
