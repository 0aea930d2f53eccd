"""Real pretalx schedules (tests/fixtures/exports/pretalx/, copied from the public voc/schedule
repository's validator examples; see its README) imported from config alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from edition_helpers import ok, query, run

PRETALX = Path(__file__).parent / "fixtures" / "exports" / "pretalx"
RC3_TRACKS = {
    "Muc - about_future": "future",
    "HH ChaosTrawler": "trawler",
    "MON r3s Rhein VHS": "r3s",
    "BAM franconian": "franconian",
    "Ennepetal CWTV": "cwtv",
}
HEAD = """[nri]
name = "Schedule test"
acronym = "ST"
country = "DE"
kind = "national"

[edition]
year = 2020
start = {start}
end = {end}
"""


def schedule_edition(tmp_path, fixture, tracks, start, end, people_from_schedule=True, extra=""):
    shutil.copy(PRETALX / fixture, tmp_path / "schedule.json")
    (tmp_path / "topics.csv").write_text(
        "id,title\n" + "".join(f"{t},{name}\n" for name, t in tracks.items()), encoding="utf-8"
    )
    values = "{ " + ", ".join(f'"{k}" = "{v}"' for k, v in tracks.items()) + " }"
    people = '[inputs.people]\npath = "schedule.json"\nformat = "pretalx"\n\n' if people_from_schedule else ""
    config = tmp_path / "edition.toml"
    config.write_text(
        HEAD.format(start=start, end=end)
        + '\n[inputs]\ntopics = "topics.csv"\n\n'
        + people
        + f'[inputs.panels]\npath = "schedule.json"\nformat = "pretalx"\nvalues.topic = {values}\n\n'
        '[inputs.panellists]\npath = "schedule.json"\nformat = "pretalx"\n' + extra,
        encoding="utf-8",
    )
    return config


def test_rc3_schedule_sessions_speakers_days_rooms_and_no_invented_figures(tmp_path):
    # the edition says 27-29 December; the schedule also has sessions on the 30th
    config = schedule_edition(tmp_path, "pretalx-rc3.json", RC3_TRACKS, "2020-12-27", "2020-12-29")
    out = ok(config)
    assert "panels         48 read, 48 imported" in out
    assert query(config, "SELECT count(*), count(DISTINCT room) FROM panels WHERE round = 'final'") == [(48, 5)]
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    assert facts["sessions"] == "48" and facts["speakers"] == "56"
    assert facts["days"] == "4"  # from the schedule, not the config's three
    # a public schedule says nothing of where speakers live nor of their consent: unknown, not invented
    assert "speakers_international" not in facts
    assert query(config, "SELECT count(*) FROM people WHERE country IS NOT NULL OR consent_name") == [(0,)]
    findings = [m for (m,) in query(config, "SELECT message FROM findings WHERE rule = 'panel_schedule'")]
    no_speakers = [m for m in findings if m.endswith("has no speakers")]
    assert no_speakers == ["session 'Ethical Hackers + Investigative Journos… GAME OVER?' has no speakers"]
    outside = [m for m in findings if "outside the edition" in m]
    assert outside and all("is dated 2020-12-30, outside the edition (2020-12-27 to 2020-12-29)" in m for m in outside)
    assert "session 'Ethical Hackers + Investigative Journos… GAME OVER?' has no speakers" in out  # import warning


def test_democon_speakers_linked_to_the_calls_people_by_email_and_mapping(tmp_path):
    tracks = {"Phased": "phased", "Horizontal": "horizontal"}
    config = schedule_edition(
        tmp_path,
        "pretalx-democon.json",
        tracks,
        "2020-12-14",
        "2020-12-16",
        people_from_schedule=False,
        extra='values.person = { "XHSHNG" = "p002" }\n',
    )
    # an organiser's export carries the speakers' e-mails: added here to the public file's speakers
    data = json.loads((tmp_path / "schedule.json").read_text(encoding="utf-8"))
    codes = {}
    for day in data["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            for talk in talks:
                for p in talk["persons"]:
                    codes[p["code"]] = p["public_name"]
                    if p["code"] != "XHSHNG":
                        p["email"] = f"{p['code'].lower()}@Example.org"
    (tmp_path / "schedule.json").write_text(json.dumps(data), encoding="utf-8")
    rows = ["id,name,email,country"]
    for i, (code, name) in enumerate(sorted(codes.items()), 3):
        rows.append(f"p{i:03d},{name},{code.lower()}@example.org,{'DE' if i % 3 else 'AR'}")
    rows.append("p002,Jordan Parks,jordan@example.org,BR")
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    config.write_text(config.read_text().replace("[inputs]\n", '[inputs]\npeople = "people.csv"\n', 1))
    ok(config)
    linked = query(config, "SELECT count(DISTINCT person_id) FROM panellists WHERE person_id LIKE 'p0%'")
    assert linked == [(27,)]
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    international = query(
        config,
        "SELECT count(DISTINCT pp.person_id) FROM panellists pp JOIN people p ON p.id = pp.person_id "
        "WHERE p.country != 'DE'",
    )[0][0]
    assert facts["speakers"] == "27" and facts["speakers_international"] == str(international) and international > 0


def test_an_unknown_speaker_code_names_the_mapping_to_add(tmp_path):
    config = schedule_edition(
        tmp_path,
        "pretalx-democon.json",
        {"Phased": "phased", "Horizontal": "horizontal"},
        "2020-12-14",
        "2020-12-16",
        people_from_schedule=False,
    )
    (tmp_path / "people.csv").write_text("id,name\np001,Someone\n", encoding="utf-8")
    config.write_text(config.read_text().replace("[inputs]\n", '[inputs]\npeople = "people.csv"\n', 1))
    result = run("run", config)
    assert result.exit_code == 1
    assert "unknown person" in result.output


def _with_answers(path):
    """rC3's speakers, each given an answer to a country question (901) and to a consent question
    (902), as an organiser's export carries them; returns {code: (name, country, consent)}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    speakers = {}
    for day in data["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            for talk in talks:
                for p in talk["persons"]:
                    speakers.setdefault(p["code"], p)
    out = {}
    for i, (code, p) in enumerate(sorted(speakers.items())):
        country, consent = ("AR" if i % 4 == 0 else "DE"), ("Yes" if i % 2 == 0 else "No")
        out[code] = (p["public_name"], country, consent)
    for day in data["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            for talk in talks:
                for p in talk["persons"]:
                    _, country, consent = out[p["code"]]
                    p["answers"] = [
                        *(p.get("answers") or []),
                        {"question": 901, "answer": country},
                        {"question": {"id": 902}, "answer": consent},
                    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    return out


def _published(config, tmp_path) -> str:
    site = tmp_path / "site"
    result = run("publish", config, "--out", site)
    assert result.exit_code == 0, result.output
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in site.rglob("*") if f.is_file())


def test_speakers_country_and_consent_only_from_configured_answers(tmp_path):
    config = schedule_edition(tmp_path, "pretalx-rc3.json", RC3_TRACKS, "2020-12-27", "2020-12-30")
    speakers = _with_answers(tmp_path / "schedule.json")
    names = [n for n, _, _ in speakers.values() if len(n) >= 6]

    # the answers are in the export, but nobody said which question is which: nothing is taken from them
    ok(config)
    assert query(config, "SELECT count(*) FROM people WHERE country IS NOT NULL OR consent_name") == [(0,)]
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    assert facts["speakers"] == "56" and "speakers_international" not in facts
    site = _published(config, tmp_path)
    assert [n for n in names if n in site] == []

    # mapped: country and consent are the speakers' own answers, counted exactly
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            '[inputs.people]\npath = "schedule.json"\nformat = "pretalx"\n',
            '[inputs.people]\npath = "schedule.json"\nformat = "pretalx"\n'
            'columns = { country = "question 901", consent_name = "question 902" }\n',
        ),
        encoding="utf-8",
    )
    ok(config)
    got = dict(query(config, "SELECT id, country FROM people"))
    assert got == {code: country for code, (_, country, _) in speakers.items()}
    consenting = {code for code, (_, _, consent) in speakers.items() if consent == "Yes"}
    assert {c for (c,) in query(config, "SELECT id FROM people WHERE consent_name")} == consenting
    international = sum(country != "DE" for _, country, _ in speakers.values())
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    assert international == 14 and facts["speakers_international"] == "14"
    site = _published(config, tmp_path)
    refused = [speakers[c][0] for c in speakers if c not in consenting and len(speakers[c][0]) >= 6]
    assert [n for n in refused if n in site] == []
    assert all(speakers[c][0] in site for c in consenting)  # the 28 who said yes are named


def test_days_are_the_schedules_local_dates_not_utc(tmp_path):
    # DemoCon moved to a western time zone (-05:00), each day's last session at 21:30 local time:
    # 02:30 the next day in UTC, yet still on the day the schedule gives it
    config = schedule_edition(
        tmp_path, "pretalx-democon.json", {"Phased": "phased", "Horizontal": "horizontal"}, "2020-12-14", "2020-12-16"
    )
    data = json.loads((tmp_path / "schedule.json").read_text(encoding="utf-8"))
    late = []
    for day in data["schedule"]["conference"]["days"]:
        talks = [t for ts in day["rooms"].values() for t in ts]
        for t in talks:
            t["date"] = t["date"].replace("+01:00", "-05:00")
        talks[-1]["date"] = day["date"] + "T21:30:00-05:00"
        late.append(str(talks[-1].get("code") or talks[-1]["id"]))
    data["schedule"]["conference"]["time_zone_name"] = "America/Bogota"
    (tmp_path / "schedule.json").write_text(json.dumps(data), encoding="utf-8")
    ok(config)
    stored = dict(query(config, "SELECT id, starts FROM panels"))
    assert [stored[c][:10] for c in late] == ["2020-12-15", "2020-12-16", "2020-12-17"]  # kept in UTC
    facts = dict(query(config, "SELECT key, value FROM event_facts"))
    assert facts["days"] == "3"
    findings = [m for (m,) in query(config, "SELECT message FROM findings WHERE rule = 'panel_schedule'")]
    assert [m for m in findings if "outside the edition" in m] == []


def test_days_of_a_csv_programme_in_its_own_time_zone(tmp_path):
    config = schedule_edition(
        tmp_path, "pretalx-democon.json", {"Phased": "phased", "Horizontal": "horizontal"}, "2020-12-14", "2020-12-16"
    )
    (tmp_path / "panels.csv").write_text(
        "id,topic,title,starts,ends\n"
        "s1,phased,Opening,2020-12-14 09:00,2020-12-14 10:00\n"
        "s2,phased,Closing,2020-12-16 21:30,2020-12-16 22:30\n",
        encoding="utf-8",
    )
    text = config.read_text(encoding="utf-8")
    text = text[: text.index("[inputs.panels]")] + '[inputs.panels]\npath = "panels.csv"\ntimezone = "America/Lima"\n'
    config.write_text(text, encoding="utf-8")
    ok(config)
    assert dict(query(config, "SELECT id, starts FROM panels"))["s2"].startswith("2020-12-17T02:30")
    findings = [m for (m,) in query(config, "SELECT message FROM findings WHERE rule = 'panel_schedule'")]
    assert [m for m in findings if "outside the edition" in m] == []
