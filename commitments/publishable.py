"""What the progress tracker publishes: commitments and framework elements
with public versions; commitments, their progress updates, the levels and
elements in search; levels and commitments in the sitemap; the framework
and the status list as official content."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publishing import registry

from . import fragments, official  # noqa: F401 (fragments: which rows move which commitment's fragments)
from .models import Commitment, Element, Level, ProgressUpdate

# The parts of a commitment's rows a reader compares between two versions, in order.
MILESTONE = {"title": _("title"), "due_on": _("planned date"), "done": _("done"), "done_on": _("date done")}
DOCUMENT = {"title": _("title"), "kind": _("kind"), "date": _("date"), "language": _("language")}
UPDATE = {
    "title": _("title"),
    "date": _("date"),
    "body_html": _("text"),
    "documents": registry.Compared(_("documents"), row=pgettext_lazy("changed row", "Document"), parts=DOCUMENT),
}
DATA_POINT = {
    "year": _("year"),
    "value": pgettext_lazy("changed row", "value"),
    "source": _("source"),
    "note": _("note"),
}
INDICATOR = {
    "name": _("name"),
    "unit": _("unit"),
    "method": _("method"),
    "baseline_value": _("baseline value"),
    "baseline_date": _("baseline date"),
    "target_value": _("target value"),
    "direction": _("direction"),
    "source": _("source"),
    "data_points": registry.Compared(
        _("data points"), row=pgettext_lazy("changed row", "Data point"), parts=DATA_POINT
    ),
}

registry.register_app(
    "commitments",
    official=official.load,
    sitemap_pages=["commitments:overview", "commitments:list"],
    # Statuses and units show on published pages: Editors may read them, Publishers change them.
    roles=registry.content_roles(
        "commitments", publisher_only=("add_status", "change_status", "add_unit", "change_unit")
    ),
)
registry.register(
    Level,
    search=registry.Search(_("Framework level"), ("name", "declaration_wording", "description"), title_field="name"),
    sitemap=registry.InSitemap("levels"),
)
registry.register(
    Element,
    versions=registry.VersionKind(
        "element",
        "publishing/versions/element.html",
        labels={
            "title": _("Title"),
            "status": _("Status"),
            "description": _("Description"),
            "public_note": _("Public note"),
            "reached_on": _("Date reached"),
        },
    ),
    search=registry.Search(_("Framework element"), ("title", "description", "public_note"), within="level"),
)
registry.register(
    Commitment,
    versions=registry.VersionKind(
        "zobowiazanie",
        "publishing/versions/commitment.html",
        key_is_reference=True,
        labels={
            "title": _("Title"),
            "summary": _("Summary"),
            "body_html": _("Description"),
            "partners": _("Partners"),
            "status": registry.Compared(_("Status"), name="name"),
            "progress": registry.Compared(_("Progress"), unit="%"),
            "target_date": _("Target date"),
            "start_date": _("Start date"),
            "milestones": registry.Compared(
                _("Milestones"), row=pgettext_lazy("changed row", "Milestone"), parts=MILESTONE
            ),
            "updates": registry.Compared(
                _("Progress updates"), row=pgettext_lazy("changed row", "Progress update"), parts=UPDATE
            ),
            "documents": registry.Compared(
                _("Documents"), row=pgettext_lazy("changed row", "Document"), parts=DOCUMENT
            ),
            "indicators": registry.Compared(
                _("Indicators"), row=pgettext_lazy("changed row", "Indicator"), parts=INDICATOR
            ),
            "values": registry.Compared(_("Values"), row=pgettext_lazy("changed row", "Value"), name="name"),
            # Added to the snapshot by the residents' dialogue (dialogue/publishable.py).
            "answers": registry.Compared(
                _("Residents' feedback and answers"),
                row=pgettext_lazy("changed row", "Answer"),
                parts={"published_on": _("date"), "answer": _("answer")},
            ),
        },
    ),
    # Commitments, the portal's main content, come first among equally good matches.
    search=registry.Search(_("Commitment"), ("title", "summary", "body"), order=-1),
    sitemap=registry.InSitemap("commitments", lastmod="updated_at"),
)
registry.register(
    ProgressUpdate,
    search=registry.Search(
        _("Progress update"),
        ("title", "body"),
        within="commitment",
        url=lambda update: f"{update.commitment.get_absolute_url()}#update-{update.pk}",
        order=-1,
    ),
)
