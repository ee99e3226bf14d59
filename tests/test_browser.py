"""Real-browser tests in Debian's Chromium, driven by Playwright."""

from urllib.parse import urlsplit

import pytest

from .conftest import log_in, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(site, page):
    page.goto(site.url + "/en/deklaracja/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_paragraph_link_targets_the_paragraph(site, page):
    page.goto(site.url + "/deklaracja/")
    # The link waits in the paragraph's one small control, so the text reads as a document.
    assert not page.get_by_role("link", name="Link do akapitu 3").is_visible()
    page.locator("#p3 summary").click()
    page.get_by_role("link", name="Link do akapitu 3").click()
    assert page.url.endswith("/deklaracja/#p3")
    assert page.evaluate("document.querySelector(':target').id") == "p3"
    # The highlighted paragraph is the one a shared link points to.
    page.goto(site.url + "/en/deklaracja/#p2")
    assert page.evaluate("document.querySelector(':target').id") == "p2"


def test_language_switcher_keeps_the_page_in_the_browser(site, page):
    page.goto(site.url + "/wartosci/solidarnosc/")
    page.get_by_role("link", name="Українська").click()
    assert urlsplit(page.url).path == "/uk/wartosci/solidarnosc/"
    assert page.evaluate("document.documentElement.lang") == "uk"


def test_focus_is_visible(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_filtering_works_with_the_keyboard_only(site, page):
    page.goto(site.url + "/en/zobowiazania/")
    total = page.locator(".commitment-item").count()
    tab_to(page, "#id_level")
    page.keyboard.press("ArrowDown")  # "all" -> level 1
    page.keyboard.press("ArrowDown")  # level 2
    assert page.eval_on_selector("#id_level", "e => e.value") == "2"
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "level=2" in page.url
    heading = page.locator("#results").inner_text()
    shown = page.locator(".commitment-item").count()
    assert 0 < shown < total
    assert heading.startswith(str(shown))
    levels = page.locator(".commitment-item .facts div:nth-child(2) dd").all_inner_texts()
    assert set(levels) == {"2"}
    # The result is a link: opening it again gives the same list.
    page.goto(page.url)
    assert page.locator(".commitment-item").count() == shown


def activate_link(page, name):
    """Reach a link with Tab alone and follow it with Enter."""
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ').trim()") == name:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"Tab never reached the link {name!r}")


def test_keyboard_only_journey(site, page):
    page.goto(site.url + "/en/")
    activate_link(page, "Read the declaration")
    assert urlsplit(page.url).path == "/en/deklaracja/"
    activate_link(page, "respect")
    assert urlsplit(page.url).path == "/en/wartosci/szacunek/"
    first = page.locator(".commitment-item__title a").first
    name = " ".join(first.inner_text().split())
    activate_link(page, name)
    assert urlsplit(page.url).path.startswith("/en/zobowiazania/demo-")
    activate_link(page, "Accessibility statement")
    assert urlsplit(page.url).path == "/en/deklaracja-dostepnosci/"
    assert page.locator("#a11y-wstep").is_visible()


SAMPLE = ["/", "/deklaracja/", "/zobowiazania/", "/zobowiazania/demo-001/", "/deklaracja-dostepnosci/", "/postepy/"]
# WCAG 1.4.12 text spacing, applied by the user's own stylesheet.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


@pytest.mark.parametrize("width", [320, 640])
def test_text_spacing_and_zoom_lose_nothing(site, browser, width):
    """640 CSS px is a 1280 px window at 200% zoom. A reader's own stylesheet is
    not subject to the site's CSP, so the test bypasses it to inject one."""
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    try:
        for path in SAMPLE:
            for prefix in ("", "/be"):
                page.goto(site.url + prefix + path)
                page.add_style_tag(content=TEXT_SPACING)
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, (prefix + path, width, overflow)
                clipped = page.evaluate(
                    """[...document.querySelectorAll('main h1, main h2, main p, main a')].filter(e => {
                        const s = getComputedStyle(e);
                        return (s.overflow === 'hidden' || s.textOverflow === 'ellipsis')
                            && e.scrollWidth > e.clientWidth + 1; }).length"""
                )
                assert clipped == 0, (prefix + path, width)
    finally:
        context.close()


def test_reduced_motion_and_forced_colours_are_respected(site, browser):
    context = browser.new_context(reduced_motion="reduce", forced_colors="active")
    page = context.new_page()
    try:
        page.goto(site.url + "/postepy/")
        page.keyboard.press("Tab")
        styles = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.transitionDuration, s.animationName]; })()"
        )
        assert styles[0] != "none"
        assert styles[1] in ("0s", "") and styles[2] == "none"
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    finally:
        context.close()


def test_editor_to_publisher_journey_in_the_real_admin(site, browser, django_user_model):
    from django.contrib.auth.models import Group

    from commitments.models import Commitment
    from publishing.roles import EDITOR, PUBLISHER

    for name, role in (("redaktor", EDITOR), ("publikujaca", PUBLISHER)):
        user = django_user_model.objects.create_user(name, password="a-long-test-password", is_staff=True)
        user.groups.add(Group.objects.get(name=role))

    editor = browser.new_context()
    page = editor.new_page()
    blocked = watch_csp(page)
    log_in(page, site.url, "redaktor")
    page.goto(site.url + "/admin/commitments/commitment/add/")
    assert page.locator(".ui-tabs").count() > 0  # the translation tabs work under the CSP
    page.fill("#id_title_pl", "Zobowiązanie z przeglądarki")  # the admin's script fills in the slug
    page.fill("#id_summary_pl", "Wpisane w prawdziwej przeglądarce.")
    page.select_option("#id_level", label="2. Struktury, mechanizmy i procedury")
    page.select_option("#id_status", label="Zaplanowane")
    options = page.eval_on_selector_all("#id_publication_state option", "os => os.map(o => o.value)")
    assert options == ["draft", "in_review"]  # an Editor is not even offered "published"
    page.select_option("#id_publication_state", "in_review")
    with page.expect_navigation():
        page.click("input[name=_save]")
    commitment = Commitment.objects.get(title_pl="Zobowiązanie z przeglądarki")
    assert commitment.publication_state == "in_review"
    assert page.evaluate(f"fetch('/zobowiazania/{commitment.slug}/').then(r => r.status)") == 404
    editor.close()

    publisher = browser.new_context()
    page = publisher.new_page()
    blocked_for_publisher = watch_csp(page)
    log_in(page, site.url, "publikujaca")
    page.goto(site.url + f"/admin/commitments/commitment/{commitment.pk}/change/")
    page.select_option("#id_publication_state", "published")
    page.click("#id_published_at_0 ~ .datetimeshortcuts a:first-child")  # "Today"
    page.click("#id_published_at_1 ~ .datetimeshortcuts a:first-child")  # "Now"
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".messagelist").inner_text().count("v1") == 1
    publisher.close()
    assert blocked == blocked_for_publisher == []

    commitment.refresh_from_db()
    assert commitment.publication_state == "published" and commitment.reference.startswith("BPC-")
    visitor = browser.new_context()
    page = visitor.new_page()
    page.goto(site.url + f"/c/{commitment.reference}/")
    assert page.url.endswith(f"/zobowiazania/{commitment.slug}/")
    assert page.locator("h1").inner_text() == "Zobowiązanie z przeglądarki"
    assert f"[{commitment.reference}, " in page.locator(".cite__text").inner_text()
    visitor.close()
