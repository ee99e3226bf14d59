from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from publishing.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("declaration", "0003_declaration_revision_paragraph_revision_and_more"),
        ("commitments", "0003_commitment_revision_document_revision_and_more"),
        ("pages", "0002_page_revision_alter_page_published_at"),
        ("accessibility", "0002_accessibilitystatement_revision_and_more"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
