"""Sections that other apps add to a commitment's public page.

The apps that build on commitments (the residents' dialogue attaches
feedback to a commitment) import commitments; commitments must not import
them back. They add their section here instead, from their own
``publishable.py``: a template included near the end of the page, and what
it reads, prefetched with the page's other relations (one query whatever the
number of rows)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch


@dataclass(frozen=True)
class Section:
    template: str
    # Called per page view, so a "published and due" condition uses the current time.
    prefetch: Callable[[], Prefetch] | None = None


SECTIONS: list[Section] = []


def add(section):
    if section not in SECTIONS:
        SECTIONS.append(section)


def prefetches():
    return [section.prefetch() for section in SECTIONS if section.prefetch is not None]
