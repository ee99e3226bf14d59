"""Issue 14, the workflow: proposed changes to published items (finding 1 and the second half
of 14), one workflow per page (2, 3, 9), indicators on the commitment page (9), the review
queue, notices and previews (13)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from commitments.models import Commitment, Milestone
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
    assert response.status_code == 302, text_of(soup(response).select_one(".errornote") or soup(response).body)
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
