"""What the progress tracker publishes: commitments and framework elements
with public versions; commitments, their progress updates, the levels and
elements in search; levels and commitments in the sitemap; the framework
and the status list as official content."""

from django.utils.translation import gettext_lazy as _

from publishing import registry

from . import official
from .models import Commitment, Element, Level, ProgressUpdate

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
            "status": _("Status"),
            "progress": _("Progress"),
            "target_date": _("Target date"),
            "start_date": _("Start date"),
            "milestones": _("Milestones"),
            "updates": _("Progress updates"),
            "documents": _("Documents"),
            "indicators": _("Indicators"),
            "values": _("Values"),
            # Added to the snapshot by the residents' dialogue (dialogue/publishable.py).
            "answers": _("Residents' feedback and answers"),
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
