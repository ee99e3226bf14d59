"""Staff sign-in: lockout after repeated failures (django-axes), per account
and per address, with a clear page and a superuser's unlock; and two-factor
sign-in with an authenticator app (django-otp) when required."""

import io
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentCode
from publishing.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("redaktor", password=PASSWORD, is_staff=True, is_superuser=True)


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_correct_password_signs_in(client, editor):
    assert signed_in(sign_in(client, "redaktor", PASSWORD))


def test_wrong_passwords_for_one_account_from_many_addresses_lock_it(client, editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit):
        response = sign_in(client, "redaktor", "wrong", address=f"10.0.1.{attempt}")
        # The usual "wrong password" form, until the failure that reaches the limit.
        assert response.status_code == (429 if attempt == limit - 1 else 200)
    locked = sign_in(client, "redaktor", PASSWORD, address="10.0.2.1")  # even the right one, from elsewhere
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Logowanie tymczasowo zablokowane" in html and "30 minut" in html
    assert locked["Retry-After"] == "1800"
    assert '<html lang="pl"' in html and "site.css" in html  # the site's own page, not a bare text
    assert not client.session.get("_auth_user_id")


def test_one_address_trying_many_accounts_is_locked(client, editor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, f"someone{attempt}", "wrong", address="10.0.3.3").status_code == 200
    assert sign_in(client, "someone-else", "wrong", address="10.0.3.3").status_code == 429
    assert sign_in(client, "redaktor", PASSWORD, address="10.0.3.3").status_code == 429
    # The account itself is not locked: its owner signs in from another address.
    assert signed_in(sign_in(client, "redaktor", PASSWORD, address="10.0.4.4"))


def test_below_the_limit_the_right_password_still_works_and_resets_the_count(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "redaktor", "wrong")
    assert signed_in(sign_in(client, "redaktor", PASSWORD))
    assert AccessAttempt.objects.filter(username="redaktor", failures_since_start__gt=0).count() == 0


def test_lockout_page_is_translated(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/" + settings.ADMIN_URL + "login/", {"username": "redaktor", "password": "x"})
    response = client.post("/en/" + settings.ADMIN_URL + "login/", {"username": "redaktor", "password": PASSWORD})
    assert response.status_code == 429
    assert "Sign-in temporarily blocked" in response.content.decode()


def test_a_superuser_unlocks_in_the_admin_and_the_person_signs_in(client, editor, settings, django_user_model):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "redaktor", "wrong")
    assert sign_in(client, "redaktor", PASSWORD).status_code == 429

    admin_user = django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    client.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "redaktor" in client.get(changelist).content.decode()
    attempts = AccessAttempt.objects.filter(username="redaktor")
    response = client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    client.logout()
    assert signed_in(sign_in(client, "redaktor", PASSWORD))


def test_a_superuser_unlocks_with_the_management_command(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "redaktor", "wrong")
    assert sign_in(client, "redaktor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "redaktor", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert signed_in(sign_in(client, "redaktor", PASSWORD))


def test_behind_a_proxy_the_forwarded_client_address_is_counted(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # bialystok_hrc.addresses.client_ip, as configured for django-axes
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": f"x{attempt}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}, 203.0.113.7",  # forged part, then what the proxy saw
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()
    assert not AccessAttempt.objects.filter(ip_address="127.0.0.1").exists()
    blocked = client.post(
        reverse("admin:login"),
        {"username": "redaktor", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert blocked.status_code == 429
    other = client.post(
        reverse("admin:login"),
        {"username": "redaktor", "password": PASSWORD, "next": reverse("admin:index")},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert signed_in(other)


def test_without_a_trusted_proxy_a_forged_forwarded_header_is_ignored(client, editor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": f"x{attempt}", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    assert AccessAttempt.objects.filter(ip_address="10.9.9.9").count() == settings.AXES_FAILURE_LIMIT
    assert sign_in(client, "redaktor", PASSWORD, address="10.9.9.9").status_code == 429


# Two-factor sign-in ---------------------------------------------------------------------


def current_token(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_with_2fa_off_a_password_is_enough(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = False
    assert signed_in(sign_in(client, "redaktor", PASSWORD))
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_2fa_required_a_password_alone_does_not_open_the_admin(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = True
    assert signed_in(sign_in(client, "redaktor", PASSWORD))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor"))
    page = client.get(reverse("admin:declaration_value_changelist"))
    assert page.status_code == 302  # every admin page, not only the index
    preview = client.get(reverse("commitments:preview", args=["any-draft"]))
    assert preview.status_code == 302 and preview["Location"].startswith(reverse("accounts:two_factor"))
    assert client.get("/").status_code == 200  # public pages are public


def test_enrolment_shows_a_local_qr_code_and_the_key_then_a_correct_code_opens_the_admin(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = True
    code, _expires = EnrolmentCode.issue(editor)
    sign_in(client, "redaktor", PASSWORD)
    url = reverse("accounts:two_factor") + "?next=" + reverse("admin:declaration_value_changelist")
    assert client.post(url, {"code": code.lower().replace("-", " ")}).status_code == 302  # as typed by hand
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html  # drawn here, no third-party QR service
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    import base64

    assert base64.b32encode(device.bin_key).decode() in html
    assert "<script" not in html.split("</header>")[-1] or "style=" not in html  # nothing inline for the CSP

    response = client.post(url, {"token": current_token(device)})
    assert response.status_code == 302 and response["Location"] == reverse("admin:declaration_value_changelist")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200


# Enrolment needs a second proof: a one-time code from a superuser --------------------------


def enrol(client, code):
    """Gives the enrolment code, then confirms the app; True if a device was confirmed."""
    given = client.post(reverse("accounts:two_factor"), {"code": code})
    if given.status_code != 302:
        return False
    device = TOTPDevice.objects.filter(user__username="redaktor", confirmed=False).first()
    client.post(reverse("accounts:two_factor"), {"token": current_token(device)})
    return TOTPDevice.objects.filter(user__username="redaktor", confirmed=True).exists()


@pytest.mark.parametrize("required", [True, False])
def test_a_password_alone_cannot_enrol_a_device(client, editor, settings, required):
    settings.STAFF_REQUIRE_2FA = required
    sign_in(client, "redaktor", PASSWORD)
    page = client.get(reverse("accounts:two_factor"))
    html = page.content.decode()
    assert page.status_code == 200 and "kod rejestracyjny" in html
    assert "qr-code" not in html and "otp-secret" not in html  # no key is shown before the code
    assert not TOTPDevice.objects.filter(user=editor).exists()
    # Posting an authenticator code straight away confirms nothing.
    assert client.post(reverse("accounts:two_factor"), {"token": "123456"}).status_code == 200
    refused = client.post(reverse("accounts:two_factor"), {"code": "ABCD-EFGH-JKMN"})
    assert "Ten kod rejestracyjny jest nieprawidłowy" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    if required:
        assert client.get(reverse("admin:index")).status_code == 302


def test_an_enrolment_code_from_the_command_enrols_once(client, editor, settings, django_user_model):
    settings.STAFF_REQUIRE_2FA = True
    out = io.StringIO()
    call_command("issue_enrolment_code", "redaktor", stdout=out)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", out.getvalue()).group()
    stored = EnrolmentCode.objects.get(user=editor)
    assert code not in repr(list(EnrolmentCode.objects.values())) and stored.code_hash != code  # only a hash
    sign_in(client, "redaktor", PASSWORD)
    assert enrol(client, code)
    assert client.get(reverse("admin:index")).status_code == 200
    stored.refresh_from_db()
    assert stored.used_at is not None
    # The phone is lost and its device deleted: the spent code does not enrol another one.
    TOTPDevice.objects.filter(user=editor).delete()
    again = Client()
    sign_in(again, "redaktor", PASSWORD)
    assert not enrol(again, code)
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_an_expired_code_or_another_accounts_code_cannot_enrol(client, editor, settings, django_user_model):
    settings.STAFF_REQUIRE_2FA = True
    code, expires_at = EnrolmentCode.issue(editor)
    valid_for = timedelta(hours=settings.STAFF_ENROLMENT_CODE_HOURS)
    assert valid_for - timedelta(minutes=1) < expires_at - timezone.now() <= valid_for
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    sign_in(client, "redaktor", PASSWORD)
    assert not enrol(client, code)
    colleague = django_user_model.objects.create_user("kolega", password=PASSWORD, is_staff=True)
    theirs, _expires = EnrolmentCode.issue(colleague)
    assert not enrol(client, theirs)
    # A new code replaces an earlier unused one.
    first, _expires = EnrolmentCode.issue(editor)
    second, _expires = EnrolmentCode.issue(editor)
    assert not enrol(client, first)
    assert enrol(client, second)


def test_a_code_that_expires_while_the_app_is_set_up_enrols_nothing(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = True
    code, _expires = EnrolmentCode.issue(editor)
    sign_in(client, "redaktor", PASSWORD)
    assert client.post(reverse("accounts:two_factor"), {"code": code}).status_code == 302
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    device = TOTPDevice.objects.get(user=editor)
    client.post(reverse("accounts:two_factor"), {"token": current_token(device)})
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_command_refuses_unknown_and_non_staff_accounts(django_user_model):
    django_user_model.objects.create_user("mieszkaniec", password=PASSWORD)
    for name in ("nikt", "mieszkaniec"):
        with pytest.raises(CommandError):
            call_command("issue_enrolment_code", name, stdout=io.StringIO())
    assert not EnrolmentCode.objects.exists()


def test_a_superuser_issues_codes_in_the_admin_and_it_is_audited(client, editor, settings, django_user_model):
    settings.STAFF_REQUIRE_2FA = False
    newcomer = django_user_model.objects.create_user("nowa", password=PASSWORD, is_staff=True)
    resident = django_user_model.objects.create_user("mieszkaniec", password=PASSWORD)
    client.force_login(editor)  # a superuser
    changelist = reverse("admin:auth_user_changelist")
    action = {"action": "issue_enrolment_codes", "_selected_action": [newcomer.pk, resident.pk]}
    page = client.post(changelist, action)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", html).group()
    assert "mieszkaniec" in html.split("errornote")[-1]  # not staff: no code, and said so
    stored = EnrolmentCode.objects.get()
    assert (stored.user, stored.issued_by) == (newcomer, editor)
    entry = AuditEntry.objects.get(content_type__model="enrolmentcode")
    assert entry.user == editor and entry.action == "added" and stored.code_hash not in repr(entry.changes)
    # The newcomer enrols with it.
    newcomer_client = Client()
    sign_in(newcomer_client, "nowa", PASSWORD)
    newcomer_client.post(reverse("accounts:two_factor"), {"code": code})
    device = TOTPDevice.objects.get(user=newcomer)
    newcomer_client.post(reverse("accounts:two_factor"), {"token": current_token(device)})
    device.refresh_from_db()
    assert device.confirmed


def test_only_superusers_can_issue_codes(client, django_user_model):
    from django.contrib.auth.models import Permission

    manager = django_user_model.objects.create_user("kadry", password=PASSWORD, is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(codename__in=["view_user", "change_user"]))
    client.force_login(manager)
    changelist = reverse("admin:auth_user_changelist")
    assert "issue_enrolment_codes" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "issue_enrolment_codes", "_selected_action": [manager.pk]})
    assert not EnrolmentCode.objects.exists()


def test_a_wrong_code_is_refused_with_a_clear_message(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=editor, name="telefon", confirmed=True)
    sign_in(client, "redaktor", PASSWORD)
    wrong = f"{(int(current_token(device)) + 1) % 1000000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 200
    assert "Ten kod jest nieprawidłowy" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    # Right away, even the right code waits: each wrong one doubles the pause (django-otp).
    response = client.post(reverse("accounts:two_factor"), {"token": current_token(device)})
    assert "Przed chwilą wpisano błędny kod" in response.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"token": "12"})
    assert "Kod ma 6 cyfr" in response.content.decode()


def test_a_person_who_enrolled_is_asked_for_the_code_even_when_not_required(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = False
    device = TOTPDevice.objects.create(user=editor, name="telefon", confirmed=True)
    sign_in(client, "redaktor", PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.post(reverse("accounts:two_factor"), {"token": current_token(device)}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_two_factor_page_is_for_staff_only(client, django_user_model):
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, editor, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": f"x{attempt}", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",  # a new address each time, to dodge the lockout
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    blocked = client.post(
        reverse("admin:login"),
        {"username": "redaktor", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert blocked.status_code == 429
