from django.db import migrations


def update_roles(apps, schema_editor):
    from publishing.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0002_roles"), ("commitments", "0004_commitmentslug")]
    operations = [migrations.RunPython(update_roles, migrations.RunPython.noop)]
