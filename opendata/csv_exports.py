"""CSV downloads. UTF-8 with a byte-order mark, so spreadsheet software
(Excel included) opens Polish characters correctly; comma-separated with a
header row (RFC 4180)."""

import csv
import io

from django.http import HttpResponse
from django.utils import translation

from bialystok_hrc.addresses import absolute_url
from commitments import stats
from commitments.models import Commitment, DataPoint, Milestone
from languages.translated import translated
from publishing.models import published_q


def csv_response(filename, header, rows):
    # Built whole (the datasets are small), so it gets an ETag like every page.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _text(obj, field):
    return translated(obj, field).value


def commitments_rows(request):
    commitments = (
        Commitment.objects.published()
        .for_listing()
        .select_related("element")
        .annotate(progress_group=stats.progress_group())
    )
    for c in commitments:
        yield [
            c.reference,
            _text(c, "title"),
            _text(c, "summary"),
            c.level.number,
            c.element.code if c.element_id and c.element.is_published else "",
            c.status.slug,
            _text(c.status, "name"),
            c.progress,
            " ".join(v.slug for v in c.values.all()),
            _text(c.unit, "name") if c.unit else "",
            c.start_date or "",
            c.target_date or "",
            c.last_reviewed_on or "",
            "yes" if c.is_overdue else "no",
            c.parent.reference if c.parent and c.parent.is_published else "",
            "yes" if c.is_demo else "no",
            absolute_url(c.permanent_url(), request),
            c.progress_group,
        ]


COMMITMENT_HEADER = [
    "reference", "title", "summary", "level", "element", "status", "status_name", "progress_percent", "values",
    "responsible_unit", "start_date", "target_date", "last_reviewed_on", "overdue", "parent", "demo", "url",
    # done / in_progress / late: the groups the headline of progress counts (commitments.stats).
    "progress_group",
]  # fmt: skip


def milestones_rows(request):
    milestones = (
        Milestone.objects.published()
        .filter(published_q("commitment__"))
        .select_related("commitment")
        .order_by("commitment__reference", "due_on")
    )
    for m in milestones:
        yield [m.commitment.reference, _text(m, "title"), m.due_on, "yes" if m.done else "no", m.done_on or ""]


MILESTONE_HEADER = ["commitment", "title", "due_on", "done", "done_on"]


def indicator_rows(request):
    points = (
        DataPoint.objects.filter(published_q("indicator__"), published_q("indicator__commitment__"))
        .select_related("indicator", "indicator__commitment")
        .order_by("indicator_id", "year")
    )
    for p in points:
        indicator = p.indicator
        yield [
            indicator.commitment.reference,
            indicator.pk,
            _text(indicator, "name"),
            _text(indicator, "unit"),
            p.year,
            p.value,
            p.source,
            _text(p, "note"),
        ]


INDICATOR_HEADER = ["commitment", "indicator_id", "indicator", "unit", "year", "value", "source", "note"]


def in_language(language, request, rows):
    with translation.override(language):
        return list(rows(request))
