"""The admin's language tabs in Chromium (issue 14 §4, §14): one page load per role."""

import pytest

from .conftest import log_in, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_tabs_for_new_rows_and_read_only_pages_at_1280_px(site, browser, django_user_model):
    from django.contrib.auth.models import Group

    from commitments.models import Commitment
    from publishing.roles import EDITOR

    editor = django_user_model.objects.create_user("redaktor", password="a-long-test-password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    published = Commitment.objects.published().filter(milestones__isnull=False).order_by("pk").first()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked = watch_csp(page)
    log_in(page, site.url, "redaktor")

    # A published commitment is read-only for an Editor: its fields still sit under language
    # tabs, and the language selector offers the languages (it was empty).
    page.goto(site.url + f"/admin/commitments/commitment/{published.pk}/change/")
    options = page.eval_on_selector_all("#modeltranslation-main-switch option", "os => os.map(o => o.textContent)")
    assert options == ["pl", "en", "uk", "be"]
    title = "fieldset .form-row.field-title_{}"
    assert (
        page.locator(title.format("pl")).first.is_visible() and not page.locator(title.format("uk")).first.is_visible()
    )
    page.select_option("#modeltranslation-main-switch", label="uk")
    assert (
        page.locator(title.format("uk")).first.is_visible() and not page.locator(title.format("pl")).first.is_visible()
    )

    # On a new commitment, the UK tab clicked on the title no longer carries over into new rows.
    page.goto(site.url + "/admin/commitments/commitment/add/")
    page.locator(".ui-tabs:has(#id_title_uk) .ui-tabs-nav a", has_text="uk").click()
    page.click("#milestones-group .add-row a")
    page.click("#updates-group .add-row a")
    page.wait_for_function("document.querySelectorAll('.dynamic-updates .ui-tabs').length > 0")
    new_rows = page.eval_on_selector_all(
        ".dynamic-milestones .ui-tabs-active a, .dynamic-updates .ui-tabs-active a", "as => as.map(a => a.textContent)"
    )
    assert new_rows and set(new_rows) == {"pl"}
    # The open tab is marked, not only by a hairline.
    active = page.locator(".dynamic-milestones .ui-tabs-active a").first
    assert active.evaluate("a => getComputedStyle(a).fontWeight") == "700"
    # The page fits 1280 px (the milestone table made it ~1400 px wide).
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.goto(site.url + "/admin/commitments/commitment/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("#result_list th.column-publication_state").is_visible()
    context.close()
    assert blocked == []
