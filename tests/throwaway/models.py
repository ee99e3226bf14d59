from django.db import models
from django.urls import reverse

from publishing.models import Publishable
from publishing.versions import in_all_languages


class Leaflet(Publishable):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=100)
    body = models.TextField(blank=True)

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # The leaflet's public page is its version history: no view of its own is needed.
        return reverse("publishing:history", args=["ulotka", self.slug])

    @property
    def version_key(self):
        return self.slug

    def public_snapshot(self):
        return {"schema": 1, "title": in_all_languages(self, "title"), "body": in_all_languages(self, "body")}
