"""Model rules of the progress tracker."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation

from commitments.models import Commitment, DataPoint, Element, Level
from commitments.uploads import validate_document_file
from declaration.models import Value

from . import factories

pytestmark = pytest.mark.django_db


def level(number):
    return Level.objects.published().with_status().get(number=number)


# Framework ------------------------------------------------------------------


def test_level_one_is_reached_by_the_declaration(official):
    first = level(1)
    assert first.status == "reached"
    assert first.reached_on == datetime.date(2023, 12, 19)
    element = Element.objects.get(code="S1")
    assert element.status == "reached" and element.level.number == 1 and element.fra_part == "structures"
    assert [d.url for d in element.evidence.all()] == ["/deklaracja/"]
    assert level(2).status == "not_started" and level(3).status == "not_started"


def test_every_other_element_starts_not_started_with_a_source(official):
    elements = Element.objects.exclude(code="S1")
    assert elements.count() == 12
    assert set(elements.values_list("status", flat=True)) == {"not_started"}
    assert all(element.source for element in Element.objects.all())


def test_level_status_is_derived_from_elements(official):
    Element.objects.filter(code="S3").update(status="in_progress")
    assert level(2).status == "in_progress"
    Element.objects.filter(level__number=2).update(status="reached", reached_on=datetime.date(2025, 3, 1))
    Element.objects.filter(code="S4").update(reached_on=datetime.date(2025, 5, 1))
    assert level(2).status == "reached"
    assert level(2).reached_on == datetime.date(2025, 5, 1)


def test_unpublished_elements_do_not_count(official):
    Element.objects.filter(level__number=2).exclude(code="S2").update(publication_state="draft")
    Element.objects.filter(code="S2").update(status="reached", reached_on=datetime.date(2025, 1, 1))
    assert level(2).status == "reached"


def test_framework_loader_is_idempotent(official):
    from django.core.management import call_command

    Element.objects.filter(code="T1").update(status="in_progress")
    counts = (Level.objects.count(), Element.objects.count())
    call_command("load_official_content")
    assert (Level.objects.count(), Element.objects.count()) == counts == (3, 13)
    assert Element.objects.get(code="T1").status == "in_progress"


def test_reached_element_needs_a_date(official):
    element = Element.objects.get(code="S2")
    element.status = "reached"
    with pytest.raises(ValidationError) as error:
        element.full_clean()
    assert "reached_on" in error.value.message_dict


# Progress -------------------------------------------------------------------


def test_progress_falls_back_to_the_status_default(official):
    assert factories.commitment(status=factories.status("completed")).progress == 100
    assert factories.commitment(status=factories.status("planned")).progress == 0


def test_progress_is_computed_from_published_milestones(official):
    commitment = factories.commitment()
    factories.milestone(commitment, done=True, done_on=datetime.date(2025, 1, 1))
    factories.milestone(commitment)
    factories.milestone(commitment)
    factories.milestone(commitment, publication_state="draft", done=True, done_on=datetime.date(2025, 1, 1))
    commitment.refresh_from_db()
    assert commitment.progress == 33
    assert commitment.progress_source == "milestones"
    last = commitment.milestones.filter(done=False).first()
    last.done, last.done_on = True, datetime.date(2025, 2, 1)
    last.save()
    commitment.refresh_from_db()
    assert commitment.progress == 67


def test_manual_progress_needs_a_reason_and_a_range(official):
    commitment = factories.commitment()
    commitment.progress_mode = "manual"
    commitment.manual_progress = 40
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "manual_progress_reason_pl" in error.value.message_dict
    commitment.manual_progress = 140
    commitment.manual_progress_reason_pl = "Ocena zespołu."
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "manual_progress" in error.value.message_dict
    commitment.manual_progress = 40
    commitment.full_clean()
    commitment.save()
    assert commitment.progress == 40


def test_parent_progress_derives_from_children(official):
    parent = factories.commitment(status=factories.status("planned"))
    first = factories.commitment(parent=parent, status=factories.status("completed"))
    factories.commitment(parent=parent, status=factories.status("planned"))
    parent.refresh_from_db()
    assert parent.progress == 50
    assert parent.progress_source == "children"
    first.status = factories.status("planned")
    first.save()
    parent.refresh_from_db()
    assert parent.progress == 0


def test_parents_nest_at_most_two_levels(official):
    grandparent = factories.commitment()
    parent = factories.commitment(parent=grandparent)
    child = factories.commitment()
    child.parent = parent
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "parent" in error.value.message_dict
    grandparent.parent = child
    with pytest.raises(ValidationError):
        grandparent.full_clean()
    grandparent.parent = grandparent
    with pytest.raises(ValidationError):
        grandparent.full_clean()


def test_target_before_start_is_refused(official):
    commitment = factories.commitment()
    commitment.target_date = commitment.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "target_date" in error.value.message_dict


def test_element_must_belong_to_the_level(official):
    commitment = factories.commitment(level=Level.objects.get(number=2))
    commitment.element = Element.objects.get(code="T1")
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "element" in error.value.message_dict


# Honest flags -----------------------------------------------------------------


def test_overdue_when_past_target_and_not_done(official):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = factories.commitment(start_date=datetime.date(2024, 1, 1), target_date=yesterday)
    done = factories.commitment(target_date=yesterday, status=factories.status("completed"))
    on_time = factories.commitment(target_date=timezone.localdate())
    assert late.is_overdue and not done.is_overdue and not on_time.is_overdue
    assert list(Commitment.objects.overdue()) == [late]


@override_settings(COMMITMENT_STALE_AFTER_DAYS=30)
def test_stale_when_not_reviewed_for_longer_than_the_setting(official):
    today = timezone.localdate()
    stale = factories.commitment(last_reviewed_on=today - datetime.timedelta(days=31))
    fresh = factories.commitment(last_reviewed_on=today - datetime.timedelta(days=30))
    never = factories.commitment(last_reviewed_on=None)
    assert stale.is_stale and never.is_stale and not fresh.is_stale
    assert set(Commitment.objects.stale()) == {stale, never}


# References -------------------------------------------------------------------


@pytest.mark.both_databases
def test_reference_is_assigned_at_first_publication_and_never_changes(official):
    draft = factories.commitment(publication_state="draft", published_at=None)
    assert draft.reference is None
    draft.publish()
    draft.save()
    year = timezone.localtime(draft.published_at).year
    assert draft.reference == f"BPC-{year}-001"
    second = factories.commitment()
    assert second.reference == f"BPC-{year}-002"
    draft.title_pl = "Zmieniony tytuł"
    draft.publication_state = "withdrawn"
    draft.save()
    draft.publish()
    draft.save()
    assert Commitment.objects.get(pk=draft.pk).reference == f"BPC-{year}-001"
    draft.reference = "BPC-1999-999"
    with pytest.raises(ValidationError):
        draft.save()
    assert Commitment.objects.get(pk=draft.pk).reference == f"BPC-{year}-001"


@pytest.mark.both_databases
def test_reference_numbers_keep_growing_past_999(official):
    year = timezone.localdate().year
    factories.commitment()
    Commitment.objects.update(reference=f"BPC-{year}-999")
    assert factories.commitment().reference == f"BPC-{year}-1000"
    assert factories.commitment().reference == f"BPC-{year}-1001"


def test_reference_format(official):
    assert re.fullmatch(r"BPC-\d{4}-\d{3}", factories.commitment().reference)


# Indicators and documents ------------------------------------------------------


def test_a_data_point_period_only_once(official):
    indicator = factories.indicator(factories.commitment(), years=[(2024, 10)])
    duplicate = DataPoint(indicator=indicator, year=2024, value=12)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert "already has a value for that year" in str(error.value)


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("raport.pdf", b"%PDF-1.7\n...", True),
        ("plan.odt", b"PK\x03\x04rest", True),
        ("dane.csv", "rok;wartość\n2024;12\n".encode(), True),
        ("raport.pdf", b"MZ\x90\x00 executable", False),
        ("skrypt.exe", b"MZ\x90\x00", False),
        ("dane.csv", b"\x00\x01\x02binary", False),
        ("strona.html", b"<script>alert(1)</script>", False),
    ],
)
def test_uploads_are_checked_by_content(name, content, accepted):
    upload = SimpleUploadedFile(name, content)
    if accepted:
        validate_document_file(upload)
    else:
        with pytest.raises(ValidationError):
            validate_document_file(upload)


@override_settings(DOCUMENT_MAX_UPLOAD_BYTES=1024)
def test_uploads_have_a_size_limit():
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_document_file(SimpleUploadedFile("raport.pdf", b"%PDF-" + b"0" * 2000))
        assert "too large" in str(error.value)


def test_document_needs_a_file_or_a_link(official):
    document = factories.document(url="")
    with pytest.raises(ValidationError):
        document.full_clean()
    document.url = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        document.full_clean()


def test_values_link_to_commitments(official):
    equality = Value.objects.get(slug="rownosc")
    commitment = factories.commitment(values=[equality])
    assert list(equality.commitments.published()) == [commitment]


# Progress stays current when its sources change -----------------------------------


def test_moving_or_withdrawing_a_child_updates_the_parents(official):
    first = factories.commitment(status=factories.status("planned"))
    second = factories.commitment(status=factories.status("planned"))
    child = factories.commitment(parent=first, status=factories.status("completed"))
    first.refresh_from_db()
    assert first.progress == 100
    child.parent = second
    child.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.progress, second.progress) == (0, 100)
    child.publication_state = "withdrawn"
    child.save()
    second.refresh_from_db()
    assert second.progress == 0


def test_changing_a_status_default_updates_its_commitments(official):
    commitment = factories.commitment(status=factories.status("in-progress"))
    assert commitment.progress == 10
    status = commitment.status
    status.default_progress = 40
    status.save()
    commitment.refresh_from_db()
    assert commitment.progress == 40


def test_a_parent_cannot_have_hand_set_progress(official):
    parent = factories.commitment()
    factories.commitment(parent=parent)
    parent.progress_mode = "manual"
    parent.manual_progress = 80
    parent.manual_progress_reason_pl = "Ocena zespołu."
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "progress_mode" in error.value.message_dict


def test_refresh_progress_counts_a_scheduled_milestone_once_it_is_due(official):
    from django.core.management import call_command

    commitment = factories.commitment()
    factories.milestone(commitment, done=True, done_on=datetime.date(2025, 1, 1))
    soon = factories.milestone(commitment)
    Milestone = type(soon)
    Milestone.objects.filter(pk=soon.pk).update(published_at=timezone.now() + datetime.timedelta(hours=1))
    commitment.refresh_progress()
    commitment.refresh_from_db()
    assert commitment.progress == 100
    Milestone.objects.filter(pk=soon.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("refresh_progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    commitment.refresh_from_db()
    assert commitment.progress == 50


def test_elements_that_do_not_count_do_not_start_a_level(official):
    Element.objects.filter(code="S1").update(status="not_started", reached_on=None)
    Element.objects.filter(code="F1").update(status="in_progress")
    assert level(1).status == "not_started"


@pytest.mark.both_databases
def test_references_sort_by_number(official):
    year = timezone.localdate().year
    first = factories.commitment()
    Commitment.objects.filter(pk=first.pk).update(reference=f"BPC-{year}-999")
    factories.commitment()  # BPC-<year>-1000
    assert [c.reference for c in Commitment.objects.all()] == [f"BPC-{year}-999", f"BPC-{year}-1000"]


def test_document_links_cannot_leave_the_site_disguised_as_portal_pages(official):
    document = factories.document(url="//evil.example/raport.pdf")
    with pytest.raises(ValidationError):
        document.full_clean()


def test_signed_scan_must_be_a_pdf(official):
    from declaration.models import Declaration

    declaration = Declaration.objects.get()
    declaration.signed_scan = SimpleUploadedFile("skan.pdf", b"<svg onload=alert(1)>")
    with pytest.raises(ValidationError) as error:
        declaration.full_clean()
    assert "signed_scan" in error.value.message_dict
