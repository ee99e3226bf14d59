"""The residents' dialogue in a real browser (Chromium): the feedback form's
journeys (valid, invalid with everything kept, honeypot, rate limit at the
configured threshold, consent missing) and subscribing, confirming and
unsubscribing by e-mail. No JavaScript is involved: the pages have none."""

import re

import pytest
from django.core import mail

from dialogue.models import Feedback, Subscription

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Punkt porad jest czynny za krótko.\nProszę o dłuższe godziny w soboty."


@pytest.fixture
def dialogue(site, settings):
    # The browser fills a form faster than a person: the minimum time is tested in test_dialogue.py.
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    settings.FEEDBACK_RATE_LIMIT = 3
    settings.DIALOGUE_NOTIFY_EMAILS = ["moderacja@example.org"]
    settings.SITE_URL = site.url
    return site


def open_feedback_form(page, site):
    page.goto(site.url + "/zobowiazania/demo-001/")
    page.get_by_role("link", name="Wyślij opinię o tym zobowiązaniu").click()
    assert page.url.endswith("/zobowiazania/demo-001/opinia/")


def fill(page, message=MESSAGE, name="Anna", email="anna@example.org", consent=True):
    page.get_by_label("Twoja wiadomość").fill(message)
    page.get_by_label("Twoje imię (nieobowiązkowe)").fill(name)
    page.get_by_label("Twój e-mail (nieobowiązkowy)").fill(email)
    if consent:
        page.get_by_label("Zgadzam się na przetwarzanie moich danych").check()


def send(page):
    page.get_by_role("button", name="Wyślij opinię").click()


def assert_kept(page, message=MESSAGE, name="Anna", email="anna@example.org", consent=True):
    assert page.get_by_label("Twoja wiadomość").input_value() == message
    assert page.get_by_label("Twoje imię (nieobowiązkowe)").input_value() == name
    assert page.get_by_label("Twój e-mail (nieobowiązkowy)").input_value() == email
    assert page.get_by_label("Zgadzam się na przetwarzanie moich danych").is_checked() == consent


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_valid_feedback_journey(dialogue, page):
    open_feedback_form(page, dialogue)
    fill(page)
    send(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Dziękujemy: otrzymaliśmy Twoją opinię"
    assert page.get_by_role("heading", name="Co dalej").is_visible()
    item = Feedback.objects.get()
    assert (item.message, item.name, item.email, item.commitment.slug) == (
        MESSAGE,
        "Anna",
        "anna@example.org",
        "demo-001",
    )
    assert [message.to for message in mail.outbox] == [["moderacja@example.org"]]
    page.get_by_role("link", name="Wróć do zobowiązania").click()
    assert page.url.endswith("/zobowiazania/demo-001/")


def test_invalid_feedback_keeps_all_input_with_a_message_per_field(dialogue, page):
    open_feedback_form(page, dialogue)
    fill(page, email="anna(at)example")
    send(page)
    alert = page.get_by_role("alert")
    assert "Formularz nie został wysłany" in alert.inner_text()
    assert "Wpisz adres e-mail" in alert.inner_text()
    assert_kept(page, email="anna(at)example")
    email = page.get_by_label("Twój e-mail (nieobowiązkowy)")
    assert email.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_email_error").is_visible()
    assert_accessible(page)
    # The summary's link moves to the field to fix; correcting it sends the message.
    alert.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    email.fill("anna@example.org")
    send(page)
    assert "Dziękujemy" in page.get_by_role("heading", level=1).inner_text()
    assert Feedback.objects.get().message == MESSAGE


def test_consent_missing(dialogue, page):
    open_feedback_form(page, dialogue)
    fill(page, consent=False)
    send(page)
    assert "Zaznacz zgodę" in page.locator("#id_consent_error").inner_text()
    assert_kept(page, consent=False)
    assert Feedback.objects.count() == 0
    page.get_by_label("Zgadzam się na przetwarzanie moich danych").check()
    send(page)
    assert Feedback.objects.count() == 1


def test_honeypot(dialogue, page):
    open_feedback_form(page, dialogue)
    honeypot = page.get_by_label("Zostaw to pole puste")
    # Out of sight and out of the tab order for people; a robot fills it anyway.
    container = page.locator(".field", has=honeypot)
    box = container.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    assert honeypot.get_attribute("tabindex") == "-1"
    fill(page)
    honeypot.fill("http://spam.example", force=True)
    send(page)
    assert Feedback.objects.count() == 0
    assert "wyłapuje automatyczny spam" in page.get_by_role("alert").inner_text()
    assert_kept(page)
    # Whoever filled it can now see it, with its message, and empty it.
    assert container.bounding_box()["width"] > 100
    honeypot.fill("")
    send(page)
    assert Feedback.objects.count() == 1


def test_rate_limit_at_the_configured_threshold(dialogue, page):
    for number in range(3):
        open_feedback_form(page, dialogue)
        fill(page, message=f"Wiadomość {number}")
        send(page)
        assert "Dziękujemy" in page.get_by_role("heading", level=1).inner_text()
    open_feedback_form(page, dialogue)
    fill(page, message="Czwarta wiadomość")
    send(page)
    assert "w krótkim czasie" in page.get_by_role("alert").inner_text()
    assert_kept(page, message="Czwarta wiadomość")
    assert Feedback.objects.count() == 3


def test_follow_confirm_and_unsubscribe_journey(dialogue, page):
    page.goto(dialogue.url + "/en/zobowiazania/demo-001/")
    page.get_by_role("link", name="Follow this commitment by e-mail").click()
    page.get_by_label("Your e-mail").fill("jan@example.org")
    page.get_by_label("I agree to the processing of my e-mail address").check()
    page.get_by_role("button", name="Subscribe").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    [message] = mail.outbox
    confirm = re.search(r"http\S+/obserwuj/potwierdz/\S+", message.body).group(0)
    page.goto(confirm)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm subscription").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Subscription confirmed"
    assert Subscription.objects.get().confirmed_at is not None
    unsubscribe = re.search(r"http\S+/obserwuj/wypisz/\S+", message.body).group(0)
    page.goto(unsubscribe)
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe and delete my address").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have unsubscribed"
    assert not Subscription.objects.exists()
    assert_accessible(page)
