"""Sections that other apps add to a commitment's public page.

The apps that build on commitments (the residents' dialogue attaches
feedback to a commitment) import commitments; commitments must not import
them back. They add their section here instead, from their own
``publishable.py``: a template included near the end of the page, and what
it reads, prefetched with the page's other relations (one query whatever the
number of rows); and what it shows, for the commitment's public versions, so
a change to the section is a version like any other change to the page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch


@dataclass(frozen=True)
class Section:
    template: str
    # Called per page view, so a "published and due" condition uses the current time.
    prefetch: Callable[[], Prefetch] | None = None
    # ``snapshot(commitment)``: the section's part of the commitment's snapshot, a dict of
    # keys (judged "as of" like the rest of the snapshot: publishing.models.now()).
    snapshot: Callable[[object], dict] | None = None


SECTIONS: list[Section] = []


def add(section):
    if section not in SECTIONS:
        SECTIONS.append(section)


def prefetches():
    return [section.prefetch() for section in SECTIONS if section.prefetch is not None]


def snapshots(commitment):
    data = {}
    for section in SECTIONS:
        if section.snapshot is not None:
            data.update(section.snapshot(commitment))
    return data
