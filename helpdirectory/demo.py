"""Demonstration entries for "Where to get help": invented organisations that
show how the directory works. The names say "(demo)", telephone numbers are
placeholders (+48 000 000 0xx) and addresses are example.org, so nobody can
mistake them for real help. Every row is flagged ``is_demo``, labelled on every
page that shows it and removed by ``remove_demo_content``.
"""

from django.db import transaction

from declaration.models import Value
from languages.translated import per_language
from publishing.models import published_now

from . import official
from .models import HelpOrganisation, Need, OrganisationKind

ORGANISATIONS = [
    {
        "slug": "demo-organizacja-pomocowa",
        "kind": OrganisationKind.NGO,
        "name": {
            "pl": "Przykładowa organizacja pomocowa (demo)",
            "en": "Example help organisation (demo)",
            "uk": "Приклад організації допомоги (демо)",
        },
        "description": {
            "pl": "Wymyślony wpis demonstracyjny. Pokazuje, jak może wyglądać opis organizacji, która pomaga "
            "osobom doświadczającym dyskryminacji i przestępstw z nienawiści.",
            "en": "An invented demonstration entry. It shows what the description of an organisation that helps "
            "people facing discrimination and hate crime could look like.",
            "uk": "Вигаданий демонстраційний запис. Він показує, як може виглядати опис організації, що допомагає "
            "людям, які зазнають дискримінації та злочинів на ґрунті ненависті.",
        },
        "needs": ["dyskryminacja", "przestepstwa-z-nienawisci", "wsparcie-psychologiczne"],
        "values": ["rownosc", "szacunek"],
        "address": "ul. Przykładowa 1 (demo)",
        "phone": "+48 000 000 001",
        "email": "pomoc@example.org",
        "website": "https://example.org/",
        "languages": ["pl", "en", "uk"],
        "step_free_access": True,
        "accessible_toilet": True,
        "hours": {"pl": "pon.–pt. 10:00–16:00 (przykład)", "en": "Mon–Fri 10:00–16:00 (example)"},
        "accessibility": {
            "pl": "Wejście z poziomu chodnika (przykład).",
            "en": "Entrance at street level (example).",
        },
    },
    {
        "slug": "demo-punkt-porad-prawnych",
        "kind": OrganisationKind.PUBLIC_BODY,
        "name": {"pl": "Przykładowy punkt porad prawnych (demo)", "en": "Example legal advice point (demo)"},
        "description": {
            "pl": "Wymyślony wpis demonstracyjny: punkt, w którym można dostać bezpłatną poradę prawną.",
            "en": "An invented demonstration entry: a place where you can get free legal advice.",
        },
        "needs": ["pomoc-prawna", "cudzoziemcy"],
        "values": ["rownosc", "wolnosc"],
        "address": "ul. Wymyślona 2 (demo)",
        "address_notes": {"pl": "Wejście od podwórza (przykład).", "en": "Entrance from the courtyard (example)."},
        "phone": "+48 000 000 002",
        "email": "porady@example.org",
        "languages": ["pl", "be", "ru", "pjm"],
        "other_languages": {"pl": "ormiański (przykład)", "en": "Armenian (example)"},
        "hearing_loop": True,
        "hours": {"pl": "wt. i czw. 12:00–18:00 (przykład)", "en": "Tue and Thu 12:00–18:00 (example)"},
    },
    {
        "slug": "demo-telefon-wsparcia",
        "kind": OrganisationKind.OTHER,
        "name": {"pl": "Przykładowy telefon wsparcia (demo)", "en": "Example support line (demo)"},
        "description": {
            "pl": "Wymyślony wpis demonstracyjny: telefon, pod którym można porozmawiać o przemocy domowej.",
            "en": "An invented demonstration entry: a line where you can talk about domestic violence.",
        },
        "needs": ["przemoc-domowa", "wsparcie-psychologiczne"],
        "values": ["solidarnosc"],
        "phone": "+48 000 000 003",
        "website": "https://example.org/wsparcie",
        "languages": ["pl", "en", "de"],
        "hours": {"pl": "codziennie 8:00–20:00 (przykład)", "en": "Every day 8:00–20:00 (example)"},
    },
    {
        "slug": "demo-rzecznik-dostepnosci",
        "kind": OrganisationKind.PUBLIC_BODY,
        "name": {"pl": "Przykładowy rzecznik dostępności (demo)", "en": "Example accessibility ombudsperson (demo)"},
        "description": {
            "pl": "Wymyślony wpis demonstracyjny: miejsce, w którym zgłasza się bariery w dostępności.",
            "en": "An invented demonstration entry: where to report accessibility barriers.",
        },
        "needs": ["niepelnosprawnosc", "dyskryminacja"],
        "values": ["otwartosc", "rownosc"],
        "address": "ul. Przykładowa 3 (demo)",
        "email": "dostepnosc@example.org",
        "languages": ["pl", "pjm"],
        "step_free_access": True,
        "accessible_toilet": True,
        "hearing_loop": True,
    },
]

TRANSLATED = ("name", "description", "address_notes", "other_languages", "accessibility", "hours")
RELATED = ("needs", "values")


@transaction.atomic
def load(count=None):
    """Load the demo entries (``count`` limits how many; tests use a few).
    The needs they are filed under are loaded too if they are missing."""
    if HelpOrganisation.objects.filter(is_demo=True).exists():
        return 0
    official.load()
    needs = {need.slug: need for need in Need.objects.all()}
    values = {value.slug: value for value in Value.objects.all()}
    for entry in ORGANISATIONS[:count]:
        fields = {name: value for name, value in entry.items() if name not in TRANSLATED + RELATED}
        for name in TRANSLATED:
            fields.update(per_language(name, entry.get(name, {})))
        organisation = HelpOrganisation.objects.create(is_demo=True, **fields, **published_now())
        organisation.needs.set([needs[slug] for slug in entry["needs"] if slug in needs])
        organisation.values.set([values[slug] for slug in entry["values"] if slug in values])
    return len(ORGANISATIONS[:count])


@transaction.atomic
def remove():
    return HelpOrganisation.objects.filter(is_demo=True).delete()[1].get(HelpOrganisation._meta.label, 0)
