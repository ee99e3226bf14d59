"""Demonstration content: invented commitments that show how the portal
works. Every row is flagged ``is_demo``, carries "DEMO" references and is
labelled on every page that shows it. It is never loaded in production
unless asked for explicitly, and ``remove_demo_content`` deletes all of it.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from declaration.models import Value
from publishing import versions
from publishing.models import published_now

from .models import Commitment, DataPoint, Document, Indicator, Level, Milestone, ProgressUpdate, Status, Unit

UNITS = [
    ("demo-unit-a", {"pl": "Jednostka demonstracyjna A", "en": "Demonstration unit A"}),
    ("demo-unit-b", {"pl": "Jednostka demonstracyjna B", "en": "Demonstration unit B"}),
    ("demo-unit-c", {"pl": "Jednostka demonstracyjna C", "en": "Demonstration unit C"}),
]

# (level, values, pl title, en title, uk title or None)
THEMES = [
    (2, ["rownosc"], "Przykład: punkt konsultacyjny ds. równego traktowania",
     "Example: an equal-treatment advice point", "Приклад: консультаційний пункт з питань рівного ставлення"),
    (2, ["solidarnosc", "otwartosc"], "Przykład: rada konsultacyjna mieszkańców i mieszkanek",
     "Example: a residents' advisory council", None),
    (3, ["szacunek"], "Przykład: szkolenia z praw człowieka dla kadry",
     "Example: human rights training for staff", "Приклад: навчання з прав людини для працівників"),
    (3, ["rownosc", "wolnosc"], "Przykład: ocena wpływu uchwał na prawa człowieka",
     "Example: human rights impact checks of resolutions", None),
    (3, ["otwartosc"], "Przykład: informacje o usługach w czterech językach",
     "Example: service information in four languages", "Приклад: інформація про послуги чотирма мовами"),
    (2, ["wolnosc"], "Przykład: procedura zgłaszania naruszeń",
     "Example: a procedure for reporting violations", None),
    (3, ["solidarnosc"], "Przykład: lokalny plan działań na rzecz praw człowieka",
     "Example: a local human rights action plan", None),
    (1, ["szacunek", "rownosc"], "Przykład: przystąpienie do sieci miast praw człowieka",
     "Example: joining a network of human rights cities", None),
    (3, ["rownosc"], "Przykład: dostępność budynków i stron internetowych",
     "Example: accessible buildings and websites", "Приклад: доступність будівель і вебсайтів"),
    (2, ["otwartosc", "solidarnosc"], "Przykład: coroczny raport o prawach człowieka",
     "Example: an annual human rights report", None),
]  # fmt: skip

PHASES = [("etap I", "phase I"), ("etap II", "phase II")]


def _texts(pl, en, uk=None):
    texts = {"title_pl": pl, "title_en": en}
    if uk:
        texts["title_uk"] = uk
    return texts


@transaction.atomic
def load(seed=2024, themes=None):
    """Load the demo commitments: each theme is a parent with two phases.
    ``themes`` limits how many themes (tests use a few)."""
    if Commitment.objects.filter(is_demo=True).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    levels = {level.number: level for level in Level.objects.all()}
    values = {value.slug: value for value in Value.objects.all()}
    statuses = {status.slug: status for status in Status.objects.all()}
    units = [
        Unit.objects.get_or_create(slug=slug, defaults={"is_demo": True, **{f"name_{k}": v for k, v in names.items()}})[
            0
        ]
        for slug, names in UNITS
    ]
    created = 0
    for index, (level_number, value_slugs, title_pl, title_en, title_uk) in enumerate(THEMES[:themes]):
        start = today - datetime.timedelta(days=rng.randint(200, 700))
        parent = _commitment(
            rng,
            index * 3,
            _texts(title_pl, title_en, title_uk),
            levels[level_number],
            statuses["planned"],
            units[index % len(units)],
            start,
            start + datetime.timedelta(days=rng.randint(300, 1000)),
            [values[slug] for slug in value_slugs],
            today,
        )
        created += 1
        children = []
        for phase_index, (phase_pl, phase_en) in enumerate(PHASES):
            child_start = start + datetime.timedelta(days=120 * phase_index)
            child = _commitment(
                rng,
                index * 3 + phase_index + 1,
                _texts(f"{title_pl} — {phase_pl}", f"{title_en} — {phase_en}"),
                levels[level_number],
                statuses["planned"],
                units[(index + phase_index) % len(units)],
                child_start,
                child_start + datetime.timedelta(days=rng.randint(150, 500)),
                [values[slug] for slug in value_slugs],
                today,
                parent=parent,
            )
            child.status = statuses[_status_from_milestones(child, today)]
            child.save()
            children.append(child.status.slug)
            created += 1
        # One theme shows what a halted commitment looks like.
        parent.status = statuses["suspended" if index == 5 else _status_from_children(children)]
        parent.save()
        if index % 2 == 0:
            _indicator(rng, parent, today)
    for commitment in Commitment.objects.filter(is_demo=True):
        versions.record(commitment)
    return created


def _commitment(rng, number, titles, level, status, unit, start, target, values, today, parent=None):
    reviewed = today - datetime.timedelta(days=rng.choice([10, 40, 90, 400]))
    commitment = Commitment(
        slug=f"demo-{number + 1:03d}",
        level=level,
        status=status,
        unit=unit,
        start_date=start,
        target_date=target,
        last_reviewed_on=reviewed,
        next_review_due=reviewed + datetime.timedelta(days=180),
        parent=parent,
        is_demo=True,
        summary_pl="Treść demonstracyjna: wymyślony przykład pokazujący, jak portal przedstawia zobowiązanie.",
        summary_en="Demonstration content: an invented example of how the portal presents a commitment.",
        body_pl=(
            "**To nie jest prawdziwe zobowiązanie miasta.** Ten wpis pokazuje, jak wygląda opis zobowiązania:\n\n"
            "- cel i zakres działań,\n- osoby i instytucje zaangażowane,\n- sposób mierzenia postępu."
        ),
        body_en=(
            "**This is not a real commitment of the city.** This entry shows what a commitment's description "
            "looks like:\n\n- its aim and scope,\n- the people and institutions involved,\n- how progress is measured."
        ),
        partners_pl="Organizacje demonstracyjne",
        partners_en="Demonstration organisations",
        **titles,
        **published_now(),
    )
    commitment.save()
    commitment.values.set(values)
    if parent is not None:
        for offset in range(rng.randint(2, 4)):
            due = start + datetime.timedelta(days=60 * (offset + 1))
            done = due < today and rng.random() < 0.7
            Milestone.objects.create(
                commitment=commitment,
                title_pl=f"Kamień milowy demonstracyjny {offset + 1}",
                title_en=f"Demonstration milestone {offset + 1}",
                due_on=due,
                done=done,
                done_on=due if done else None,
                **published_now(),
            )
    for offset in range(rng.randint(1, 3)):
        date = min(today, start + datetime.timedelta(days=45 * (offset + 1)))
        ProgressUpdate.objects.create(
            commitment=commitment,
            date=date,
            title_pl=f"Aktualizacja demonstracyjna {offset + 1}",
            title_en=f"Demonstration update {offset + 1}",
            body_pl="Treść demonstracyjna: tak wygląda wpis o postępach prac.",
            body_en="Demonstration content: this is what a progress entry looks like.",
            **published_now(),
        )
    if parent is None:
        Document.objects.create(
            commitment=commitment,
            kind="report",
            url="https://example.org/demo-report.pdf",
            title_pl="Raport demonstracyjny",
            title_en="Demonstration report",
            date=start,
            source="example.org (demo)",
            produced_by="Jednostka demonstracyjna",
            published_by="Redakcja portalu (demo)",
            is_demo=True,
            **published_now(),
        )
    return commitment


def _status_from_milestones(commitment, today):
    milestones = list(commitment.milestones.all())
    done = sum(milestone.done for milestone in milestones)
    if milestones and done == len(milestones):
        return "completed"
    if commitment.target_date < today:
        return "delayed"
    return "in-progress" if done or commitment.start_date <= today else "planned"


def _status_from_children(children):
    if all(slug == "completed" for slug in children):
        return "completed"
    return "delayed" if "delayed" in children else "in-progress"


def _indicator(rng, commitment, today):
    baseline = rng.randint(20, 60)
    indicator = Indicator.objects.create(
        commitment=commitment,
        name_pl="Wskaźnik demonstracyjny",
        name_en="Demonstration indicator",
        unit_pl="%",
        unit_en="%",
        baseline_value=baseline,
        baseline_date=datetime.date(today.year - 10, 12, 31),
        target_value=baseline + 25,
        direction="increase",
        source="Dane demonstracyjne",
        method_pl="Wartości wymyślone na potrzeby demonstracji.",
        method_en="Values invented for the demonstration.",
        is_demo=True,
        **published_now(),
    )
    value = baseline
    for year in range(today.year - 9, today.year + 1):
        value = max(0, min(100, value + rng.randint(-3, 6)))
        DataPoint.objects.create(indicator=indicator, year=year, value=value, source="demo")


@transaction.atomic
def remove():
    commitments = Commitment.objects.filter(is_demo=True)
    count = commitments.count()
    # Children first: a parent is protected while it has sub-commitments.
    Commitment.objects.filter(is_demo=True, parent__isnull=False).delete()
    commitments.delete()
    Document.objects.filter(is_demo=True).delete()
    Indicator.objects.filter(is_demo=True).delete()
    Unit.objects.filter(is_demo=True).delete()
    return count
