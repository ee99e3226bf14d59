"""A realistic, clearly invented dataset for the benchmark: 500 commitments,
3,000 milestones, 5,000 progress updates and 50 indicators with 10 years of data,
with texts in all four languages. Every row is demonstration content (is_demo,
"DEMO" references, the demo banner on every page), so it can never pass for
real facts about the city; it is meant for a throwaway benchmark database.

    DJANGO_SETTINGS_MODULE=bialystok_hrc.settings.dev DATABASE_URL=… python -m benchmarks.dataset
"""

import datetime
import os
import random
import sys

SIZES = {"commitments": 500, "milestones": 3000, "updates": 5000, "indicators": 50, "years": 10}

LOREM = {
    "pl": "Treść demonstracyjna do pomiaru wydajności: wymyślony opis działań, partnerów i sposobu mierzenia postępu.",
    "en": "Demonstration content for the benchmark: an invented description of actions, partners and measures.",
    "uk": "Демонстраційний вміст для вимірювання швидкодії: вигаданий опис дій, партнерів і способів вимірювання.",
    "be": "Дэманстрацыйны змест для вымярэння хуткасці: выдуманае апісанне дзеянняў, партнёраў і спосабаў вымярэння.",
}
TITLE = {"pl": "Zobowiązanie testowe {n}", "en": "Benchmark commitment {n}", "uk": "Тестове зобов'язання {n}",
         "be": "Тэставае абавязацельства {n}"}  # fmt: skip


def texts(field, template, **values):
    return {f"{field}_{code}": template[code].format(**values) for code in template}


def build(sizes=SIZES, seed=7):
    from django.db import transaction
    from django.utils import timezone

    from commitments import demo
    from commitments.models import Commitment, DataPoint, Indicator, Level, Milestone, ProgressUpdate, Status, Unit
    from declaration.models import Value
    from publishing import versions
    from publishing.models import published_now

    rng = random.Random(seed)  # noqa: S311 - reproducible invented data
    today = timezone.localdate()
    levels = list(Level.objects.filter(number__in=(2, 3)))
    statuses = list(Status.objects.all())
    values = list(Value.objects.all())
    units = [
        Unit.objects.get_or_create(slug=slug, defaults={"is_demo": True, **{f"name_{k}": v for k, v in names.items()}})[
            0
        ]
        for slug, names in demo.UNITS
    ]
    with transaction.atomic():
        commitments = []
        for number in range(1, sizes["commitments"] + 1):
            start = today - datetime.timedelta(days=rng.randint(30, 900))
            commitment = Commitment(
                slug=f"bench-{number:04d}",
                level=rng.choice(levels),
                status=rng.choice(statuses),
                unit=rng.choice(units),
                start_date=start,
                target_date=start + datetime.timedelta(days=rng.randint(200, 1500)),
                last_reviewed_on=today - datetime.timedelta(days=rng.randint(1, 400)),
                is_demo=True,
                **texts("title", TITLE, n=number),
                **texts("summary", LOREM),
                **texts("body", LOREM),
                **published_now(),
            )
            commitment.save()
            commitment.values.set(rng.sample(values, rng.randint(1, 3)))
            commitments.append(commitment)
        Milestone.objects.bulk_create(
            Milestone(
                commitment=commitments[index % len(commitments)],
                due_on=today + datetime.timedelta(days=rng.randint(-600, 600)),
                done=rng.random() < 0.4,
                **texts("title", TITLE, n=f"— kamień {index}"),
                **published_now(),
            )
            for index in range(sizes["milestones"])
        )
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                commitment=commitments[index % len(commitments)],
                date=today - datetime.timedelta(days=rng.randint(0, 900)),
                **texts("title", TITLE, n=f"— aktualizacja {index}"),
                **texts("body", LOREM),
                **published_now(),
            )
            for index in range(sizes["updates"])
        )
        for index in range(sizes["indicators"]):
            indicator = Indicator.objects.create(
                commitment=commitments[index * 7 % len(commitments)],
                **texts("name", TITLE, n=f"— wskaźnik {index}"),
                unit_pl="%",
                baseline_value=rng.randint(10, 50),
                baseline_date=datetime.date(today.year - sizes["years"], 12, 31),
                target_value=80,
                direction="increase",
                source="Dane demonstracyjne",
                is_demo=True,
                **published_now(),
            )
            DataPoint.objects.bulk_create(
                DataPoint(indicator=indicator, year=today.year - year, value=rng.randint(10, 90), source="demo")
                for year in range(sizes["years"])
            )
        for commitment in commitments:
            commitment.refresh_progress()
            versions.record(commitment)
    return {
        "commitments": Commitment.objects.count(),
        "milestones": Milestone.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "indicators": Indicator.objects.count(),
        "data points": DataPoint.objects.count(),
    }


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bialystok_hrc.settings.dev")
    import django

    django.setup()
    print(build())
