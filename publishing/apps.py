from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from core import pagecache

        from . import append_only, audit, models, registry, roles

        audit.connect_signals()
        # Cached pages are rendered again when a scheduled publication comes due.
        pagecache.schedule(models.next_scheduled_publication)
        # Every app's publishable.py: what it publishes, where, and who may edit it.
        registry.autodiscover()
        post_migrate.connect(roles.create_roles, sender=self, dispatch_uid="publishing.roles")
        post_migrate.connect(append_only.ensure, sender=self, dispatch_uid="publishing.append_only")
