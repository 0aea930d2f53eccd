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
