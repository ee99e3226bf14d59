"""What a public version of a commitment (and of a framework element) holds:
everything the public page shows, in all four languages, as plain JSON.
Markdown is stored already rendered and sanitised, so an old version looks
exactly as it did even if the Markdown library changes."""

from core.richtext import render_markdown
from publishing.models import due_after, published_q
from publishing.versions import in_all_languages, iso, labels


def _markdown(obj, field):
    return {language: str(render_markdown(text)) for language, text in in_all_languages(obj, field).items()}


def _number(value):
    return None if value is None else f"{value.normalize():f}"


def _document(document):
    return {
        "title": in_all_languages(document, "title"),
        "kind": labels(document.get_kind_display),
        "href": document.href,
        "language": labels(document.get_language_display),
        "date": iso(document.date),
        "source": document.source,
        "produced_by": document.produced_by,
        "published_by": document.published_by,
    }


def commitment_snapshot(commitment):
    from . import sections

    published = published_q()
    children = list(commitment.children.filter(published).order_by("reference"))
    milestones = list(commitment.milestones.filter(published))
    progress, source = commitment.derive_progress(children, milestones)
    element = commitment.element if commitment.element and commitment.element.is_published else None
    parent = commitment.parent if commitment.parent and commitment.parent.is_published else None
    return {
        "schema": 1,
        "reference": commitment.reference,
        "slug": commitment.slug,
        "is_demo": commitment.is_demo,
        "title": in_all_languages(commitment, "title"),
        "summary": in_all_languages(commitment, "summary"),
        "body_html": _markdown(commitment, "body"),
        "partners": in_all_languages(commitment, "partners"),
        "status": {
            "slug": commitment.status.slug,
            "name": in_all_languages(commitment.status, "name"),
            "meaning": in_all_languages(commitment.status, "meaning"),
            "is_done": commitment.status.is_done,
        },
        "progress": progress,
        "progress_source": source,
        "manual_progress_reason": in_all_languages(commitment, "manual_progress_reason")
        if source == "manual"
        else None,
        "level": {"number": commitment.level.number, "name": in_all_languages(commitment.level, "name")},
        "element": {"code": element.code, "title": in_all_languages(element, "title")} if element else None,
        "values": [
            {"slug": value.slug, "name": in_all_languages(value, "name")}
            for value in commitment.values.filter(published).order_by("order")
        ],
        "unit": in_all_languages(commitment.unit, "name") if commitment.unit else None,
        "start_date": iso(commitment.start_date),
        "target_date": iso(commitment.target_date),
        "last_reviewed_on": iso(commitment.last_reviewed_on),
        "next_review_due": iso(commitment.next_review_due),
        "parent": {"reference": parent.reference, "title": in_all_languages(parent, "title")} if parent else None,
        "children": [
            {"reference": child.reference, "title": in_all_languages(child, "title"), "progress": child.progress}
            for child in children
        ],
        "milestones": [
            {
                "title": in_all_languages(milestone, "title"),
                "description": in_all_languages(milestone, "description"),
                "due_on": iso(milestone.due_on),
                "done": milestone.done,
                "done_on": iso(milestone.done_on),
            }
            for milestone in milestones
        ],
        "updates": [
            {
                "date": iso(update.date),
                "title": in_all_languages(update, "title"),
                "body_html": _markdown(update, "body"),
                "documents": [_document(d) for d in update.documents.filter(published)],
            }
            for update in commitment.updates.filter(published)
        ],
        "documents": [_document(document) for document in commitment.documents.filter(published)],
        "indicators": [
            {
                "name": in_all_languages(indicator, "name"),
                "unit": in_all_languages(indicator, "unit"),
                "method": in_all_languages(indicator, "method"),
                "baseline_value": _number(indicator.baseline_value),
                "baseline_date": iso(indicator.baseline_date),
                "target_value": _number(indicator.target_value),
                "direction": labels(indicator.get_direction_display),
                "source": indicator.source,
                "data_points": [
                    {
                        "year": point.year,
                        "value": _number(point.value),
                        "source": point.source,
                        "note": in_all_languages(point, "note"),
                    }
                    for point in indicator.data_points.all()
                ],
            }
            for indicator in commitment.indicators.filter(published)
        ],
        # What other apps show on the page (published answers to residents' feedback).
        **sections.snapshots(commitment),
    }


def commitment_schedule(commitment, after):
    """When, after ``after``, a row the snapshot above shows is due to be
    published: its milestones, updates (and their documents), documents,
    indicators, sub-commitments, values, element and parent. Kept next to the
    snapshot: a row added there is added here."""
    from .models import Commitment, Document, Element

    return due_after(
        after,
        commitment.milestones.all(),
        commitment.updates.all(),
        commitment.documents.all(),
        Document.objects.filter(updates__commitment=commitment),
        commitment.indicators.all(),
        commitment.children.all(),
        commitment.values.all(),
        Element.objects.filter(pk=commitment.element_id),
        Commitment.objects.filter(pk=commitment.parent_id),
    )


def element_snapshot(element):
    return {
        "schema": 1,
        "code": element.code,
        "level": element.level.number,
        "fra_part": labels(element.get_fra_part_display),
        "title": in_all_languages(element, "title"),
        "description": in_all_languages(element, "description"),
        "source": element.source,
        "source_url": element.source_url,
        "status": labels(element.get_status_display),
        "reached_on": iso(element.reached_on),
        "counts_for_level": element.counts_for_level,
        "public_note": in_all_languages(element, "public_note"),
        "evidence": [
            {"title": in_all_languages(document, "title"), "href": document.href, "date": iso(document.date)}
            for document in element.evidence.filter(published_q())
        ],
    }


def element_schedule(element, after):
    """When, after ``after``, evidence the element's snapshot shows is due to be published."""
    return due_after(after, element.evidence.all())
