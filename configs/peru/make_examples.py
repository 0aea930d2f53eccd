#!/usr/bin/env python3
"""Regenerate (or check) the bundled Peru IGF 2016/2017 example CSVs.

Usage (from anywhere; paths are relative to this file):

    python configs/peru/make_examples.py           # write 2016/*.csv and 2017/*.csv
    python configs/peru/make_examples.py --check   # regenerate in memory, compare byte for
                                                   # byte with the committed files, then
                                                   # re-read the files and check the totals

Only the standard library is used. Everything is deterministic: the single source of
randomness is random.Random(2017), consumed in a fixed order.

What is a fact and what is illustrative is documented in README.md next to this file.
Facts from the review (Hiperderecho, "New guys in the neighbourhood", GISWatch 2017) that this
script must reproduce are asserted in check(): 21 distinct panellists on 4 final panels in
2016, 36 on 7 in 2017, 40 attendees in 2016, 173 attendees (105 men, 68 women) in 2017, the
committee compositions, and the sponsors.

All people are fictional. Names carry an obvious marker surname (Ejemplo, Ficticio/Ficticia,
Muestra, Prueba, Modelo, Ilustrativo/Ilustrativa, Example), e-mails use example.org /
example.pe and phones use the +CC 900 0YY NNN pattern (YY = edition year).
"""

from __future__ import annotations

import csv
import io
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent

GOB, SP, SC, CT, AC = "Gobierno", "Sector privado", "Sociedad civil", "Comunidad técnica", "Academia"
LABELS = (GOB, SP, SC, CT, AC)

HEADERS = {
    "organisations": ["id", "name", "stakeholder", "country"],
    "people": ["id", "name", "email", "phone", "gender", "gender_text", "organisation", "country",
               "expertise", "bio", "consent_name", "consent_org", "consent_bio"],
    "interest": ["id", "submitted_at", "person", "organisation", "stakeholder", "role_sought",
                 "expertise"],
    "committee": ["person", "organisation", "role", "joined"],
    "topics": ["id", "title", "tags", "description"],
    "survey": ["id", "submitted_at", "stakeholder", "choices"],
    "votes": ["topic", "member", "vote"],
    "panels": ["id", "topic", "round", "title", "starts", "ends", "room"],
    "panellists": ["panel", "person", "role", "remote"],
    "attendance": ["id", "name", "email", "gender", "stakeholder", "mode", "attended"],
    "sponsors": ["name", "role", "content_role", "in_kind", "amount", "currency"],
    "budget": ["item", "amount", "currency", "funded_by"],
    "session_reports": ["session", "moderator", "rapporteur", "key_issues", "summary", "way_forward", "submitted"],
}

PHONE_CC = {"PE": "+51", "AR": "+54", "BR": "+55", "MX": "+52", "US": "+1", "UY": "+598"}

# --------------------------------------------------------------------------------------------
# Organisations. Stakeholder groups of the organisations named in the review are facts
# (see README); the others are illustrative ("Ejemplo"/"Ficticio" in the name).
# --------------------------------------------------------------------------------------------
ORGS = {
    # named in the review
    "hiperderecho": ("Hiperderecho", SC, "PE"),
    "congreso": ("Congreso de la República", GOB, "PE"),
    "mre": ("Ministerio de Relaciones Exteriores", GOB, "PE"),
    "pucp": ("Pontificia Universidad Católica del Perú", AC, "PE"),
    "entel": ("Entel Perú", SP, "PE"),
    "apesoft": ("Asociación Peruana de Software", SP, "PE"),
    "ongawa": ("ONGAWA", SC, "PE"),
    "isoc-peru": ("Capítulo Peruano de Internet Society (ISOC Perú)", SC, "PE"),
    "rcp": ("Red Científica Peruana", CT, "PE"),
    "dn-consultores": ("DN Consultores", SP, "PE"),
    "ddi": ("Democracia y Desarrollo Internacional", SC, "PE"),
    "google": ("Google", SP, "US"),
    "facebook": ("Facebook", SP, "US"),
    "alai": ("Asociación Latinoamericana de Internet (ALAI)", SP, "UY"),
    "icann": ("Internet Corporation for Assigned Names and Numbers (ICANN)", CT, "US"),
    # government bodies mentioned in the review's background (or generic); their presence on
    # panels is illustrative
    "mtc": ("Ministerio de Transportes y Comunicaciones", GOB, "PE"),
    "segdi": ("Secretaría de Gobierno Digital", GOB, "PE"),
    "mininter": ("Ministerio del Interior", GOB, "PE"),
    "anpdp": ("Autoridad Nacional de Protección de Datos Personales", GOB, "PE"),
    "indecopi": ("Instituto Nacional de Defensa de la Competencia y de la Protección de la "
                 "Propiedad Intelectual (Indecopi)", GOB, "PE"),
    # illustrative organisations
    "isp-ejemplo": ("Operadora Ejemplo de Telecomunicaciones S.A.C.", SP, "PE"),
    "seguridad-ejemplo": ("Empresa Ejemplo de Seguridad Informática S.A.C.", SP, "PE"),
    "contenidos-ejemplo": ("Proveedora Ejemplo de Contenidos Digitales S.A.", SP, "PE"),
    "camara-ejemplo": ("Cámara Ejemplo de Comercio Electrónico", SP, "PE"),
    "fintech-ejemplo": ("Fintech Ejemplo S.A.C.", SP, "PE"),
    "colectivo-ejemplo": ("Colectivo Ejemplo por los Derechos Digitales", SC, "PE"),
    "periodistas-ejemplo": ("Asociación Ejemplo de Periodistas Digitales", SC, "PE"),
    "mujeres-tec-ejemplo": ("Colectivo Ejemplo de Mujeres en Tecnología", SC, "PE"),
    "uni-ficticia": ("Universidad Ficticia del Sur", AC, "PE"),
    "uni-ingenieria-ejemplo": ("Universidad Ejemplo de Ingeniería", AC, "PE"),
    "ingenieros-ejemplo": ("Asociación Ejemplo de Ingenieros de Redes", CT, "PE"),
    "obs-ar-ejemplo": ("Observatorio Ejemplo de Derechos Digitales", SC, "AR"),
    "inst-br-ficticio": ("Instituto Ficticio de Pesquisa sobre Internet", AC, "BR"),
    "red-mx-ejemplo": ("Red Ejemplo de Defensoras Digitales", SC, "MX"),
}

ORGS_2016 = ["hiperderecho", "congreso", "mre", "pucp", "entel", "apesoft", "ongawa",
             "isoc-peru", "rcp", "google", "mtc", "segdi", "anpdp", "isp-ejemplo",
             "seguridad-ejemplo", "contenidos-ejemplo", "colectivo-ejemplo",
             "periodistas-ejemplo", "uni-ficticia", "ingenieros-ejemplo"]
ORGS_2017 = ["isoc-peru", "ddi", "hiperderecho", "rcp", "dn-consultores", "congreso", "mtc",
             "segdi", "mininter", "anpdp", "indecopi", "entel", "apesoft", "google",
             "facebook", "alai", "icann", "isp-ejemplo", "seguridad-ejemplo", "camara-ejemplo",
             "fintech-ejemplo", "pucp", "uni-ficticia", "uni-ingenieria-ejemplo", "ongawa",
             "colectivo-ejemplo", "periodistas-ejemplo", "mujeres-tec-ejemplo",
             "ingenieros-ejemplo", "obs-ar-ejemplo", "inst-br-ficticio", "red-mx-ejemplo"]

# --------------------------------------------------------------------------------------------
# Topics (titles, tags and descriptions are illustrative)
# --------------------------------------------------------------------------------------------
TOPICS_2016 = [
    ("t01", "Acceso a internet en zonas rurales", "access;connectivity;rural",
     "Infraestructura, despliegue de redes y asequibilidad fuera de Lima."),
    ("t02", "Protección de datos personales", "privacy;data-protection",
     "Aplicación de la Ley 29733, consentimiento y derechos de los titulares."),
    ("t03", "Ciberseguridad y ciberdelito", "cybersecurity;cybercrime",
     "Capacidades nacionales, respuesta a incidentes y ley de delitos informáticos."),
    ("t04", "Gobierno digital y datos abiertos", "digital-government;open-data",
     "Servicios públicos en línea, interoperabilidad y publicación de datos."),
    ("t05", "Neutralidad de red", "net-neutrality;regulation",
     "Gestión de tráfico, zero rating y el rol del regulador."),
    ("t06", "Libertad de expresión en internet", "freedom-of-expression;human-rights",
     "Responsabilidad de intermediarios, retiro de contenidos y derechos en línea."),
    ("t07", "Comercio electrónico", "e-commerce;digital-economy",
     "Pagos, confianza del consumidor y emprendimiento digital."),
    ("t08", "Gobernanza de internet: ¿qué es y quién participa?",
     "internet-governance;multistakeholder",
     "El modelo multisectorial y el ecosistema del IGF, para el público local."),
]
SELECTED_2016 = ["t01", "t02", "t03", "t06"]          # = survey top 4 (binding survey)

TOPICS_2017 = [
    ("t01", "Acceso y conectividad: cerrando la brecha digital",
     "access;connectivity;digital-divide",
     "Despliegue de infraestructura, asequibilidad y brecha urbano-rural."),
    ("t02", "Protección de datos personales y privacidad", "privacy;data-protection",
     "Datos personales en plataformas, vigilancia y cumplimiento de la Ley 29733."),
    ("t03", "Ciberseguridad: hacia una política nacional", "cybersecurity;cybercrime",
     "Quién formula la política de ciberseguridad y cómo participan los demás sectores."),
    ("t04", "Gobierno digital y datos abiertos", "digital-government;open-data",
     "Servicios públicos digitales, transparencia y datos abiertos."),
    ("t05", "Neutralidad de red y regulación de telecomunicaciones",
     "net-neutrality;regulation",
     "Reglas de neutralidad, zero rating y supervisión."),
    ("t06", "Libertad de expresión y derechos humanos en internet",
     "freedom-of-expression;human-rights",
     "Moderación de contenidos, bloqueos y derechos de los usuarios."),
    ("t07", "Comercio electrónico y protección del consumidor",
     "e-commerce;digital-economy;consumer-protection",
     "Confianza, pagos en línea y reclamos de consumidores."),
    ("t08", "Género y TIC", "gender;inclusion",
     "Participación de las mujeres en el ecosistema digital y violencia de género en línea."),
    ("t09", "Gobernanza de internet y modelo multisectorial",
     "internet-governance;multistakeholder",
     "Cómo se toman las decisiones sobre internet y quién participa en ellas."),
    ("t10", "Emprendimiento digital y fintech", "fintech;startups",
     "Startups, servicios financieros digitales y regulación."),
    ("t11", "Derechos de autor y cultura libre", "copyright;culture",
     "Excepciones, licencias abiertas y acceso al conocimiento."),
    ("t12", "Internet de las cosas y ciudades inteligentes", "iot;smart-cities",
     "Sensores, datos urbanos y seguridad de dispositivos."),
]
SELECTED_2017 = ["t01", "t02", "t03", "t04", "t06", "t07", "t08"]  # committee vote

# --------------------------------------------------------------------------------------------
# People. key, name, gender, gender_text, organisation, country, expertise, consent (n/o/b),
# bio. Keys are internal; ids p001... are assigned in list order.
# --------------------------------------------------------------------------------------------
YES3 = "yyy"


def P(key, name, gender, org, expertise, consent=YES3, country="PE", bio=None, gender_text=""):
    return dict(key=key, name=name, gender=gender, gender_text=gender_text, org=org,
                country=country, expertise=expertise, consent=consent, bio=bio)


PEOPLE_2016 = [
    # organising committee (one representative per organisation)
    P("hip", "Carla Ejemplo Salazar", "woman", "hiperderecho",
      "privacy;data-protection;freedom-of-expression",
      bio='Abogada e investigadora en políticas de internet. Coordina el "Foro" desde la '
          'secretaría, con foco en privacidad y derechos digitales.'),
    P("con", "Manuel Ficticio Paredes", "man", "congreso", "digital-government;regulation"),
    P("mre", "Rosa Muestra Cárdenas", "woman", "mre", "internet-governance;multistakeholder"),
    P("pucp", "Alberto Prueba Gutiérrez", "man", "pucp", "privacy;data-protection"),
    P("ent", "Mónica Modelo Chávez", "woman", "entel", "access;connectivity"),
    P("ape", "Ricardo Ejemplo Vargas", "man", "apesoft", "e-commerce;digital-economy"),
    P("ong", "Lucía Ficticia Torres", "woman", "ongawa", "access;rural"),
    # panellists
    P("mtc", "Luis Ficticio Rojas", "man", "mtc", "access;connectivity;regulation"),
    P("isp", "Raúl Prueba Huamán", "man", "isp-ejemplo", "connectivity;net-neutrality"),
    P("rcp", "Óscar Ficticio Ramos", "man", "rcp", "access;connectivity;internet-governance"),
    P("apd", "Silvia Ejemplo Núñez", "woman", "anpdp", "privacy;data-protection", consent="yyn"),
    P("col1", "Daniel Muestra Pinto", "man", "colectivo-ejemplo", "privacy;human-rights",
      consent="nnn"),
    P("uni", "Elena Muestra Quispe", "woman", "uni-ficticia", "cybersecurity;cybercrime"),
    P("seg", "Felipe Muestra Ortiz", "man", "seguridad-ejemplo", "cybersecurity",
      consent="yyn"),
    P("ing", "Gabriela Prueba León", "woman", "ingenieros-ejemplo", "cybersecurity;cybercrime"),
    P("sgd", "Arturo Modelo Bravo", "man", "segdi", "digital-government;cybersecurity"),
    P("col2", "Daniela Ficticia Ríos", "woman", "colectivo-ejemplo",
      "freedom-of-expression;human-rights"),
    P("per", "Andrés Muestra Salas", "man", "periodistas-ejemplo", "freedom-of-expression"),
    P("pucp2", "Isabel Modelo Aguilar", "woman", "pucp", "freedom-of-expression;human-rights"),
    P("cnt", "Sergio Ejemplo Medina", "man", "contenidos-ejemplo",
      "freedom-of-expression;e-commerce"),
    P("hip2", "Martín Ilustrativo Flores", "man", "hiperderecho",
      "freedom-of-expression;privacy"),
    # candidates who expressed interest but had no role
    P("cand1", "Alex Prueba Huanca", "non_binary", "uni-ficticia",
      "internet-governance;open-data", consent="nnn"),
    P("cand2", "Dani Muestra Lozano", "not_stated", "isoc-peru", "internet-governance",
      consent="nnn"),
    P("cand3", "Teresa Ejemplo Ccori", "woman", "ongawa", "access;rural", consent="nnn"),
]

PEOPLE_2017 = [
    # organising committee: the ISOC Peru representative also represents DDI (one person)
    P("isoc", "Patricia Ejemplo Mendoza", "woman", "isoc-peru",
      "internet-governance;multistakeholder",
      bio="Representante del Capítulo Peruano de Internet Society y de Democracia y "
          "Desarrollo Internacional en el comité organizador, a cargo de la secretaría."),
    P("hip", "Carla Ejemplo Salazar", "woman", "hiperderecho",
      "privacy;data-protection;freedom-of-expression",
      bio="Abogada e investigadora en políticas de internet.\nCoordinó la secretaría del "
          "IGF Perú 2016; en 2017 integra el comité organizador."),
    P("rcp", "Óscar Ficticio Ramos", "man", "rcp", "access;connectivity;internet-governance"),
    P("dn", "Héctor Muestra Castillo", "man", "dn-consultores", "cybersecurity;e-commerce"),
    # panel 1: access
    P("mtc", "Luis Ficticio Rojas", "man", "mtc", "access;connectivity;net-neutrality"),
    P("ent", "Mónica Modelo Chávez", "woman", "entel", "access;connectivity"),
    P("ong", "Lucía Ficticia Torres", "woman", "ongawa", "access;digital-divide"),
    P("isp", "Raúl Prueba Huamán", "man", "isp-ejemplo", "connectivity;net-neutrality"),
    P("uni", "Elena Muestra Quispe", "woman", "uni-ficticia", "digital-divide;gender"),
    # panel 2: data protection
    P("apd", "Fernando Ejemplo Díaz", "man", "anpdp", "privacy;data-protection"),
    P("mx", "Laura Muestra Hernández", "woman", "red-mx-ejemplo",
      "privacy;freedom-of-expression", country="MX", consent="yyn"),
    P("fb", "Valeria Ficticia Ponce", "woman", "facebook", "privacy;freedom-of-expression"),
    P("pucp", "Alberto Prueba Gutiérrez", "man", "pucp", "privacy;copyright"),
    P("hip2", "Martín Ilustrativo Flores", "man", "hiperderecho", "privacy;human-rights"),
    # panel 3: cybersecurity
    P("mint", "César Modelo Vargas", "man", "mininter", "cybersecurity;cybercrime",
      consent="yyn"),
    P("us", "John Example Miller", "man", "icann", "cybersecurity;internet-governance",
      country="US"),
    P("ing", "Gabriela Prueba León", "woman", "ingenieros-ejemplo", "cybersecurity;iot"),
    P("seg", "Sofía Ejemplo Navarro", "woman", "seguridad-ejemplo", "cybersecurity"),
    P("uing", "Jorge Ficticio Paredes", "man", "uni-ingenieria-ejemplo", "cybersecurity;iot"),
    # panel 4: digital government
    P("con", "Beatriz Muestra Lazo", "woman", "congreso", "digital-government;regulation"),
    P("sgd", "Claudia Modelo Espinoza", "woman", "segdi", "digital-government;open-data"),
    P("ar", "Diego Ficticio Fernández", "man", "obs-ar-ejemplo",
      "human-rights;internet-governance", country="AR"),
    P("ape", "Ricardo Ejemplo Vargas", "man", "apesoft", "e-commerce;digital-government"),
    P("rcp2", "Natalia Ilustrativa Ramos", "woman", "rcp", "open-data;internet-governance"),
    # panel 5: freedom of expression
    P("per", "Andrés Muestra Salas", "man", "periodistas-ejemplo", "freedom-of-expression"),
    P("br", "Mariana Ejemplo Souza", "woman", "inst-br-ficticio",
      "human-rights;internet-governance", country="BR"),
    P("goo", "Pablo Prueba Castro", "man", "google", "freedom-of-expression;e-commerce"),
    P("col", "Daniela Ficticia Ríos", "woman", "colectivo-ejemplo",
      "freedom-of-expression;human-rights"),
    # panel 6: e-commerce
    P("pucp2", "Isabel Modelo Aguilar", "woman", "pucp", "e-commerce;digital-economy"),
    P("cam", "Tomás Ejemplo Herrera", "man", "camara-ejemplo", "e-commerce;digital-economy"),
    P("fin", "Carolina Muestra Vega", "woman", "fintech-ejemplo", "fintech;startups",
      consent="yyn"),
    P("uy", "Lucía Ejemplo Pereira", "woman", "alai", "e-commerce;digital-economy",
      country="UY"),
    P("idc", "Miguel Ficticio Campos", "man", "indecopi", "e-commerce;consumer-protection"),
    # panel 7: gender
    P("muj1", "Verónica Prueba Rojas", "woman", "mujeres-tec-ejemplo", "gender;inclusion"),
    P("muj2", "Paola Ilustrativa Mamani", "woman", "mujeres-tec-ejemplo",
      "gender;digital-divide"),
    P("uni2", "Eduardo Modelo Quispe", "man", "uni-ficticia", "gender;digital-divide"),
    # proposed in drafts only (later unavailable / replaced)
    P("x1", "Gustavo Ejemplo Rivas", "man", "isp-ejemplo", "connectivity;net-neutrality",
      consent="nnn"),
    P("x2", "Felipe Muestra Ortiz", "man", "seguridad-ejemplo", "cybersecurity",
      consent="nnn"),
    # candidates who offered to speak but were not selected
    P("cand1", "Alex Prueba Huanca", "non_binary", "uni-ingenieria-ejemplo", "iot;smart-cities",
      consent="nnn"),
    P("cand2", "Cris Ejemplo Soto", "self_described", "colectivo-ejemplo", "gender;human-rights",
      consent="nnn", gender_text="género fluido"),
    P("cand3", "Dani Muestra Lozano", "not_stated", "fintech-ejemplo", "fintech;startups",
      consent="nnn"),
]

# --------------------------------------------------------------------------------------------
# Committees (facts: composition, roles; dates illustrative)
# --------------------------------------------------------------------------------------------
COMMITTEE_2016 = [  # (person key, organisation, role)
    ("con", "congreso", "member"), ("mre", "mre", "member"), ("pucp", "pucp", "member"),
    ("ent", "entel", "member"), ("ape", "apesoft", "member"), ("ong", "ongawa", "member"),
    ("hip", "hiperderecho", "secretariat"),
]
COMMITTEE_2017 = [
    ("rcp", "rcp", "member"), ("dn", "dn-consultores", "member"), ("isoc", "ddi", "member"),
    ("hip", "hiperderecho", "member"), ("isoc", "isoc-peru", "secretariat"),
]
FORMED_2016 = "2016-02-15"
FORMED_2017 = "2017-04-11"

# Committee votes on the 2017 candidate topics: member order isoc, hip, rcp, dn.
VOTES_2017 = {
    "t01": "yyyy", "t02": "yyya", "t03": "yyyy", "t04": "yayy", "t05": "nyna", "t06": "yyny",
    "t07": "ynyy", "t08": "yyna", "t09": "ynyn", "t10": "nnya", "t11": "nynn", "t12": "anny",
}
VOTE_WORD = {"y": "yes", "n": "no", "a": "abstain"}

# --------------------------------------------------------------------------------------------
# Panels. Each panel: (suffix, topic, title, starts, ends, [(person key, role, remote), ...])
# Role letters: m moderator, s speaker, o online_moderator, r rapporteur; remote "r" / "-".
# --------------------------------------------------------------------------------------------
ROLE = {"m": "moderator", "s": "speaker", "o": "online_moderator", "r": "rapporteur"}
ROOM = "Sala principal"


def members(spec):
    out = []
    for item in spec.split():
        key, role, *rest = item.split(":")
        out.append((key, ROLE[role], "yes" if rest and rest[0] == "remote" else "no"))
    return out


PANELS_2016 = [
    ("f-p1", "t01", "Acceso a internet en zonas rurales", "2016-04-21T09:30", "2016-04-21T11:00",
     members("ong:m mtc:s ent:s isp:s rcp:s")),
    ("f-p2", "t02", "Protección de datos personales", "2016-04-21T11:15", "2016-04-21T12:45",
     members("pucp:m hip:s apd:s col1:s ape:s")),
    ("f-p3", "t03", "Ciberseguridad y ciberdelito", "2016-04-21T14:30", "2016-04-21T16:00",
     members("con:m uni:s seg:s ing:s sgd:s")),
    ("f-p4", "t06", "Libertad de expresión en internet", "2016-04-21T16:15", "2016-04-21T17:45",
     members("mre:m col2:s per:s pucp2:s cnt:s hip2:s")),
]

FINAL_2017 = [
    ("f-p1", "t01", "Acceso y conectividad: cerrando la brecha digital en el Perú",
     "2017-06-06T09:30", "2017-06-06T11:00",
     members("rcp:m mtc:s ent:s ong:s isp:s uni:s")),
    ("f-p2", "t02", "Protección de datos personales en la era de las plataformas",
     "2017-06-06T11:15", "2017-06-06T12:45",
     members("hip:m apd:s mx:s:remote fb:s pucp:s hip2:o")),
    ("f-p3", "t03", "Ciberseguridad: hacia una política nacional multisectorial",
     "2017-06-06T14:30", "2017-06-06T16:00",
     members("dn:m mint:s us:s ing:s seg:s uing:s")),
    ("f-p4", "t04", "Gobierno digital y datos abiertos",
     "2017-06-06T16:15", "2017-06-06T17:45",
     members("con:m sgd:s ar:s ape:s rcp2:s isoc:s")),
    ("f-p5", "t06", "Libertad de expresión y derechos humanos en internet",
     "2017-06-07T09:30", "2017-06-07T11:00",
     members("isoc:m per:s br:s:remote goo:s col:s con:s hip2:o")),
    ("f-p6", "t07", "Comercio electrónico y protección del consumidor",
     "2017-06-07T11:15", "2017-06-07T12:45",
     members("pucp2:m cam:s fin:s uy:s idc:s")),
    ("f-p7", "t08", "Género y TIC: las mujeres en el ecosistema digital",
     "2017-06-07T14:30", "2017-06-07T16:00",
     members("muj1:m muj2:s uni2:s hip:s hip2:r")),
]

# First drafts e-mailed by committee members: topical experts only (review, "Work
# dynamics"); p1, p3 and p6 are all-male, p4 is all-government, p7 is all-female.
DRAFT1_2017 = [
    ("d1-p1", "t01", members("rcp:m mtc:s isp:s x1:s")),
    ("d1-p2", "t02", members("hip:m apd:s pucp:s fb:s")),
    ("d1-p3", "t03", members("dn:m mint:s us:s uing:s x2:s")),
    ("d1-p4", "t04", members("con:m sgd:s mtc:s mint:s")),
    ("d1-p5", "t06", members("isoc:m per:s goo:s col:s")),
    ("d1-p6", "t07", members("cam:m goo:s ape:s x1:s")),
    ("d1-p7", "t08", members("muj1:m muj2:s pucp2:s")),
]
# Second drafts: gender and stakeholder balance fixed; differs from the final list by
# availability (x1 later unavailable; remote speakers not yet confirmed).
DRAFT2_2017 = [
    ("d2-p1", "t01", members("rcp:m mtc:s ent:s ong:s isp:s")),
    ("d2-p2", "t02", members("hip:m apd:s fb:s pucp:s hip2:s")),
    ("d2-p3", "t03", members("dn:m mint:s us:s ing:s seg:s")),
    ("d2-p4", "t04", members("con:m sgd:s ar:s ape:s rcp2:s")),
    ("d2-p5", "t06", members("isoc:m per:s goo:s col:s")),
    ("d2-p6", "t07", members("pucp2:m cam:s fin:s uy:s x1:s")),
    ("d2-p7", "t08", members("muj1:m muj2:s uni2:s hip:s")),
]

# --------------------------------------------------------------------------------------------
# Sponsors and budget (sponsor names and roles are facts; amounts are illustrative)
# --------------------------------------------------------------------------------------------
SPONSORS_2016 = [("Google", "funding", "no", "no", "4000", "USD")]
BUDGET_2016 = [
    ("Venue rental (one day)", "1800", "USD", "Google"),
    ("Catering (coffee breaks)", "1200", "USD", "Google"),
    ("Audio and projection equipment", "600", "USD", "Google"),
    ("Printed programme and badges", "400", "USD", "Google"),
]
SPONSORS_2017 = [
    ("Google", "funding; technical advice on organising the event", "no", "no", "6000", "USD"),
    ("Facebook", "funding; logistics (catering)", "no", "no", "9000", "PEN"),
    ("Asociación Latinoamericana de Internet (ALAI)",
     "funding; logistics (registration desk and printed materials)", "no", "no", "2000", "USD"),
    ("ICANN", "in-kind: travel of its own speaker; logistics (interpretation equipment)",
     "no", "yes", "2000", "USD"),
]
BUDGET_2017 = [
    ("Venue rental (two days)", "2500", "USD", "Google"),
    ("Live streaming and recording", "1200", "USD", "Google"),
    ("Travel of international speakers (AR)", "1300", "USD", "Google"),
    ("Remote participation platform and connectivity", "1000", "USD", "Google"),
    ("Catering (lunch, two days)", "7200", "PEN", "Facebook"),
    ("Catering (coffee breaks, two days)", "1800", "PEN", "Facebook"),
    ("Registration desk and badges", "800", "USD", "Asociación Latinoamericana de Internet (ALAI)"),
    ("Travel of international speakers (UY)", "1200", "USD",
     "Asociación Latinoamericana de Internet (ALAI)"),
    ("Travel of international speakers (US, ICANN speaker)", "1400", "USD", "ICANN"),
    ("Interpretation equipment", "600", "USD", "ICANN"),
]

# Illustrative: the review publishes no session reports. Five of the seven sessions reported
# (in Spanish, as IGF Perú would), on the IGF's workshop report template; two are missing.
SESSION_REPORTS_2017 = [
    ("2017-f-p1", "p003", "p014",
     "Brecha de conectividad rural; costo de los planes de datos; despliegue de fibra en la Amazonía",
     "El panel comparó los programas públicos de conectividad con las redes comunitarias y coincidió en que "
     "la cobertura avanza más rápido que la adopción.",
     "Publicar los datos de cobertura por distrito; reunir a operadores y redes comunitarias antes del próximo foro.",
     "2017-06-15"),
    ("2017-f-p2", "p002", "p014",
     "Aplicación de la ley de protección de datos personales; transferencias internacionales; consentimiento",
     "Se discutió la capacidad de la autoridad de protección de datos y el papel de las plataformas globales.",
     "Proponer a la autoridad una guía sobre consentimiento en servicios digitales.",
     "2017-06-19"),
    ("2017-f-p3", "p004", "p014",
     "Estrategia nacional de ciberseguridad; respuesta a incidentes; participación de la sociedad civil",
     "Los ponentes pidieron que la política nacional se redacte con todos los sectores y no solo con el Estado.",
     "Crear un grupo de trabajo multisectorial sobre la política nacional.",
     "2017-06-20"),
    ("2017-f-p5", "p001", "p014",
     "Bloqueos de contenidos; responsabilidad de intermediarios; libertad de prensa en línea",
     "El debate se centró en los pedidos de retiro de contenidos y en su transparencia.",
     "Pedir a las plataformas informes de transparencia con datos del Perú.",
     "2017-06-28"),
    ("2017-f-p7", "p034", "p014",
     "Participación de las mujeres en carreras tecnológicas; violencia de género en línea",
     "Las ponentes presentaron iniciativas de formación y casos de acoso en redes sociales.",
     "Incluir una sesión sobre violencia de género en línea en el programa del próximo año.",
     "2017-06-21"),
]

# --------------------------------------------------------------------------------------------
# Name pools for the attendance lists (all fictional: marker surname + common surname)
# --------------------------------------------------------------------------------------------
WOMEN = ["Ana", "María", "Carmen", "Rosa", "Julia", "Patricia", "Milagros", "Gabriela", "Lucía",
         "Sofía", "Valeria", "Camila", "Daniela", "Andrea", "Fiorella", "Karina", "Jessica",
         "Liliana", "Silvia", "Diana", "Paola", "Natalia", "Elena", "Beatriz", "Claudia",
         "Sandra", "Vanessa", "Yesenia", "Roxana", "Flor", "Cecilia", "Mercedes"]
MEN = ["Luis", "José", "Carlos", "Juan", "Jorge", "Miguel", "Pedro", "César", "Víctor",
       "Manuel", "Raúl", "Hugo", "Fernando", "Ricardo", "Eduardo", "Alberto", "Diego",
       "Renzo", "Gonzalo", "Álvaro", "Sergio", "Andrés", "Martín", "Javier", "Óscar", "Walter",
       "Percy", "Iván", "Rolando", "Héctor", "Bruno", "Kevin"]
NEUTRAL = ["Alex", "Dani", "Cris", "Sam", "Ariel", "Noa"]
MARKERS = ["Ejemplo", "Ficticio", "Muestra", "Prueba", "Modelo", "Ilustrativo"]
SURNAMES = ["Quispe", "Rojas", "Flores", "García", "Mamani", "Torres", "Huamán", "Vargas",
            "Chávez", "Ramos", "Castillo", "Mendoza", "Díaz", "Paredes", "Salazar", "Cárdenas",
            "Gutiérrez", "Condori", "Sánchez", "Ríos", "Espinoza", "Medina", "Soto", "Apaza",
            "Palomino", "Zegarra", "Llanos", "Cahuana", "Villanueva", "Ñahui"]


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text.lower() if c.isalnum())


def iso_z(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def random_times(rng, n, start, end):
    """n sorted UTC datetimes between start and end (dates), whole minutes, daytime in Lima."""
    t0 = datetime.fromisoformat(start).replace(tzinfo=timezone.utc)
    days = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).days + 1
    out = []
    for _ in range(n):
        d = rng.randrange(days)
        minute = rng.randrange(13 * 60, 28 * 60)   # 08:00–23:00 Lima (UTC-5) in UTC
        seconds = rng.randrange(60)
        out.append(t0 + timedelta(days=d, minutes=minute, seconds=seconds))
    return sorted(out)


def weighted_sample(rng, items, weights, k):
    items, weights = list(items), list(weights)
    chosen = []
    for _ in range(k):
        total = sum(weights)
        x = rng.random() * total
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if x < acc:
                break
        chosen.append(items.pop(i))
        weights.pop(i)
    return chosen


def approvals(rows):
    c = Counter()
    for r in rows:
        c.update(r["choices"].split(";"))
    return c


def top(counts, n, topic_ids):
    ranked = sorted(topic_ids, key=lambda t: (-counts[t], t))
    return ranked[:n], ranked


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------
class Edition:
    def __init__(self, year, orgs, people, topics):
        self.year = year
        self.orgs = orgs
        self.people = people
        self.topics = topics
        self.pid = {p["key"]: f"p{i:03d}" for i, p in enumerate(people, 1)}
        self.pkey = {p["key"]: p for p in people}
        self.tags = {tag for _, _, tags, _ in topics for tag in tags.split(";")}

    def organisations(self):
        return [[o, *ORGS[o]] for o in self.orgs]

    def give_final_speakers_expertise(self, final_panels):
        """Drafts and final lists respected expertise (the review): each speaker gets a tag of their topic."""
        tags = {t[0]: t[2].split(";") for t in self.topics}
        for spec in final_panels:
            topic, mem = spec[1], spec[-1]
            for key, role, _remote in mem:
                person = self.pkey[key]
                mine = person["expertise"].split(";") if person["expertise"] else []
                if role == "speaker" and not set(mine) & set(tags[topic]):
                    person["expertise"] = ";".join(mine + [tags[topic][0]])

    def people_rows(self):
        rows, seen_mail = [], set()
        for i, p in enumerate(self.people, 1):
            assert p["org"] in self.orgs, (self.year, p["key"], p["org"])
            for tag in p["expertise"].split(";"):
                assert tag in self.tags, (self.year, p["key"], tag)
            parts = p["name"].split()
            local = f"{ascii_slug(parts[0])}.{ascii_slug(parts[-1])}"
            domain = "example.pe" if p["country"] == "PE" else "example.org"
            mail = f"{local}@{domain}"
            n = 2
            while mail in seen_mail:
                mail = f"{local}{n}@{domain}"
                n += 1
            seen_mail.add(mail)
            phone = f"{PHONE_CC[p['country']]} 900 {self.year % 100:03d} {i:03d}"
            bio = p["bio"] or default_bio(p)
            c = ["yes" if ch == "y" else "no" for ch in p["consent"]]
            rows.append([self.pid[p["key"]], p["name"], mail, phone, p["gender"],
                         p["gender_text"], p["org"], p["country"], p["expertise"], bio, *c])
        return rows


def default_bio(p):
    orgname = ORGS[p["org"]][0]
    focus = ", ".join(p["expertise"].split(";"))
    return f"Perfil ilustrativo (persona ficticia) de {orgname}. Temas: {focus}."


def build_interest(rng, ed, rows_spec, opened, deadline):
    times = random_times(rng, len(rows_spec), opened, deadline)
    rows = []
    for i, ((pkey, org, role, expertise), t) in enumerate(zip(rows_spec, times), 1):
        person = ed.pid[pkey] if pkey else ""
        if pkey and not expertise:
            expertise = ed.pkey[pkey]["expertise"]
        assert org in ed.orgs
        rows.append([f"i{i:03d}", iso_z(t), person, org, ORGS[org][1], role, expertise])
    return rows


def build_survey(rng, topic_ids, weights, n, max_k, start, end, stake_weights, accept):
    for attempt in range(1000):
        times = random_times(rng, n, start, end)
        rows = []
        for i, t in enumerate(times, 1):
            k = rng.choices(range(1, max_k + 1), weights=[max_k + 1 - j for j in range(1, max_k + 1)])[0]
            picks = sorted(weighted_sample(rng, topic_ids, weights, k))
            stake = rng.choices(LABELS, weights=stake_weights)[0]
            rows.append({"id": f"s{i:03d}", "submitted_at": iso_z(t), "stakeholder": stake,
                         "choices": ";".join(picks)})
        if accept(approvals(rows)):
            return [[r["id"], r["submitted_at"], r["stakeholder"], r["choices"]] for r in rows]
    raise SystemExit("could not build a survey meeting the constraints")


def panel_rows(ed, year, panels, round_, with_times=True):
    prow, lrow = [], []
    for spec in panels:
        if with_times:
            suffix, topic, title, starts, ends, mem = spec
        else:
            suffix, topic, mem = spec
            title = dict((t[0], t[1]) for t in ed.topics)[topic]
            starts = ends = ""
        pid = f"{year}-{suffix}"
        prow.append([pid, topic, round_, title, starts, ends, ROOM if with_times else ""])
        for key, role, remote in mem:
            lrow.append([pid, ed.pid[key], role, remote])
    return prow, lrow


def build_attendance(rng, year, n_yes, yes_genders, n_no, no_genders, remote_yes, stake_w,
                     taken_names):
    rows = []
    genders = yes_genders + no_genders
    attended = ["yes"] * n_yes + ["no"] * n_no
    assert len(genders) == len(attended)
    order = list(range(len(genders)))
    rng.shuffle(order)
    remote_idx = set(rng.sample([i for i in order if attended[i] == "yes"], remote_yes)) \
        if remote_yes else set()
    names = set(taken_names)
    for n, i in enumerate(order, 1):
        g = genders[i]
        pool = WOMEN if g == "woman" else MEN if g == "man" else NEUTRAL
        while True:
            name = f"{rng.choice(pool)} {rng.choice(MARKERS)} {rng.choice(SURNAMES)}"
            if g == "woman":
                name = name.replace("Ficticio", "Ficticia").replace("Ilustrativo", "Ilustrativa")
            if name not in names:
                names.add(name)
                break
        parts = name.split()
        mail = f"{ascii_slug(parts[0])}.{ascii_slug(parts[2])}.{n:03d}@" + \
            rng.choice(["example.pe", "example.pe", "example.org"])
        stake = rng.choices(LABELS, weights=stake_w)[0]
        mode = "remote" if i in remote_idx else "in_person"
        rows.append([f"r{n:04d}", name, mail, g, stake, mode, attended[i]])
    return rows


def build_all():
    """Return {relative path: list of rows (header first)}."""
    rng = random.Random(2017)
    files = {}

    # ---------------- 2016 ----------------
    ed = Edition(2016, ORGS_2016, PEOPLE_2016, TOPICS_2016)
    ed.give_final_speakers_expertise(PANELS_2016)
    files["2016/organisations.csv"] = ed.organisations()
    files["2016/people.csv"] = ed.people_rows()
    files["2016/topics.csv"] = [list(t) for t in TOPICS_2016]
    files["2016/committee.csv"] = [[ed.pid[k], org, role, FORMED_2016]
                                   for k, org, role in COMMITTEE_2016]
    files["2016/interest.csv"] = build_interest(rng, ed, [
        ("hip", "hiperderecho", "committee", ""),
        ("ong", "ongawa", "committee", ""),
        ("pucp", "pucp", "committee", ""),
        (None, "isoc-peru", "participant", "internet-governance;multistakeholder"),
        ("rcp", "rcp", "speaker", ""),
        ("ape", "apesoft", "committee", ""),
        ("col2", "colectivo-ejemplo", "speaker", ""),
        ("ent", "entel", "committee", ""),
        ("cand3", "ongawa", "participant", ""),
        (None, "periodistas-ejemplo", "participant", "freedom-of-expression"),
        ("mre", "mre", "committee", ""),
        ("uni", "uni-ficticia", "speaker", ""),
        ("cand1", "uni-ficticia", "speaker", ""),
        ("con", "congreso", "committee", ""),
        (None, "ingenieros-ejemplo", "participant", "cybersecurity"),
        ("cand2", "isoc-peru", "participant", ""),
    ], "2015-12-01", "2016-01-31")

    ids16 = [t[0] for t in TOPICS_2016]

    def ok16(c):
        first, ranked = top(c, 4, ids16)
        return sorted(first) == SELECTED_2016 and c[ranked[3]] > c[ranked[4]]

    files["2016/survey.csv"] = build_survey(
        rng, ids16, [10, 9, 7, 3, 4.5, 6.5, 3.5, 2], 60, 4, "2016-02-22", "2016-03-18",
        [12, 18, 35, 10, 25], ok16)
    # binding survey: no committee topic votes, so 2016 has no votes input
    p, l = panel_rows(ed, 2016, PANELS_2016, "final")
    files["2016/panels.csv"], files["2016/panellists.csv"] = p, l
    files["2016/attendance.csv"] = build_attendance(
        rng, 2016, 40, ["man"] * 22 + ["woman"] * 17 + ["not_stated"], 9,
        ["man"] * 4 + ["woman"] * 5, 0, [12, 20, 35, 13, 20],
        [p["name"] for p in PEOPLE_2016])
    files["2016/sponsors.csv"] = [list(s) for s in SPONSORS_2016]
    files["2016/budget.csv"] = [list(b) for b in BUDGET_2016]

    # ---------------- 2017 ----------------
    ed = Edition(2017, ORGS_2017, PEOPLE_2017, TOPICS_2017)
    for panels in (DRAFT1_2017, DRAFT2_2017, FINAL_2017):
        ed.give_final_speakers_expertise(panels)
    files["2017/organisations.csv"] = ed.organisations()
    files["2017/people.csv"] = ed.people_rows()
    files["2017/topics.csv"] = [list(t) for t in TOPICS_2017]
    files["2017/committee.csv"] = [[ed.pid[k], org, role, FORMED_2017]
                                   for k, org, role in COMMITTEE_2017]
    files["2017/interest.csv"] = build_interest(rng, ed, [
        ("hip", "hiperderecho", "committee", ""),
        ("isoc", "isoc-peru", "committee", ""),
        (None, "pucp", "participant", "privacy;e-commerce"),
        ("hip2", "hiperderecho", "speaker", ""),
        ("isoc", "ddi", "committee", ""),
        ("col", "colectivo-ejemplo", "speaker", ""),
        (None, "mtc", "participant", "access;connectivity"),
        ("rcp", "rcp", "committee", ""),
        ("muj1", "mujeres-tec-ejemplo", "speaker", ""),
        ("cand2", "colectivo-ejemplo", "speaker", ""),
        ("ar", "obs-ar-ejemplo", "speaker", ""),
        (None, "ongawa", "participant", "access;digital-divide"),
        ("dn", "dn-consultores", "committee", ""),
        ("uni", "uni-ficticia", "speaker", ""),
        ("cand1", "uni-ingenieria-ejemplo", "speaker", ""),
        ("x1", "isp-ejemplo", "speaker", ""),
        (None, "periodistas-ejemplo", "participant", "freedom-of-expression"),
        ("cand3", "fintech-ejemplo", "speaker", ""),
        (None, "entel", "participant", "access;connectivity"),
        (None, "uni-ficticia", "participant", "gender;inclusion"),
    ], "2017-02-16", "2017-03-31")

    ids17 = [t[0] for t in TOPICS_2017]

    def ok17(c):
        first, ranked = top(c, 7, ids17)
        return ("t10" in first and "t08" not in first and c[ranked[6]] > c[ranked[7]]
                and set(first) != set(SELECTED_2017))

    files["2017/survey.csv"] = build_survey(
        rng, ids17, [10, 9, 7.5, 5.5, 3, 6, 7, 4, 3.5, 8, 2, 2.5], 90, 7,
        "2017-04-17", "2017-05-03", [12, 22, 30, 14, 22], ok17)
    member_keys = ["isoc", "hip", "rcp", "dn"]
    files["2017/votes.csv"] = [[t, ed.pid[member_keys[j]], VOTE_WORD[v]]
                               for t, vs in VOTES_2017.items() for j, v in enumerate(vs)]
    p1, l1 = panel_rows(ed, 2017, DRAFT1_2017, "draft-1", with_times=False)
    p2, l2 = panel_rows(ed, 2017, DRAFT2_2017, "draft-2", with_times=False)
    pf, lf = panel_rows(ed, 2017, FINAL_2017, "final")
    files["2017/panels.csv"] = p1 + p2 + pf
    files["2017/panellists.csv"] = l1 + l2 + lf
    files["2017/attendance.csv"] = build_attendance(
        rng, 2017, 173, ["man"] * 105 + ["woman"] * 68, 20,
        ["man"] * 9 + ["woman"] * 9 + ["non_binary", "not_stated"], 22, [14, 22, 32, 12, 20],
        [p["name"] for p in PEOPLE_2017])
    files["2017/sponsors.csv"] = [list(s) for s in SPONSORS_2017]
    files["2017/budget.csv"] = [list(b) for b in BUDGET_2017]
    files["2017/session_reports.csv"] = [list(r) for r in SESSION_REPORTS_2017]

    return {path: [HEADERS[Path(path).stem]] + rows for path, rows in files.items()}


def render(rows) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------------------------
# Independent check: re-reads the files on disk (never the structures above)
# --------------------------------------------------------------------------------------------
def read(year, name):
    path = HERE / str(year) / f"{name}.csv"
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), f"{path}: BOM"
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows[0] == HEADERS[name], (path, rows[0])
    for r in rows[1:]:
        assert len(r) == len(rows[0]), (path, r)
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def check(verbose=True):
    import tomllib

    report = []
    out = report.append
    for year in (2016, 2017):
        cfg = tomllib.loads((HERE / f"{year}.toml").read_text("utf-8"))
        for key, rel in cfg["inputs"].items():
            assert (HERE / rel).is_file(), rel
            assert rel == f"{year}/{key}.csv", rel
        orgs = {r["id"]: r for r in read(year, "organisations")}
        assert all(r["stakeholder"] in LABELS for r in orgs.values())
        people = {r["id"]: r for r in read(year, "people")}
        topics = {r["id"]: r for r in read(year, "topics")}
        tags = {t for r in topics.values() for t in r["tags"].split(";")}
        for p in people.values():
            assert p["organisation"] in orgs, p
            assert p["gender"] in ("woman", "man", "non_binary", "self_described", "not_stated")
            assert bool(p["gender_text"]) == (p["gender"] == "self_described"), p
            assert set(p["expertise"].split(";")) <= tags, p
            assert all(p[c] in ("yes", "no") for c in ("consent_name", "consent_org",
                                                        "consent_bio"))
            assert p["email"].endswith(("@example.org", "@example.pe")), p
        assert len({p["email"] for p in people.values()}) == len(people)
        assert len({p["name"] for p in people.values()}) == len(people)

        def group(pid):
            return orgs[people[pid]["organisation"]]["stakeholder"]

        committee = read(year, "committee")
        for c in committee:
            assert c["person"] in people and c["organisation"] in orgs
            assert c["joined"] == str(cfg["committee"]["formed"])
        cgroups = {orgs[c["organisation"]]["stakeholder"] for c in committee}
        assert len(cgroups) >= cfg["committee"]["min_stakeholder_groups"]

        interest = read(year, "interest")
        opened, deadline = str(cfg["call"]["opened"]), str(cfg["call"]["deadline"])
        for r in interest:
            assert opened <= r["submitted_at"][:10] <= deadline, r
            assert r["person"] == "" or r["person"] in people
            assert r["organisation"] in orgs
            assert r["stakeholder"] == orgs[r["organisation"]]["stakeholder"]
            assert r["role_sought"] in ("committee", "speaker", "participant")
        assert {c["organisation"] for c in committee} <= \
            {r["organisation"] for r in interest if r["role_sought"] == "committee"}

        survey = read(year, "survey")
        counts = Counter()
        for r in survey:
            assert r["stakeholder"] in LABELS
            ch = r["choices"].split(";")
            assert ch and set(ch) <= set(topics) and len(set(ch)) == len(ch)
            counts.update(ch)
        n_sel = cfg["survey"]["topics_to_select"]
        ranked = sorted(topics, key=lambda t: (-counts[t], t))
        survey_top = set(ranked[:n_sel])
        assert counts[ranked[n_sel - 1]] > counts[ranked[n_sel]], "tie at the survey cut"

        votes = read(year, "votes") if "votes" in cfg["inputs"] else []
        member_ids = {c["person"] for c in committee}
        tally = defaultdict(Counter)
        for v in votes:
            assert v["topic"] in topics and v["member"] in member_ids
            assert v["vote"] in ("yes", "no", "abstain")
            tally[v["topic"]][v["vote"]] += 1
        assert len({(v["topic"], v["member"]) for v in votes}) == len(votes), "double vote"

        panels = {r["id"]: r for r in read(year, "panels")}
        panellists = read(year, "panellists")
        by_panel = defaultdict(list)
        for r in panellists:
            assert r["panel"] in panels and r["person"] in people, r
            assert r["role"] in ("moderator", "speaker", "online_moderator", "rapporteur")
            assert r["remote"] in ("yes", "no")
            by_panel[r["panel"]].append(r)
        for pid, p in panels.items():
            assert p["topic"] in topics and p["round"] in ("draft-1", "draft-2", "final")
            persons = [r["person"] for r in by_panel[pid]]
            assert len(persons) == len(set(persons)), pid
        finals = [pid for pid, p in panels.items() if p["round"] == "final"]
        per_person = Counter()
        final_people = set()
        for pid in finals:
            rs = by_panel[pid]
            roles = Counter(r["role"] for r in rs)
            genders = {people[r["person"]]["gender"] for r in rs}
            groups = {group(r["person"]) for r in rs}
            assert roles["moderator"] == 1 and roles["speaker"] >= 3, pid
            assert {"woman", "man"} <= genders, pid
            assert len(groups) >= cfg["panels"]["min_stakeholder_groups"], pid
            assert cfg["panels"]["min_size"] <= len(rs) <= cfg["panels"]["max_size"], pid
            assert panels[pid]["topic"] in survey_top or year == 2017
            assert panels[pid]["starts"].startswith(str(cfg["edition"]["start"])[:4])
            for r in rs:
                per_person[r["person"]] += 1
                final_people.add(r["person"])
        assert max(per_person.values()) <= cfg["panels"]["max_sessions_per_speaker"]
        final_topics = {panels[pid]["topic"] for pid in finals}
        intl = sorted({people[p]["country"] for p in final_people} - {"PE"})
        remote = {r["person"] for pid in finals for r in by_panel[pid] if r["remote"] == "yes"}

        att = read(year, "attendance")
        assert len({a["id"] for a in att}) == len(att)
        assert len({a["email"] for a in att}) == len(att)
        yes = [a for a in att if a["attended"] == "yes"]
        g = Counter(a["gender"] for a in yes)
        modes = Counter(a["mode"] for a in yes)
        assert all(a["stakeholder"] in LABELS for a in att)

        sponsors = {s["name"]: s for s in read(year, "sponsors")}
        assert all(s["content_role"] == "no" for s in sponsors.values())
        budget = read(year, "budget")
        spent = defaultdict(int)
        for b in budget:
            assert b["funded_by"] in sponsors, b
            assert b["currency"] == sponsors[b["funded_by"]]["currency"]
            spent[b["funded_by"]] += int(b["amount"])
        for name, s in sponsors.items():
            if s["amount"]:
                assert spent[name] == int(s["amount"]), (name, spent[name], s["amount"])

        # ---- the review's facts ----
        assert len(finals) == {2016: 4, 2017: 7}[year]
        assert len(final_people) == {2016: 21, 2017: 36}[year], len(final_people)
        assert len(yes) == {2016: 40, 2017: 173}[year]
        if year == 2016:
            assert sorted(c["organisation"] for c in committee) == sorted(
                ["congreso", "mre", "pucp", "entel", "apesoft", "ongawa", "hiperderecho"])
            assert len({c["person"] for c in committee}) == 7
            assert [c["organisation"] for c in committee if c["role"] == "secretariat"] == \
                ["hiperderecho"]
            assert final_topics == survey_top, "2016 survey is binding"
            assert not intl and not remote and modes["remote"] == 0
            assert not votes
            assert set(sponsors) == {"Google"}
            assert not cfg["event"]["streamed"] and not cfg["event"]["remote_participation"]
        else:
            assert sorted(c["organisation"] for c in committee) == sorted(
                ["rcp", "dn-consultores", "ddi", "hiperderecho", "isoc-peru"])
            assert [c["organisation"] for c in committee if c["role"] == "secretariat"] == \
                ["isoc-peru"]
            isoc = [c["person"] for c in committee if c["organisation"] == "isoc-peru"]
            ddi = [c["person"] for c in committee if c["organisation"] == "ddi"]
            assert isoc == ddi and people[isoc[0]]["gender"] == "woman"
            assert GOB not in cgroups
            assert len(member_ids) == 4
            assert set(tally) == set(topics) and all(sum(t.values()) == 4 for t in tally.values())
            passed = {t for t, c in tally.items() if c["yes"] > c["no"]}
            assert len(passed) == 7 and passed == final_topics
            assert any(len(+c) == 3 for c in tally.values()), "no yes/no/abstain split vote"
            assert final_topics != survey_top, "2017 committee decision differs from survey"
            assert len(intl) >= 2 and len(remote) >= 2
            assert g["man"] == 105 and g["woman"] == 68 and len(g) == 2
            assert set(sponsors) == {"Google", "Facebook", "ICANN",
                                     "Asociación Latinoamericana de Internet (ALAI)"}
            d1 = [pid for pid, p in panels.items() if p["round"] == "draft-1"]
            all_male = [pid for pid in d1
                        if {people[r["person"]]["gender"] for r in by_panel[pid]} == {"man"}]
            one_group = [pid for pid in d1
                         if len({group(r["person"]) for r in by_panel[pid]}) == 1]
            assert len(all_male) >= 2 and len(one_group) >= 1
            out(f"2017 draft-1: all-male {all_male}, single stakeholder group {one_group}")
            out(f"2017 committee votes: passed {sorted(passed)}")
        out(f"{year}: final panels {len(finals)}, distinct final panellists "
            f"{len(final_people)}, max panels/person {max(per_person.values())}, "
            f"international {intl}, remote {sorted(remote)}")
        out(f"{year}: attended {len(yes)} {dict(g)} modes {dict(modes)}; "
            f"no-shows {len(att) - len(yes)}")
        out(f"{year}: survey n={len(survey)} top{n_sel}={sorted(survey_top)} "
            f"counts={[(t, counts[t]) for t in ranked]}; final topics {sorted(final_topics)}")
        out(f"{year}: people {len(people)}, organisations {len(orgs)}, interest "
            f"{len(interest)}, committee rows {len(committee)}, topics {len(topics)}")
    if verbose:
        print("\n".join(report))
    return report


def main(argv):
    files = build_all()
    if "--check" in argv:
        stale = [p for p, rows in files.items() if (HERE / p).read_bytes() != render(rows)]
        if stale:
            raise SystemExit(f"committed files differ from the generator: {stale}")
        check()
        print("OK: files match the generator and all checks pass")
        return
    for path, rows in files.items():
        target = HERE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render(rows))
    print(f"wrote {len(files)} files under {HERE}")


if __name__ == "__main__":
    main(sys.argv[1:])
