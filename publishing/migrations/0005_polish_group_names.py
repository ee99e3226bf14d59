from django.db import migrations

# The staff work in Polish: the groups' names carried an English gloss.
RENAMED = {"Redaktorzy (Editors)": "Redaktorzy", "Publikujący (Publishers)": "Publikujący"}


def rename(apps, schema_editor, names):
    Group = apps.get_model("auth", "Group")
    using = schema_editor.connection.alias
    for old, new in names.items():
        # Members and permissions stay with the group; if a group of the new name was made
        # meanwhile (by hand), the old one is left as it is for an administrator to merge.
        if not Group.objects.using(using).filter(name=new).exists():
            Group.objects.using(using).filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("publishing", "0004_auditentry_source"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
