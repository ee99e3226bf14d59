"""Counts behind the progress overview: a fixed handful of grouped queries,
however many commitments there are."""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Q, Sum, When
from django.db.models import Value as V
from django.utils import timezone

from declaration.models import Value

from .models import Commitment, Level, Status


@dataclass
class Tally:
    """Commitments of one group (a level, a value, everything) by status."""

    statuses: list
    counts: dict = field(default_factory=dict)  # status id -> count
    progress_total: int = 0

    def add(self, status_id, count, progress_sum):
        self.counts[status_id] = self.counts.get(status_id, 0) + count
        self.progress_total += progress_sum or 0

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def average_progress(self):
        return round(self.progress_total / self.total) if self.total else None

    @property
    def rows(self):
        """(status, count, share in %) in the status list's order, for tables and bars."""
        total = self.total
        rows, offset = [], 0
        for status in self.statuses:
            count = self.counts.get(status.pk, 0)
            share = 100 * count / total if total else 0
            rows.append({"status": status, "count": count, "share": share, "offset": offset})
            offset += share
        return rows


# A commitment in one of these statuses is late even before its target date: its status says
# it will not be finished on time (commitments/official.py). The headline must not call it
# "in progress" next to its own status "Delayed".
LATE_STATUSES = ("delayed",)


def late_q(today=None):
    """Not done, and past its target date or in a status that says it is late."""
    today = today or timezone.localdate()
    return Q(status__is_done=False) & (Q(target_date__lt=today) | Q(status__slug__in=LATE_STATUSES))


def progress_group(today=None):
    """Each commitment's group in the headline, as a database expression: "done", "late" or
    "in_progress", by the same rules the headline counts with (the commitments CSV's column)."""
    return Case(
        When(status__is_done=True, then=V("done")),
        When(late_q(today), then=V("late")),
        default=V("in_progress"),
        output_field=CharField(),
    )


@dataclass
class CommitmentCounts:
    """A level's (top-level, published) commitments in three groups that never overlap:
    done (a status that counts as done), late (see late_q) and in progress (the rest)."""

    total: int = 0
    done: int = 0
    late: int = 0

    @property
    def in_progress(self):
        return self.total - self.done - self.late

    def as_dict(self):
        return {"total": self.total, "done": self.done, "in_progress": self.in_progress, "late": self.late}


@dataclass
class LevelProgress:
    """The headline of one level: two measures that answer different questions.
    Elements: is the structure the framework asks for in place (the level's status)?
    Commitments: is the city doing what it promised at this level?"""

    level: object  # a Level from Level.objects.with_status()
    commitments: CommitmentCounts

    @property
    def elements_reached(self):
        return self.level.reached_elements

    @property
    def elements_counted(self):
        return self.level.counted_elements

    @property
    def elements_share(self):
        return round(100 * self.elements_reached / self.elements_counted) if self.elements_counted else 0


def commitment_counts(levels, today=None):
    """CommitmentCounts per level id, in one grouped query. Used by the pages and the API alike."""
    counts = {level.pk: CommitmentCounts() for level in levels}
    rows = (
        Commitment.objects.published()
        .top_level()
        .filter(level__in=list(counts))
        .values("level_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status__is_done=True)),
            late=Count("pk", filter=late_q(today)),
        )
        .order_by()
    )
    for row in rows:
        counts[row["level_id"]] = CommitmentCounts(row["total"], row["done"], row["late"])
    return counts


def headline(levels, today=None):
    """LevelProgress for each level (from Level.objects.with_status())."""
    counts = commitment_counts(levels, today)
    return [LevelProgress(level, counts[level.pk]) for level in levels]


@dataclass
class Overview:
    statuses: list
    levels: list  # (level, Tally)
    values: list  # (value, Tally)
    everything: Tally
    overdue_count: int
    headline: list  # LevelProgress per level


def overview():
    # Sub-commitments are counted within their parent, whose progress they make.
    commitments = Commitment.objects.published().top_level()
    statuses = list(Status.objects.all())
    levels = list(Level.objects.published().with_status())
    values = list(Value.objects.published())

    everything = Tally(statuses)
    by_level = {level.pk: Tally(statuses) for level in levels}
    for row in commitments.values("level_id", "status_id").annotate(n=Count("pk"), p=Sum("progress")).order_by():
        everything.add(row["status_id"], row["n"], row["p"])
        if row["level_id"] in by_level:
            by_level[row["level_id"]].add(row["status_id"], row["n"], row["p"])

    by_value = {value.pk: Tally(statuses) for value in values}
    rows = commitments.filter(values__in=values).values("values", "status_id")
    for row in rows.annotate(n=Count("pk"), p=Sum("progress")).order_by():
        by_value[row["values"]].add(row["status_id"], row["n"], row["p"])

    return Overview(
        statuses=statuses,
        levels=[(level, by_level[level.pk]) for level in levels],
        values=[(value, by_value[value.pk]) for value in values],
        everything=everything,
        overdue_count=Commitment.objects.published().overdue().count(),
        headline=headline(levels),
    )
