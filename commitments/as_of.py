"""The tracker as it stood at a past moment, read from the public versions then
in force (issue 17 §5), never from today's rows.

The public versions are stored snapshots (commitments/snapshots.py,
declaration/snapshots.py), so what a page showed on a day is the latest
version of each item published by the end of that day. ``Tracker`` reads them
all in one query, however long the history, and gives the pages objects that
look like the models the live templates read (``{% translated obj "title" %}``
reads ``title_pl``, ``title_en``…), so an "as of" page is rendered by the same
templates as the live one.

Levels and the status list have no versions (they are the framework and an
editable list of words): their current rows give the frame, and each
commitment's status is the one in its snapshot.
"""

import datetime
from functools import cached_property

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation

from declaration.models import Value
from declaration.text import capitalise
from languages.translated import in_language
from publishing.models import PublicationState, PublicVersion
from publishing.versions import LANGUAGES

from .models import Element, ElementStatus, Level, Status
from .stats import LATE_STATUSES, CommitmentCounts, LevelProgress, Overview, Tally

COMMITMENT, ELEMENT, VALUE = "zobowiazanie", "element", "wartosc"


def in_force(moment, kinds):
    """The latest version of every item of ``kinds`` published by ``moment``: one
    query (a NOT EXISTS on the versions' unique (item, number) index)."""
    newer = PublicVersion.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        number__gt=OuterRef("number"),
        published_at__lte=moment,
    )
    return PublicVersion.objects.filter(kind__in=kinds, published_at__lte=moment).exclude(Exists(newer))


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class Rows(list):
    """A list that answers ``.all`` like a related manager (``element.evidence.all``)."""

    def all(self):
        return self


class Snapshot:
    """An item as a snapshot shows it: translated texts as ``field_<language>``
    attributes, everything else as it is."""

    def __init__(self, texts=(), **fields):
        for field, values in dict(texts).items():
            for language in LANGUAGES:
                setattr(self, f"{field}_{language}", (values or {}).get(language, ""))
        self.__dict__.update(fields)

    def text(self, field):
        return in_language({language: getattr(self, f"{field}_{language}", "") for language in LANGUAGES}).value


class StatusAsOf(Snapshot):
    pass


class ValueAsOf(Snapshot):
    def get_absolute_url(self):
        return self.url

    @property
    def display_name(self):
        return capitalise(self.text("name"))

    @property
    def description(self):
        return self.text("description")


class ElementAsOf(Snapshot):
    def get_status_display(self):
        return in_language(self.status_labels).value


class CommitmentAsOf(Snapshot):
    """A commitment as its version in force showed it; its address is that
    version's permanent page (the page as it was, not as it is)."""

    def get_absolute_url(self):
        return self.url

    @property
    def is_overdue(self):
        return bool(self.target_date and self.target_date < self.today and not self.status.is_done)

    @property
    def is_late(self):
        return not self.status.is_done and (
            bool(self.target_date and self.target_date < self.today) or self.status.slug in LATE_STATUSES
        )

    @property
    def is_stale(self):
        limit = self.today - datetime.timedelta(days=settings.COMMITMENT_STALE_AFTER_DAYS)
        return self.last_reviewed_on is None or self.last_reviewed_on < limit


def _element_status(labels, reached_on):
    """The element status a snapshot names (it stores the status's words in every
    language): the choice whose Polish words match; failing that (the words were
    since reworded), reached when it has a date reached, else not started."""
    polish = (labels or {}).get("pl")
    with translation.override("pl"):
        for choice in ElementStatus:
            if str(choice.label) == polish:
                return choice.value
    return ElementStatus.REACHED if reached_on else ElementStatus.NOT_STARTED


class Tracker:
    """What the tracker's pages showed at ``moment`` (the end of ``day``), from
    the versions then in force. Three queries for the versions, the levels and
    the statuses, and one for the values' order, whatever the history's length."""

    def __init__(self, day, moment):
        self.day, self.moment = day, moment
        versions = list(in_force(moment, (COMMITMENT, ELEMENT, VALUE)))
        self.published = [v for v in versions if v.state == PublicationState.PUBLISHED]
        self.statuses = list(Status.objects.all())
        self._status_by_slug = {status.slug: status for status in self.statuses}
        self.first_version_at = min((v.published_at for v in versions), default=None)

    def _query(self):
        return f"stan-na={self.day.isoformat()}"

    def url(self, name, *args):
        return f"{reverse(name, args=args)}?{self._query()}"

    def _of(self, kind):
        return [version for version in self.published if version.kind == kind]

    # Values -------------------------------------------------------------------------------

    @cached_property
    def values(self):
        order = dict(Value.objects.values_list("pk", "order"))
        values = [
            ValueAsOf(
                {"name": v.snapshot.get("name"), "description": v.snapshot.get("description")},
                pk=v.object_id,
                slug=v.snapshot.get("slug", v.key),
                version=v,
                url=self.url("declaration:value", v.key),
            )
            for v in self._of(VALUE)
        ]
        return sorted(values, key=lambda value: (order.get(value.pk, 0), value.slug))

    # Commitments ------------------------------------------------------------------------

    def _status(self, data):
        status = StatusAsOf(
            {"name": data.get("name"), "meaning": data.get("meaning")},
            slug=data.get("slug"),
            is_done=bool(data.get("is_done")),
        )
        current = self._status_by_slug.get(status.slug)
        status.pk = current.pk if current else status.slug
        return status

    @cached_property
    def commitments(self):
        """Published commitments, in the list's order (shorter references first)."""
        items = []
        for version in self._of(COMMITMENT):
            data = version.snapshot
            parent = data.get("parent")
            commitment = CommitmentAsOf(
                {name: data.get(name) for name in ("title", "summary", "partners")},
                pk=version.object_id,
                reference=data.get("reference", version.key),
                slug=data.get("slug"),
                is_demo=bool(data.get("is_demo")),
                status=self._status(data.get("status") or {}),
                progress=data.get("progress") or 0,
                level=self.level_numbers.get((data.get("level") or {}).get("number")),
                level_number=(data.get("level") or {}).get("number"),
                parent=Snapshot(reference=parent["reference"], is_published=True) if parent else None,
                values=Rows(value["slug"] for value in data.get("values", [])),
                target_date=_date(data.get("target_date")),
                last_reviewed_on=_date(data.get("last_reviewed_on")),
                today=self.day,
                version=version,
                url=version.get_absolute_url(),
            )
            commitment.updates = [
                Snapshot({"title": update.get("title")}, pk=None, date=_date(update.get("date")), commitment=commitment)
                for update in data.get("updates", [])
            ]
            items.append(commitment)
        return sorted(items, key=lambda item: (len(item.reference), item.reference))

    @cached_property
    def top_level(self):
        # Sub-commitments are counted within their parent, as on the live overview.
        return [commitment for commitment in self.commitments if commitment.parent is None]

    def overdue(self):
        return sorted(
            (commitment for commitment in self.commitments if commitment.is_overdue),
            key=lambda commitment: commitment.target_date,
        )

    def recent_updates(self, count=5):
        updates = [update for commitment in self.commitments for update in commitment.updates if update.date]
        return sorted(updates, key=lambda update: update.date, reverse=True)[:count]

    # Levels and elements -----------------------------------------------------------------

    @cached_property
    def elements(self):
        # Neither is in the snapshot: whether the source still needs checking, and the checklist's order.
        current = {
            pk: (to_verify, order) for pk, to_verify, order in Element.objects.values_list("pk", "to_verify", "order")
        }
        elements = []
        for version in self._of(ELEMENT):
            data = version.snapshot
            elements.append(
                ElementAsOf(
                    {name: data.get(name) for name in ("title", "description", "public_note")},
                    pk=version.object_id,
                    code=data.get("code", version.key),
                    level_number=data.get("level"),
                    source=data.get("source", ""),
                    source_url=data.get("source_url", ""),
                    to_verify=current.get(version.object_id, (False, 0))[0],
                    order=current.get(version.object_id, (False, 0))[1],
                    counts_for_level=data.get("counts_for_level", True),
                    status=_element_status(data.get("status"), data.get("reached_on")),
                    status_labels=data.get("status") or {},
                    reached_on=_date(data.get("reached_on")),
                    evidence=Rows(
                        Snapshot(
                            {"title": document.get("title")},
                            href=document.get("href"),
                            date=_date(document.get("date")),
                        )
                        for document in data.get("evidence", [])
                    ),
                )
            )
        return elements

    @cached_property
    def levels(self):
        """The current levels, each with the status its elements had then
        (the attributes ``Level.objects.with_status()`` annotates)."""
        levels = list(Level.objects.published())
        for level in levels:
            counted = [e for e in self.elements if e.level_number == level.number and e.counts_for_level]
            reached = [e for e in counted if e.status == ElementStatus.REACHED]
            level.counted_elements = len(counted)
            level.reached_elements = len(reached)
            level.started_elements = len([e for e in counted if e.status != ElementStatus.NOT_STARTED])
            level.last_reached_on = max((e.reached_on for e in reached if e.reached_on), default=None)
            level.get_absolute_url = lambda number=level.number: self.url("commitments:level", number)
        return levels

    @cached_property
    def level_numbers(self):
        return {level.number: level for level in self.levels}

    def elements_of(self, level):
        return sorted(
            (element for element in self.elements if element.level_number == level.number),
            key=lambda element: (element.order, element.code),
        )

    # The overview -------------------------------------------------------------------------

    def counts(self, commitments):
        return CommitmentCounts(
            total=len(commitments),
            done=len([c for c in commitments if c.status.is_done]),
            late=len([c for c in commitments if c.is_late]),
        )

    def overview(self):
        statuses = list(self.statuses)
        known = {status.pk for status in statuses}
        for commitment in self.top_level:
            if commitment.status.pk not in known:  # a status since removed from the list
                statuses.append(commitment.status)
                known.add(commitment.status.pk)
        everything = Tally(statuses)
        by_level = {level.number: Tally(statuses) for level in self.levels}
        by_value = {value.slug: Tally(statuses) for value in self.values}
        for commitment in self.top_level:
            everything.add(commitment.status.pk, 1, commitment.progress)
            if commitment.level_number in by_level:
                by_level[commitment.level_number].add(commitment.status.pk, 1, commitment.progress)
            for slug in commitment.values:
                if slug in by_value:
                    by_value[slug].add(commitment.status.pk, 1, commitment.progress)
        return Overview(
            statuses=statuses,
            levels=[(level, by_level[level.number]) for level in self.levels],
            values=[(value, by_value[value.slug]) for value in self.values],
            everything=everything,
            overdue_count=len(self.overdue()),
            headline=[
                LevelProgress(level, self.counts([c for c in self.top_level if c.level_number == level.number]))
                for level in self.levels
            ],
        )
