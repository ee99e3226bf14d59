"""The admin's forms as staff meet them (issue 14): every field says what the
public sees, numbers read a Polish comma, errors name the language, Polish that
reads naturally, an audit trail staff can read."""

import datetime
import json
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.numbers import parse_localized_decimal
from publishing.admin_proposals import DecisionForm
from publishing.roles import EDITOR, PUBLISHER

pytestmark = pytest.mark.django_db


def staff_request(role):
    user = get_user_model().objects.create_user(f"user-{role[:5]}", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def every_staff_form(request):
    """(where, form class) for each admin form and inline form this member of staff can open."""
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        yield model._meta.label, model_admin.get_form(request, None)
        for inline in model_admin.get_inline_instances(request, None):
            yield f"{model._meta.label} → {inline.model._meta.label}", inline.get_formset(request, None).form
    # The Publisher's decision on a proposed change (its own page, not a model form).
    yield "publishing.Proposal → decision", DecisionForm


def visible_fields(form):
    return {name: field for name, field in form.base_fields.items() if not isinstance(field.widget, forms.HiddenInput)}


@pytest.mark.parametrize("role", [EDITOR, PUBLISHER])
def test_every_field_staff_see_has_help(official, role):
    missing = [
        f"{where}.{name}"
        for where, form in every_staff_form(staff_request(role))
        for name, field in visible_fields(form).items()
        if not str(field.help_text).strip()
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("250,5", "250.5"), ("250.5", "250.5"), (" -3,25 ", "-3.25"), ("0,125", "0.125"), ("1250", "1250"), ("", None)],
)
def test_a_decimal_comma_and_a_dot_mean_the_same(typed, meant):
    assert parse_localized_decimal(typed) == (Decimal(meant) if meant else None)


@pytest.mark.parametrize("typed", ["1.250,5", "1,250.5", "1.250.000", "1,250", "12.500"])
def test_a_number_that_reads_two_ways_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        parse_localized_decimal(typed)
    assert refused.value.code == "ambiguous"
    assert typed in refused.value.messages[0]


def test_every_decimal_field_in_the_admin_reads_a_polish_comma(official):
    decimals = {
        f"{where}.{name}": field
        for where, form in every_staff_form(staff_request(PUBLISHER))
        for name, field in visible_fields(form).items()
        if isinstance(field, forms.DecimalField)
    }
    assert {"commitments.Indicator.baseline_value", "commitments.Indicator → commitments.DataPoint.value"} <= set(
        decimals
    )
    for where, field in decimals.items():
        # A browser's number input reads a comma by its own locale (and may drop it): plain text.
        assert field.widget.input_type == "text", where
        assert field.clean("250,5") == Decimal("250.5"), where
        assert field.clean("250.5") == Decimal("250.5"), where
        with pytest.raises(ValidationError, match=r"1\.250,5"):
            field.clean("1.250,5")


def test_groups_are_named_in_polish_only_and_renamed_in_place(official):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    assert {EDITOR, PUBLISHER} == {"Redaktorzy", "Publikujący"}
    # A database made before: its groups, with their members, get the Polish names.
    editors = Group.objects.get(name=EDITOR)
    editors.name = "Redaktorzy (Editors)"
    editors.save()
    member = get_user_model().objects.create_user("member", is_staff=True)
    member.groups.add(editors)
    import_module("publishing.migrations.0005_polish_group_names").forwards(apps, connection.schema_editor())
    assert list(member.groups.values_list("name", flat=True)) == ["Redaktorzy"]
    assert not Group.objects.filter(name__contains="(").exists()


def test_the_admin_reads_as_natural_polish(staff):
    from django.urls import reverse

    from .html import soup, text_of

    page = soup(staff.get(reverse("admin:commitments_commitment_add")))
    header = text_of(page.select_one("#site-name"))
    assert "w drodze do statusu Miasta Praw Człowieka" in header
    inline_labels = " ".join(
        json.loads(group["data-inline-formset"])["options"]["addText"] for group in page.select("[data-inline-formset]")
    )
    assert "Dodaj: Kamień milowy" in inline_labels
    assert "(go)" not in inline_labels and "(-" not in inline_labels


def test_the_audit_trail_reads_in_polish_with_labels_values_and_rows(staff):
    from django.urls import reverse

    from commitments.models import Milestone, Status

    from . import factories
    from .html import soup, text_of

    commitment = factories.commitment(status=factories.status("planned"))
    milestone = factories.milestone(commitment, title_pl="Uchwała Rady")
    commitment.status = factories.status("in-progress")
    commitment.save()
    milestone.done, milestone.done_on = True, milestone.due_on
    milestone.save()
    Milestone.objects.create(commitment=commitment, title_pl="Usunięty krok", due_on=milestone.due_on).delete()

    page = soup(staff.get(reverse("admin:commitments_commitment_history", args=[commitment.pk])))
    rows = [text_of(row) for row in page.select("#change-history tbody tr")]
    text = " | ".join(rows)
    assert "Status: Zaplanowane → W realizacji" in text  # labels and choice names on both sides
    assert "status:" not in text and "added" not in text and "changed" not in text
    assert any("Kamień milowy „Uchwała Rady”: dodano" in row and "Tytuł [pl]: Uchwała Rady" in row for row in rows)
    assert any("Kamień milowy „Uchwała Rady”: zmieniono" in row and "Zrealizowany: nie → tak" in row for row in rows)
    assert any("„Usunięty krok”: usunięto" in row for row in rows)  # a row deleted since is still in its history
    count = text_of(page.select_one("#change-history .paginator"))
    assert len(rows) == 7 and count == "7 wpisów w dzienniku"

    trail = soup(staff.get(reverse("admin:publishing_auditentry_changelist")))
    assert "dziennik zmian" not in text_of(trail.select_one(".paginator"))
    assert Status.objects.exists()


def test_a_failed_save_keeps_the_uploaded_file_and_names_a_missing_polish_title(staff):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from commitments.models import Commitment

    from .html import soup, text_of
    from .test_commitment_admin import commitment_form, management

    rows = {
        **management("milestones", 1),
        "milestones-0-title_uk": "Рішення ради",  # typed on the UK tab; the Polish title is missing
        "milestones-0-due_on": "2025-03-01",
        "milestones-0-publication_state": "draft",
        **management("documents", 1),
        "documents-0-title_pl": "Uchwała nr 1/2025",
        "documents-0-kind": "resolution",
        "documents-0-language": "pl",
        "documents-0-date": "2025-03-05",
        "documents-0-publication_state": "draft",
    }
    data = commitment_form(**rows, publication_state="draft", published_at_0="", published_at_1="")
    upload = SimpleUploadedFile("uchwala.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    response = staff.post(reverse("admin:commitments_commitment_add"), {**data, "documents-0-file": upload})
    assert response.status_code == 200 and not Commitment.objects.exists()
    page = soup(response)
    assert "Pole „Tytuł (PL)” jest wymagane." in text_of(page.select_one(".inline-group"))
    kept = page.select_one('input[type=hidden][name="documents-0-file__kept"]')
    assert kept is not None and "„uchwala.pdf” jest zachowany" in text_of(page.select_one(".kept-upload"))

    # The next submit, with the title given and no file chosen again, attaches the kept file.
    data["milestones-0-title_pl"] = "Uchwała rady"
    response = staff.post(reverse("admin:commitments_commitment_add"), {**data, kept["name"]: kept["value"]})
    assert response.status_code == 302, [text_of(e.parent) for e in soup(response).select(".errorlist")]
    document = Commitment.objects.get().documents.get()
    assert document.original_name == "uchwala.pdf" and document.file.read() == b"%PDF-1.7 test"
    # A token that was tampered with finds nothing (and names no other file).
    from core.kept_uploads import kept as kept_file

    assert kept_file(kept["value"] + "x") is None


def test_commitment_list_and_form_fit_staff(staff):
    from django.urls import reverse

    from commitments.models import Element, Level

    from . import factories
    from .html import soup, text_of

    draft = factories.commitment(publication_state="draft", published_at=None, body_pl="Tekst **ważny**.")
    page = soup(staff.get(reverse("admin:commitments_commitment_changelist")))
    headers = [text_of(th) for th in page.select("#result_list thead th")]
    assert any("Status publikacji" in header for header in headers)
    link = page.select_one(f'#result_list a[href="{reverse("admin:commitments_commitment_change", args=[draft.pk])}"]')
    assert link is not None and text_of(link) == draft.title_pl  # a draft opens by its title
    # "Overdue" in words, not Django's green tick (which reads as good news for a late commitment).
    late = factories.commitment(slug="late", title_pl="Spóźnione", target_date=datetime.date(2020, 1, 1))
    assert late.is_overdue and not draft.is_overdue
    page = soup(staff.get(reverse("admin:commitments_commitment_changelist")))
    rows = {text_of(row.select_one("th, .field-title")): row for row in page.select("#result_list tbody tr")}
    assert text_of(rows["Spóźnione"].select_one(".field-overdue")) == "Po terminie"
    assert not rows["Spóźnione"].select(".field-overdue img")
    assert text_of(rows[draft.title_pl].select_one(".field-overdue")) == "—"

    page = soup(staff.get(reverse("admin:commitments_commitment_change", args=[draft.pk])))
    # The element is chosen from groups named by level, each element in its own level's group.
    groups = page.select("select#id_element optgroup")
    assert [group["label"] for group in groups] == [
        str(level) for level in Level.objects.filter(elements__isnull=False).distinct().order_by("number")
    ]
    for group in groups:
        codes = {text_of(option).split(":")[0] for option in group.select("option")}
        assert codes == set(Element.objects.filter(level__number=int(group["label"][0])).values_list("code", flat=True))
    # Markdown fields show the text as the public will see it, without a script.
    preview = page.select_one(".field-body_pl details.markdown-preview")
    assert preview is not None and preview.select_one("strong").text == "ważny"
    # An empty "last reviewed" says what the public sees.
    assert "„Ostatni przegląd: nigdy”" in text_of(page.select_one(".field-last_reviewed_on"))


def test_publishers_keep_the_list_of_responsible_units(publisher, editor):
    from django.urls import reverse

    from commitments.models import Unit

    from .html import soup

    response = publisher.post(reverse("admin:commitments_unit_add"), {"slug": "wydzial-x", "name_pl": "Wydział X"})
    assert response.status_code == 302 and Unit.objects.filter(slug="wydzial-x").exists()
    # From the commitment form too (the related-object "add" link), and the help says who adds one.
    page = soup(publisher.get(reverse("admin:commitments_commitment_add")))
    assert page.select_one("#add_id_unit") is not None
    assert "Brakującą jednostkę dodaje osoba publikująca" in page.select_one("#id_unit_helptext").text
    assert editor.get(reverse("admin:commitments_unit_add")).status_code == 403


def test_expired_kept_uploads_are_cleared(settings):
    import datetime
    import io
    import os

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from core.kept_uploads import keep
    from core.kept_uploads import kept as kept_file

    fresh, old = (keep(SimpleUploadedFile(name, b"%PDF-1.7")) for name in ("a.pdf", "b.pdf"))
    old_path = kept_file(old).file.name
    a_day_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(old_path, (a_day_ago, a_day_ago))
    call_command("clear_kept_uploads", stdout=io.StringIO())
    assert kept_file(fresh) is not None and kept_file(old) is None
    assert len(default_storage.listdir("kept-uploads")[1]) == 1
