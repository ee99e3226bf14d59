from django.contrib.auth.management import create_permissions
from django.db import migrations


def update_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need these now.
    app_config = apps.get_app_config("dialogue")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    from publishing.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0001_initial"), ("publishing", "0003_roles_without_public_lists")]
    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
