"""What the declaration publishes: the declaration and its values, each with
public versions; its paragraphs and values in search; the values and the
declaration's pages in the sitemap; the text of 19 December 2023 as
official content."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publishing import registry

from . import official
from .models import Declaration, Paragraph, Value

registry.register_app(
    "declaration",
    official=official.load,
    sitemap_pages=["declaration:detail", "declaration:values"],
    roles=registry.content_roles("declaration"),
)
registry.register(
    Declaration,
    versions=registry.VersionKind(
        "deklaracja",
        "publishing/versions/declaration.html",
        date_field="signed_on",
        labels={
            "title": _("Title"),
            "paragraphs": registry.Compared(
                _("Paragraphs"), row=pgettext_lazy("changed row", "Paragraph"), name="number", parts={"text": _("text")}
            ),
            "signatory_name": _("Signatory"),
        },
    ),
)
registry.register(
    Paragraph,
    search=registry.Search(_("Declaration"), ("text",), within="declaration", title_from="declaration"),
)
registry.register(
    Value,
    versions=registry.VersionKind(
        "wartosc",
        "publishing/versions/value.html",
        title_field="name",
        labels={"name": _("Name"), "description": _("Description")},
    ),
    search=registry.Search(_("Value"), ("name", "description"), title_field="name"),
    sitemap=registry.InSitemap("values"),
)
