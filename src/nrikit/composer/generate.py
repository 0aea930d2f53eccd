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


def _words(text: str, sep: str = " ") -> tuple[str, ...]:
    return tuple(text.split(sep))


# -- people's and organisations' names ----------------------------------------------------------
# Seeded lists of common given names and surnames in Spanish, Portuguese and English, most common first
# (after national statistics offices' frequency lists: INE Spain/Chile/Peru, IBGE Brazil, US Census and
# UK ONS). Names are drawn with Zipf-like weights (see NAME_ZIPF_SHIFT), so common names repeat as in
# real registration lists: at global scale (2,040 people) about 3% of people share their full name.
FIRST_NAMES = {
    "es": {
        "woman": _words(
            "María Carmen Ana Laura Isabel Lucía Sofía Marta Paula Elena Valentina Camila Daniela Gabriela "
            "Patricia Rosa Claudia Andrea Natalia Verónica Silvia Alejandra Mariana Fernanda Julia Adriana "
            "Beatriz Lorena Pilar Teresa Ximena Catalina Florencia Josefina Milagros Rocío"
        ),
        "man": _words(
            "José Juan Carlos Luis Jorge Miguel Javier Manuel Pedro Diego Alejandro Fernando Andrés Pablo "
            "Ricardo Sergio Francisco Antonio Eduardo Raúl Roberto Mateo Santiago Sebastián Martín Gonzalo "
            "Ignacio Rodrigo Héctor Óscar Felipe Tomás Emilio Álvaro Cristián Matías"
        ),
    },
    "pt": {
        "woman": _words(
            "Maria Ana Francisca Antônia Adriana Juliana Márcia Fernanda Patrícia Aline Sandra Camila Amanda "
            "Bruna Jéssica Letícia Júlia Luciana Vanessa Mariana Gabriela Beatriz Larissa Renata Carla Tatiana "
            "Débora Raquel Helena Isabela"
        ),
        "man": _words(
            "José João Antônio Francisco Carlos Paulo Pedro Lucas Luiz Marcos Luis Gabriel Rafael Daniel "
            "Marcelo Bruno Eduardo Felipe Rodrigo Gustavo Thiago Fábio André Ricardo Leonardo Mateus Diego "
            "Vinícius Henrique Sérgio"
        ),
    },
    "en": {
        "woman": _words(
            "Mary Elizabeth Sarah Jennifer Emily Jessica Linda Susan Karen Lisa Nancy Margaret Emma Olivia "
            "Grace Hannah Rachel Laura Amy Michelle Rebecca Anna Catherine Helen Victoria Charlotte Sophie Lucy "
            "Alice Ruth Joy Faith Esther Priya Aisha Mercy Angela Deborah Stephanie Nicole Samantha Katherine "
            "Christine Amanda Melissa Jane Claire Fiona Naomi Zainab Fatima Ngozi Wanjiru Akosua Ananya Divya "
            "Mei Yuki Hana Lina Nadia Ingrid Astrid Chloe Zoe Megan Abigail Diana Irene"
        ),
        "man": _words(
            "James John Robert Michael William David Richard Joseph Thomas Daniel Paul Mark George Steven "
            "Andrew Peter Matthew Christopher Brian Kevin Samuel Benjamin Oliver Jack Harry Edward Simon "
            "Patrick Charles Henry Joshua Emmanuel Rahul Ahmed Kwame Tunde Anthony Kenneth Jason Ryan Gary "
            "Timothy Jeffrey Eric Stephen Jonathan Adam Alexander Nicholas Ian Alan Graham Neil Chinedu "
            "Oluwaseun Kofi Juma Arjun Vikram Hiroshi Kenji Wei Minh Omar Yusuf Lars Erik Pierre Tobias"
        ),
    },
}
SURNAMES = {
    "es": _words(
        "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández "
        "Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez "
        "Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias "
        "Medina Garrido Cortés Castillo Santos Lozano Guerrero Cano Prieto Méndez Cruz Flores Herrera Peña León "
        "Rojas Vargas Soto Contreras Silva Sepúlveda Quispe Mamani Huamán Chávez Reyes Aguilar"
    ),
    "pt": _words(
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho "
        "Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques "
        "Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira Araújo Pinto Correia Monteiro Moura "
        "Cavalcanti Batista Campos Rezende Azevedo Barros"
    ),
    "en": _words(
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson White "
        "Harris Martin Thompson Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams "
        "Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart "
        "Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly Howard Ward Cox Richardson Wood "
        "Watson Brooks Bennett Gray Hughes Price Sanders Patel Khan Singh Okafor Mensah Otieno Mwangi Nakamura "
        "Tanaka Nguyen Kim Müller Schmidt Dubois Kowalski Hall Lopez Foster Butler Barnes Fisher Henderson "
        "Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Wallace Woods Cole West Owens Marshall Ellis "
        "Gibson Russell Griffin Hayes Myers Ford Bryant Stevens Murray Ross Ferguson Knight Lawrence Mason Shaw "
        "Hunt Palmer Black Holmes Lloyd Fox Sharma Gupta Kumar Reddy Iyer Chatterjee Das Banerjee Ali Hussain "
        "Ahmed Rahman Chowdhury Okeke Adeyemi Eze Nwosu Ogunleye Boateng Asante Owusu Kamau Njoroge Ochieng "
        "Wanjiku Kariuki Abebe Tesfaye Sato Suzuki Takahashi Watanabe Ito Yamamoto Kobayashi Wang Li Zhang Liu "
        "Chen Yang Huang Tran Le Pham Reyes Cruz Bautista Ocampo Yilmaz Kaya Demir Nowak Wiśniewski Kovalenko "
        "Shevchenko Bondarenko Andersson Johansson Karlsson Nilsson Lindberg Weber Wagner Becker Hoffmann "
        "Schulz Bernard Petit Durand Leroy Moreau Laurent Lefebvre Mahlangu Nkosi Dlamini"
    ),
}
LANGUAGE_OF_COUNTRY = {"MX": "es", "AR": "es", "PE": "es", "CO": "es", "CL": "es", "BR": "pt"}
CITIES = {
    "BR": "São Paulo",
    "IN": "Bengaluru",
    "KE": "Nairobi",
    "DE": "Berlin",
    "US": "Boston",
    "JP": "Kyoto",
    "NG": "Lagos",
    "FR": "Lyon",
    "MX": "Guadalajara",
    "ID": "Jakarta",
    "ZA": "Cape Town",
    "EG": "Cairo",
    "AR": "Córdoba",
    "CN": "Shenzhen",
    "GB": "Manchester",
    "PE": "Arequipa",
    "CO": "Medellín",
    "PK": "Lahore",
    "BD": "Dhaka",
    "VN": "Hanoi",
    "PH": "Manila",
    "TR": "Ankara",
    "IR": "Tehran",
    "PL": "Kraków",
    "UA": "Kyiv",
    "CA": "Toronto",
    "AU": "Melbourne",
    "SE": "Stockholm",
    "CL": "Valparaíso",
    "GH": "Accra",
}
# Organisation names per stakeholder group and language, as real participant lists name them: ministries
# and regulators, telecoms and platforms, foundations and associations, registries and network operator
# groups, universities. {w} is a policy word, {s} a surname, {c} a city, {k} the country code.
ORG_PATTERNS = {
    "Government": {
        "es": ("Ministerio de {W}", "Subsecretaría de {W}", "Agencia Nacional de {W}", "Municipalidad de {c}"),
        "pt": ("Ministério de {W}", "Agência Nacional de {W}", "Secretaria de {W}", "Prefeitura de {c}"),
        "en": ("Ministry of {W}", "{W} Regulatory Authority", "Office of the {W} Commissioner", "{c} City Council"),
    },
    "Private sector": {
        "es": ("{s} Telecomunicaciones S.A.", "Grupo {s}", "{s} Digital SpA", "Redes {c} S.A."),
        "pt": ("{s} Telecom S.A.", "Grupo {s}", "{s} Tecnologia Ltda.", "{c} Data Center S.A."),
        "en": ("{s} Networks Ltd", "{s} & Partners LLP", "{s} Digital Inc.", "{c} Cloud Services"),
    },
    "Civil society": {
        "es": ("Fundación {s}", "Asociación por {W}", "Red Ciudadana de {c}", "Colectivo {W}"),
        "pt": ("Instituto {s}", "Associação de {W}", "Coletivo {W} {c}", "Fundação {s}"),
        "en": ("{W} Rights Foundation", "{c} Digital Rights Coalition", "Open {W} Initiative", "{s} Trust"),
    },
    "Technical community": {
        "es": ("NIC {k}", "Capítulo {k} de Internet Society", "Grupo de Operadores de Red de {c}", "Laboratorio {W}"),
        "pt": ("NIC.{k}", "Capítulo {k} da Internet Society", "Grupo de Operadores de Redes de {c}", "Rede {W}"),
        "en": ("{k} Network Information Centre", "Internet Society {k} Chapter", "{c} Internet Exchange", "{W} Labs"),
    },
    "Academia": {
        "es": ("Universidad de {c}", "Universidad {s}", "Instituto Tecnológico de {c}", "Centro de Estudios en {W}"),
        "pt": ("Universidade de {c}", "Universidade Federal de {c}", "Instituto {s} de Pesquisa", "Centro de {W}"),
        "en": ("University of {c}", "{c} Institute of Technology", "{s} College", "Centre for {W} Studies"),
    },
}
POLICY_WORDS = {
    "es": _words(
        "Telecomunicaciones|Transformación Digital|Datos Personales|Ciberseguridad|Innovación|"
        "Derechos Digitales|Inclusión Digital|Gobierno Electrónico|Ciencia y Tecnología",
        sep="|",
    ),
    "pt": _words(
        "Telecomunicações|Transformação Digital|Proteção de Dados|Cibersegurança|Inovação|Direitos Digitais|"
        "Inclusão Digital|Governo Digital|Ciência e Tecnologia",
        sep="|",
    ),
    "en": _words(
        "Communications|Digital Affairs|Data Protection|Cybersecurity|Innovation|Digital Rights|"
        "Digital Inclusion|Information|Science and Technology",
        sep="|",
    ),
}
NAME_ZIPF_SHIFT = 15  # name of rank r (0 = most common) has weight 1 / (r + NAME_ZIPF_SHIFT)
ORG_ZIPF_SHIFT = 5  # organisation of rank r (0 = largest) has weight 1 / (r + ORG_ZIPF_SHIFT)


def _zipf(n: int, shift: float) -> list[float]:
    """Cumulative Zipf-like weights, rank r (0 first) weighing 1 / (r + shift), for rng.choices."""
    out, total = [], 0.0
    for r in range(n):
        total += 1.0 / (r + shift)
        out.append(total)
    return out


class _Namer:
    """People's and organisations' names, drawn from their own random stream (so adding a name list
    changes no other column), most common names most often."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._cum: dict[int, list[float]] = {}

    def _pick(self, values):
        cum = self._cum.get(len(values))
        if cum is None:
            cum = self._cum[len(values)] = _zipf(len(values), NAME_ZIPF_SHIFT)
        return self.rng.choices(values, cum_weights=cum)[0]

    def person(self, country: str, gender: str) -> str:
        lang = LANGUAGE_OF_COUNTRY.get(country, "en")
        if gender not in ("woman", "man"):
            gender = self.rng.choice(("woman", "man"))
        first, surnames = self._pick(FIRST_NAMES[lang][gender]), SURNAMES[lang]
        if lang == "es" and self.rng.random() < 0.7:  # paternal and maternal surnames
            return f"{first} {self._pick(surnames)} {self._pick(surnames)}"
        if lang == "pt" and self.rng.random() < 0.5:
            return f"{first} {self._pick(surnames)} {self._pick(surnames)}"
        if lang == "en" and self.rng.random() < 0.5:  # a middle initial, as English-speaking lists often show
            return f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {self._pick(surnames)}"
        return f"{first} {self._pick(surnames)}"

    def organisation(self, stakeholder: str, country: str, taken: set) -> str:
        lang = LANGUAGE_OF_COUNTRY.get(country, "en")
        name = ""
        for _ in range(20):
            word = self.rng.choice(POLICY_WORDS[lang])
            name = self.rng.choice(ORG_PATTERNS[stakeholder][lang]).format(
                W=word, s=self._pick(SURNAMES[lang]), c=CITIES.get(country, country), k=country
            )
            if name not in taken:
                break
        n = 2
        base = name
        while name in taken:  # the same name twice would read as one organisation
            name, n = f"{base} {n}", n + 1
        taken.add(name)
        return name


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

    namer = _Namer(random.Random(f"nrikit-generate-names-{size.name}-{seed}"))
    orgs, taken = [], set()
    for i in range(size.organisations):
        stakeholder = STAKEHOLDERS[i % len(STAKEHOLDERS)]
        country = size.country if size.name == "nri" and i % 10 else rng.choice(COUNTRIES)
        orgs.append((f"o{i:04d}", namer.organisation(stakeholder, country, taken), stakeholder, country))
    _write(data / "organisations.csv", ["id", "name", "stakeholder", "country"], orgs)
    # Organisation sizes are Zipf-like: a few large ones (a ministry, a big platform, the registry), a long
    # tail of one- or two-person ones. Ranks are shuffled so the largest is not always o0000.
    ranks = list(range(len(orgs)))
    namer.rng.shuffle(ranks)
    by_rank = [orgs[r] for r in ranks]
    org_cum = _zipf(len(orgs), ORG_ZIPF_SHIFT)

    people, interest, nominations = [], [], []
    n_people = size.candidates + size.committee
    for i in range(n_people):
        pid = f"p{i:05d}"
        org = rng.choices(by_rank, cum_weights=org_cum)[0]
        gender = _weighted(rng, GENDERS)
        own = rng.sample(range(size.topics), rng.choice((2, 2, 3)))
        expertise = ";".join(topics[t][2].split(";")[0] for t in own)
        country = org[3] if rng.random() < 0.8 else rng.choice(COUNTRIES)
        people.append(
            (
                pid,
                namer.person(country, gender),
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
