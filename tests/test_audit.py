"""One audit trail, complete whatever the route of a change: the admin (forms,
inlines, deletions), bulk queryset updates, management commands. Django's
admin LogEntry is no longer written; the admin's history page reads the trail."""

import sys

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import manage
from commitments.models import Commitment, Milestone, Status, Unit
from core.apps import portal_models
from dialogue.models import Attempt, Delivery, Feedback, RateLimitLock, UsedFormToken
from languages.models import OutdatedTranslation
from publishing import audit
from publishing.ledger import LedgerEntry
from publishing.models import AuditEntry, Proposal, PublicVersion

from . import factories
from .html import soup, text_of
from .test_commitment_admin import commitment_form, management, publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model, official):
    user = django_user_model.objects.create_superuser("audytorka", "a@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def trail(obj, **filters):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, **filters
    ).order_by("pk")


def test_admin_add_change_and_delete_are_in_the_trail_and_nothing_in_logentry(staff):
    add = staff.post(reverse("admin:commitments_unit_add"), {"slug": "mops", "name_pl": "MOPS", "name_en": ""})
    assert add.status_code == 302
    unit = Unit.objects.get(slug="mops")
    url = reverse("admin:commitments_unit_change", args=[unit.pk])
    assert staff.post(url, {"slug": "mops", "name_pl": "Miejski Ośrodek Pomocy Społecznej"}).status_code == 302
    assert staff.post(reverse("admin:commitments_unit_delete", args=[unit.pk]), {"post": "yes"}).status_code == 302

    added, changed, deleted = trail(unit)
    assert [added.action, changed.action, deleted.action] == ["added", "changed", "deleted"]
    assert {entry.user.username for entry in (added, changed, deleted)} == {"audytorka"}
    assert {entry.source for entry in (added, changed, deleted)} == {"admin"}
    assert added.changes["name_pl"] == ["", "MOPS"]
    assert changed.changes == {"name_pl": ["MOPS", "Miejski Ośrodek Pomocy Społecznej"]}
    assert not LogEntry.objects.exists()


def test_inline_rows_are_recorded_as_their_own_changes(staff):
    data = commitment_form(
        **management("milestones", 1),
        **{"milestones-0-title_pl": "Uchwała", "milestones-0-due_on": "2025-03-01", **publication("milestones-0-")},
    )
    assert staff.post(reverse("admin:commitments_commitment_add"), data).status_code == 302
    milestone = Milestone.objects.get(title_pl="Uchwała")
    (entry,) = trail(milestone)
    assert entry.action == "added" and entry.user.username == "audytorka" and entry.source == "admin"
    assert entry.changes["commitment"] == ["", str(milestone.commitment_id)]
    # The commitment's many-to-many links (its values) are in its own trail, as ids before and after.
    links = trail(milestone.commitment, action="changed").get(changes__has_key="values")
    assert links.changes["values"][0] == "" and len(links.changes["values"][1].split(", ")) == 2


def test_a_queryset_update_is_recorded_with_the_values_before_and_after(official):
    commitment = factories.commitment(title_pl="Przed")
    Commitment.objects.filter(pk=commitment.pk).update(title_pl="Po", revision=7)
    (entry,) = trail(commitment, action="changed")
    # The revision counter is bookkeeping of saves, not a change to the content.
    assert entry.changes == {"title_pl": ["Przed", "Po"]}
    assert entry.user is None and entry.source == "script"
    # An update that changes nothing records nothing.
    Commitment.objects.filter(pk=commitment.pk).update(title_pl="Po")
    assert trail(commitment, action="changed").count() == 1


def test_a_management_command_is_named_in_the_trail(official, monkeypatch):
    commitment = factories.commitment(progress_mode="milestones")
    factories.milestone(commitment, done=True, done_on=timezone.localdate())
    commitment.refresh_from_db()
    assert commitment.progress == 100
    with connection.cursor() as cursor:  # stored progress drifted, as with a milestone that came due
        cursor.execute("UPDATE commitments_commitment SET progress = 0 WHERE id = %s", [commitment.pk])
    # manage.py as cron runs it; the command itself through call_command, because
    # run_from_argv would close the database connection that holds this test's transaction.
    monkeypatch.setattr(sys, "argv", ["manage.py", "refresh_progress"])
    monkeypatch.setattr("django.core.management.execute_from_command_line", lambda argv: call_command(*argv[1:]))
    manage.main()
    entry = trail(commitment, action="changed").last()
    assert entry.changes == {"progress": ["0", "100"]}
    assert entry.user is None and entry.source == "manage.py refresh_progress"


def test_the_admin_history_page_shows_the_trail(staff):
    status = Status.objects.get(slug="planned")
    Status.objects.filter(pk=status.pk).update(default_progress=3)
    page = staff.get(reverse("admin:commitments_status_history", args=[status.pk]))
    assert page.status_code == 200
    rows = page.context["action_list"]
    assert [entry.action for entry in rows] == ["added", "changed"]
    content = page.content.decode()
    # In words (publishing/audit_display.py): the action, the field's label, before → after.
    assert "zmieniono" in content and "Domyślny postęp (%)</strong>: 0 → 3" in content and "dodano" in content


def test_the_conflict_message_names_the_last_change_to_this_model_not_another_apps(staff, django_user_model):
    commitment = factories.commitment()
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    form = staff.get(url).context["adminform"].form
    # Someone else saves; then a same-named model of another app gets a newer entry with the same id.
    Commitment.objects.filter(pk=commitment.pk).update(revision=1)
    other_user = django_user_model.objects.create_user("inna-osoba")
    with audit.recorded_as("manage.py zmiana"):
        audit.record(commitment, "changed", {"title_pl": ["a", "b"]})
    elsewhere = ContentType.objects.create(app_label="elsewhere", model="commitment")
    AuditEntry.objects.create(
        user=other_user, action="changed", content_type=elsewhere, object_id=commitment.pk, object_repr="?"
    )
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(commitment_form(slug=commitment.slug, seen_revision="0", publication_state="published"))
    response = staff.post(url, data)
    message = response.context["adminform"].form.non_field_errors()[0]
    assert "manage.py zmiana" in message and "inna-osoba" not in message


def test_personal_data_is_not_copied_into_the_trail(official):
    item = factories.feedback(message="Mój adres to Lipowa 1", name="Ewa", email="ewa@example.org")
    Feedback.objects.filter(pk=item.pk).update(email="nowy@example.org", state="rejected")
    pk = item.pk
    item.delete()
    item.pk = pk
    entries = list(trail(item))
    assert [entry.action for entry in entries] == ["added", "changed", "deleted"]
    text = repr([(entry.object_repr, entry.changes) for entry in entries])
    assert "Lipowa" not in text and "ewa@example.org" not in text and "nowy@example.org" not in text
    assert entries[1].changes == {"email": ["***", "***"], "state": ["new", "rejected"]}


def test_every_audited_model_records_bulk_changes_and_only_bookkeeping_is_left_out():
    audited = {model for model in portal_models() if audit.is_audited(model)}
    bookkeeping = {Attempt, RateLimitLock, UsedFormToken, Delivery, OutdatedTranslation}
    # The public record (versions and their ledger) is its own trail: append-only, never changed.
    # A proposed change is recorded on its item's trail ("proposed", "approved", "sent back").
    assert set(portal_models()) - audited == {AuditEntry, PublicVersion, LedgerEntry, Proposal, *bookkeeping}
    for model in audited:
        for manager in model._meta.managers:
            assert isinstance(manager.all(), audit.AuditedQuerySet), f"{model._meta.label}.{manager.name}"


def test_every_admin_on_the_site_writes_the_trail_not_logentry():
    from django.contrib import admin

    from publishing.admin import AuditedAdmin

    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdmin), model._meta.label


def test_staff_accounts_changed_in_the_admin_are_in_the_trail(staff, django_user_model):
    from django.contrib.auth.models import Group

    person = django_user_model.objects.create_user("nowa", "n@example.org", "a-long-test-password")
    url = reverse("admin:auth_user_change", args=[person.pk])
    form = staff.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        groups=[str(Group.objects.get(name__startswith="Redaktorzy").pk)],
        user_permissions=[],
        is_staff="on",
        is_active="on",
        **dict.fromkeys(("first_name", "last_name"), ""),
        date_joined_0=timezone.localtime(person.date_joined).strftime("%Y-%m-%d"),
        date_joined_1=timezone.localtime(person.date_joined).strftime("%H:%M:%S"),
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    assert staff.post(url, data).status_code == 302
    (entry,) = trail(person)
    assert entry.action == "changed" and entry.user.username == "audytorka" and entry.source == "admin"
    assert "Groups" in str(entry.changes["admin"]) and "Staff status" in str(entry.changes["admin"])
    assert not LogEntry.objects.exists()


def test_the_admin_index_lists_my_recent_changes_from_the_trail(staff):
    unit = Unit.objects.create(slug="mops", name_pl="MOPS")
    staff.post(reverse("admin:commitments_unit_change", args=[unit.pk]), {"slug": "mops", "name_pl": "MOPS-2"})
    sidebar = soup(staff.get(reverse("admin:index"))).select_one("#recent-actions-module")
    link = sidebar.select_one("li.changelink a")
    assert link["href"] == reverse("admin:commitments_unit_change", args=[unit.pk]) and text_of(link) == "MOPS-2"


def test_bulk_create_and_bulk_update_are_recorded(official):
    commitment = factories.commitment()
    first, second = Milestone.objects.bulk_create(
        [
            Milestone(commitment=commitment, title_pl="Pierwszy", due_on="2025-01-01"),
            Milestone(commitment=commitment, title_pl="Drugi", due_on="2025-02-01"),
        ]
    )
    assert trail(first).get().changes["title_pl"] == ["", "Pierwszy"]
    first.done, second.title_pl = True, "Drugi (poprawiony)"
    Milestone.objects.bulk_update([first, second], ["done", "title_pl"])
    assert trail(first, action="changed").get().changes == {"done": ["False", "True"]}
    assert trail(second, action="changed").get().changes == {"title_pl": ["Drugi", "Drugi (poprawiony)"]}
