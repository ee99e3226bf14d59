"""The staff roles. Editors draft and submit for review; Publishers also
publish, schedule and withdraw. Neither may delete anything that was public
(the admin refuses it for everyone). Superusers administer.

What each role may do is declared by each app in its ``publishable.py``
(``registry.register_app(..., roles=...)``); the groups are brought in line
with those declarations after every ``migrate`` (and every test-database
flush) by ``create_roles``, a ``post_migrate`` handler."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from . import registry

EDITOR = "Redaktorzy"
PUBLISHER = "Publikujący"
GROUPS = {EDITOR: registry.EDITOR, PUBLISHER: registry.PUBLISHER}


def ensure_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the two groups if needed and give each exactly the permissions
    the registry grants it. Idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for name, role in GROUPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        wanted = registry.role_permissions(role)
        group.permissions.set([existing[permission] for permission in wanted if permission in existing])


def create_roles(app_config, verbosity=2, interactive=True, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate handler, connected for the publishing app. Django creates
    an app's permissions in that app's own post_migrate, which has not run yet
    for the apps listed after publishing; creating them here first is what
    Django would do a moment later (create_permissions is idempotent)."""
    for label in registry.content_apps():
        try:
            config = global_apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(config, verbosity=0, interactive=False, using=using, apps=apps)
    ensure_roles(apps, using)
