"""Residents' dialogue: feedback (spam defences, storage before e-mail,
moderation, public answers) and the e-mail subscription tokens."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogue import abuse, tokens
from dialogue.models import Attempt, Feedback, FeedbackState, Subscription, UsedFormToken

from . import factories
from .html import soup, text_of

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    """An e-mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture(autouse=True)
def dialogue_settings(settings):
    settings.DIALOGUE_NOTIFY_EMAILS = ["moderacja@example.org"]
    settings.FEEDBACK_MIN_FILL_SECONDS = 3
    settings.FEEDBACK_RATE_LIMIT = 5
    settings.FEEDBACK_MAX_LINKS = 2
    settings.FEEDBACK_MAX_LENGTH = 3000
    settings.SITE_URL = "https://portal.example.org"
    return settings


@pytest.fixture
def commitment(official):
    return factories.commitment(slug="punkt-porad", title_pl="Punkt porad prawnych", title_en="Legal advice point")


def started(seconds_ago=60):
    return abuse.sign_started(time.time() - seconds_ago)


def feedback_data(**overrides):
    data = {
        "message": "Punkt porad jest czynny za krótko.\nProszę o dłuższe godziny.",
        "name": "Anna",
        "email": "anna@example.org",
        "consent": "on",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def feedback_url(commitment=None):
    if commitment is None:
        return reverse("dialogue:feedback")
    return reverse("dialogue:commitment_feedback", args=[commitment.slug])


# Submitting ---------------------------------------------------------------------


def test_valid_feedback_is_stored_staff_notified_and_redirected(client, commitment):
    response = client.post(feedback_url(commitment), feedback_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogue:commitment_feedback_sent", args=["punkt-porad"])
    item = Feedback.objects.get()
    assert item.commitment == commitment
    assert item.message.startswith("Punkt porad jest czynny")
    assert (item.name, item.email, item.language, item.state) == ("Anna", "anna@example.org", "pl", "new")
    assert item.consent_at is not None and item.staff_notified_at is not None
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["moderacja@example.org"]
    assert f"https://portal.example.org/admin/dialogue/feedback/{item.pk}/change/" in notice.body
    assert "Proszę o dłuższe godziny." in notice.body
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "Co dalej" in text_of(soup(sent).main)


def test_general_feedback_in_english_records_its_language(client, official):
    response = client.post("/en/opinia/", feedback_data(name="", email=""))
    assert response.status_code == 302
    assert response["Location"] == "/en/opinia/wyslano/"
    item = Feedback.objects.get()
    assert (item.commitment, item.language, item.name, item.email) == (None, "en", "", "")


def test_feedback_survives_an_email_backend_that_raises(client, commitment, settings):
    settings.EMAIL_BACKEND = "tests.test_dialogue.FailingBackend"
    response = client.post(feedback_url(commitment), feedback_data())
    assert response.status_code == 302  # the resident sees success: the message is safe
    item = Feedback.objects.get()
    assert item.staff_notified_at is None
    # The periodic command retries it once the e-mail server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Feedback.objects.filter(pk=item.pk).update(submitted_at=timezone.now() - timedelta(minutes=10))
    from django.core.management import call_command

    call_command("send_notifications", stdout=mock.MagicMock())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["moderacja@example.org"]
    item.refresh_from_db()
    assert item.staff_notified_at is not None


def form_values(response):
    page = soup(response)
    return {
        "message": page.select_one("textarea[name=message]").text.strip(),
        "name": page.select_one("input[name=name]").get("value"),
        "email": page.select_one("input[name=email]").get("value"),
        "consent": page.select_one("input[name=consent]").has_attr("checked"),
    }


def errors_of(response):
    page = soup(response)
    return {p["id"].removeprefix("id_").removesuffix("_error"): text_of(p) for p in page.select(".field-error")}


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"message": ""}, "message", "Napisz swoją wiadomość."),
        ({"email": "anna(at)example"}, "email", "Wpisz adres e-mail"),
        ({"consent": None}, "consent", "Zaznacz zgodę"),
        ({"message": "a" * 3001}, "message", "3000"),
        ({"message": "http://a.example www.b.example https://c.example"}, "message", "co najwyżej 2"),
    ],
)
def test_invalid_feedback_keeps_everything_typed_with_a_message_per_field(client, commitment, overrides, field, text):
    data = feedback_data(**overrides)
    response = client.post(feedback_url(commitment), data)
    assert response.status_code == 400
    assert Feedback.objects.count() == 0 and mail.outbox == []
    errors = errors_of(response)
    assert list(errors) == [field]
    assert text in errors[field]
    kept = form_values(response)
    assert kept["message"] == data.get("message", "").replace("\r\n", "\n").strip()
    assert kept["name"] == "Anna" and kept["email"] == data["email"]
    assert kept["consent"] == ("consent" in data)
    page = soup(response)
    assert page.select_one(f"[name={field}]")["aria-invalid"] == "true"
    assert f"id_{field}_error" in page.select_one(f"[name={field}]")["aria-describedby"]
    assert page.select_one(".form-errors a")["href"] == f"#id_{field}"
    assert page.title.text.startswith("Błąd:")


def test_honeypot_refuses_and_shows_the_field_with_the_text_kept(client, commitment):
    response = client.post(feedback_url(commitment), feedback_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    assert "website" in errors_of(response)
    honeypot = soup(response).select_one("#id_website").parent
    assert "visually-hidden" not in honeypot["class"]  # a person who filled it can see why
    assert form_values(response)["message"].startswith("Punkt porad")


def test_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client, commitment):
    page = soup(client.get(feedback_url(commitment)))
    field = page.select_one("#id_website")
    assert field["tabindex"] == "-1" and field["autocomplete"] == "off"
    assert "visually-hidden" in field.parent["class"]
    assert text_of(page.select_one("label[for=id_website]")) == "Zostaw to pole puste"


@pytest.mark.parametrize(
    ("make_value", "text"),
    [
        (lambda: started(seconds_ago=0), "Dziękujemy. Formularz został wysłany szybciej, niż się spodziewaliśmy"),
        (lambda: "tampered" + started(), "Nie udało się sprawdzić formularza"),
        (lambda: started()[:-3] + "abc", "Nie udało się sprawdzić formularza"),
        (lambda: "", "Nie udało się sprawdzić formularza"),
    ],
    ids=["too-fast", "tampered", "bad-signature", "missing"],
)
def test_too_fast_or_tampered_form_keeps_the_text(client, commitment, make_value, text):
    value = make_value()
    response = client.post(feedback_url(commitment), feedback_data(started=value))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    assert text in text_of(soup(response).select_one(".form-errors"))
    assert form_values(response)["message"].startswith("Punkt porad")
    # The re-shown form carries a fresh token, so sending it again after reading works.
    fresh = soup(response).select_one("input[name=started]")["value"]
    assert 0 <= abuse.seconds_since_started(fresh) < 5


def test_rate_limit_per_ip_at_the_configured_threshold(client, commitment, settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post(feedback_url(commitment), feedback_data()).status_code == 302
    response = client.post(feedback_url(commitment), feedback_data(message="Czwarta wiadomość"))
    assert response.status_code == 429
    assert "w krótkim czasie" in text_of(soup(response).select_one(".form-errors"))
    assert form_values(response)["message"] == "Czwarta wiadomość"
    assert Feedback.objects.count() == 3
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(feedback_url(commitment), feedback_data()).status_code == 302
    # No raw IP address is stored, only a keyed hash.
    clients = set(Attempt.objects.values_list("client", flat=True))
    assert len(clients) == 2 and not any("127.0.0.1" in c or "203.0.113.9" in c for c in clients)
    assert all(len(c) == 64 for c in clients)


def test_clients_behind_one_trusted_proxy_are_limited_separately(client, commitment, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = client.post(feedback_url(commitment), feedback_data(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert first.status_code == 302
    # A different client reaching us through the same proxy has its own limit…
    other = client.post(feedback_url(commitment), feedback_data(), HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other.status_code == 302
    # …and the first client cannot escape its limit by writing another address into the header:
    # the proxy appends the real one, and only that entry is read.
    forged = client.post(
        feedback_url(commitment), feedback_data(), HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5", **proxy
    )
    assert forged.status_code == 429
    assert Attempt.objects.count() == 2


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, commitment, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    assert settings.TRUSTED_PROXY_COUNT == 0
    peer = {"REMOTE_ADDR": "198.51.100.7"}
    assert (
        client.post(feedback_url(commitment), feedback_data(), HTTP_X_FORWARDED_FOR="192.0.2.1", **peer).status_code
        == 302
    )
    # A new forged address does not make a new client: the peer's own address is counted.
    again = client.post(feedback_url(commitment), feedback_data(), HTTP_X_FORWARDED_FOR="192.0.2.2", **peer)
    assert again.status_code == 429


def test_rate_limit_window_passes_and_old_attempts_are_pruned(client, commitment, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    assert client.post(feedback_url(commitment), feedback_data()).status_code == 302
    assert client.post(feedback_url(commitment), feedback_data()).status_code == 429
    Attempt.objects.update(at=timezone.now() - timedelta(seconds=settings.FEEDBACK_RATE_WINDOW_SECONDS + 1))
    assert client.post(feedback_url(commitment), feedback_data()).status_code == 302
    assert Attempt.objects.count() == 1  # the old one was deleted


def test_a_form_older_than_the_maximum_age_is_refused_with_the_text_kept(client, commitment, settings):
    settings.FEEDBACK_FORM_MAX_AGE_SECONDS = 4 * 3600
    month_old = feedback_data(started=started(seconds_ago=30 * 86400), message="Miesięczna wiadomość")
    response = client.post(feedback_url(commitment), month_old)
    assert response.status_code == 400
    assert "wygasł" in text_of(soup(response).select_one(".form-errors"))
    assert form_values(response)["message"] == "Miesięczna wiadomość"
    assert not Feedback.objects.exists()
    just_older = client.post(feedback_url(commitment), feedback_data(started=started(seconds_ago=4 * 3600 + 5)))
    assert just_older.status_code == 400
    # Within the age it is accepted, and so is the re-shown form once sent again.
    assert client.post(feedback_url(commitment), feedback_data(started=started(4 * 3600 - 60))).status_code == 302
    settings.FEEDBACK_MIN_FILL_SECONDS = 0  # the resident sends the re-shown form at once
    again = {**feedback_data(), **form_values(response), "started": fresh_token(response)}
    assert client.post(feedback_url(commitment), again).status_code == 302
    assert Feedback.objects.filter(message="Miesięczna wiadomość").count() == 1


def fresh_token(response):
    return soup(response).select_one("input[name=started]")["value"]


def test_a_token_is_accepted_once_then_the_form_comes_back_with_the_text(client, commitment, settings):
    data = feedback_data(message="Jedna wiadomość")
    assert client.post(feedback_url(commitment), data).status_code == 302
    for _ in range(3):  # a double click, the back button, a script replaying the token
        response = client.post(feedback_url(commitment), data)
        assert response.status_code == 409
        assert "już raz wysłany" in text_of(soup(response).select_one(".form-errors"))
        assert form_values(response)["message"] == "Jedna wiadomość"
    assert Feedback.objects.count() == 1 and Attempt.objects.count() == 1  # the refusals were not counted
    # The re-shown form carries a new token: a person who does mean to send it again can.
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    assert client.post(feedback_url(commitment), {**data, "started": fresh_token(response)}).status_code == 302
    assert Feedback.objects.count() == 2
    # One token serves one form: a spent feedback token does not subscribe anyone either.
    assert client.post(reverse("dialogue:follow"), follow_data(started=data["started"])).status_code == 409
    assert not Subscription.objects.exists()


def test_two_forms_shown_in_the_same_second_have_different_tokens():
    moment = time.time() - 60
    assert abuse.sign_started(moment) != abuse.sign_started(moment)


def test_a_refused_submission_does_not_spend_its_token(client, commitment, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    assert client.post(feedback_url(commitment), feedback_data()).status_code == 302
    second = feedback_data(message="Druga")
    assert client.post(feedback_url(commitment), second).status_code == 429
    Attempt.objects.update(at=timezone.now() - timedelta(seconds=settings.FEEDBACK_RATE_WINDOW_SECONDS + 1))
    assert client.post(feedback_url(commitment), second).status_code == 302


def test_spent_tokens_are_kept_only_until_they_expire(client, commitment, settings):
    settings.FEEDBACK_FORM_MAX_AGE_SECONDS = 3600
    assert client.post(feedback_url(commitment), feedback_data(started=started(seconds_ago=600))).status_code == 302
    used = UsedFormToken.objects.get()
    assert timedelta(minutes=49) < used.expires_at - timezone.now() <= timedelta(minutes=50)
    UsedFormToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(feedback_url(commitment), feedback_data()).status_code == 302
    assert UsedFormToken.objects.count() == 1 and UsedFormToken.objects.get().pk != used.pk


def post_at_once(posts):
    """Sends the posts (client address, data) together, each from its own thread
    with its own database connection, released at one moment by a barrier; on
    SQLite, which has one writer, one after another. Returns the status codes."""
    if connection.vendor != "postgresql":
        return [Client(REMOTE_ADDR=address).post(feedback_url(), data).status_code for address, data in posts]
    barrier = threading.Barrier(len(posts))
    statuses = []

    def send(address, data):
        client = Client(REMOTE_ADDR=address)
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(feedback_url(), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_store_exactly_the_rate_limit_and_spend_a_token_once(official, settings):
    settings.FEEDBACK_RATE_LIMIT = 5
    statuses = post_at_once([("198.51.100.10", feedback_data(message=f"Równolegle {n}")) for n in range(10)])
    assert sorted(statuses) == [302] * 5 + [429] * 5
    assert Feedback.objects.count() == 5 and Attempt.objects.count() == 5
    # Ten posts of one token from another address: exactly one is accepted.
    one_token = feedback_data(message="Jeden token")
    statuses = post_at_once([("198.51.100.11", one_token) for _ in range(10)])
    assert sorted(statuses) == [302] + [409] * 9
    assert Feedback.objects.filter(message="Jeden token").count() == 1


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil.example"])
def test_cross_site_post_is_refused(client, commitment, origin):
    """'null' is what a sandboxed frame on another site sends."""
    response = client.post(feedback_url(commitment), feedback_data(), HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert not Feedback.objects.exists()
    same = client.post(feedback_url(commitment), feedback_data(), HTTP_ORIGIN="http://testserver")
    assert same.status_code == 302


def test_form_pages_are_never_cached_and_set_no_cookie(client, commitment):
    for url in (
        feedback_url(commitment),
        feedback_url(),
        reverse("dialogue:follow"),
        reverse("dialogue:commitment_follow", args=[commitment.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert not response.cookies
        page = soup(response)
        assert page.select_one("meta[name=robots]")["content"] == "noindex"
        assert page.select_one(".privacy-clause a")["href"] == "/strony/prywatnosc/"
        assert page.select_one("input[name=consent]").has_attr("checked") is False


def test_form_for_unknown_or_draft_commitment_is_404(client, official):
    factories.commitment(slug="szkic", publication_state="draft", published_at=None)
    assert client.get("/zobowiazania/szkic/opinia/").status_code == 404
    assert client.get("/zobowiazania/nie-ma/obserwuj/").status_code == 404


# Moderation and public answers ------------------------------------------------------


def new_feedback(commitment, **fields):
    defaults = {
        "message": "Pytanie mieszkanki",
        "name": "Ewa",
        "email": "ewa@example.org",
        "consent_at": timezone.now(),
    }
    return Feedback.objects.create(commitment=commitment, **{**defaults, **fields})


def moderation(**overrides):
    data = {
        "state": "answered",
        "commitment": "",
        "answer": "Dziękujemy, wydłużymy godziny.",
        "answer_language": "pl",
        "public_message": "",
        "internal_note": "Przekazano do wydziału.",
    }
    return {**data, **overrides}


def test_moderation_states_and_public_answer(client, editor, publisher, commitment):
    item = new_feedback(commitment)
    url = reverse("admin:dialogue_feedback_change", args=[item.pk])
    page = soup(editor.get(url))
    assert [o["value"] for o in page.select("select[name=state] option")] == ["new", "answered", "rejected"]
    response = editor.post(url, moderation(commitment=commitment.pk))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.ANSWERED and item.answered_by.username == "redaktor"
    assert item.answered_at is not None and item.published_at is None
    assert "Dziękujemy, wydłużymy" not in client.get(commitment.get_absolute_url()).content.decode()
    # An Editor cannot publish, even with a crafted POST.
    refused = editor.post(url, moderation(commitment=commitment.pk, state="published"))
    assert refused.status_code == 200 and "Tylko osoba publikująca" in refused.content.decode()
    # A Publisher publishes: the answer appears under the commitment, with its date, without name or e-mail.
    response = publisher.post(url, moderation(commitment=commitment.pk, state="published"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.PUBLISHED and item.published_at is not None
    assert item.answered_by.username == "redaktor"  # who answered first is kept
    detail = soup(client.get(commitment.get_absolute_url()))
    answers = detail.select(".dialogue-answers .answer")
    assert len(answers) == 1
    assert "Dziękujemy, wydłużymy godziny." in text_of(answers[0])
    assert "Pytanie mieszkanki" in text_of(answers[0])
    assert answers[0].select_one("time")["datetime"] == timezone.localdate(item.published_at).isoformat()
    page_text = text_of(detail.main)
    assert "Ewa" not in page_text and "ewa@example.org" not in page_text and "Przekazano" not in page_text
    # Rejecting takes it off the page again.
    publisher.post(url, moderation(commitment=commitment.pk, state="rejected"))
    item.refresh_from_db()
    assert item.published_at is None
    assert not soup(client.get(commitment.get_absolute_url())).select(".dialogue-answers .answer")


def test_published_answer_needs_an_answer_and_a_commitment(publisher, commitment):
    item = new_feedback(None)
    url = reverse("admin:dialogue_feedback_change", args=[item.pk])
    response = publisher.post(url, moderation(state="published", answer=""))
    assert response.status_code == 200
    errors = soup(response).select(".errorlist")
    assert len(errors) == 2
    item.refresh_from_db()
    assert item.state == "new"


def test_public_message_replaces_the_message_and_the_answer_language_is_marked(client, commitment):
    new_feedback(
        commitment,
        message="Mam na imię Ewa, mieszkam przy ul. X",
        public_message="Pytanie o godziny otwarcia.",
        answer="We will extend the hours.",
        answer_language="en",
        state="published",
        published_at=timezone.now(),
    )
    answer = soup(client.get(commitment.get_absolute_url())).select_one(".answer")
    assert "ul. X" not in text_of(answer) and "Pytanie o godziny otwarcia." in text_of(answer)
    assert answer.select_one(".answer__text")["lang"] == "en"


def test_feedback_on_removed_demo_content_is_kept_as_general(official):
    from commitments import demo

    demo.load(themes=1)
    item = new_feedback(factories.Commitment.objects.filter(is_demo=True).first())
    demo.remove()
    item.refresh_from_db()
    assert item.commitment is None and item.message == "Pytanie mieszkanki"


def test_commitment_page_links_to_the_forms(client, commitment):
    links = [a["href"] for a in soup(client.get(commitment.get_absolute_url())).select(".dialogue-links a")]
    assert links == ["/zobowiazania/punkt-porad/opinia/", "/zobowiazania/punkt-porad/obserwuj/"]


def test_admin_lists_open_with_filters(publisher, commitment):
    new_feedback(commitment)
    Subscription.objects.create(email="a@example.org", commitment=commitment, consent_at=timezone.now())
    for url in (
        reverse("admin:dialogue_feedback_changelist") + "?state__exact=new",
        reverse("admin:dialogue_feedback_changelist") + f"?commitment__id__exact={commitment.pk}",
        reverse("admin:dialogue_subscription_changelist"),
    ):
        response = publisher.get(url)
        assert response.status_code == 200, url
    listing = publisher.get(reverse("admin:dialogue_subscription_changelist")).content.decode()
    assert "a@example.org" not in listing  # addresses are not listed
    assert publisher.get(reverse("admin:dialogue_feedback_add")).status_code == 403


def test_roles_can_moderate_and_only_publishers_delete(official):
    from django.contrib.auth.models import Group

    from publishing.roles import EDITOR, PUBLISHER

    def codenames(role):
        group = Group.objects.get(name=role)
        return set(group.permissions.filter(content_type__app_label="dialogue").values_list("codename", flat=True))

    assert codenames(EDITOR) == {"view_feedback", "change_feedback", "view_subscription"}
    assert codenames(PUBLISHER) == codenames(EDITOR) | {
        "delete_feedback",
        "delete_subscription",
        "view_subscriber_email",
    }


def test_only_those_who_act_on_erasure_requests_see_subscribers_addresses(editor, publisher, staff, commitment):
    """Found by an outside review: Editors saw every subscriber's address on the subscription's
    page. Publishers (and superusers) see it and find it by the full address, to erase it on
    request; Editors see what is followed, never by whom, and cannot search for an address."""
    subscription = Subscription.objects.create(
        email="obserwatorka@example.org", commitment=commitment, consent_at=timezone.now()
    )
    Subscription.objects.create(email="ktos@example.org", consent_at=timezone.now())
    page = reverse("admin:dialogue_subscription_change", args=[subscription.pk])
    listing = reverse("admin:dialogue_subscription_changelist")

    def found(client):
        response = client.get(listing, {"q": "obserwatorka@example.org"})
        assert response.status_code == 200
        return response.context["cl"].result_count

    for client in (publisher, staff):
        assert "obserwatorka@example.org" in client.get(page).content.decode()
        assert "obserwatorka@example.org" not in client.get(listing).content.decode()
        assert found(client) == 1
    shown = editor.get(page)
    assert shown.status_code == 200 and "Punkt porad prawnych" in shown.content.decode()
    assert "obserwatorka@example.org" not in shown.content.decode()
    # No search box, and an address in the query filters nothing (it would tell who follows).
    editor_listing = editor.get(listing, {"q": "obserwatorka@example.org"})
    assert 'id="searchbar"' not in editor_listing.content.decode()
    assert found(editor) == 2
    assert "@example.org" not in editor_listing.content.decode()
    # Nor can the list be filtered by the address, which would spell it out letter by letter.
    for query in ({"email": "obserwatorka@example.org"}, {"email__startswith": "o"}, {"email__contains": "@"}):
        assert editor.get(listing, query).status_code == 400
        assert publisher.get(listing, query).status_code == 200
    assert publisher.get(listing, {"email__startswith": "o"}).context["cl"].result_count == 1


def test_moderation_is_audited_and_in_polish(publisher, commitment):
    from publishing.models import AuditEntry

    item = new_feedback(commitment)
    url = reverse("admin:dialogue_feedback_change", args=[item.pk])
    page = publisher.get(url)
    assert 'lang="pl"' in page.content.decode() and "Moderacja" in page.content.decode()
    publisher.post(url, moderation(commitment=commitment.pk, state="rejected", answer=""))
    entry = AuditEntry.objects.get(content_type__model="feedback", object_id=item.pk, action="changed")
    assert entry.action == "changed" and "state" in entry.changes


# Subscribing and tokens -------------------------------------------------------------


def follow_data(**overrides):
    data = {"email": "jan@example.org", "consent": "on", "website": "", "started": started()}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def link_in(body, name):
    for line in body.splitlines():
        if f"/obserwuj/{name}/" in line:
            return line.strip().removeprefix("https://portal.example.org")
    raise AssertionError(f"no {name} link in {body}")


def test_subscribe_confirm_and_unsubscribe(client, commitment):
    response = client.post("/en/zobowiazania/punkt-porad/obserwuj/", follow_data())
    assert response.status_code == 302
    assert response["Location"] == "/en/zobowiazania/punkt-porad/obserwuj/sprawdz-poczte/"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.language == "en"
    assert len(subscription.key) == 32  # fits its column (PostgreSQL enforces it)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@example.org"]
    assert message.subject.startswith("Confirm your subscription") and "Legal advice point" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = link_in(message.body, "potwierdz")
    assert "jan@example.org" not in confirm
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    assert client.get(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    done = Client(enforce_csrf_checks=True).post(confirm)  # as a browser without cookies
    assert done.status_code == 200 and "Subscription confirmed" in text_of(soup(done).h1)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    # Subscribing again reveals nothing and sends nothing.
    again = client.post("/en/zobowiazania/punkt-porad/obserwuj/", follow_data())
    assert again.status_code == 302 and len(mail.outbox) == 1
    # Unsubscribing: GET shows a button, POST deletes the address.
    unsubscribe = link_in(message.body, "wypisz")
    assert client.get(unsubscribe).status_code == 200
    assert Subscription.objects.count() == 1
    assert client.post(unsubscribe).status_code == 200
    assert Subscription.objects.count() == 0


def test_one_click_unsubscribe_needs_no_csrf_token(commitment):
    subscription = Subscription.objects.create(
        email="jan@example.org", commitment=commitment, consent_at=timezone.now(), confirmed_at=timezone.now()
    )
    mailer = Client(enforce_csrf_checks=True)
    url = reverse("dialogue:unsubscribe", args=[tokens.unsubscribe_token(subscription)])
    response = mailer.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(email="jan@example.org").exists()
    # Using the link again is harmless.
    assert mailer.post(url).status_code == 200


def test_tampered_tokens_are_rejected(client, commitment):
    subscription = Subscription.objects.create(
        email="jan@example.org", commitment=commitment, consent_at=timezone.now()
    )
    confirm = tokens.confirm_token(subscription)
    unsubscribe = tokens.unsubscribe_token(subscription)
    for url in (
        reverse("dialogue:confirm", args=[confirm[:-2] + "xx"]),
        reverse("dialogue:unsubscribe", args=[unsubscribe[:-2] + "xx"]),
        # A token of one kind does not work for the other.
        reverse("dialogue:confirm", args=[unsubscribe]),
        reverse("dialogue:unsubscribe", args=[confirm]),
    ):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 400, url
            assert "Ten link jest nieprawidłowy" in text_of(soup(response).h1)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_expired_confirmation_is_rejected(client, commitment, settings):
    subscription = Subscription.objects.create(
        email="jan@example.org", commitment=commitment, consent_at=timezone.now()
    )
    old = time.time() - settings.SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS - 60
    with mock.patch("django.core.signing.time.time", return_value=old):
        confirm = tokens.confirm_token(subscription)
        unsubscribe = tokens.unsubscribe_token(subscription)
    response = client.post(reverse("dialogue:confirm", args=[confirm]))
    assert response.status_code == 400
    assert "wygasł" in text_of(soup(response).h1)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    # Unsubscribe links never expire.
    assert client.post(reverse("dialogue:unsubscribe", args=[unsubscribe])).status_code == 200
    assert not Subscription.objects.exists()


def test_invalid_subscription_form_keeps_the_address(client, commitment):
    response = client.post(reverse("dialogue:follow"), follow_data(consent=None, email="jan@example"))
    assert response.status_code == 400
    assert set(errors_of(response)) == {"email", "consent"}
    assert soup(response).select_one("input[name=email]")["value"] == "jan@example"
    assert not Subscription.objects.exists() and mail.outbox == []


def test_subscription_rate_limit(client, commitment, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    for number in range(2):
        assert client.post(reverse("dialogue:follow"), follow_data(email=f"n{number}@example.org")).status_code == 302
    response = client.post(reverse("dialogue:follow"), follow_data(email="n3@example.org"))
    assert response.status_code == 429
    assert Subscription.objects.count() == 2 and len(mail.outbox) == 2
