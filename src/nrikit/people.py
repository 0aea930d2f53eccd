"""Matching people across inputs: the same person in the call, the committee, the
registrations and a schedule is one person.

The key is the normalised e-mail address (Unicode NFKC, spaces removed, case folded):
it is a private matching key and never leaves the workspace. Where an input has no
e-mail, the fallback key is the normalised name plus the normalised organisation;
such matches are uncertain and callers list them as a finding.

Generated person ids are an HMAC of the key with the workspace's secret salt: stable
when the same export is imported again or a corrected one replaces it, and not a bare
hash of the e-mail, which anyone could recompute from a guessed address.

Small API, shared by every wing that reads people (the call, the committee, events):
normalise_email, normalise_name, key_for, generated_id, and PeopleIndex.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field

from .taxonomy import fold

# What a form may say about the person who filled it in, when it feeds the people table.
PERSON_FIELDS = (
    "name",
    "email",
    "phone",
    "gender",
    "gender_text",
    "country",
    "bio",
    "consent_name",
    "consent_org",
    "consent_bio",
)


def normalise_email(value: str | None) -> str | None:
    """'  Ana.Perez@Example.ORG ' -> 'ana.perez@example.org'; None for a blank."""
    if not value:
        return None
    text = "".join(unicodedata.normalize("NFKC", value).split()).casefold()
    return text or None


def normalise_name(value: str | None) -> str:
    """Case, accents, punctuation and spacing ignored: 'PÉREZ, Ana ' == 'perez ana'."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(value or "")).split())


def key_for(email: str | None, name: str | None = None, organisation: str | None = None) -> tuple[str, bool] | None:
    """(matching key, certain) for one person, or None when there is nothing to match on."""
    address = normalise_email(email)
    if address:
        return "email:" + address, True
    who = normalise_name(name)
    if not who:
        return None
    return f"name:{who}|{normalise_name(organisation)}", False


def generated_id(key: str, salt: str, prefix: str = "p") -> str:
    """A stable, non-reversible id for a matching key: HMAC-SHA256 with the workspace salt."""
    digest = hmac.new(salt.encode(), key.encode(), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:12]}"


@dataclass
class PeopleIndex:
    """People known so far in one run, by matching key.

    `resolve` returns the id of the person an input row names, adding them when new;
    `uncertain` lists the rows matched by name only, for a finding.
    """

    salt: str
    by_key: dict[str, str] = field(default_factory=dict)
    uncertain: list[tuple[str, str, str]] = field(default_factory=list)  # (source, row, person id)

    def known(self, person_id: str, email: str | None, name: str | None = None, organisation: str | None = None):
        """Register a person an input names with its own id."""
        for key in _keys(email, name, organisation):
            self.by_key.setdefault(key, person_id)

    def find(self, email: str | None, name: str | None = None, organisation: str | None = None) -> str | None:
        for key in _keys(email, name, organisation):
            if key in self.by_key:
                return self.by_key[key]
        return None

    def resolve(
        self, email: str | None, name: str | None = None, organisation: str | None = None, *, where: str = ""
    ) -> str | None:
        found = key_for(email, name, organisation)
        if found is None:
            return None
        key, certain = found
        person = self.find(email, name, organisation)
        if person is None:
            person = generated_id(key, self.salt)
            self.known(person, email, name, organisation)
        elif not certain:
            self.uncertain.append((where, normalise_name(name), person))
        return person


def _keys(email, name, organisation):
    address = normalise_email(email)
    if address:
        yield "email:" + address
    who = normalise_name(name)
    if who:
        yield f"name:{who}|{normalise_name(organisation)}"
