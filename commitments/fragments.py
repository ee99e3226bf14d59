"""Which commitment fragments a saved row changes (core/fragments.py), and the
fragments of the commitment page and of the list's rows.

A commitment's page shows its own fields, its milestones, updates, documents,
indicators and their data points, its parent's and children's titles and
progress, its public versions (history, citation) and, from other apps, the
published answers to residents' feedback (dialogue registers those itself):
each of these moves the commitment's stamp. Statuses, levels, units, elements
(the rest of this app) and values (declaration) move their app's stamp, which
every commitment fragment also depends on."""

from django.contrib.contenttypes.models import ContentType

from core import fragments
from publishing.models import PublicVersion

from .models import Commitment, CommitmentSlug, DataPoint, Document, Indicator, Milestone, ProgressUpdate


def commitment_token(pk):
    return fragments.item_token(Commitment, pk) if pk else None


@fragments.owners(Commitment)
def _commitment(commitment):
    # Its own page and row, its parent's page (the sub-commitments list) and its
    # children's pages and rows (the "Part of" fact).
    children = Commitment._base_manager.filter(parent_id=commitment.pk).values_list("pk", flat=True)
    return [
        commitment_token(commitment.pk),
        commitment_token(commitment.parent_id),
        *map(commitment_token, children),
        fragments.every_item_token(Commitment),  # the list's form offers the target years of them all
    ]


@fragments.owners(Milestone, ProgressUpdate, Indicator, CommitmentSlug)
def _row_of_commitment(row):
    return [commitment_token(row.commitment_id)]


@fragments.owners(Document)
def _document(document):
    # Its commitment's documents, and the updates it is attached to.
    updates = ProgressUpdate._base_manager.filter(documents=document.pk).values_list("commitment_id", flat=True)
    return [commitment_token(document.commitment_id), *map(commitment_token, updates)]


@fragments.owners(DataPoint)
def _data_point(point):
    indicators = Indicator._base_manager.filter(pk=point.indicator_id)
    return [commitment_token(indicators.values_list("commitment_id", flat=True).first())]


@fragments.owners(PublicVersion)
def _version(version):
    model = ContentType.objects.get_for_id(version.content_type_id).model_class()
    return [fragments.item_token(model, version.object_id)] if model else []


# What each fragment depends on beyond its item: the apps whose other rows it shows.
PAGE_APPS = ("commitments", "declaration", "dialogue")
ROW_APPS = ("commitments",)
PAGE_PARTS = ("title", "description", "head", "content", "link")  # "link": the Memento Link header


def page_fragments(request, slug):
    """The fragments of a public commitment's page, or None (fragments off, or no
    such public commitment: the view then finds a redirect or a 404)."""
    if not fragments.enabled():
        return None
    pk = Commitment.objects.visible().filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        return None
    tokens = {commitment_token(pk), *map(fragments.app_token, PAGE_APPS)}
    return fragments.Fragments(request, "commitment-page", dict.fromkeys(PAGE_PARTS, tokens))


def list_fragments(request, page, filters):
    """The fragments of the list: its filter form and the page's rows, or None.
    When every row is stored, the page's rows become bare keys: the rows are not
    loaded at all."""
    if not fragments.enabled():
        return None
    rows = page.object_list
    ids = list(rows.values_list("pk", flat=True)) if hasattr(rows, "values_list") else [row.pk for row in rows]
    apps = set(map(fragments.app_token, ROW_APPS))
    parts = {("row", pk): {commitment_token(pk), *apps} for pk in ids}
    # The form: its choices (levels, values, statuses, units, the target years of every
    # commitment) and the values submitted (selected, or refused with a message).
    parts["form"] = {fragments.every_item_token(Commitment), *map(fragments.app_token, PAGE_APPS)}
    submitted = [(name, request.GET.getlist(name)) for name in sorted(filters.form.fields)]
    found = fragments.Fragments(request, "commitment-list", parts, salts={"form": submitted})
    if found.complete:
        page.object_list = [Row(pk) for pk in ids]
    return found


class Row:
    """A row of the list known only by its key: its fragment is stored."""

    def __init__(self, pk):
        self.pk = pk
