"""The publishing workflow and the public record, end to end."""

import datetime
import json

import bibtexparser
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from commitments.models import Commitment, Level, Status
from publishing import versions
from publishing.models import AuditEntry, PublicVersion, PublishedRecordError
from publishing.roles import EDITOR, PUBLISHER

from . import factories
from .html import in_polish, soup, text_of
from .public_pages import sitemap_paths

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title_pl": "Rada praw człowieka",
        "title_en": "Human rights council",
        "title_uk": "Рада з прав людини",
        "title_be": "Рада па правах чалавека",
        "slug": "rada-praw-czlowieka",
        "summary_pl": "Miasto powoła radę.",
        "summary_en": "The city will set up a council.",
        "summary_uk": "Місто створить раду.",
        "summary_be": "Горад створыць раду.",
        "level": str(Level.objects.get(number=2).pk),
        "status": str(Status.objects.get(slug="planned").pk),
        "progress_mode": "milestones",
        "publication_state": "draft",
        "change_kind": "major",
    }
    for prefix in ("milestones", "updates", "documents", "indicators"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


ADD = "/admin/commitments/commitment/add/"


def change_url(commitment):
    return f"/admin/commitments/commitment/{commitment.pk}/change/"


def edit(client, commitment, **overrides):
    commitment.refresh_from_db()
    data = form_data(
        slug=commitment.slug,
        publication_state=commitment.publication_state,
        seen_revision=str(commitment.revision),
        **(now_fields(commitment.published_at) if commitment.published_at else {}),
    )
    data.update(overrides)
    return client.post(change_url(commitment), data)


def now_fields(moment=None):
    moment = timezone.localtime(moment or timezone.now() - datetime.timedelta(minutes=1))
    return {"published_at_0": moment.strftime("%Y-%m-%d"), "published_at_1": moment.strftime("%H:%M:%S")}


@pytest.mark.both_databases
def test_the_whole_journey(editor, publisher, client):
    # An Editor drafts: nobody outside sees it.
    assert editor.post(ADD, form_data()).status_code == 302
    commitment = Commitment.objects.get(slug="rada-praw-czlowieka")
    assert commitment.reference is None
    assert client.get("/zobowiazania/rada-praw-czlowieka/").status_code == 404
    assert "Rada praw" not in client.get("/zobowiazania/").content.decode()
    assert not any("rada-praw" in path for path in sitemap_paths())
    assert editor.get(f"/podglad/zobowiazania/{commitment.slug}/").status_code == 200

    # …submits it for review, and cannot publish it by any route.
    assert edit(editor, commitment, publication_state="in_review").status_code == 302
    refused = edit(editor, commitment, publication_state="published", **now_fields())
    assert refused.status_code == 200
    expected = in_polish("Only a Publisher can publish, schedule or withdraw. Choose Draft or In review.")
    assert expected in text_of(soup(refused).select_one("#content"))
    commitment.refresh_from_db()
    assert commitment.publication_state == "in_review" and not PublicVersion.objects.for_object(commitment).exists()

    # The Publisher publishes: version 1 is public.
    assert edit(publisher, commitment, publication_state="published", **now_fields()).status_code == 302
    commitment.refresh_from_db()
    assert commitment.reference.startswith("BPC-")
    v1 = PublicVersion.objects.for_object(commitment).get()
    assert v1.number == 1 and v1.is_major
    assert client.get("/zobowiazania/rada-praw-czlowieka/").status_code == 200
    assert any("rada-praw" in path for path in sitemap_paths())

    # The Editor's change is only proposed (publishing/proposals.py): the public sees no change.
    assert "Rada praw" in editor.get(change_url(commitment)).content.decode()
    assert edit(editor, commitment, title_pl="Zmiana redaktora").status_code == 302
    commitment.refresh_from_db()
    assert commitment.title_pl == "Rada praw człowieka"
    assert "Zmiana redaktora" not in client.get("/zobowiazania/rada-praw-czlowieka/").content.decode()

    # A major correction needs a note, and makes version 2.
    missing_note = edit(publisher, commitment, title_pl="Rada praw człowieka i obywatela")
    assert missing_note.status_code == 200
    assert in_polish("A major change needs a change note (at least in Polish).") in missing_note.content.decode()
    assert (
        edit(
            publisher,
            commitment,
            title_pl="Rada praw człowieka i obywatela",
            title_en="Council for human and civil rights",
            change_note_pl="Nowa nazwa rady.",
            change_note_en="New name of the council.",
        ).status_code
        == 302
    )
    v2 = PublicVersion.objects.for_object(commitment).get(number=2)
    assert v2.fingerprint != v1.fingerprint

    # v1's permanent address still shows v1, in every language.
    first_titles = [
        ("", "Rada praw człowieka", "i obywatela"),
        ("/en", "Human rights council", "civil rights"),
        ("/uk", "Рада з прав людини", "civil"),
        ("/be", "Рада па правах чалавека", "civil"),
    ]
    for prefix, old, new in first_titles:
        page = soup(client.get(f"{prefix}/wersje/zobowiazanie/{commitment.reference}/1/"))
        assert text_of(page.h1) == old
        assert new not in text_of(page.h1)
        assert v1.fingerprint in text_of(page.select_one(".fingerprint"))
    current = soup(client.get("/en/zobowiazania/rada-praw-czlowieka/"))
    assert text_of(current.h1) == "Council for human and civil rights"

    # The history lists both; the diff shows the change per language.
    history = text_of(soup(client.get(f"/en/wersje/zobowiazanie/{commitment.reference}/")).main)
    assert "Version 2 of 2" in history and "Version 1 of 2" in history and "New name of the council." in history
    diff = soup(client.get(f"/en/wersje/zobowiazanie/{commitment.reference}/2/zmiany/"))
    pl_section = diff.select_one('section[aria-labelledby="diff-pl"]')
    assert text_of(pl_section.select_one("ins")) == "i obywatela"
    uk_section = diff.select_one('section[aria-labelledby="diff-uk"]')
    assert "No changes in this language." in text_of(uk_section)

    # A minor correction is listed but does not move "last updated".
    assert (
        edit(publisher, commitment, summary_pl="Miasto powoła radę praw człowieka.", change_kind="minor").status_code
        == 302
    )
    v3 = PublicVersion.objects.for_object(commitment).get(number=3)
    assert not v3.is_major
    page = soup(client.get("/zobowiazania/rada-praw-czlowieka/"))
    dates = page.select(".record-dates time")
    assert dates[1]["datetime"] == timezone.localtime(v2.published_at).strftime("%Y-%m-%dT%H:%M%z")

    # Withdrawal needs a public reason; the page stays with a notice; delete is refused.
    no_reason = edit(publisher, commitment, publication_state="withdrawn")
    assert no_reason.status_code == 200
    reason_needed = in_polish("Give the public reason for the withdrawal (at least in Polish).")
    assert reason_needed in no_reason.content.decode()
    assert (
        edit(
            publisher, commitment, publication_state="withdrawn", change_note_pl="Zadanie przejęła inna jednostka."
        ).status_code
        == 302
    )
    page = soup(client.get("/zobowiazania/rada-praw-czlowieka/"))
    assert "Zadanie przejęła inna jednostka." in text_of(page.select_one(".withdrawn-notice"))
    assert commitment.reference not in client.get("/zobowiazania/").content.decode()
    delete = publisher.post(f"/admin/commitments/commitment/{commitment.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert Commitment.objects.filter(pk=commitment.pk).exists()

    # Every staff change is in the audit trail.
    actions = list(AuditEntry.objects.filter(object_id=commitment.pk).values_list("user__username", "action"))
    assert ("redaktor", "added") in actions and ("publikujaca", "version 2") in actions
    changed = AuditEntry.objects.filter(object_id=commitment.pk, user__username="publikujaca", action="changed").first()
    assert "publication_state" in changed.changes or "title_pl" in changed.changes


def test_editor_cannot_publish_with_a_crafted_post_to_a_draft(editor):
    commitment = factories.commitment(publication_state="draft", published_at=None)
    response = edit(editor, commitment, publication_state="published", **now_fields())
    assert response.status_code == 200
    commitment.refresh_from_db()
    assert commitment.publication_state == "draft"


def test_second_save_from_a_stale_form_is_refused(publisher, editor):
    commitment = factories.commitment(publication_state="draft", published_at=None)
    commitment.refresh_from_db()
    stale_revision = str(commitment.revision)
    assert edit(editor, commitment, title_pl="Pierwsza zmiana").status_code == 302
    response = publisher.post(
        change_url(commitment),
        form_data(slug=commitment.slug, seen_revision=stale_revision, title_pl="Druga zmiana"),
    )
    assert response.status_code == 200
    page = soup(response)
    conflict = in_polish("Someone else saved this item after you opened it: %(who)s. Nothing was saved, and your "
                         "changes are still in the form below. Open the item in a new tab to see their version, "
                         "then copy your changes over and save again.")  # fmt: skip
    assert conflict.split("%(who)s")[0] in text_of(page.select_one(".errorlist.nonfield"))
    assert "redaktor" in text_of(page.select_one("#content"))
    # Nothing of either edit is lost: the first is saved, the second is still in the form.
    commitment.refresh_from_db()
    assert commitment.title_pl == "Pierwsza zmiana"
    assert page.select_one("#id_title_pl")["value"] == "Druga zmiana"


def test_scheduled_publication_appears_exactly_when_due(publisher, client, monkeypatch):
    commitment = factories.commitment(publication_state="in_review", published_at=None, slug="zaplanowane")
    due = timezone.now() + datetime.timedelta(hours=2)
    assert edit(publisher, commitment, publication_state="published", **now_fields(due)).status_code == 302
    assert client.get("/zobowiazania/zaplanowane/").status_code == 404
    commitment.refresh_from_db()
    scheduled = timezone.localtime(commitment.published_at)
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: scheduled - datetime.timedelta(seconds=1))
    assert client.get("/zobowiazania/zaplanowane/").status_code == 404
    monkeypatch.setattr(timezone, "now", lambda: scheduled + datetime.timedelta(seconds=1))
    assert client.get("/zobowiazania/zaplanowane/").status_code == 200
    assert client.get(f"/wersje/zobowiazanie/{commitment.reference}/1/").status_code == 200
    monkeypatch.setattr(timezone, "now", real_now)


def test_published_items_are_never_deleted(official):
    commitment = factories.commitment()
    with pytest.raises(PublishedRecordError):
        commitment.delete()
    with pytest.raises(PublishedRecordError):
        Commitment.objects.filter(pk=commitment.pk).delete()
    version = versions.record(commitment)
    with pytest.raises(PublishedRecordError):
        version.delete()
    version.change_note_pl = "silent change"
    with pytest.raises(PublishedRecordError):
        version.save()
    draft = factories.commitment(publication_state="draft", published_at=None)
    draft.delete()


def test_old_slug_answers_with_a_permanent_redirect(official, client):
    commitment = factories.commitment(slug="stary-adres")
    commitment.slug = "nowy-adres"
    commitment.save()
    response = client.get("/en/zobowiazania/stary-adres/")
    assert response.status_code == 301 and response["Location"] == "/en/zobowiazania/nowy-adres/"
    assert client.get(f"/c/{commitment.reference}/")["Location"] == "/zobowiazania/nowy-adres/"


def test_fingerprint_is_stable_and_changes_with_content(official):
    commitment = factories.commitment()
    first = versions.record(commitment)
    assert versions.record(commitment) == first  # nothing changed: no new version
    assert versions.fingerprint(first.state, commitment.public_snapshot()) == first.fingerprint
    commitment.title_uk = "Нова назва"
    commitment.save()
    second = versions.record(commitment, note={"pl": "Tłumaczenie."})
    assert second.number == 2 and second.fingerprint != first.fingerprint


@pytest.mark.both_databases
def test_an_old_version_renders_after_the_schema_changes(official, client):
    """A version is its stored JSON: keys a later schema dropped or added do not break it."""
    commitment = factories.commitment()
    version = versions.record(commitment)
    snapshot = {k: v for k, v in version.snapshot.items() if k not in ("indicators", "unit", "element", "children")}
    snapshot["a_field_from_the_future"] = {"pl": "?"}
    # Versions are append-only in the database: the old-shaped snapshot is a new version.
    fields = {f.attname: getattr(version, f.attname) for f in PublicVersion._meta.concrete_fields if f.name != "id"}
    version = PublicVersion.objects.create(**{**fields, "number": 2, "snapshot": snapshot})
    Commitment.objects.filter(pk=commitment.pk).update(title_pl="Zupełnie inny tytuł")
    page = soup(client.get(version.get_absolute_url()))
    assert text_of(page.h1) == commitment.title_pl


def test_citations_parse(official, client):
    commitment = factories.commitment()
    version = versions.record(commitment)
    page = soup(client.get(f"/en/zobowiazania/{commitment.slug}/"))
    cite = text_of(page.select_one(".cite__text"))
    assert "City of Białystok" in cite and commitment.reference in cite and "version 1" in cite
    assert f"http://testserver/en/wersje/zobowiazanie/{commitment.reference}/1/" in cite
    assert "accessed " + timezone.localdate().isoformat() in cite
    assert page.select_one('meta[name="citation_title"]')["content"] == commitment.title_en
    assert page.select_one('link[rel="canonical"]') is not None
    json_ld = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert json_ld["identifier"] == commitment.reference and json_ld["@type"] == "Report"

    bib = client.get(f"/en/wersje/zobowiazanie/{commitment.reference}/1/cytowanie.bib")
    assert bib["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(bib.content.decode())
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry["title"] == "{" + commitment.title_en + "}" and entry["number"] == commitment.reference

    csl = json.loads(client.get(f"/en/wersje/zobowiazanie/{commitment.reference}/1/cytowanie.json").content)
    for field in ("id", "type", "title", "author", "issued", "URL", "accessed", "number", "version"):
        assert csl[0][field], field
    assert csl[0]["issued"]["date-parts"][0] == list(timezone.localtime(version.published_at).timetuple()[:3])


def test_declaration_and_paragraphs_are_citable(official, client):
    page = soup(client.get("/deklaracja/"))
    assert page.select_one(".cite__text") is not None
    for number in range(1, 5):
        text = text_of(page.select_one(f"#p{number} .paragraph__cite p"))
        assert f"/wersje/deklaracja/deklaracja-2023-12-19/1/#p{number}" in text
    assert page.select_one('meta[name="citation_public_url"]')["content"].endswith("/1/")


@pytest.mark.both_databases
def test_roles_exist_with_least_privilege(official):
    editor = Group.objects.get(name=EDITOR)
    publisher = Group.objects.get(name=PUBLISHER)
    editor_perms = set(editor.permissions.values_list("codename", flat=True))
    assert "change_commitment" in editor_perms and "publish" not in editor_perms
    assert not any(p.startswith("delete_") for p in editor_perms)
    assert "publish" in set(publisher.permissions.values_list("codename", flat=True))


def test_changes_to_the_editable_lists_are_audited(publisher):
    status = Status.objects.get(slug="planned")
    url = f"/admin/commitments/status/{status.pk}/change/"
    data = {
        "slug": "planned",
        "order": status.order,
        "default_progress": 5,
        "is_done": "",
        **{f"name_{code}": getattr(status, f"name_{code}") or "x" for code in ("pl", "en", "uk", "be")},
        **{f"meaning_{code}": getattr(status, f"meaning_{code}") or "x" for code in ("pl", "en", "uk", "be")},
    }
    assert publisher.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(object_id=status.pk, content_type__model="status", action="changed")
    assert entry.user.username == "publikujaca"
    assert entry.changes["default_progress"] == ["0", "5"]


def test_commitment_admin_links_to_its_audit_trail(publisher):
    commitment = factories.commitment()
    page = soup(publisher.get(change_url(commitment)))
    link = page.select_one('a[href*="/admin/publishing/auditentry/?"]')
    assert link is not None and f"object_id={commitment.pk}" in link["href"]
    publisher.post(
        change_url(commitment),
        form_data(
            slug=commitment.slug,
            seen_revision="0",
            publication_state="published",
            change_note_pl="Zmiana.",
            **now_fields(),
        ),
    )
    trail = publisher.get(link["href"].replace("&amp;", "&"))
    assert trail.status_code == 200
    assert "result_list" in trail.content.decode()


def test_preview_is_for_staff_marked_noindex_and_never_cached(editor, client):
    draft = factories.commitment(publication_state="draft", published_at=None, slug="szkic-podglad")
    anonymous = client.get("/podglad/zobowiazania/szkic-podglad/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    response = editor.get("/podglad/zobowiazania/szkic-podglad/")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(".preview-banner") is not None
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert draft.title_pl in text_of(page.h1)


def test_values_and_elements_link_to_their_history(official, client):
    assert soup(client.get("/wartosci/rownosc/")).select_one('a[href="/wersje/wartosc/rownosc/"]') is not None
    level = soup(client.get("/poziomy/1/"))
    assert level.select_one('a[href="/wersje/element/S1/"]') is not None
    assert client.get("/wersje/element/S1/").status_code == 200


def test_statuses_and_units_are_for_publishers_and_their_changes_are_versioned(editor, publisher):
    status = Status.objects.get(slug="planned")
    commitment = factories.commitment(status=status)
    versions.record(commitment)
    assert editor.get(f"/admin/commitments/status/{status.pk}/change/").status_code == 200  # view only
    response = editor.post(f"/admin/commitments/status/{status.pk}/change/", {"slug": "planned"})
    assert response.status_code == 403
    data = {
        "slug": "planned",
        "order": status.order,
        "default_progress": 0,
        **{f"name_{code}": f"Nowa nazwa {code}" for code in ("pl", "en", "uk", "be")},
        **{f"meaning_{code}": "x" for code in ("pl", "en", "uk", "be")},
    }
    assert publisher.post(f"/admin/commitments/status/{status.pk}/change/", data).status_code == 302
    latest = versions.versions_of(commitment).order_by("-number").first()
    assert latest.number == 2 and not latest.is_major
    assert latest.snapshot["status"]["name"]["pl"] == "Nowa nazwa pl"


def inline(prefix, rows, **fields):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def test_inline_rows_follow_the_workflow(editor, publisher):
    draft = factories.commitment(publication_state="draft", published_at=None)
    draft.refresh_from_db()
    row = {"title_pl": "Kamień", "due_on": "2025-01-01", "publication_state": "published", **{
        f"published_at_{i}": v for i, v in enumerate(now_fields().values())}}  # fmt: skip
    data = form_data(slug=draft.slug, seen_revision=str(draft.revision))
    data.update(inline("milestones", [row]))
    response = editor.post(change_url(draft), data)
    # An Editor's row has no state of its own to set: it follows its draft commitment.
    assert response.status_code == 302
    assert draft.milestones.get().publication_state == "draft"

    published = factories.commitment()
    milestone = factories.milestone(published)
    published.refresh_from_db()
    data = form_data(
        slug=published.slug, seen_revision=str(published.revision), publication_state="published", **now_fields()
    )
    row = {
        "id": str(milestone.pk),
        "commitment": str(published.pk),
        "title_pl": "Kamień milowy",
        "due_on": "2025-06-01",
        "publication_state": "published",
        "DELETE": "on",
        **{f"published_at_{i}": v for i, v in enumerate(now_fields().values())},
    }
    data.update(inline("milestones", [row]))
    response = publisher.post(change_url(published), data)
    assert response.status_code == 200
    refusal = in_polish("%(item)s has been published and cannot be deleted; withdraw it instead.")
    assert refusal.split("%(item)s")[1].strip() in response.content.decode()
    assert published.milestones.filter(pk=milestone.pk).exists()


def test_public_items_cannot_go_back_to_draft_and_drafts_cannot_be_withdrawn(publisher):
    published = factories.commitment()
    response = edit(publisher, published, publication_state="draft")
    assert response.status_code == 200
    published.refresh_from_db()
    assert published.publication_state == "published"
    draft = factories.commitment(publication_state="draft", published_at=None)
    response = edit(publisher, draft, publication_state="withdrawn", change_note_pl="x", **now_fields())
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.publication_state == "draft"


@pytest.mark.both_databases
def test_moving_a_milestone_versions_both_commitments(publisher):
    first, second = factories.commitment(), factories.commitment()
    milestone = factories.milestone(first, title_pl="Wędrujący kamień")
    versions.record(first)
    versions.record(second)
    data = {
        "commitment": str(second.pk),
        "title_pl": "Wędrujący kamień",
        "due_on": "2025-06-01",
        "publication_state": "published",
        "seen_revision": str(milestone.revision),
        "change_kind": "minor",
        **now_fields(),
    }
    response = publisher.post(f"/admin/commitments/milestone/{milestone.pk}/change/", data)
    assert response.status_code == 302
    first_latest = versions.versions_of(first).order_by("-number").first()
    second_latest = versions.versions_of(second).order_by("-number").first()
    assert first_latest.number == 2 and first_latest.snapshot["milestones"] == []
    assert second_latest.number == 2 and second_latest.snapshot["milestones"][0]["title"]["pl"] == "Wędrujący kamień"


def test_renaming_a_value_versions_its_commitments_and_its_slug_is_fixed(publisher):
    from declaration.models import Value

    value = Value.objects.get(slug="rownosc")
    commitment = factories.commitment(values=[value])
    versions.record(commitment)
    page = soup(publisher.get(f"/admin/declaration/value/{value.pk}/change/"))
    assert page.select_one("#id_slug") is None  # read-only once public: it is in permanent addresses
    data = {
        "order": value.order,
        "name_pl": "równość praw",
        "name_en": "equality",
        "name_uk": "рівність",
        "name_be": "роўнасць",
        "description_pl": value.description_pl,
        "publication_state": "published",
        "seen_revision": str(value.revision),
        "change_kind": "minor",
        **now_fields(value.published_at),
    }
    assert publisher.post(f"/admin/declaration/value/{value.pk}/change/", data).status_code == 302
    latest = versions.versions_of(commitment).order_by("-number").first()
    assert latest.number == 2 and latest.snapshot["values"][0]["name"]["pl"] == "równość praw"


@pytest.mark.parametrize(
    "path",
    ["/wersje/deklaracja/deklaracja-2023-12-19/0/", "/wersje/deklaracja/deklaracja-2023-12-19/0/zmiany/",
     "/wersje/deklaracja/deklaracja-2023-12-19/0/cytowanie.bib",
     "/wersje/nieznany/x/1/", "/wersje/deklaracja/deklaracja-2023-12-19/1/zmiany/"],
)  # fmt: skip
def test_bad_version_addresses_are_404(official, client, path):
    assert client.get(path).status_code == 404
