from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from publishing.admin import PublishingAdmin, PublishingInline

from .models import Declaration, Paragraph, Value


class ParagraphInline(PublishingInline, TranslationStackedInline):
    model = Paragraph
    extra = 0
    fields = ("number", "text", "publication_state", "published_at")


@admin.register(Declaration)
class DeclarationAdmin(PublishingAdmin, TabbedTranslationAdmin):
    frozen_once_public = ("slug",)

    list_display = ("title", "signed_on", "signatory_name", "publication_state", "published_at")
    list_filter = ("publication_state",)
    search_fields = ("title", "signatory_name")
    inlines = [ParagraphInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "signed_on", "place")}),
        (_("Signature"), {"fields": ("signatory_name", "signatory_title", "signed_scan")}),
        (_("Publication"), {"fields": ("publication_state", "published_at")}),
    )


@admin.register(Paragraph)
class ParagraphAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("__str__", "declaration", "excerpt", "publication_state")
    list_filter = ("declaration", "publication_state")
    search_fields = ("text",)
    ordering = ("declaration", "number")

    def versioned_object(self, paragraph):
        return paragraph.declaration

    @admin.display(description=_("text"))
    def excerpt(self, paragraph):
        return paragraph.text[:80] + ("…" if len(paragraph.text) > 80 else "")


@admin.register(Value)
class ValueAdmin(PublishingAdmin, TabbedTranslationAdmin):
    frozen_once_public = ("slug",)

    def dependent_versioned(self, value):
        return value.commitments.visible()

    list_display = ("name", "slug", "order", "publication_state")
    list_editable = ("order",)
    list_filter = ("publication_state",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
