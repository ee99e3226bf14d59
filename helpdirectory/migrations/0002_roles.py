from django.db import migrations


class Migration(migrations.Migration):
    """Gave the staff roles this app's permissions once; now a no-op: the
    post_migrate handler publishing.roles.create_roles keeps the roles, from
    helpdirectory/publishable.py. Kept because applied databases refer to it."""

    dependencies = [
        ("helpdirectory", "0001_initial"),
        ("publishing", "0003_roles_without_public_lists"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = []
