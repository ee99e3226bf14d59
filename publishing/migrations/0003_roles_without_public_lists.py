from django.db import migrations


class Migration(migrations.Migration):
    """Updated the staff roles once; now a no-op (see 0002_roles): the
    post_migrate handler publishing.roles.create_roles keeps the roles."""

    dependencies = [("publishing", "0002_roles")]
    operations = []
