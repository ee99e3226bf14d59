from django.db import migrations


class Migration(migrations.Migration):
    """Created the staff roles once. The roles are now kept in line with each
    app's declaration (publishable.py) by a post_migrate handler
    (publishing.roles.create_roles), so this migration does nothing; it stays
    because applied databases and later migrations refer to it. It no longer
    depends on the content apps: publishing's migrations need none of them."""

    dependencies = [("publishing", "0001_initial")]
    operations = []
