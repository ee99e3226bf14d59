"""Real-browser tests in Debian's Chromium, driven by Playwright."""

from urllib.parse import urlsplit

import pytest

from .conftest import LANGUAGES
from .public_pages import public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def describe(violations):
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_axe_violations_on_any_public_page(site, page, language):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    prefix = "" if language == "pl" else f"/{language}"
    paths = [*public_paths(language), f"{prefix}/no-such-page/"]
    for path in paths:
        page.goto(site.url + path)
        results = axe.run(page, options=WCAG_AA)
        if results.response["violations"]:
            problems[path] = describe(results.response["violations"])
    assert not problems, "\n".join(f"{path}:\n{text}" for path, text in problems.items())


def test_pages_make_no_third_party_requests(site, page):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for path in public_paths("uk"):
        page.goto(site.url + path)
    assert hosts == {urlsplit(site.url).netloc}


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


def test_reflows_at_320_px_without_horizontal_scrolling(site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in ("/", "/be/deklaracja/", "/uk/wartosci/"):
            page.goto(site.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
    finally:
        context.close()


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
