"""Built-in answer vocabularies: how forms in English, Spanish and Portuguese word the
answers nrikit needs as codes (attendance mode, the role sought, yes/no, consent).

A form's own wording is mapped in the config (values.FIELD); these lists only spare
organisers from re-typing what every Google, LimeSurvey or Microsoft form says in these
languages. Matching is on folded text (case, accents and spacing ignored). A value in
none of the lists is an error naming the allowed codes: nrikit never guesses.

Gender answers live with the gender categories in taxonomy.py; stakeholder groups in
the edition's taxonomy (and its [stakeholders] synonyms).
"""

from __future__ import annotations

import re

from .taxonomy import fold

# Field name -> canonical code -> answers that mean it.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "mode": {
        "in_person": (
            "in person",
            "in-person",
            "onsite",
            "on site",
            "on-site",
            "face to face",
            "presencial",
            "presencialmente",
            "en persona",
            "en la sede",
        ),
        "remote": (
            "remote",
            "remotely",
            "online",
            "on-line",
            "virtual",
            "virtually",
            "remoto",
            "remota",
            "en linea",
            "a distancia",
            "a distância",
            "virtual (transmision en vivo)",
        ),
    },
    "role_sought": {
        "committee": (
            "committee",
            "organising committee",
            "organizing committee",
            "committee member",
            "comite",
            "comite organizador",
            "miembro del comite",
            "comite de organizacion",
            "comissao organizadora",
            "comite organizador do evento",
            "membro do comite",
        ),
        "speaker": (
            "speaker",
            "panelist",
            "panellist",
            "moderator",
            "presenter",
            "panelista",
            "ponente",
            "expositor",
            "expositora",
            "conferencista",
            "moderador",
            "moderadora",
            "palestrante",
        ),
        "participant": (
            "participant",
            "attendee",
            "participante",
            "asistente",
            "ouvinte",
            "publico",
            "público",
        ),
    },
}

YES = (
    "yes",
    "y",
    "true",
    "1",
    "x",
    "si",
    "sim",
    "i agree",
    "agree",
    "i consent",
    "accept",
    "i accept",
    "acepto",
    "de acuerdo",
    "autorizo",
    "concordo",
    "aceito",
    "attended",
    "present",
    "presente",
    "asistio",
    "compareceu",
    "checked",
)
NO = (
    "no",
    "n",
    "false",
    "0",
    "nao",
    "i do not agree",
    "i don't agree",
    "i do not consent",
    "no acepto",
    "no autorizo",
    "nao autorizo",
    "nao concordo",
    "nao aceito",
    "absent",
    "ausente",
    "no asistio",
    "nao compareceu",
    "",
)
_YES = {fold(v) for v in YES}
_NO = {fold(v) for v in NO}
_INDEX = {
    field: {fold(a): code for code, answers in m.items() for a in (code, *answers)} for field, m in CHOICES.items()
}
_TRAILING = re.compile(r"[\s.!¡¿?]+$|^[\s¡¿]+")


def choice(field: str, value: str) -> str | None:
    """The code a built-in answer stands for, or None."""
    index = _INDEX.get(field)
    if not index:
        return None
    return index.get(fold(_TRAILING.sub("", value)))


def yes_no(value: str) -> bool | None:
    """True / False for a yes-no or consent answer, None when it is neither.

    Consent questions often answer in a sentence ("Sí, autorizo que se publique mi
    nombre", "No, prefiero que no"): the first word decides when it is yes or no.
    """
    folded = fold(_TRAILING.sub("", value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    first = re.split(r"[\s,;:.]+", folded, maxsplit=1)[0]
    if first in {"yes", "si", "sim"}:
        return True
    if first in {"no", "nao"}:
        return False
    return None


# Headers under which forms put the respondent's e-mail address (the default dedupe key).
EMAIL_HEADERS = (
    "email",
    "e-mail",
    "email address",
    "e-mail address",
    "mail",
    "correo",
    "correo electronico",
    "direccion de correo electronico",
    "direccion de correo",
    "endereco de e-mail",
    "endereco de email",
    "adresse e-mail",
)
