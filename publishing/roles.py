"""The staff roles. Editors draft and submit for review; Publishers also
publish, schedule and withdraw. Neither may delete anything that was public
(the admin refuses it for everyone). Superusers administer."""

CONTENT_APPS = ("declaration", "commitments", "pages", "accessibility", "helpdirectory")
# Residents' feedback: Editors answer and reject (publishing an answer needs
# publishing.publish); Publishers may also delete, e.g. on an erasure request.
DIALOGUE_EDITING = ["view_feedback", "change_feedback", "view_subscription"]
DIALOGUE_DELETING = ["delete_feedback", "delete_subscription"]
EDITOR = "Redaktorzy (Editors)"
PUBLISHER = "Publikujący (Publishers)"


def ensure_roles(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = Permission.objects.filter(content_type__app_label__in=CONTENT_APPS)
    editing = content.filter(codename__regex=r"^(view|add|change)_")
    # Statuses, units and needs show on published pages: Editors may read them, Publishers change them.
    public_lists = ["add_status", "change_status", "add_unit", "change_unit", "add_need", "change_need"]
    records = Permission.objects.filter(
        content_type__app_label="publishing", codename__in=["view_publicversion", "view_auditentry"]
    )
    dialogue = Permission.objects.filter(content_type__app_label="dialogue")
    editor, _created = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(
        [*editing.exclude(codename__in=public_lists), *records, *dialogue.filter(codename__in=DIALOGUE_EDITING)]
    )
    publisher, _created = Group.objects.get_or_create(name=PUBLISHER)
    publisher.permissions.set(
        [
            *editing,
            *records,
            *dialogue.filter(codename__in=DIALOGUE_EDITING + DIALOGUE_DELETING),
            # Deleting drafts; published items are protected in code whatever the permission says.
            *content.filter(codename__startswith="delete_"),
            Permission.objects.get(content_type__app_label="publishing", codename="publish"),
        ]
    )
