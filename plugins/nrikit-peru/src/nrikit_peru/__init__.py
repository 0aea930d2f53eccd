"""IGF Perú: the rules of the Peruvian Internet Governance Forum, as its organisers described them.

- Stakeholder taxonomy with the Spanish labels organisers use; academia and the
  technical community are separate groups (PUCP sat as academia in 2016, Red
  Científica Peruana as technical community in 2017).
- The 2016 topic survey bound the programme; from 2017 it only advised, and
  the committee approved topics by simple majority.
- The secretariat was taken on "without opposition" from the other members.
- Panels were judged on expertise, stakeholder balance and gender balance.
- Inclusiveness meant streaming, so people outside Lima could follow.

Source: "New guys in the neighbourhood: A critical review of the Peruvian
Internet Governance Forum 2016/2017" (Hiperderecho), GISWatch 2017.
"""

from __future__ import annotations

from pathlib import Path

from nrikit import N_, Finding, Group, Rule, Taxonomy, hookimpl

__version__ = "0.1.0"

PERU_TAXONOMY = Taxonomy(
    "peru",
    [
        Group(
            "government",
            "Government",
            ("gobierno", "estado", "sector publico", "congreso", "ministerio"),
            igf=("government",),
        ),
        Group(
            "private_sector",
            "Private sector",
            ("sector privado", "empresa", "empresas", "industria", "gremio"),
            igf=("private_sector",),
        ),
        Group(
            "civil_society",
            "Civil society",
            ("sociedad civil", "ong", "ongs", "organizacion de la sociedad civil"),
            igf=("civil_society",),
        ),
        Group(
            "technical_community",
            "Technical community",
            ("comunidad tecnica", "comunidad técnica", "tecnica"),
            igf=("technical_community",),
        ),
        Group("academia", "Academia", ("academic", "universidad", "academico", "investigacion"), igf=("academia",)),
    ],
    "Peru's five stakeholder groups, with the Spanish labels used on IGF Perú forms; each is the IGF group of its name.",
)

# Survey binding by edition, from the review: binding in 2016, advisory from 2017.
SURVEY_BINDING = {2016: True}


@hookimpl
def register_taxonomies(register):
    register(PERU_TAXONOMY)


@hookimpl
def register_catalogues(register):
    # locales/<lang>/LC_MESSAGES/nrikit_peru.po: this plugin's own messages in es and pt
    register(Path(__file__).parent / "locales", "nrikit_peru")


@hookimpl
def edition_defaults(nri, year, settings):
    mine = settings.get("peru")
    if mine is None:
        return None  # only editions that name this plugin get its rules
    binding = mine.get("survey_binding", SURVEY_BINDING.get(year, False))
    return {
        "stakeholders": {"taxonomy": "peru"},
        "committee": {"secretariat_method": "without_opposition", "min_stakeholder_groups": 3},
        "survey": {"binding": bool(binding), "approval": "simple_majority"},
        "panels": {"require_expertise": True, "min_stakeholder_groups": 2, "gender_rule": "mixed"},
    }


def check_streaming(ctx):
    # nrikit runs this rule only for editions that name the plugin under [plugins].
    if not ctx.edition["event"]["streamed"]:
        city = ctx.edition["edition"]["city"]
        yield Finding(
            "peru_streaming",
            "warning",
            "event",
            N_("the event was not streamed, so people outside {city} could not follow it")
            if city
            else N_("the event was not streamed, so people outside the host city could not follow it"),
            N_("IGF Perú counts streaming as part of inclusiveness: set [event] streamed once it is"),
            {"city": city} if city else {},
        )


@hookimpl
def register_rules(register):
    register(
        Rule("peru_streaming", "event", "IGF Perú: the event is streamed for people outside Lima.", check_streaming)
    )
