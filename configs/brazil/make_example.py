#!/usr/bin/env python3
"""Regenerate the illustrative FIB15 (Fórum da Internet no Brasil 2025) example CSVs in 2025/.

    python configs/brazil/make_example.py

Deterministic (random.Random(2025)). Every person and organisation except NIC.br is
fictional; README.md beside this file says which config values are public facts.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent / "2025"
GOV, EMP, TER, CCT = "Setor governamental", "Setor empresarial", "Terceiro setor", "Comunidade científica e tecnológica"

ORGANISATIONS = [
    ("nic-br", "Núcleo de Informação e Coordenação do Ponto BR (NIC.br)", "Comunidade técnica", "BR"),
    ("gov-estado", "Secretaria Estadual de Ciência e Tecnologia (ilustrativa)", GOV, "BR"),
    ("gov-agencia", "Agência Reguladora Exemplo", GOV, "BR"),
    ("gov-municipio", "Prefeitura Municipal Exemplo", GOV, "BR"),
    ("emp-provedor", "Provedor Regional Exemplo", EMP, "BR"),
    ("emp-plataforma", "Plataforma Digital Exemplo", EMP, "BR"),
    ("emp-associacao", "Associação Empresarial Exemplo", EMP, "BR"),
    ("ter-direitos", "Instituto Exemplo de Direitos Digitais", TER, "BR"),
    ("ter-coletivo", "Coletivo Exemplo de Inclusão Digital", TER, "BR"),
    ("ter-rede", "Rede Exemplo de Mulheres na Tecnologia", TER, "BR"),
    ("cct-universidade", "Universidade Federal Exemplo", CCT, "BR"),
    ("cct-instituto", "Instituto de Pesquisa Exemplo", CCT, "BR"),
    ("cct-laboratorio", "Laboratório Exemplo de Redes", CCT, "BR"),
    ("int-ong", "Example International NGO", TER, "AR"),
]
ORG_OF_SECTOR = {
    "gov": ["gov-estado", "gov-agencia", "gov-municipio"],
    "emp": ["emp-provedor", "emp-plataforma", "emp-associacao"],
    "ter": ["ter-direitos", "ter-coletivo", "ter-rede", "int-ong"],
    "cct": ["cct-universidade", "cct-instituto", "cct-laboratorio", "nic-br"],
}
FIRST = {"woman": ["Ana", "Beatriz", "Carla", "Daniela", "Elisa", "Fernanda", "Gabriela", "Helena", "Iara", "Juliana",
                   "Larissa", "Marina", "Natália", "Patrícia", "Renata"],
         "man": ["André", "Bruno", "Caio", "Diego", "Eduardo", "Felipe", "Gustavo", "Henrique", "Igor", "João",
                 "Lucas", "Marcelo", "Otávio", "Paulo", "Rafael"]}
SURNAMES = ["Almeida", "Barbosa", "Cardoso", "Dias", "Esteves", "Freitas", "Gomes", "Honorato", "Inácio",
            "Jardim", "Lacerda", "Macedo", "Nogueira", "Oliveira", "Pacheco", "Queiroz", "Rezende"]
TOPICS = [  # id, title, tags, mean quality used to draw illustrative scores
    ("w01", "Inteligência artificial e direitos fundamentais", "ai;human-rights", 4.6),
    ("w02", "Conectividade significativa na Amazônia", "access;connectivity", 4.5),
    ("w03", "Proteção de dados pessoais no setor público", "privacy;data-protection", 4.2),
    ("w04", "Desinformação e integridade da informação", "disinformation;platforms", 4.1),
    ("w05", "Segurança cibernética para pequenos provedores", "cybersecurity;infrastructure", 3.9),
    ("w06", "Governança da Internet e o modelo multissetorial do CGI.br", "internet-governance;multistakeholder", 3.9),
    ("w07", "Mulheres e diversidade na tecnologia", "gender;inclusion", 2.9),
    ("w08", "Economia de dados e concorrência", "competition;data-economy", 3.0),
    ("w09", "Educação digital nas escolas públicas", "digital-literacy;education", 2.6),
    ("w10", "Redes comunitárias e espectro", "community-networks;access", 2.4),
]


def write(out: Path, name, header, rows):
    with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main(out: Path = HERE):
    """Write the example CSVs to `out` (the test suite writes them to a temporary folder and compares)."""
    out = Path(out)
    rng = random.Random(2025)
    out.mkdir(parents=True, exist_ok=True)
    write(out, "organisations", ["id", "name", "stakeholder", "country"], ORGANISATIONS)
    tags = [t for _, _, ts, _ in TOPICS for t in ts.split(";")]
    people, n = [], 0
    sectors = ["gov", "emp", "ter", "cct"] * 8
    for i, sector in enumerate(sectors):
        gender = "woman" if (i + i // 4) % 2 == 0 else "man"
        first = FIRST[gender][(i // 2) % 15]
        org = ORG_OF_SECTOR[sector][(i // 4) % len(ORG_OF_SECTOR[sector])]
        n += 1
        pid = f"b{n:03d}"
        expertise = ";".join(sorted({tags[(i * 3) % len(tags)], tags[(i * 3 + 1) % len(tags)], tags[(i * 7) % len(tags)]}))
        # Names never contain the person id: ids are private links to the workspace.
        people.append([pid, f"{first} {SURNAMES[i % len(SURNAMES)]} Exemplo", f"{pid}@example.org", "", gender, "", org,
                       "AR" if org == "int-ong" else "BR", expertise, "", "yes", "yes", i % 3 != 0 and "yes" or "no"])
    assert len({p[1] for p in people}) == len(people), "names must be unique"
    by_sector = {s: [p for p, sec in zip(people, sectors) if sec == s] for s in ("gov", "emp", "ter", "cct")}

    # Programme committee: two seats per sector (illustrative); the business sector's second seat is vacant.
    # NIC.br's member holds the secretariat and one of the scientific and technological seats.
    nic = next(p for p in by_sector["cct"] if p[6] == "nic-br")
    committee = [by_sector["gov"][0], by_sector["gov"][1], by_sector["emp"][0],
                 by_sector["ter"][0], by_sector["ter"][1], by_sector["cct"][0], nic]
    rows = [[p[0], p[6], "secretariat" if p is nic else "member", "2024-07-01"] for p in committee]
    write(out, "committee", ["person", "organisation", "role", "joined"], rows)
    evaluators = [p[0] for p in committee]

    write(out, "topics", ["id", "title", "tags", "description"],
          [[tid, title, tg, "Proposta de workshop ilustrativa (90 minutos)."] for tid, title, tg, _ in TOPICS])
    scores = []
    for k, (tid, _, _, quality) in enumerate(TOPICS):
        for evaluator in rng.sample(evaluators, 3):  # three evaluators per proposal (illustrative)
            scores.append([tid, evaluator, max(1, min(5, round(quality + rng.uniform(-0.5, 0.5))))])
    write(out, "scores", ["topic", "evaluator", "score"], scores)

    interest = []
    for k, (tid, title, tg, _) in enumerate(TOPICS):
        proposer = people[8 + k]
        interest.append([f"e{k + 1:02d}", f"2024-{8 + k // 4:02d}-{10 + k:02d}T12:00:00Z", proposer[0], proposer[6],
                         next(o[2] for o in ORGANISATIONS if o[0] == proposer[6]), "speaker", tg])
    write(out, "interest", ["id", "submitted_at", "person", "organisation", "stakeholder", "role_sought", "expertise"], interest)

    # Six workshops for the six best proposals; every workshop draws on the four sectors,
    # except w05, whose proposer could not confirm a government panellist.
    panels, panellists = [], []
    day = ["2025-05-27", "2025-05-27", "2025-05-28", "2025-05-28", "2025-05-29", "2025-05-29"]
    slot = [("09:00", "10:30"), ("14:00", "15:30")] * 3
    used = set(evaluators)
    pool = {s: [p for p in by_sector[s] if p[0] not in used] for s in by_sector}
    for k, (tid, title, _, _) in enumerate(TOPICS[:6]):
        pid = f"fib15-{tid}"
        panels.append([pid, tid, "final", title, f"{day[k]}T{slot[k][0]}", f"{day[k]}T{slot[k][1]}", f"Sala {k % 2 + 1}"])
        sectors_here = ["emp", "ter", "cct"] if tid == "w05" else ["gov", "emp", "ter", "cct"]
        members = [pool[s][k % len(pool[s])] for s in sectors_here]
        candidates = [p for s in ("ter", "cct", "gov", "emp") for p in pool[s] if p not in members]
        moderator = candidates[(k * 5) % len(candidates)]
        panellists.append([pid, moderator[0], "moderator", "no"])
        for m in members:
            panellists.append([pid, m[0], "speaker", "yes" if m[7] != "BR" else "no"])
            # Proposers invite speakers who work on the workshop's theme.
            m[8] = ";".join(sorted(set(m[8].split(";")) | set(TOPICS[k][2].split(";"))))
    write(out, "people", ["id", "name", "email", "phone", "gender", "gender_text", "organisation", "country", "expertise",
                     "bio", "consent_name", "consent_org", "consent_bio"], people)
    write(out, "panels", ["id", "topic", "round", "title", "starts", "ends", "room"], panels)
    write(out, "panellists", ["panel", "person", "role", "remote"], panellists)

    attendance = []
    for i in range(1, 121):
        gender = rng.choices(["woman", "man", "non_binary", "not_stated"], [48, 46, 2, 4])[0]
        sector = rng.choice([GOV, EMP, TER, CCT])
        attendance.append([f"r{i:04d}", f"Participante Exemplo {i}", f"r{i:04d}@example.org", gender, sector,
                           rng.choices(["in_person", "remote"], [70, 30])[0], "yes" if rng.random() < 0.85 else "no"])
    write(out, "attendance", ["id", "name", "email", "gender", "stakeholder", "mode", "attended"], attendance)
    write(out, "sponsors", ["name", "role", "content_role", "in_kind", "amount", "currency"],
          [["NIC.br", "organisation and funding, on behalf of CGI.br", "no", "no", "", ""]])


if __name__ == "__main__":
    main()
