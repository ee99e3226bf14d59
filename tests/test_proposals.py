"""Issue 14, the workflow: proposed changes to published items (finding 1 and the second half
of 14), one workflow per page (2, 3, 9), indicators on the commitment page (9), the review
queue, notices and previews (13)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from commitments.models import Commitment
from publishing.models import Proposal, PublicVersion

from . import factories
from .html import in_polish, soup, text_of
from .test_editor_routes import Form

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def page_form(client, obj):
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return response, Form(response.content.decode(), f"form#{obj._meta.model_name}_form")


def with_new_row(data, prefix, **fields):
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for name, value in fields.items():
        data[f"{prefix}-{total}-{name}"] = [value]
    data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
    return data


@pytest.fixture
def published(official):
    commitment = factories.commitment(slug="rzecznik", title_pl="Rzecznik praw", title_en="Ombudsperson")
    factories.milestone(commitment, title_pl="Uchwała", title_en="Resolution")
    from publishing import versions

    versions.record(commitment)
    return commitment


def test_an_editor_proposes_a_change_to_a_published_commitment_and_a_publisher_approves_it(
    published, editor, publisher, client
):
    """Finding 1: the Editor's change to a published commitment (a new title, a new milestone)
    is kept as a proposal: the public page does not change until a Publisher approves it with a
    change note, which makes version 2; version 1 stays as it was."""
    public_before = client.get("/zobowiazania/rzecznik/").content.decode()
    response, form = page_form(editor, published)
    assert in_polish("Changes will be proposed and published after approval.") in text_of(soup(response))
    data = form.copy()
    data["title_pl"] = ["Rzecznik praw mieszkańców"]
    with_new_row(data, "milestones", title_pl="Wybór rzecznika", due_on="2026-09-01")
    response = editor.post(change_url(published), data)
    assert response.status_code == 302, errors_of(response)
    published.refresh_from_db()
    assert published.title_pl == "Rzecznik praw"
    assert published.milestones.count() == 1
    assert client.get("/zobowiazania/rzecznik/").content.decode().count("Wybór rzecznika") == 0
    assert "Rzecznik praw mieszkańców" not in public_before
    proposal = Proposal.objects.get()

    # Nothing typed is lost: the Editor's page opens on the proposal.
    response, form = page_form(editor, published)
    assert form.data["title_pl"] == ["Rzecznik praw mieszkańców"]
    assert "Wybór rzecznika" in form.data.values().__str__()

    # The Publisher sees what would change, per language.
    review = publisher.get(proposal.get_admin_url())
    assert review.status_code == 200
    diff = text_of(soup(review).select_one("#content-main"))
    assert "Wybór rzecznika" in diff and "mieszkańców" in diff

    refused = publisher.post(proposal.get_admin_url(), {"_approve": "1"})
    assert refused.status_code == 200
    response = publisher.post(proposal.get_admin_url(), {"_approve": "1", "change_note_pl": "Nowy kamień milowy."})
    assert response.status_code == 302, text_of(soup(response).select_one("#content-main"))
    published.refresh_from_db()
    assert published.title_pl == "Rzecznik praw mieszkańców"
    assert published.milestones.get(title_pl="Wybór rzecznika").is_published
    v1, v2 = PublicVersion.objects.for_object(published).order_by("number")
    assert v2.change_note_pl == "Nowy kamień milowy."
    assert "Wybór rzecznika" in client.get(v2.get_absolute_url()).content.decode()
    assert "Wybór rzecznika" not in client.get(v1.get_absolute_url()).content.decode()
    assert "Wybór rzecznika" in client.get("/zobowiazania/rzecznik/").content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "approved"
    # The item's history says it in words: proposed, then approved with the version and its note.
    history = text_of(soup(publisher.get(change_url(published).replace("/change/", "/history/"))))
    assert "zaproponowano zmianę" in history
    assert "zatwierdzono propozycję" in history
    assert "Wersja publiczna 2. Notka o zmianie: Nowy kamień milowy." in history


def editor_user():
    return get_user_model().objects.get(username="redaktor")


def add_form(client):
    response = client.get(reverse("admin:commitments_commitment_add"))
    return Form(response.content.decode(), "form#commitment_form")


def new_commitment(client, **fields):
    """The add page as an Editor (or a Publisher) fills it: a commitment with a milestone, an
    update, a document link and an indicator with two values, no row's state touched."""
    from commitments.models import Element, Level, Status

    data = add_form(client).copy()
    data.update(
        {
            "title_pl": ["Rzecznik praw"],
            "slug": ["rzecznik"],
            "summary_pl": ["Miasto powoła rzecznika."],
            "level": [str(Level.objects.get(number=2).pk)],
            "element": [str(Element.objects.get(code="S5").pk)],
            "status": [str(Status.objects.get(slug="in-progress").pk)],
            "progress_mode": ["milestones"],
        }
    )
    with_new_row(data, "milestones", title_pl="Uchwała", due_on="2025-03-01")
    with_new_row(data, "updates", date="2025-03-06", title_pl="Rada przyjęła uchwałę", body_pl="Przyjęta.")
    with_new_row(
        data, "documents", title_pl="Uchwała nr 1", kind="resolution", url="https://bip.example.org/1.pdf",
        language="pl", date="2025-03-05",
    )  # fmt: skip
    with_new_row(
        data, "indicators", name_pl="Sprawy rzecznika", unit_pl="sprawy", baseline_value="0",
        baseline_date="2024-12-31", direction="increase", source="Biuro", data_points_text="2024: 250,5\n2025: 300",
    )  # fmt: skip
    for name, value in fields.items():
        data[name] = [value]
    return data


def test_rows_follow_their_commitment_to_review_and_to_publication(editor, publisher, client):
    """Findings 2 and 3: the Editor's page has one publication state (the commitment's): the rows
    go to review with it, and the Publisher's one "published" publishes them all, at a time, in
    version 1. Finding 9: the indicator and its values ("250,5") are on the same page, and the
    first publication asks for no change note."""
    page = soup(editor.get(reverse("admin:commitments_commitment_add")))
    # One state to choose on the page, the commitment's (each new row's template included).
    states = [select["name"] for select in page.select("select[name$=publication_state]")]
    assert states == ["publication_state"], states
    data = new_commitment(editor, publication_state="in_review")
    response = editor.post(reverse("admin:commitments_commitment_add"), data)
    assert response.status_code == 302, errors_of(response)
    commitment = Commitment.objects.get(slug="rzecznik")
    rows = [*commitment.milestones.all(), *commitment.updates.all(), *commitment.documents.all()]
    rows += list(commitment.indicators.all())
    assert len(rows) == 4 and {row.publication_state for row in rows} == {"in_review"}
    indicator = commitment.indicators.get()
    assert {point.year: float(point.value) for point in indicator.data_points.all()} == {2024: 250.5, 2025: 300}

    _response, form = page_form(publisher, commitment)
    data = form.copy()
    data["publication_state"] = ["published"]
    data["published_at_0"], data["published_at_1"] = [""], [""]
    response = publisher.post(change_url(commitment), data)
    assert response.status_code == 302, errors_of(response)
    for row in rows:
        row.refresh_from_db()
        assert row.is_published and row.published_at is not None, row
    page = text_of(soup(client.get("/zobowiazania/rzecznik/")).main)
    for text in ("Uchwała", "Rada przyjęła uchwałę", "Uchwała nr 1", "Sprawy rzecznika", "250,5"):
        assert text in page, text
    (v1,) = PublicVersion.objects.for_object(commitment)
    assert [m["title"]["pl"] for m in v1.snapshot["milestones"]] == ["Uchwała"]
    assert len(v1.snapshot["indicators"][0]["data_points"]) == 2


def test_a_row_held_back_on_purpose_stays_a_draft(publisher, client):
    data = new_commitment(publisher, publication_state="published")
    data["milestones-0-own_publication"] = ["on"]
    data["milestones-0-publication_state"] = ["draft"]
    response = publisher.post(reverse("admin:commitments_commitment_add"), data)
    assert response.status_code == 302, errors_of(response)
    commitment = Commitment.objects.get(slug="rzecznik")
    assert commitment.milestones.get().publication_state == "draft"
    assert commitment.updates.get().is_published


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024: 1.250,5", "można odczytać na dwa sposoby"),
        ("w 2024 było 5", "Wiersz 1: wpisz rok"),
        ("2024: 1\n2024: 2", "dwa razy"),
    ],
)
def test_values_typed_as_lines_are_refused_when_ambiguous(text, message):
    from django.core.exceptions import ValidationError

    from commitments.forms import parse_data_points

    assert parse_data_points("2024: 250,5\n2025 = 250.5\n\n2026: 1 250") == {
        2024: Decimal("250.5"), 2025: Decimal("250.5"), 2026: Decimal("1250")
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        parse_data_points(text)
    assert message in " ".join(refused.value.messages)


def test_an_ambiguous_value_on_the_commitment_page_is_named_and_nothing_is_saved(publisher):
    data = new_commitment(publisher, publication_state="draft")
    data["indicators-0-data_points_text"] = ["2024: 1.250,5"]
    response = publisher.post(reverse("admin:commitments_commitment_add"), data)
    assert response.status_code == 200
    assert "Wiersz 1: „1.250,5” można odczytać na dwa sposoby" in text_of(soup(response).select_one("#content"))
    assert not Commitment.objects.filter(slug="rzecznik").exists()


class FailingBackend:
    """An e-mail backend whose every send fails (a mail server that is down)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def submit(editor, commitment):
    _response, form = page_form(editor, commitment)
    data = form.copy()
    data["publication_state"] = ["in_review"]
    return editor.post(change_url(commitment), data, follow=True)


def test_the_review_queue_shows_publishers_what_waits_and_editors_their_work(
    editor, publisher, official, settings, django_capture_on_commit_callbacks
):
    """Finding 13: a submission is confirmed, mailed to the Publishers and listed in their queue
    with who and when; the Editor's home lists their own work; both see commitments whose
    review date has passed and overdue ones."""
    get_user_model().objects.filter(username="publikujaca").update(email="publikujaca@example.org")
    draft = factories.commitment(publication_state="draft", published_at=None, slug="szkic", title_pl="Szkic R")
    editor.get(change_url(draft))
    late = factories.commitment(title_pl="Po terminie", target_date=datetime.date(2020, 1, 1))
    factories.commitment(title_pl="Do przeglądu", next_review_due=datetime.date(2021, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(editor, draft)
    assert "submitted for review" in text_of(soup(response)) or "przegl" in text_of(soup(response))
    (message,) = mail.outbox
    assert message.to == ["publikujaca@example.org"] and "Szkic R" in message.subject
    queue = soup(publisher.get(reverse("admin:index"))).select_one("#review-queue")
    assert queue is not None
    rows = [text_of(row) for row in queue.select("#review-queue-items tbody tr")]
    assert any("Szkic R" in row and "redaktor" in row for row in rows), rows
    text = text_of(queue)
    assert "Po terminie" in text and "Do przeglądu" in text
    mine = text_of(soup(editor.get(reverse("admin:index"))).select_one("#review-queue"))
    assert "Szkic R" in mine and late.title_pl in mine

    # A failing mail never loses the submission, and says so.
    settings.EMAIL_BACKEND = "tests.test_proposals.FailingBackend"
    second = factories.commitment(publication_state="draft", published_at=None, slug="szkic-2")
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(editor, second)
    second.refresh_from_db()
    assert second.publication_state == "in_review"
    assert response.status_code == 200


def test_every_public_model_has_a_marked_preview_never_cached(official, editor):
    """Finding 13: a preview of a draft of every publishable model, marked, noindex, never cached."""
    from django.contrib import admin

    from publishing.models import Publishable

    factories.milestone(factories.commitment(publication_state="draft", published_at=None))
    shown = []
    for model in admin.site._registry:
        if not issubclass(model, Publishable):
            continue
        row = model._base_manager.order_by("pk").first()
        if row is None:
            continue
        url = reverse("publishing:item_preview", args=[model._meta.app_label, model._meta.model_name, row.pk])
        response = editor.get(url)
        assert response.status_code == 200, (model, response.status_code)
        assert response["X-Robots-Tag"].startswith("noindex")
        assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
        assert soup(response).select_one("#podglad") is not None
        shown.append(model._meta.label)
    assert "commitments.Milestone" in shown and "declaration.Declaration" in shown


def errors_of(response):
    page = soup(response)
    found = [(item.find_parent(class_="form-row") or item).get("class") for item in page.select(".errorlist")]
    return [text_of(item) for item in page.select(".errornote, .errorlist")] + [str(found)]


def test_the_review_queue_takes_the_same_number_of_queries_however_long_it_is(publisher, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def home_queries():
        with CaptureQueriesContext(connection) as queries:
            assert publisher.get(reverse("admin:index")).status_code == 200
        return len(queries)

    def waiting(count):
        for _number in range(count):
            commitment = factories.commitment(publication_state="in_review", published_at=None)
            factories.milestone(commitment, publication_state="in_review", published_at=None, own_publication=True)
            Proposal.objects.create(
                content_type=ContentType.objects.get_for_model(commitment),
                object_id=factories.commitment().pk,
                object_repr="x",
                created_by=editor_user(),
            )

    waiting(1)
    home_queries()  # caches warmed (content types, the session)
    few = home_queries()
    waiting(3)
    assert home_queries() == few


def test_a_proposal_keeps_its_file_goes_back_with_a_comment_and_never_overwrites_a_later_save(
    published, editor, publisher
):
    """Finding 1: a file uploaded with a proposal is kept until approval; a proposal sent back
    reopens on the Editor's page with the Publisher's comment; a proposal made before somebody
    else's save is not applied over it (the revision rule) but sent back."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    _response, form = page_form(editor, published)
    data = form.copy()
    with_new_row(data, "documents", title_pl="Sprawozdanie", kind="report", language="pl", date="2026-01-02")
    data["documents-0-file"] = [SimpleUploadedFile("sprawozdanie.pdf", b"%PDF-1.7 raport", "application/pdf")]
    assert editor.post(change_url(published), data).status_code == 302
    proposal = Proposal.objects.get()
    assert [kept["name"] for kept in proposal.files.values()] == ["sprawozdanie.pdf"]

    # Sent back: the Editor sees why, on a page that still holds the proposal.
    refused = publisher.post(proposal.get_admin_url(), {"_send_back": "1"})
    assert refused.status_code == 200 and Proposal.objects.get().state == "open"
    publisher.post(proposal.get_admin_url(), {"_send_back": "1", "comment": "Dodaj datę sprawozdania."})
    response, form = page_form(editor, published)
    assert "Dodaj datę sprawozdania." in text_of(soup(response).select_one(".messagelist"))
    assert "sprawozdanie.pdf" in text_of(soup(response).select_one(".messagelist"))
    assert form.data["documents-0-title_pl"] == ["Sprawozdanie"]
    mine = text_of(soup(editor.get(reverse("admin:index"))).select_one("#review-queue"))
    assert "Dodaj datę sprawozdania." in mine

    # Proposed again (the file is not chosen again): approved, with the file.
    assert editor.post(change_url(published), form.copy()).status_code == 302
    proposal = Proposal.objects.get()
    response = publisher.post(proposal.get_admin_url(), {"_approve": "1", "change_note_pl": "Sprawozdanie."})
    assert response.status_code == 302, errors_of(response)
    document = published.documents.get(title_pl="Sprawozdanie")
    assert document.is_published and document.file.read() == b"%PDF-1.7 raport"
    assert document.original_name == "sprawozdanie.pdf"

    # A proposal made before a Publisher's own save is refused, with the usual message.
    _response, form = page_form(editor, published)
    data = form.copy()
    data["title_pl"] = ["Tytuł redaktora"]
    assert editor.post(change_url(published), data).status_code == 302
    published.refresh_from_db()
    published.title_pl = "Tytuł publikującej"
    published.save()
    proposal = Proposal.objects.open().get()
    response = publisher.post(proposal.get_admin_url(), {"_approve": "1", "change_note_pl": "Tytuł."})
    assert response.status_code == 200
    assert "Someone else saved" in response.content.decode() or "zapisał" in response.content.decode()
    published.refresh_from_db()
    assert published.title_pl == "Tytuł publikującej"


def test_a_proposal_to_an_item_without_public_versions_shows_each_field_before_and_after(editor, publisher):
    """Likewise for other published content: a framework level keeps no versions of its own,
    so its review page lists each changed field, old and new."""
    from commitments.models import Level

    level = Level.objects.published().order_by("number").first()
    _response, form = page_form(editor, level)
    data = form.copy()
    data["name_pl"] = [level.name_pl + " (zmiana)"]
    assert editor.post(change_url(level), data).status_code == 302
    level.refresh_from_db()
    assert not level.name_pl.endswith("(zmiana)")
    review = text_of(soup(publisher.get(Proposal.objects.get().get_admin_url())).select_one("#content-main"))
    assert f"{level.name_pl} (zmiana)" in review
