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
