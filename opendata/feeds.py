"""Atom feeds: the site's major published changes (with their change notes)
and progress updates, and the same for one commitment. Minor corrections are
not announced, as promised on the history pages.

Every link is made absolute here, on the canonical origin (SITE_URL), so
Django's feed, which would prefix the request's own host, leaves them alone.

RFC 4287 asks for ids that never change and never repeat: they are ``tag:`` URIs
(RFC 4151) made of permanent keys only — a commitment's reference, a version's or an
update's primary key — never a slug or the host, which may change. Each language's
feed is a different document with different texts (translated headings, notes and
titles), so the language is part of every id."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bialystok_hrc.addresses import absolute_url
from commitments.models import Commitment, ProgressUpdate
from core.richtext import render_markdown
from languages.translated import in_language, translated
from publishing import ledger
from publishing.models import PublicVersion, published_q

LIMIT = 50
# The tagging entity of every id (RFC 4151): the city's own domain, and a date on which it held
# it — the declaration's. Fixed for ever: changing it would change every id.
TAG_PREFIX = "tag:bialystok.pl,2023-12-19:human-rights-city/"


# The public ledger's head in every feed, as an Atom extension element (RFC 4287 §6.4) in a
# namespace of ours: <ledger:head sequence="42" hash="…" href="…/dane/rejestr-wersji.jsonl"/>.
LEDGER_NAMESPACE = TAG_PREFIX + "ledger"


class LedgerAtom1Feed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:ledger": LEDGER_NAMESPACE}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        head = self.feed.get("ledger_head")
        if head is not None:
            attributes = {"sequence": str(head.sequence), "hash": head.hash, "href": self.feed["ledger_url"]}
            handler.addQuickElement("ledger:head", None, attributes)


def tag(*parts):
    """A permanent id for what ``parts`` name, in the active language."""
    return TAG_PREFIX + "/".join(str(part) for part in (*parts, get_language()))


def summary_or_none(html):
    """An empty <summary> tells a reader nothing (and validators flag it): leave it out; the
    entry's alternate link is what RFC 4287 §4.1.1 requires when there is no content."""
    return html if html and html.strip() else None


class Entry:
    def __init__(self, title, link, description, date, guid):
        self.title, self.link, self.description, self.date, self.guid = title, link, description, date, guid


@dataclass(frozen=True)
class Scope:
    """What a feed is about (a commitment, or everything), with the request its links are built for.
    A Feed instance serves every request, so the request cannot be kept on it."""

    request: object
    commitment: Commitment | None = None


def version_entries(versions, request):
    for version in versions:
        title = in_language(version.snapshot.get("title") or version.snapshot.get("name") or {}).value
        note = translated(version, "change_note").value
        if version.state == "withdrawn":
            heading = _("Withdrawn: %(title)s") % {"title": title}
        elif version.number == 1:
            heading = _("Published: %(title)s") % {"title": title}
        else:
            heading = _("Version %(number)s: %(title)s") % {"number": version.number, "title": title}
        # Atom summaries are HTML (type="html"): the plain-text note is escaped, or a
        # feed reader would run whatever markup a note contained.
        link = absolute_url(version.get_absolute_url(), request)
        yield Entry(heading, link, summary_or_none(escape(note)), version.published_at, tag("version", version.pk))


def update_entries(updates, request):
    for update in updates:
        title = translated(update, "title").value
        yield Entry(
            _("Progress update: %(title)s (%(reference)s)")
            % {"title": title, "reference": update.commitment.reference},
            absolute_url(f"{update.commitment.get_absolute_url()}#update-{update.pk}", request),
            summary_or_none(render_markdown(translated(update, "body").value)),  # sanitised, like on the page
            update.published_at,
            tag("progress-update", update.pk),
        )


def published_updates():
    return ProgressUpdate.objects.published().filter(published_q("commitment__")).select_related("commitment")


class PortalFeed(Feed):
    feed_type = LedgerAtom1Feed

    def feed_extra_kwargs(self, scope):
        """The ledger's head: a reader who keeps it can later check that the record still extends it."""
        return {
            "ledger_head": ledger.head(),
            "ledger_url": absolute_url(reverse("publishing:ledger_jsonl"), scope.request),
        }

    def title(self):
        return _("Białystok on the road to a Human Rights City: changes")

    def subtitle(self):
        return _("Published commitments, their major changes with change notes, and progress updates.")

    def get_object(self, request, *args, **kwargs):
        return Scope(request)

    def feed_guid(self, scope):
        return tag("feed")

    def author_name(self):
        return _("City of Białystok")

    def author_link(self, scope):
        return absolute_url(reverse("home"), scope.request)

    def link(self, scope):
        return absolute_url(reverse("home"), scope.request)

    def feed_url(self, scope):
        return absolute_url(scope.request.path, scope.request)

    def items(self, scope):
        versions = PublicVersion.objects.public().filter(is_major=True).order_by("-published_at")[:LIMIT]
        updates = published_updates().order_by("-published_at")[:LIMIT]
        entries = [*version_entries(versions, scope.request), *update_entries(updates, scope.request)]
        return sorted(entries, key=lambda entry: entry.date, reverse=True)[:LIMIT]

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.date

    def item_updateddate(self, entry):
        return entry.date

    def item_guid(self, entry):
        return entry.guid

    item_guid_is_permalink = False


class CommitmentFeed(PortalFeed):
    def get_object(self, request, slug):
        return Scope(request, get_object_or_404(Commitment.objects.visible(), slug=slug))

    def feed_guid(self, scope):
        # The reference, assigned at the first publication, never changes (the slug may).
        return tag("commitment", scope.commitment.reference, "feed")

    def title(self, scope):
        return f"{scope.commitment.reference}: {translated(scope.commitment, 'title').value}"

    def subtitle(self, scope):
        return _("Major changes and progress updates of this commitment.")

    def link(self, scope):
        return absolute_url(scope.commitment.get_absolute_url(), scope.request)

    def items(self, scope):
        commitment, request = scope.commitment, scope.request
        versions = PublicVersion.objects.for_object(commitment).public().filter(is_major=True).order_by("-number")
        updates = published_updates().filter(commitment=commitment).order_by("-published_at")
        entries = [*version_entries(versions[:LIMIT], request), *update_entries(updates[:LIMIT], request)]
        return sorted(entries, key=lambda entry: entry.date, reverse=True)[:LIMIT]
