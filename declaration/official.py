"""Loads the declaration of 19 December 2023 and its five values from the
files in ``declaration/seed/`` (the Polish text exactly as received, and the
portal's own unofficial translations).

Idempotent: existing rows are left as editors have them, so running it again
(``make run`` does, every time) never overwrites an editor's correction.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from languages.translated import language_codes
from publishing import versions
from publishing.models import published_now

from .models import Declaration, Paragraph, Value

SEED_DIR = Path(__file__).resolve().parent / "seed"
SLUG = "deklaracja-2023-12-19"
# The date printed under the signature of the seed document.
SIGNED_ON = datetime.date(2023, 12, 19)


@dataclass
class DeclarationText:
    title: str
    paragraphs: list[str]
    signatory_name: str
    signatory_title: str
    place: str


def parse(text):
    """Split a seed file into its blocks: title, body paragraphs, then the
    signatory's name, their title and the place-and-date line."""
    blocks = [" ".join(line.strip() for line in block.splitlines()).strip() for block in _blocks(text)]
    title, *paragraphs, name, signatory_title, place_and_date = blocks
    return DeclarationText(
        title=title,
        paragraphs=paragraphs,
        signatory_name=name,
        signatory_title=signatory_title,
        place=place_and_date.split(",")[0].strip(),
    )


def _blocks(text):
    block = []
    for line in text.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield "\n".join(block)
            block = []
    if block:
        yield "\n".join(block)


def read(language):
    return parse((SEED_DIR / f"{language}.txt").read_text(encoding="utf-8"))


@transaction.atomic
def load():
    texts = {language: read(language) for language in language_codes()}
    polish = texts["pl"]
    declaration, created = Declaration.objects.get_or_create(
        slug=SLUG,
        defaults={
            "signed_on": SIGNED_ON,
            "signatory_name": polish.signatory_name,
            **{f"title_{lang}": t.title for lang, t in texts.items()},
            **{f"place_{lang}": t.place for lang, t in texts.items()},
            **{f"signatory_title_{lang}": t.signatory_title for lang, t in texts.items()},
            **published_now(),
        },
    )
    for index in range(len(polish.paragraphs)):
        Paragraph.objects.get_or_create(
            declaration=declaration,
            number=index + 1,
            defaults={
                **{f"text_{lang}": t.paragraphs[index] for lang, t in texts.items()},
                **published_now(),
            },
        )
    versions.record(declaration)
    values = json.loads((SEED_DIR / "values.json").read_text(encoding="utf-8"))
    for order, data in enumerate(values, start=1):
        value, _created = Value.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "order": order,
                **{f"name_{lang}": data["name"][lang] for lang in language_codes()},
                **{f"description_{lang}": data["description"][lang] for lang in language_codes()},
                **published_now(),
            },
        )
        versions.record(value)
    return created
