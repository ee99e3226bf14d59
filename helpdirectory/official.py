"""The starting list of needs the help directory is filtered by. These are
topics, not facts about the city: editors may rename, reorder or add to them.
Idempotent: needs that exist are left as editors have them."""

from django.db import transaction

from languages.translated import per_language

from .models import Need

NEEDS = [
    ("dyskryminacja", {"pl": "dyskryminacja", "en": "discrimination", "uk": "дискримінація", "be": "дыскрымінацыя"}),
    (
        "przestepstwa-z-nienawisci",
        {
            "pl": "przestępstwa z nienawiści",
            "en": "hate crime",
            "uk": "злочини на ґрунті ненависті",
            "be": "злачынствы на глебе нянавісці",
        },
    ),
    (
        "pomoc-prawna",
        {"pl": "bezpłatna pomoc prawna", "en": "free legal aid", "uk": "безоплатна правова допомога",
         "be": "бясплатная прававая дапамога"},
    ),
    (
        "przemoc-domowa",
        {"pl": "przemoc domowa", "en": "domestic violence", "uk": "домашнє насильство", "be": "хатні гвалт"},
    ),
    (
        "cudzoziemcy",
        {
            "pl": "prawa cudzoziemców i cudzoziemek",
            "en": "rights of foreigners",
            "uk": "права іноземців",
            "be": "правы іншаземцаў",
        },
    ),
    (
        "niepelnosprawnosc",
        {
            "pl": "prawa osób z niepełnosprawnościami",
            "en": "rights of persons with disabilities",
            "uk": "права людей з інвалідністю",
            "be": "правы людзей з інваліднасцю",
        },
    ),
    (
        "wsparcie-psychologiczne",
        {
            "pl": "wsparcie psychologiczne",
            "en": "psychological support",
            "uk": "психологічна підтримка",
            "be": "псіхалагічная падтрымка",
        },
    ),
]  # fmt: skip


@transaction.atomic
def load():
    for order, (slug, names) in enumerate(NEEDS, start=1):
        Need.objects.get_or_create(slug=slug, defaults={"order": order * 10, **per_language("name", names)})
