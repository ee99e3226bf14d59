"""The accessibility statement, easy-to-read texts, Polish Sign Language and
privacy pages that Polish law requires."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accessibility.models import AccessibilityStatement, EasyReadText, SignLanguageVideo
from publishing.models import published_now

from .html import soup, text_of

pytestmark = pytest.mark.django_db

LANGUAGES = ("pl", "en", "uk", "be")
REQUIRED_IDS = [
    "a11y-wstep", "a11y-podmiot", "a11y-zakres", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
    "a11y-status", "a11y-kontakt", "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-data-sporzadzenie",
    "a11y-architektura", "a11y-komunikacja", "a11y-data-przeglad", "a11y-ocena", "a11y-aplikacje",
]  # fmt: skip
DATE_IDS = ["a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-data-sporzadzenie", "a11y-data-przeglad"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nDzien dobry.\n"


def prefix(language):
    return "" if language == "pl" else f"/{language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_statement_has_the_required_structure(client, official, language):
    page = soup(client.get(f"{prefix(language)}/deklaracja-dostepnosci/"))
    for element_id in REQUIRED_IDS:
        assert len(page.select(f"#{element_id}")) == 1, element_id
    for element_id in DATE_IDS:
        time = page.select_one(f"#{element_id}")
        assert time.name == "time"
        assert datetime.date.fromisoformat(time["datetime"]) == datetime.date.fromisoformat(text_of(time))
    assert page.select_one("#a11y-url")["href"].startswith("http://testserver/")
    assert page.select_one("#a11y-podmiot").find_parent(id="a11y-wstep") is not None
    procedure = text_of(page.select_one("#a11y-procedura"))
    assert re.search(r"(?<![\d.])7(?![\d.])", procedure) and re.search(r"(?<![\d.])2(?![\d.])", procedure)
    if language == "en":
        assert "no later than 7 days" in procedure and "2 months" in procedure
    assert page.select_one('#a11y-procedura a[href="https://bip.brpo.gov.pl/"]') is not None
    # Missing contact details are shown as placeholders for the editors, never invented.
    assert text_of(page.select_one("#a11y-email")).startswith("[")


def test_statement_is_linked_from_every_page_footer(client, official):
    for path in ("/", "/en/deklaracja/", "/uk/wartosci/", "/be/strony/kontakt/"):
        page = soup(client.get(path))
        assert page.select_one(f'footer a[href="{prefix(page.html["lang"])}/deklaracja-dostepnosci/"]'), path
        meta = page.select_one('meta[name="deklaracja-dostępności"]')
        assert meta["content"] == f"http://testserver{prefix(page.html['lang'])}/deklaracja-dostepnosci/"


def test_statement_shows_contact_details_when_given(client, official):
    AccessibilityStatement.objects.update(
        contact_person="Anna Testowa", email="dostepnosc@example.org", phone="85 000 00 00"
    )
    page = soup(client.get("/deklaracja-dostepnosci/"))
    assert page.select_one("#a11y-email")["href"] == "mailto:dostepnosc@example.org"
    assert page.select_one("#a11y-telefon")["href"] == "tel:850000000"
    assert text_of(page.select_one("#a11y-kontakt")) == "Anna Testowa"


@pytest.mark.parametrize(
    ("reviewed", "today", "due"),
    [
        (datetime.date(2026, 1, 10), datetime.date(2026, 11, 26), False),
        (datetime.date(2026, 1, 10), datetime.date(2027, 3, 1), True),
        (datetime.date(2025, 6, 1), datetime.date(2026, 11, 26), True),
        (datetime.date(2026, 11, 26), datetime.date(2027, 2, 28), False),
    ],
)
def test_yearly_review_is_due_by_31_march(official, reviewed, today, due):
    statement = AccessibilityStatement.objects.get()
    statement.reviewed_on = reviewed
    assert statement.review_due_on == datetime.date(reviewed.year + 1, 3, 31)
    assert statement.review_reminder_due(today) is due


def test_admin_reminds_staff_of_the_review(client, official, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "a-long-test-password"))
    statement = AccessibilityStatement.objects.get()
    url = reverse("admin:accessibility_accessibilitystatement_change", args=[statement.pk])
    assert not soup(client.get(url)).select(".messagelist .warning")
    AccessibilityStatement.objects.update(reviewed_on=datetime.date(2020, 1, 1))
    warning = soup(client.get(url)).select_one(".messagelist .warning")
    assert warning is not None and "31" in text_of(warning) and "2021" in text_of(warning)
    assert soup(client.get(reverse("admin:accessibility_accessibilitystatement_changelist"))).select_one(
        ".messagelist .warning"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_easy_read_pages(client, official, language):
    index = soup(client.get(f"{prefix(language)}/tekst-latwy-do-czytania/"))
    links = index.select("main ul a")
    assert len(links) == 2
    text = soup(client.get(links[0]["href"]))
    assert len(text_of(text.select_one(".easy-read__body"))) > 100
    # No logo was uploaded, so no logo and no credit line.
    assert text.select_one(".easy-read__logo") is None and text.select_one(".easy-read__credit") is None


def test_easy_read_logo_comes_with_its_credit_line(client, official):
    text = EasyReadText.objects.get(slug="o-portalu")
    text.logo = SimpleUploadedFile("etr.png", PNG)
    text.full_clean()
    text.save()
    page = soup(client.get("/tekst-latwy-do-czytania/o-portalu/"))
    assert page.select_one("img.easy-read__logo")["alt"]
    credit = text_of(page.select_one(".easy-read__credit"))
    assert credit.startswith("© European Easy-to-Read Logo: Inclusion Europe.")


@pytest.mark.parametrize(("language", "first_line"), [("pl", "O tym portalu"), ("uk", "Про цей вебсайт")])
def test_scope_of_activity_downloads_as_text(client, official, language, first_line):
    response = client.get(f"{prefix(language)}/informacja-o-zakresie-dzialalnosci.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="o-portalu-{language}.txt"'
    assert response.content.decode("utf-8").splitlines()[0] == first_line


def test_sign_language_page_without_a_video_points_to_easy_read(client, official):
    page = soup(client.get("/en/jezyk-migowy/"))
    assert page.select_one("video") is None
    assert page.select_one('main a[href="/en/tekst-latwy-do-czytania/"]') is not None


def test_sign_language_video_has_captions_and_transcript(client, official):
    video = SignLanguageVideo(
        title_pl="Informacja o portalu w PJM",
        video=SimpleUploadedFile("portal.mp4", MP4),
        captions=SimpleUploadedFile("portal.vtt", VTT),
        transcript_pl="Dzień dobry. To jest portal miasta Białystok.",
        **published_now(),
    )
    video.full_clean()
    video.save()
    page = soup(client.get("/jezyk-migowy/"))
    player = page.select_one("video[controls]")
    assert player["src"].startswith("/media/pjm/")
    track = player.select_one('track[kind="captions"]')
    assert track["srclang"] == "pl" and track["src"].endswith(".vtt")
    assert "To jest portal miasta Białystok." in text_of(page.select_one(".prose"))


@pytest.mark.parametrize(
    ("field", "upload"),
    [
        ("video", SimpleUploadedFile("film.mp4", b"<html>not a video</html>")),
        ("captions", SimpleUploadedFile("napisy.vtt", b"1\n00:00:00,000 --> 00:00:02,000\nSRT, not WebVTT\n")),
        ("video", SimpleUploadedFile("film.avi", MP4)),
    ],
)
def test_sign_language_uploads_are_checked(official, field, upload):
    from django.core.exceptions import ValidationError

    video = SignLanguageVideo(
        title_pl="PJM",
        video=SimpleUploadedFile("ok.mp4", MP4),
        captions=SimpleUploadedFile("ok.vtt", VTT),
        transcript_pl="Tekst.",
    )
    setattr(video, field, upload)
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert field in error.value.message_dict


@pytest.mark.parametrize("language", LANGUAGES)
def test_privacy_notice_has_marked_placeholders_and_the_cookie_note(client, official, language):
    page = soup(client.get(f"{prefix(language)}/strony/prywatnosc/"))
    body = text_of(page.select_one(".prose"))
    assert "cookie" in body
    assert body.count("[") >= 5
    assert re.search(r"13 (RODO|GDPR)", body)


def test_form_errors_are_linked_to_their_fields(client, official):
    page = soup(client.get("/en/zobowiazania/?level=9&year=abc"))
    links = [a["href"] for a in page.select(".form-errors a")]
    assert links == ["#id_level", "#id_year"]
    for name in ("level", "year"):
        field = page.select_one(f"#id_{name}")
        assert field["aria-invalid"] == "true"
        assert page.select_one(f"#{field['aria-describedby']}") is not None


def test_admin_with_a_malformed_statement_id_does_not_fail(client, official, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "a-long-test-password"))
    response = client.get("/admin/accessibility/accessibilitystatement/abc/change/")
    assert response.status_code == 302


@pytest.mark.parametrize("model", [AccessibilityStatement, EasyReadText, SignLanguageVideo], ids=lambda m: m.__name__)
def test_staff_edit_the_accessibility_pages_in_the_admin(client, official, django_user_model, model):
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "a-long-test-password"))
    SignLanguageVideo.objects.create(
        title_pl="PJM",
        video=SimpleUploadedFile("ok.mp4", MP4),
        captions=SimpleUploadedFile("ok.vtt", VTT),
        transcript_pl="Tekst.",
    )
    opts = model._meta
    for url in (
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[model.objects.first().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "googleapis" not in response.content.decode()
