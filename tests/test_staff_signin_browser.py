"""The lockout page and two-factor enrolment in a real browser, under the strict CSP."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentCode

from .conftest import PASSWORD, axe_violations, log_in, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lockout_page_in_the_browser(site, page, settings, django_user_model):
    django_user_model.objects.create_user("redaktor", password=PASSWORD, is_staff=True)
    blocked = watch_csp(page)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, site.url, "redaktor", "wrong")
    assert page.locator("h1").inner_text() == "Logowanie tymczasowo zablokowane"
    assert "30 minut" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert blocked == []


def test_two_factor_enrolment_in_the_browser(site, page, settings, django_user_model):
    settings.STAFF_REQUIRE_2FA = True
    user = django_user_model.objects.create_user("redaktor", password=PASSWORD, is_staff=True)
    code, _expires = EnrolmentCode.issue(user)  # given by a superuser
    blocked = watch_csp(page)
    log_in(page, site.url, "redaktor", PASSWORD)
    assert "/admin/2fa/" in page.url
    assert page.locator(".qr-code").count() == 0  # the password alone shows no key
    assert axe_violations(page) == []
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("input[type=submit]")
    image = page.locator(".qr-code img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")  # the QR code renders
    device = TOTPDevice.objects.get(user=user)
    page.fill("#id_token", "000000" if totp(device.bin_key) != 0 else "111111")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".errornote").is_visible()
    page.wait_for_timeout(1100)  # django-otp allows the next try one second after a wrong code
    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.rstrip("/").endswith("/admin")
    assert blocked == []
