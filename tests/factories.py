"""Plain factory functions: small, explicit test data."""

import datetime
import itertools

from django.utils import timezone

from commitments.models import Commitment, DataPoint, Document, Indicator, Level, Milestone, ProgressUpdate, Status
from dialogue.models import Feedback
from publishing.models import published_now

_numbers = itertools.count(1)


def status(slug="in-progress"):
    return Status.objects.get(slug=slug)


def commitment(**fields):
    number = next(_numbers)
    defaults = {
        "slug": f"commitment-{number}",
        "title_pl": f"Zobowiązanie testowe {number}",
        "title_en": f"Test commitment {number}",
        "summary_pl": "Streszczenie.",
        "summary_en": "Summary.",
        "level": Level.objects.get(number=2),
        "status": status(),
        "start_date": datetime.date(2024, 1, 1),
        "target_date": datetime.date(2030, 12, 31),
        **published_now(),
    }
    values = fields.pop("values", [])
    item = Commitment(**{**defaults, **fields})
    item.save()
    if values:
        item.values.set(values)
    return item


def milestone(commitment, **fields):
    defaults = {"title_pl": "Kamień milowy", "title_en": "Milestone", "due_on": datetime.date(2025, 6, 1)}
    return Milestone.objects.create(commitment=commitment, **{**defaults, **published_now(), **fields})


def update(commitment, **fields):
    defaults = {
        "title_pl": "Aktualizacja",
        "title_en": "Update",
        "body_pl": "Treść.",
        "date": datetime.date(2025, 1, 1),
    }
    return ProgressUpdate.objects.create(commitment=commitment, **{**defaults, **published_now(), **fields})


def document(commitment=None, **fields):
    defaults = {
        "title_pl": "Dokument",
        "kind": "report",
        "url": "https://bip.example.org/raport.pdf",
        "date": datetime.date(2025, 1, 1),
    }
    return Document.objects.create(commitment=commitment, **{**defaults, **published_now(), **fields})


def indicator(commitment, years=(), **fields):
    defaults = {
        "name_pl": "Wskaźnik",
        "unit_pl": "%",
        "baseline_value": 10,
        "baseline_date": datetime.date(2020, 12, 31),
        "target_value": 50,
        "direction": "increase",
        "source": "GUS",
    }
    item = Indicator.objects.create(commitment=commitment, **{**defaults, **published_now(), **fields})
    for year, value in years:
        DataPoint.objects.create(indicator=item, year=year, value=value)
    return item


def feedback(commitment=None, **fields):
    defaults = {
        "message": "Opinia mieszkanki.",
        "answer": "Odpowiedź redakcji.",
        "consent_at": timezone.now(),
    }
    return Feedback.objects.create(commitment=commitment, **{**defaults, **fields})
