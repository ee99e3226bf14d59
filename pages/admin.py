from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from publishing.admin import PublishingAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(PublishingAdmin, TabbedTranslationAdmin):
    list_display = ("title", "slug", "publication_state", "published_at", "updated_at")
    list_filter = ("publication_state",)
    search_fields = ("title", "body")
    readonly_fields = ("updated_at",)
    prepopulated_fields = {"slug": ("title",)}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_required:
            readonly.append("slug")  # linked from every footer and privacy clause
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.is_required:
            return {}
        return super().get_prepopulated_fields(request, obj)
