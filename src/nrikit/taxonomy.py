"""Stakeholder taxonomies and the gender categories, with their synonyms.

Organisers type stakeholder groups and genders as their forms collected them
("Sociedad civil", "ONG", "Mujer"); nrikit maps every such value to a stable
id through a taxonomy, and refuses values it cannot map rather than guessing.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field, replace

from .i18n import N_


def fold(value: str) -> str:
    """Case-, accent- and space-insensitive key, so 'Sociedad  Civil' matches 'sociedad civil'."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    # Expected groups are the ones the IGF asks a committee to grow towards.
    expected: bool = True
    # The IGF stakeholder group(s) this group counts as in cross-NRI views (IGF_GROUPS ids),
    # declared by the taxonomy's author, never guessed: Brazil's "Comunidade científica e
    # tecnológica" counts as both technical_community and academia.
    igf: tuple[str, ...] = ()


@dataclass
class Taxonomy:
    """A named set of groups; `resolve` maps any synonym to a group id."""

    name: str
    groups: list[Group]
    description: str = ""
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._index = {}
        for group in self.groups:
            unknown = [g for g in group.igf if g not in IGF_GROUPS]
            if unknown:
                raise ValueError(
                    f"taxonomy {self.name!r}, group {group.id!r}: unknown IGF group(s) {', '.join(unknown)}; "
                    f"IGF groups: {', '.join(IGF_GROUPS)}"
                )
            for alias in (group.id, group.label, *group.synonyms):
                self._index[fold(alias)] = group.id

    def with_synonyms(self, extra: dict[str, str]) -> Taxonomy:
        """A copy with edition-specific synonyms ({raw value: group id}) added."""
        groups = {g.id: g for g in self.groups}
        added: dict[str, list[str]] = {}
        for raw, gid in extra.items():
            if gid not in groups:
                raise ValueError(f"synonym {raw!r} points to unknown group {gid!r}; groups: {', '.join(groups)}")
            added.setdefault(gid, []).append(raw)
        return Taxonomy(
            self.name,
            [replace(g, synonyms=g.synonyms + tuple(added.get(g.id, ()))) for g in self.groups],
            self.description,
        )

    @property
    def ids(self) -> list[str]:
        return [g.id for g in self.groups]

    @property
    def expected_ids(self) -> list[str]:
        return [g.id for g in self.groups if g.expected]

    def label(self, group_id: str) -> str:
        for g in self.groups:
            if g.id == group_id:
                return g.label
        return group_id

    def igf_of(self, group_id: str) -> tuple[str, ...]:
        """The IGF stakeholder groups a group of this taxonomy counts as (empty if not declared)."""
        for g in self.groups:
            if g.id == group_id:
                return g.igf
        return ()

    def resolve(self, value: str) -> str | None:
        return self._index.get(fold(value))

    def suggest(self, value: str) -> str:
        """The allowed values, closest first, for an error message."""
        close = difflib.get_close_matches(fold(value), list(self._index), n=1)
        listed = ", ".join(f"{g.id} ({g.label})" for g in self.groups)
        if close:
            return f"did you mean {self._index[close[0]]!r}? allowed: {listed}"
        return f"allowed: {listed}"


# The IGF's stakeholder groups, the common ground on which NRIs are compared: every taxonomy's
# groups declare which of them they count as (Group.igf). Each has one colour, the same on the
# public site and in every report, from Okabe & Ito's colour-blind safe palette.
IGF_GROUPS = {
    "government": N_("Government"),
    "private_sector": N_("Private sector"),
    "civil_society": N_("Civil society"),
    "technical_community": N_("Technical community"),
    "academia": N_("Academia"),
    "intergovernmental": N_("Intergovernmental organisations"),
}
IGF_COLOURS = {
    "government": "#0072B2",
    "private_sector": "#E69F00",
    "civil_society": "#009E73",
    "technical_community": "#CC79A7",
    "academia": "#56B4E9",
    "intergovernmental": "#D55E00",
}
NOT_MAPPED_COLOUR = "#999999"  # a group whose taxonomy declares no IGF group


def colour_of(taxonomy: Taxonomy, group_id: str) -> str:
    """A group's colour: that of the (first) IGF group it counts as."""
    igf = taxonomy.igf_of(group_id)
    return IGF_COLOURS[igf[0]] if igf else NOT_MAPPED_COLOUR


IGF_TAXONOMY = Taxonomy(
    "igf",
    [
        Group(
            "government",
            N_("Government"),
            ("gobierno", "governo", "public sector", "state", "sector publico", "setor publico", "sector gobierno"),
            igf=("government",),
        ),
        Group(
            "private_sector",
            N_("Private sector"),
            (
                "business",
                "industry",
                "sector privado",
                "empresa",
                "empresa privada",
                "sector empresarial",
                "setor privado",
                "setor empresarial",
            ),
            igf=("private_sector",),
        ),
        Group(
            "civil_society",
            N_("Civil society"),
            (
                "ngo",
                "ong",
                "sociedad civil",
                "sociedade civil",
                "terceiro setor",
                "tercer sector",
                "third sector",
                "osc",
                "organizacion de la sociedad civil",
                "organizacao da sociedade civil",
            ),
            igf=("civil_society",),
        ),
        Group(
            "technical_community",
            N_("Technical community"),
            ("technical", "comunidad tecnica", "comunidade tecnica", "technical community", "comunidad técnica"),
            igf=("technical_community",),
        ),
        Group(
            "academia",
            N_("Academia"),
            (
                "academic",
                "university",
                "universidad",
                "academia",
                "sector academico",
                "setor academico",
                "universidade",
            ),
            igf=("academia",),
        ),
        Group(
            "intergovernmental",
            N_("Intergovernmental organisations"),
            (
                "igo",
                "intergovernmental organisation",
                "intergovernmental organization",
                "organismo internacional",
                "organizacion internacional",
                "organizacao internacional",
            ),
            expected=False,
            igf=("intergovernmental",),
        ),
    ],
    "The stakeholder groups the global IGF reports on.",
)

GENDER_TAXONOMY = Taxonomy(
    "gender",
    [
        Group(
            "woman",
            N_("Woman"),
            (
                "female",
                "f",
                "w",
                "women",
                "mujer",
                "femenino",
                "femenina",
                "mulher",
                "feminino",
                "cis woman",
                "mujer cis",
            ),
        ),
        Group("man", N_("Man"), ("male", "m", "men", "hombre", "masculino", "homem", "varon", "cis man", "hombre cis")),
        Group(
            "non_binary",
            N_("Non-binary"),
            (
                "nonbinary",
                "enby",
                "no binario",
                "no binarie",
                "no binaria",
                "não binário",
                "nao binario",
                "não binária",
            ),
        ),
        Group(
            "self_described",
            N_("Self-described"),
            (
                "other",
                "otro",
                "otra",
                "outro",
                "outra",
                "prefer to self-describe",
                "prefer to self describe",
                "prefiero autodescribirme",
                "prefiero describirlo",
                "prefiro me autodescrever",
                "prefiro autodescrever",
            ),
        ),
        Group(
            "not_stated",
            N_("Not stated"),
            (
                "prefer not to say",
                "prefer not to answer",
                "prefer not to disclose",
                "rather not say",
                "i prefer not to say",
                "not stated",
                "prefiero no decir",
                "prefiero no decirlo",
                "prefiero no responder",
                "prefiero no contestar",
                "prefiero no especificar",
                "no deseo responder",
                "no responde",
                "prefiro não dizer",
                "prefiro não informar",
                "prefiro não responder",
                "prefiro não declarar",
                "não informado",
                "",
            ),
        ),
    ],
    "Voluntary gender categories; self-described text is kept private.",
)
