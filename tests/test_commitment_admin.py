"""The progress tracker's admin, as a city editor uses it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import (
    Commitment,
    DataPoint,
    Document,
    Element,
    Indicator,
    Level,
    Milestone,
    ProgressUpdate,
    Status,
    Unit,
)
from declaration.models import Value

from . import factories
from .html import in_polish, soup, text_of

pytestmark = pytest.mark.django_db


MODELS = [Level, Element, Unit, Status, Commitment, Milestone, ProgressUpdate, Document, Indicator]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_open(staff, model):
    commitment = factories.commitment()
    factories.milestone(commitment)
    factories.update(commitment)
    factories.document(commitment)
    factories.indicator(commitment, years=[(2024, 1)])
    Unit.objects.create(slug="u", name_pl="Wydział")
    opts = model._meta
    obj = model.objects.first()
    for url in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    ):
        assert staff.get(url).status_code == 200, url


def publication(prefix=""):
    return {
        f"{prefix}publication_state": "published",
        f"{prefix}published_at_0": "2025-01-15",
        f"{prefix}published_at_1": "12:00:00",
    }


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def commitment_form(**overrides):
    level = Level.objects.get(number=2)
    data = {
        "title_pl": "Rzecznik praw mieszkańców",
        "title_en": "Residents' ombudsperson",
        "slug": "rzecznik",
        "summary_pl": "Miasto powoła lokalnego rzecznika praw.",
        "summary_en": "The city will appoint a local ombudsperson.",
        "body_pl": "Opis **zobowiązania**.",
        "level": str(level.pk),
        "element": str(Element.objects.get(code="S5").pk),
        "values": [str(Value.objects.get(slug="rownosc").pk), str(Value.objects.get(slug="szacunek").pk)],
        "status": str(Status.objects.get(slug="in-progress").pk),
        "progress_mode": "milestones",
        "start_date": "2025-01-01",
        "target_date": "2027-12-31",
        "last_reviewed_on": "2025-01-10",
        **publication(),
        **management("milestones", 0),
        **management("updates", 0),
        **management("documents", 0),
        **management("indicators", 0),
    }
    data.update(overrides)
    return data


def test_staff_build_a_whole_commitment_in_the_admin(staff, client):
    data = commitment_form(
        **management("milestones", 2),
        **{
            "milestones-0-title_pl": "Uchwała o powołaniu",
            "milestones-0-title_en": "Resolution to appoint",
            "milestones-0-due_on": "2025-03-01",
            "milestones-0-done": "on",
            "milestones-0-done_on": "2025-03-05",
            **publication("milestones-0-"),
            "milestones-1-title_pl": "Wybór rzecznika",
            "milestones-1-due_on": "2025-09-01",
            **publication("milestones-1-"),
        },
        **management("updates", 1),
        **{
            "updates-0-date": "2025-03-06",
            "updates-0-title_pl": "Rada przyjęła uchwałę",
            "updates-0-body_pl": "Uchwała została przyjęta.",
            **publication("updates-0-"),
        },
        **management("documents", 1),
        **{
            "documents-0-title_pl": "Uchwała nr 1/2025",
            "documents-0-kind": "resolution",
            "documents-0-file": SimpleUploadedFile("uchwala.pdf", b"%PDF-1.7 test", content_type="application/pdf"),
            "documents-0-language": "pl",
            "documents-0-date": "2025-03-05",
            "documents-0-source": "BIP",
            "documents-0-produced_by": "Rada Miasta",
            "documents-0-published_by": "Redakcja BIP",
            **publication("documents-0-"),
        },
    )
    response = staff.post(reverse("admin:commitments_commitment_add"), data)
    assert response.status_code == 302, text_of(soup(response).select_one(".errornote") or soup(response).body)
    commitment = Commitment.objects.get(slug="rzecznik")
    assert commitment.reference.startswith("BPC-2025-")
    assert commitment.progress == 50
    assert commitment.milestones.count() == 2 and commitment.updates.count() == 1
    document = commitment.documents.get()

    indicator_data = {
        "commitment": str(commitment.pk),
        "name_pl": "Liczba spraw rzecznika",
        "unit_pl": "sprawy",
        "baseline_value": "0",
        "baseline_date": "2024-12-31",
        "target_value": "200",
        "direction": "increase",
        "source": "Biuro rzecznika",
        **publication(),
        **management("data_points", 2),
        "data_points-0-year": "2025",
        "data_points-0-value": "48",
        "data_points-1-year": "2026",
        "data_points-1-value": "97",
    }
    response = staff.post(reverse("admin:commitments_indicator_add"), indicator_data)
    assert response.status_code == 302
    assert DataPoint.objects.filter(indicator__commitment=commitment).count() == 2

    client.logout()
    for prefix, title in (("", "Rzecznik praw mieszkańców"), ("/en", "Residents' ombudsperson"),
                          ("/uk", "Rzecznik praw mieszkańców"), ("/be", "Rzecznik praw mieszkańców")):  # fmt: skip
        page = soup(client.get(f"{prefix}/zobowiazania/rzecznik/"))
        assert text_of(page.h1.select_one("[lang]") or page.h1) == title
        main = text_of(page.main)
        milestone = "Resolution to appoint" if prefix == "/en" else "Uchwała o powołaniu"
        for text in (milestone, "Wybór rzecznika", "Rada przyjęła uchwałę", "Uchwała nr 1/2025",
                     "Liczba spraw rzecznika", "97", commitment.reference):  # fmt: skip
            assert text in main, (prefix, text)
        assert page.select_one(f'a[href="{prefix}/dokumenty/{document.pk}/pobierz/"]') is not None
        assert (page.h1.select_one('[lang="pl"]') is not None) == (prefix in ("/uk", "/be"))
        assert (page.select_one(".fallback-notice") is not None) == (prefix != "")
        assert commitment.reference in text_of(soup(client.get(f"{prefix}/zobowiazania/")).main)
        assert commitment.reference in text_of(soup(client.get(f"{prefix}/poziomy/2/")).main)
        assert commitment.reference in text_of(soup(client.get(f"{prefix}/wartosci/szacunek/")).main)
        # The overview's table for level 2 (the text equivalent of its headline) counts it.
        tables = soup(client.get(f"{prefix}/postepy/")).select("table.tally")
        (level_2,) = [table for table in tables if "2" in text_of(table.caption)]
        assert text_of(level_2.select_one("tfoot td")) == "1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target_date": "2024-01-01"}, "The target date cannot be before the start date."),
        (
            {"progress_mode": "manual", "manual_progress": "40"},
            "Say why the progress is set by hand (at least in Polish).",
        ),
        (
            {"progress_mode": "manual", "manual_progress": "140", "manual_progress_reason_pl": "x"},
            "Progress must be between 0 and 100.",
        ),
        ({"element": "__T1__"}, "The element belongs to another level."),
    ],
)
def test_admin_explains_invalid_commitments(staff, overrides, message):
    if overrides.get("element") == "__T1__":
        overrides["element"] = str(Element.objects.get(code="T1").pk)
    response = staff.post(reverse("admin:commitments_commitment_add"), commitment_form(**overrides))
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "pl"
    assert in_polish(message) in text_of(page.select_one("#content"))
    assert not Commitment.objects.exists()


def test_admin_refuses_a_third_level_of_parents(staff):
    grandparent = factories.commitment()
    parent = factories.commitment(parent=grandparent)
    response = staff.post(reverse("admin:commitments_commitment_add"), commitment_form(parent=str(parent.pk)))
    assert response.status_code == 200
    expected = in_polish("Commitments nest at most two levels: the chosen parent is itself part of another.")
    assert expected in text_of(soup(response).select_one("#content"))


def test_admin_refuses_a_data_point_period_twice(staff):
    commitment = factories.commitment()
    data = {
        "commitment": str(commitment.pk),
        "name_pl": "Wskaźnik",
        "unit_pl": "%",
        "baseline_value": "1",
        "baseline_date": "2024-01-01",
        "direction": "increase",
        "source": "GUS",
        **publication(),
        **management("data_points", 2),
        "data_points-0-year": "2025",
        "data_points-0-value": "1",
        "data_points-1-year": "2025",
        "data_points-1-value": "2",
    }
    response = staff.post(reverse("admin:commitments_indicator_add"), data)
    assert response.status_code == 200
    # Django's own message, in the admin's Polish.
    assert "Popraw zduplikowane dane w" in text_of(soup(response).select_one("#content"))
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("raport.pdf", b"MZ\x90\x00 not a pdf"),
            in_polish("The file's content does not match its %(extension)s extension.", extension=".pdf"),
        ),
        (
            SimpleUploadedFile("program.exe", b"MZ\x90\x00"),
            in_polish(
                "Files of type %(extension)s cannot be uploaded. Allowed: %(allowed)s.",
                extension=".exe",
                allowed=".csv, .docx, .ods, .odt, .pdf, .txt, .xlsx",
            ),
        ),
    ],
)
def test_admin_refuses_wrong_uploads(staff, upload, message):
    data = {
        "title_pl": "Dokument",
        "kind": "report",
        "file": upload,
        "language": "pl",
        "date": "2025-01-01",
        **publication(),
    }
    response = staff.post(reverse("admin:commitments_document_add"), data)
    assert response.status_code == 200
    assert message in text_of(soup(response).select_one("#content"))
    assert not Document.objects.filter(title_pl="Dokument").exists()
