"""Counts behind the progress overview: a fixed handful of grouped queries,
however many commitments there are."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum

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


@dataclass
class Overview:
    statuses: list
    levels: list  # (level, Tally)
    values: list  # (value, Tally)
    everything: Tally
    overdue_count: int


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
    )
