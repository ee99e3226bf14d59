from django.apps import AppConfig, apps
from django.conf import settings


class CoreConfig(AppConfig):
    name = "core"

    def ready(self):
        from . import dbhealth, fragments, pagecache

        pagecache.connect_signals()
        fragments.connect_signals()
        dbhealth.connect_signals()


def portal_app_configs():
    """The portal's own apps (settings.LOCAL_APPS), not Django's or third-party
    ones: the page cache, the audit trail and the backup watch their models."""
    return [config for config in apps.get_app_configs() if config.name in settings.LOCAL_APPS]


def portal_models():
    """Every concrete model of the portal's own apps."""
    return [model for config in portal_app_configs() for model in config.get_models() if not model._meta.proxy]
