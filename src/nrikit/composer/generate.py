"""Synthetic editions at NRI and global-IGF scale, deterministic from a seed.

Everything is drawn from random.Random streams named after the size and seed, in a fixed
order, so the same seed and size write byte-identical files; the survey's ballots have a
stream of their own. All people are fictional
(example.org addresses). The edition uses the built-in IGF taxonomy, so it
runs without any country plugin.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from dataclasses import dataclass, replace
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


# Ballots (an approval survey): how many topics one ballot ticks, as a share of ballots. Most tick
# a handful and few tick many (public consultations of IGF initiatives report 3 to 5 on average).
CHOICES_PER_BALLOT = ((1, 14), (2, 16), (3, 18), (4, 15), (5, 12), (6, 9), (7, 6), (8, 4), (9, 3), (10, 3))
TOPIC_ZIPF = 0.6  # topic of popularity rank r drawn with weight 1 / r**0.6: a long tail of topics
BALLOT_GROUPS = (
    ("Civil society", 34),
    ("Technical community", 18),
    ("Academia", 20),
    ("Private sector", 16),
    ("Government", 12),
)
SURVEY_LAYOUTS = ("csv", "limesurvey")
# LimeSurvey's fixed columns (importers/limesurvey.py) and SGQA codes (survey x group x question).
LIMESURVEY_FIXED = (
    "id",
    "token",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
)
LIMESURVEY_GROUP_QUESTION = "726613X995X33059"
LIMESURVEY_TOPICS_QUESTION = "726613X995X33060"
TIMEZONES = {"JP": "Asia/Tokyo", "CL": "America/Santiago"}


def _write_ballots(data: Path, size: Size, seed: int, ids: list[str], year: int, layout: str) -> str:
    """The topic survey's ballots in data/survey.csv; returns the config's line(s) for the input.

    Drawn from a stream of their own, so changes elsewhere in the generator do not move them.
    Topic popularity is Zipf-like over a seeded order of the topics; each ballot ticks a number
    of topics drawn from CHOICES_PER_BALLOT and lists them in the form's order (as Google Forms
    and LimeSurvey export them). At global scale about half of the 200,000 ballots are distinct
    (about 100,000 distinct choice values), as in real approval surveys over 40 topics.

    layout "csv": id, submitted_at, stakeholder, choices ("t03;t17"). Layout "limesurvey": the
    same ballots as LimeSurvey's wide export (Export responses, question codes, answer codes):
    its fixed columns, the group as a list question, one column per topic (SGQA code plus SQ001...)
    holding Y or blank, and about 2 % more responses, incomplete (no submitdate), that the import
    leaves out: the complete responses are the csv layout's ballots, in the same order.
    """
    if layout not in SURVEY_LAYOUTS:
        raise ValueError(f"unknown survey layout {layout!r}")
    rng = random.Random(f"nrikit-generate-{size.name}-{seed}-ballots")
    order = list(ids)
    rng.shuffle(order)
    weight = {t: 1 / (r + 1) ** TOPIC_ZIPF for r, t in enumerate(order)}
    topic_cum = list(itertools.accumulate(weight[t] for t in ids))
    ks, k_weights = zip(*CHOICES_PER_BALLOT)
    k_cum = list(itertools.accumulate(k_weights))
    groups, group_weights = zip(*BALLOT_GROUPS)
    group_cum = list(itertools.accumulate(group_weights))
    positions = range(len(ids))
    opened = dt.datetime(year, 4, 1)
    span = 28 * 86400
    path = data / "survey.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        if layout == "csv":
            w = csv.writer(f)
            w.writerow(["id", "submitted_at", "stakeholder", "choices"])
        else:
            w = csv.writer(f, quoting=csv.QUOTE_ALL)  # LimeSurvey quotes every field
            w.writerow(
                [*LIMESURVEY_FIXED, LIMESURVEY_GROUP_QUESTION]
                + [f"{LIMESURVEY_TOPICS_QUESTION}SQ{j + 1:03d}" for j in range(len(ids))]
            )
        choice, randrange = rng.choices, rng.randrange
        extra, response = random.Random(f"nrikit-generate-{size.name}-{seed}-limesurvey"), 0
        for b in range(size.ballots):
            k = min(choice(ks, cum_weights=k_cum)[0], len(ids))
            picked = set()
            while len(picked) < k:
                picked.update(choice(positions, cum_weights=topic_cum, k=k - len(picked)))
            when = opened + dt.timedelta(seconds=randrange(span))
            group = choice(groups, cum_weights=group_cum)[0]
            if layout == "csv":
                w.writerow((f"s{b:06d}", when.isoformat() + "Z", group, ";".join(ids[j] for j in sorted(picked))))
                continue
            # Abandoned responses (no submitdate, perhaps a few ticks) come in between, from a
            # stream of their own: the complete responses are the csv layout's ballots.
            while extra.random() < 0.02:
                response += 1
                begun = opened + dt.timedelta(seconds=extra.randrange(span))
                ticks = set(extra.sample(positions, extra.randint(0, 3)))
                w.writerow(
                    [
                        response,
                        "",
                        "",
                        1,
                        "en",
                        extra.randrange(10**9),
                        begun.isoformat(sep=" "),
                        begun.isoformat(sep=" "),
                    ]
                    + ["", "", ""]
                    + ["Y" if j in ticks else "" for j in range(len(ids))]
                )
            response += 1
            stamp = when.isoformat(sep=" ")
            started = (when - dt.timedelta(seconds=60 + extra.randrange(600))).isoformat(sep=" ")
            w.writerow(
                [response, "", stamp, 2, "en", extra.randrange(10**9), started, stamp, "", ""]
                + [group]
                + ["Y" if j in picked else "" for j in range(len(ids))]
            )
    if layout == "csv":
        return 'survey = "data/survey.csv"'
    mapping = ", ".join(f'SQ{j + 1:03d} = "{t}"' for j, t in enumerate(ids))
    return (
        "\n[inputs.survey]  # LimeSurvey's wide export: one Y/blank column per topic\n"
        'path = "data/survey.csv"\n'
        'format = "limesurvey"\n'
        f'timezone = "{TIMEZONES.get(size.country, "UTC")}"\n'
        "max_bytes = 500_000_000\n"
        f'columns = {{ choices = "{LIMESURVEY_TOPICS_QUESTION}", stakeholder = "{LIMESURVEY_GROUP_QUESTION}" }}\n'
        f"values.choices = {{ {mapping} }}"
    )


def generate_edition(
    out: Path,
    size: Size,
    *,
    seed: int = 0,
    compose: bool = True,
    survey_layout: str = "csv",
    ballots: int | None = None,
) -> Path:
    if ballots is not None:
        size = replace(size, ballots=ballots)
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
    survey_input = _write_ballots(data, size, seed, ids, year, survey_layout)
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
{chr(10).join(f'{name} = "data/{file_of.get(name, name)}.csv"' for name in inputs if name != "survey")}
{survey_input}

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
