"""Uploaded files are stored under generated names and downloaded with a
content type we choose, ``nosniff`` and a Content-Disposition that keeps the
original name; bad uploads are refused with a clear message."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commitments.models import Document

from . import factories
from .html import in_polish, soup, text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test document\n"
GENERATED = re.compile(r"documents/\d{4}/[0-9a-f]{32}\.pdf")


def upload_in_admin(staff, upload, **extra):
    data = {
        "title_pl": "Raport roczny",
        "kind": "report",
        "file": upload,
        "language": "pl",
        "date": "2025-01-01",
        "publication_state": "published",
        "published_at_0": "2025-01-15",
        "published_at_1": "12:00:00",
        **extra,
    }
    return staff.post(reverse("admin:commitments_document_add"), data)


def test_an_upload_is_stored_under_a_generated_name_and_keeps_its_own_for_display(staff):
    response = upload_in_admin(staff, SimpleUploadedFile('Sprawozdanie <b>"roczne" 2025.PDF', PDF))
    assert response.status_code == 302, text_of(soup(response).select_one("#content"))
    document = Document.objects.get(title_pl="Raport roczny")
    assert GENERATED.fullmatch(document.file.name), document.file.name
    assert document.original_name == 'Sprawozdanie <b>"roczne" 2025.PDF'
    assert document.file.read() == PDF
    change = staff.get(reverse("admin:commitments_document_change", args=[document.pk]))
    assert "Sprawozdanie &lt;b&gt;&quot;roczne&quot; 2025.PDF" in change.content.decode()  # shown to staff, escaped


def test_a_published_pdf_opens_inline_with_its_original_name(client, staff):
    upload_in_admin(staff, SimpleUploadedFile("Sprawozdanie żółć 2025.pdf", PDF))
    document = Document.objects.get(title_pl="Raport roczny")
    response = client.get(reverse("commitments:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=utf-8''" + quote("Sprawozdanie żółć 2025.pdf") in disposition


def test_other_types_are_downloaded_as_files(client, official):
    document = factories.document(url="", file=SimpleUploadedFile("dane.csv", b"rok;liczba\n2025;3\n"))
    response = client.get(reverse("commitments:document_download", args=[document.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dane.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_with_markup_or_quotes_cannot_break_the_header(client, official):
    document = factories.document(url="", file=SimpleUploadedFile('a"; filename="evil.html.txt', b"hello"))
    disposition = client.get(reverse("commitments:document_download", args=[document.pk]))["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="evil.html.txt"' not in disposition


def test_drafts_and_links_have_no_download(client, official):
    draft = factories.document(url="", file=SimpleUploadedFile("szkic.pdf", PDF), publication_state="draft")
    assert client.get(reverse("commitments:document_download", args=[draft.pk])).status_code == 404
    link = factories.document()
    assert client.get(reverse("commitments:document_download", args=[link.pk])).status_code == 404
    assert link.href == "https://bip.example.org/raport.pdf"


def test_public_pages_link_to_the_download(client, official):
    commitment = factories.commitment()
    document = factories.document(commitment, url="", file=SimpleUploadedFile("raport.pdf", PDF))
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="{reverse("commitments:document_download", args=[document.pk])}"' in html
    assert "/media/" not in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("strona.pdf", b"<html><script>alert(1)</script></html>"),
            in_polish("The file's content does not match its %(extension)s extension.", extension=".pdf"),
        ),
        (
            SimpleUploadedFile("obrazek.svg", b"<svg onload=alert(1)>"),
            in_polish(
                "Files of type %(extension)s cannot be uploaded. Allowed: %(allowed)s.",
                extension=".svg",
                allowed=".csv, .docx, .ods, .odt, .pdf, .txt, .xlsx",
            ),
        ),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_the_form_kept(staff, upload, message):
    response = upload_in_admin(staff, upload)
    assert response.status_code == 200
    page = soup(response)
    assert message in text_of(page.select_one("#content"))
    assert page.select_one("#id_title_pl")["value"] == "Raport roczny"  # what was typed is kept
    assert not Document.objects.filter(title_pl="Raport roczny").exists()


def test_a_too_large_upload_is_refused_with_the_limit(staff, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024
    response = upload_in_admin(staff, SimpleUploadedFile("duzy.pdf", PDF + b"0" * 4096))
    assert response.status_code == 200
    assert "1,0 KB" in text_of(soup(response).select_one("#content"))


def test_other_uploads_get_generated_names_too(official):
    from accessibility.models import SignLanguageVideo
    from declaration.models import Declaration

    declaration = Declaration.objects.first()
    declaration.signed_scan = SimpleUploadedFile("Skan podpisany.pdf", PDF)
    declaration.save()
    assert re.fullmatch(r"declaration/[0-9a-f]{32}\.pdf", declaration.signed_scan.name)
    field = SignLanguageVideo._meta.get_field("video")
    assert re.fullmatch(r"pjm/[0-9a-f]{32}\.mp4", field.generate_filename(None, "Film <x>.MP4"))


def test_a_published_document_of_a_draft_is_not_downloadable(client, official):
    """Walking ids must not reach a file that belongs to something not yet public."""
    draft = factories.commitment(publication_state="draft", published_at=None)
    document = factories.document(draft, url="", file=SimpleUploadedFile("plan.pdf", PDF))
    assert document.is_published
    assert client.get(reverse("commitments:document_download", args=[document.pk])).status_code == 404
    draft.publication_state, draft.published_at = "published", timezone.now()
    draft.save()
    assert client.get(reverse("commitments:document_download", args=[document.pk])).status_code == 200


def test_an_update_attachment_is_public_only_with_a_public_update(client, official):
    commitment = factories.commitment()
    update = factories.update(commitment, publication_state="in_review", published_at=None)
    attachment = factories.document(url="", file=SimpleUploadedFile("zalacznik.pdf", PDF))
    update.documents.add(attachment)
    assert client.get(reverse("commitments:document_download", args=[attachment.pk])).status_code == 404
    update.publication_state, update.published_at = "published", timezone.now()
    update.save()
    assert client.get(reverse("commitments:document_download", args=[attachment.pk])).status_code == 200
    # Of a public update under a commitment that is not (yet) public: still hidden.
    hidden = factories.commitment(publication_state="published", published_at=timezone.now() + timedelta(days=1))
    later = factories.update(hidden)
    other = factories.document(url="", file=SimpleUploadedFile("inny.pdf", PDF))
    later.documents.add(other)
    assert client.get(reverse("commitments:document_download", args=[other.pk])).status_code == 404
