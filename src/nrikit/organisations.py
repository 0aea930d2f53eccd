"""Organisations typed as free text in a form, matched to the organisations nrikit knows.

"Universidad Nacional de Ingeniería", "Univ. Nacional de Ingenieria" and "UNI - Universidad
Nacional de Ingeniería" are one organisation to a person and three strings to a program.
A typed name is matched on its normalised form (case, accents, punctuation, spacing) first,
then by similarity (rapidfuzz's token_sort_ratio, a maintained fuzzy matcher):

- equal normalised names, or a similarity of CERTAIN or more: the same organisation;
- from UNCERTAIN up to CERTAIN: matched, and listed for a human to confirm or split;
- below UNCERTAIN: a new organisation with a generated id.

A spelling the edition config maps (values.organisation) is a human decision: it is matched
exactly or becomes a new organisation, never fuzzily.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .people import generated_id, normalise_name

CERTAIN = 95.0
UNCERTAIN = 85.0
# Words that say what kind of organisation it is, not which one: left out of the similarity.
_GENERIC = {"de", "del", "la", "el", "los", "las", "the", "of", "do", "da", "dos", "das", "y", "e", "and"}


def _key(name: str) -> str:
    return " ".join(w for w in normalise_name(name).split() if w not in _GENERIC)


@dataclass
class Match:
    id: str
    name: str
    score: float | None  # None: exact
    new: bool = False

    @property
    def certain(self) -> bool:
        return self.new or self.score is None or self.score >= CERTAIN


@dataclass
class OrganisationIndex:
    """Known organisations by normalised name; `resolve` finds or adds one."""

    salt: str
    names: dict[str, str] = field(default_factory=dict)  # id -> name
    by_key: dict[str, str] = field(default_factory=dict)  # normalised name -> id

    def known(self, org_id: str, name: str) -> None:
        self.names[org_id] = name
        self.by_key.setdefault(_key(name), org_id)

    def resolve(self, text: str, *, exact_only: bool = False) -> Match | None:
        if not text.strip():
            return None
        key = _key(text)
        if key in self.by_key:
            oid = self.by_key[key]
            return Match(oid, self.names[oid], None)
        if not exact_only and self.by_key:
            from rapidfuzz import fuzz, process

            best = process.extractOne(key, list(self.by_key), scorer=fuzz.token_sort_ratio)
            if best and best[1] >= UNCERTAIN:
                oid = self.by_key[best[0]]
                return Match(oid, self.names[oid], round(best[1], 1))
        oid = generated_id("org:" + key, self.salt, prefix="o")
        self.known(oid, text.strip())
        return Match(oid, text.strip(), None, new=True)
