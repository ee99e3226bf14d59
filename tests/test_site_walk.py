"""Every public page, in every language, once, in Debian's Chromium: each page is
loaded a single time and everything a page needs is checked on that load. Then
the Nu HTML Checker validates every page the server sent, in one Java run.

Per page: it answers (200, or 404 for the not-found page) in its language with one
h1, the skip link and the landmarks; axe-core finds no WCAG 2.1 A/AA violation; at
320 CSS px (the same page, the viewport narrowed) nothing scrolls sideways; on a phone's
first screen (375 x 667) the whole h1 is in view, and a table wider than its scrolling box has
its caption and a visible cue in words outside the box (core/templatetags/tables.py). Over
the whole walk: no request leaves the origin, no cookie is set, and the strict
Content-Security-Policy blocks nothing the pages need."""

import json
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

from .conftest import BASE_DIR, LANGUAGES, axe_script, axe_violations, missing, watch_csp
from .public_pages import public_paths

pytestmark = [pytest.mark.browser, pytest.mark.validator, pytest.mark.django_db(transaction=True)]

VNU = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DESKTOP = {"width": 1280, "height": 720}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 1280 px at 400% zoom
PHONE = {"width": 375, "height": 667}  # a resident's phone: the first screen (issue 15 §6)
# 8 fixed pages, 5 values, 3 levels, 9 commitments, 2 information pages, 2 easy-to-read texts,
# 29 public versions (declaration, 5 values, 13 elements, 10 of commitments), 28 version
# histories, 1 page of changes, 2 open-data pages, 3 list variants and 3 search pages; Where to get
# help: the list, 2 demo entries and 2 filtered lists; 8 pages of the residents' dialogue (feedback
# and follow forms with their "sent" pages, general and for one commitment); the tracker as of a
# day: the overview, a level, the list and a value's page; the verify page, empty and with a
# version found.
PAGES_PER_LANGUAGE = 114
FACTS = """() => ({
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    skip: document.querySelector('a.skip-link')?.getAttribute('href') ?? null,
    landmarks: Boolean(document.querySelector('main#main') && document.querySelector('header')
        && document.querySelector('footer')),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""
# On a phone: where the h1 ends, and each table whose cells its box clips without both a visible
# caption and a visible scroll cue outside that box (a cue is [data-scroll-cue], next to the box).
# The cue follows its box's scroll timeline, which the browser updates in the frame after a resize:
# two animation frames first, so a busy machine does not measure the frame before.
PHONE_FACTS = """async () => {
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const seen = (element, box) => {
        if (!element || box.contains(element) || !element.innerText.trim()) return false;
        const rect = element.getBoundingClientRect();
        return element.checkVisibility({visibilityProperty: true, opacityProperty: true})
            && rect.width > 1 && rect.height > 1;
    };
    const clipped = [];
    for (const table of document.querySelectorAll('table')) {
        let box = table.parentElement;
        while (box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
        if (box === document.body || box.scrollWidth <= box.clientWidth) continue;
        const cue = box.parentElement.querySelector(':scope > [data-scroll-cue]');
        const caption = document.getElementById(table.getAttribute('aria-labelledby'));
        if (!seen(cue, box) || !seen(caption, box)) {
            const name = (caption ?? table.caption ?? table.querySelector('th') ?? table).innerText;
            clipped.push(`${name.trim().slice(0, 60)}: caption ${seen(caption, box)}, cue ${seen(cue, box)}`);
        }
    }
    const h1 = document.querySelector('h1');
    return {h1Bottom: h1 ? h1.getBoundingClientRect().bottom + window.scrollY : 0, clipped};
}"""


def every_page():
    """(language, path, expected status) for every public page, and a 404 in each language."""
    pages = []
    for language in LANGUAGES:
        paths = public_paths(language)
        assert len(paths) == PAGES_PER_LANGUAGE, (language, len(paths))
        prefix = "" if language == "pl" else f"/{language}"
        pages += [(language, path, 200) for path in paths] + [(language, f"{prefix}/no-such-page/", 404)]
    return pages


def check_page(page, language, status, response):
    """What is wrong with the page just loaded, if anything."""
    if response.status != status:
        return [f"  answered {response.status}, not {status}"]
    problems = []
    facts = page.evaluate(FACTS)
    if facts["lang"] != language:
        problems.append(f"  lang={facts['lang']!r}")
    if facts["h1"] != 1:
        problems.append(f"  {facts['h1']} h1 elements")
    if facts["skip"] != "#main" or not facts["landmarks"]:
        problems.append(f"  skip link {facts['skip']!r}, main/header/footer present: {facts['landmarks']}")
    if facts["overflow"] > 0:
        problems.append(f"  horizontal scroll of {facts['overflow']}px at {DESKTOP['width']}px")
    problems += axe_violations(page)
    page.set_viewport_size(NARROW)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"  horizontal scroll of {overflow}px at 320px")
    page.set_viewport_size(PHONE)
    phone = page.evaluate(PHONE_FACTS)
    if phone["h1Bottom"] > PHONE["height"]:
        problems.append(f"  the h1 ends at y={phone['h1Bottom']:.0f}, below a phone's first screen")
    problems += [f"  at 375px, clipped without a caption and a cue outside its box: {t}" for t in phone["clipped"]]
    page.set_viewport_size(DESKTOP)
    return problems


def validate_html(files):
    """Nu HTML Checker errors in the saved pages: one Java start for all of them."""
    java = shutil.which("java")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    return [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m.get('message')}" for m in errors]


def test_every_public_page_in_every_language(site, browser, tmp_path):
    if not shutil.which("java"):
        missing("Java is not installed, so the Nu HTML Checker cannot run")
    if not VNU.exists():
        missing(f"vnu-jar is not installed ({VNU}); run 'npm install'")
    pages = every_page()
    origin = urlsplit(site.url).netloc
    hosts = set()
    problems = {}
    files = {}
    context = browser.new_context(viewport=DESKTOP)
    # axe-core is in every page from its start: no separate injection per page.
    context.add_init_script(path=axe_script())
    try:
        page = context.new_page()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        blocked = watch_csp(page)
        for index, (language, path, status) in enumerate(pages):
            response = page.goto(site.url + path)
            file = tmp_path / f"page{index}.html"
            file.write_bytes(response.body())  # the bytes the server sent, for the Nu checker
            files[str(file)] = path
            if found := check_page(page, language, status, response):
                problems[path] = "\n".join(found)
        cookies = context.cookies()
    finally:
        context.close()
    assert not problems, "\n".join(f"{path}:\n{text}" for path, text in problems.items())
    assert hosts == {origin}
    assert cookies == []
    assert blocked == []  # the strict Content-Security-Policy blocks nothing the pages need
    assert len(files) == len(LANGUAGES) * (PAGES_PER_LANGUAGE + 1)
    invalid = validate_html(files)
    assert not invalid, "\n".join(invalid)
