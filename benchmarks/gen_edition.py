"""A synthetic edition at a chosen scale (default: global IGF scale), for the report benchmark.

    .venv/bin/python benchmarks/gen_edition.py OUT_DIR [--registrations 10000] [--sessions 300] ...

Writes OUT_DIR/edition.toml and its CSV inputs. Deterministic (random.Random(seed)); every
person is fictional (example.org). Uses the built-in IGF taxonomy, so it needs no plugin.
Scale defaults follow a global IGF: ~10,000 participants, 300 sessions of 5 panellists,
800 organisations, a 40-member committee, 40 candidate topics.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

GROUPS = ("Government", "Private sector", "Civil society", "Technical community", "Academia")
COUNTRIES = ("JP", "BR", "IN", "KE", "DE", "US", "NG", "FR", "MX", "ID", "ZA", "AR", "PE", "CO", "GB")

CONFIG = """\
[nri]
name = "Synthetic Global Internet Governance Forum"
acronym = "SynIGF"
country = "JP"
kind = "regional"

[edition]
year = 2030
start = 2030-06-10
end = 2030-06-13
city = "Kyoto"
venue = "Conference centre"
coordinator = "Organisation 0"

[inputs]
organisations = "data/organisations.csv"
people = "data/people.csv"
interest = "data/interest.csv"
committee = "data/committee.csv"
topics = "data/topics.csv"
survey = "data/survey.csv"
votes = "data/votes.csv"
panels = "data/panels.csv"
panellists = "data/panellists.csv"
attendance = "data/attendance.csv"
sponsors = "data/sponsors.csv"
budget = "data/budget.csv"

[call]
opened = 2030-01-10
deadline = 2030-02-28
channels = ["website", "mailing list"]

[committee]
formed = 2030-03-05
secretariat_method = "consensus"

[survey]
method = "approval"
binding = false
approval = "simple_majority"
topics_to_select = {topics_selected}

[panels]
min_size = 3
max_size = 7
max_sessions_per_speaker = 3

[event]
streamed = true
remote_participation = true
"""


def _write(path: Path, header, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def generate(out: Path, *, registrations=10_000, sessions=300, panel_size=5, organisations=800, committee=40,
             topics=40, ballots=20_000, seed=0) -> Path:
    rng = random.Random(f"nrikit-report-bench-{seed}")
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    (out / "edition.toml").write_text(CONFIG.format(topics_selected=min(topics, 30)), encoding="utf-8")
    orgs = [(f"o{i}", f"Organisation {i}", GROUPS[i % 5], "JP" if i % 3 == 0 else rng.choice(COUNTRIES)) for i in range(organisations)]
    _write(data / "organisations.csv", ["id", "name", "stakeholder", "country"], orgs)
    tags = [f"tag{j}" for j in range(topics)]
    _write(data / "topics.csv", ["id", "title", "tags", "description"],
           [(f"t{j}", f"Topic {j}", tags[j], f"Sessions on topic {j}.") for j in range(topics)])
    speakers = sessions * panel_size // 2 + committee  # each speaker sits on about two panels
    people = []
    for i in range(speakers):
        org = orgs[i % organisations]
        people.append((f"p{i}", f"Person {i:05d} Example", f"p{i}@example.org", "", "woman" if i % 2 else "man", "", org[0], org[3],
                       ";".join(tags), "", "yes" if i % 10 else "no", "yes", "no"))
    _write(data / "people.csv", ["id", "name", "email", "phone", "gender", "gender_text", "organisation", "country",
                                 "expertise", "bio", "consent_name", "consent_org", "consent_bio"], people)
    _write(data / "interest.csv", ["id", "submitted_at", "person", "organisation", "stakeholder", "role_sought", "expertise"],
           [(f"e{i}", "2030-02-01T10:00:00Z", "", orgs[i % organisations][0], GROUPS[i % 5],
             ("committee", "speaker", "participant")[i % 3], "") for i in range(2_000)])
    _write(data / "committee.csv", ["person", "organisation", "role", "joined"],
           [(f"p{i}", orgs[i % organisations][0], "secretariat" if i == 0 else "member", "2030-03-05") for i in range(committee)])
    _write(data / "survey.csv", ["id", "submitted_at", "stakeholder", "choices"],
           [(f"s{i}", "2030-04-01T10:00:00Z", GROUPS[i % 5], ";".join(rng.sample(tags and [f"t{j}" for j in range(topics)], 3)))
            for i in range(ballots)])
    _write(data / "votes.csv", ["topic", "member", "vote"],
           [(f"t{j}", f"p{i}", "yes" if (i + j) % 4 else "no") for j in range(topics) for i in range(committee)])
    panels, seats = [], []
    for s in range(sessions):
        day, slot = divmod(s, sessions // 4 + 1)
        hour = 9 + slot % 8
        panels.append((f"s{s}", f"t{s % topics}", "final", f"Session {s} on topic {s % topics}",
                       f"2030-06-{10 + day}T{hour:02d}:00", f"2030-06-{10 + day}T{hour:02d}:50", f"Room {slot // 8}"))
        chosen = [(s * panel_size + k) % (speakers - committee) + committee for k in range(panel_size)]
        for k, p in enumerate(chosen):
            seats.append((f"s{s}", f"p{p}", "moderator" if k == 0 else "speaker", "yes" if (s + k) % 9 == 0 else "no"))
    _write(data / "panels.csv", ["id", "topic", "round", "title", "starts", "ends", "room"], panels)
    _write(data / "panellists.csv", ["panel", "person", "role", "remote"], seats)
    _write(data / "attendance.csv", ["id", "name", "email", "gender", "stakeholder", "mode", "attended"],
           [(f"r{i}", f"Attendee {i:05d} Example", f"r{i}@example.org", ("woman", "man", "non_binary", "not_stated")[i % 4 if i % 20 == 0 else i % 2],
             GROUPS[i % 5], "remote" if i % 4 == 0 else "in_person", "no" if i % 12 == 0 else "yes") for i in range(registrations)])
    _write(data / "sponsors.csv", ["name", "role", "content_role", "in_kind", "amount", "currency"],
           [(f"Sponsor {i}", "funding", "no", "no", 10_000 + i, "USD") for i in range(25)])
    _write(data / "budget.csv", ["item", "amount", "currency", "funded_by"],
           [(f"Item {i}", 1_000 + i, "USD", f"Sponsor {i % 25}") for i in range(60)])
    return out / "edition.toml"


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--registrations", type=int, default=10_000)
    ap.add_argument("--sessions", type=int, default=300)
    ap.add_argument("--ballots", type=int, default=20_000)
    a = ap.parse_args()
    print(generate(a.out, registrations=a.registrations, sessions=a.sessions, ballots=a.ballots))
