"""Lost updates: every write increases a row's revision, and every admin form that
edits a row refuses to save it if it has been saved since the form was opened
(publishing/revisions.py, publishing/admin_revisions.py).

The forms are filled from the pages as a browser would submit them, so what is
tested is what an editor's browser sends, hidden revision fields included."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, Milestone
from declaration.models import Value
from publishing.admin_revisions import STALE_ITEM, STALE_ROW
from publishing.revisions import Revised, RevisedQuerySet, has_revision, stored_revision
from publishing.roles import PUBLISHER

from . import factories
from .conftest import staff_client
from .html import in_polish, soup, text_of

pytestmark = pytest.mark.django_db

TYPED = "Zmiana, której nie wolno zgubić"


# Forms as a browser submits them ------------------------------------------------------------


def submitted(form):
    """{name: [values]} that a browser sends for ``form`` (a parsed <form>) as shown."""
    data = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or "__prefix__" in name or element.has_attr("disabled"):
            continue  # unnamed, the template of an inline's new row, or not sent
        if element.name == "select":
            chosen = element.find_all("option", selected=True)
            if not chosen and not element.has_attr("multiple") and element.find("option"):
                chosen = [element.find("option")]
            data.setdefault(name, []).extend(option.get("value", option.text) for option in chosen)
            continue
        if element.name == "textarea":
            value = element.text.removeprefix("\r\n").removeprefix("\n")  # as browsers read it
        else:
            kind = element.get("type", "text")
            if kind in ("submit", "button", "reset", "image", "file"):
                continue
            if kind in ("checkbox", "radio") and not element.has_attr("checked"):
                continue
            value = element.get("value", "on" if kind in ("checkbox", "radio") else "")
        data.setdefault(name, []).append(value)
    return data


def open_form(client, url, selector):
    response = client.get(url)
    assert response.status_code == 200, url
    form = soup(response).select_one(selector)
    assert form is not None, f"{url}: no {selector}"
    return submitted(form)


def shown_value(page, name):
    element = page.find(attrs={"name": name})
    if element is None:
        return None
    return element.text.strip() if element.name == "textarea" else element.get("value")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def form_selector(model):
    return f"form#{model._meta.model_name}_form"


def is_text(field):
    return (
        isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
    )


def text_field(model, data, prefix=""):
    """The name, in ``data``, of a plain text field of ``model`` that the form sends."""
    for field in model._meta.concrete_fields:
        if is_text(field) and f"{prefix}{field.name}" in data:
            return f"{prefix}{field.name}"
    raise AssertionError(f"{model._meta.label}: no plain text field in the form to type into")


def a_row(model, **filters):
    """A row of ``model`` from the official and demo content; for a kind that has
    none, a minimal one, so a new model is tested without a change here."""
    row = model._default_manager.filter(**filters).order_by("pk").first()
    if row is not None:
        return row
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default() or field.null or field.blank:
            continue
        if field.is_relation:
            values[field.name] = a_row(field.related_model)
        elif isinstance(field, models.FileField):
            values[field.name] = f"test/{field.name}.txt"  # only the name is read by the forms
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = datetime.date.today()
        elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
            values[field.name] = 1
        else:
            values[field.name] = f"test-{field.name}"
    return model._default_manager.create(**values)


def refusal(message, **params):
    """The part of a refusal that does not depend on who saved or when."""
    return (in_polish(message).split("%(who)s")[0]) % params


def publishers():
    return staff_client(PUBLISHER, "publikujaca-a"), staff_client(PUBLISHER, "publikujacy-b")


# The reproduced bugs, route against route ------------------------------------------------------


def test_a_milestone_saved_on_its_page_is_not_reverted_by_an_older_commitment_page(official):
    a, b = publishers()
    commitment = factories.commitment()
    milestone = factories.milestone(commitment, title_pl="Kamień przed zmianą")
    commitment_page = open_form(a, change_url(commitment), form_selector(Commitment))

    milestone_page = open_form(b, change_url(milestone), form_selector(Milestone))
    milestone_page.update(title_pl=["Kamień poprawiony przez B"], change_kind=["minor"])
    assert b.post(change_url(milestone), milestone_page).status_code == 302

    commitment_page.update(summary_pl=["Streszczenie od A."], change_kind=["minor"])
    response = a.post(change_url(commitment), commitment_page)
    assert response.status_code == 200  # shown again, not saved
    page = soup(response)
    # The row is named as it now is: the title B gave it.
    assert refusal(STALE_ROW, item="Kamień poprawiony przez B") in text_of(page.select_one(".row-form-errors"))
    assert shown_value(page, "summary_pl") == "Streszczenie od A."  # nothing A typed is lost
    milestone.refresh_from_db()
    commitment.refresh_from_db()
    assert milestone.title_pl == "Kamień poprawiony przez B"
    assert commitment.summary_pl == "Streszczenie."


def test_a_milestone_changed_inline_refuses_an_older_milestone_page(official):
    a, b = publishers()
    commitment = factories.commitment()
    milestone = factories.milestone(commitment, title_pl="Kamień")
    revision = milestone.revision
    milestone_page = open_form(b, change_url(milestone), form_selector(Milestone))

    commitment_page = open_form(a, change_url(commitment), form_selector(Commitment))
    row = next(name for name, value in commitment_page.items() if name.endswith("-id") and value == [str(milestone.pk)])
    commitment_page[row.removesuffix("id") + "title_pl"] = ["Kamień zmieniony przez A"]
    commitment_page["change_kind"] = ["minor"]
    assert a.post(change_url(commitment), commitment_page).status_code == 302
    milestone.refresh_from_db()
    assert milestone.title_pl == "Kamień zmieniony przez A"
    assert milestone.revision > revision  # the inline row's save is a new revision

    milestone_page.update(done=["on"], done_on=["2025-05-30"], change_kind=["minor"])
    response = b.post(change_url(milestone), milestone_page)
    assert response.status_code == 200
    page = soup(response)
    assert refusal(STALE_ITEM) in text_of(page.select_one(".errorlist.nonfield"))
    assert page.find("input", attrs={"name": "done"}).has_attr("checked")  # B's input is shown again
    milestone.refresh_from_db()
    assert milestone.title_pl == "Kamień zmieniony przez A" and not milestone.done


def test_an_order_changed_in_the_changelist_refuses_an_older_value_page(official):
    a, b = publishers()
    value = Value.objects.order_by("order").first()
    revision, order = value.revision, value.order
    value_page = open_form(b, change_url(value), form_selector(Value))

    changelist = open_form(a, changelist_url(Value), "#changelist-form")
    row = next(name for name, values in changelist.items() if name.endswith("-id") and values == [str(value.pk)])
    changelist[row.removesuffix("id") + "order"] = [str(order + 100)]
    changelist["_save"] = ["Zapisz"]
    assert a.post(changelist_url(Value), changelist).status_code == 302
    value.refresh_from_db()
    assert value.order == order + 100
    assert value.revision > revision  # a list_editable save is a new revision

    value_page.update(name_pl=["nazwa od B"], change_kind=["minor"])
    response = b.post(change_url(value), value_page)
    assert response.status_code == 200
    assert refusal(STALE_ITEM) in text_of(soup(response).select_one(".errorlist.nonfield"))
    assert shown_value(soup(response), "name_pl") == "nazwa od B"
    value.refresh_from_db()
    assert value.order == order + 100 and value.name_pl != "nazwa od B"


def test_an_older_changelist_does_not_revert_a_value_saved_on_its_page(official):
    a, b = publishers()
    value = Value.objects.order_by("order").first()
    changelist = open_form(a, changelist_url(Value), "#changelist-form")

    value_page = open_form(b, change_url(value), form_selector(Value))
    value_page.update(order=[str(value.order + 7)], change_kind=["minor"])
    assert b.post(change_url(value), value_page).status_code == 302

    row = next(name for name, values in changelist.items() if name.endswith("-id") and values == [str(value.pk)])
    changelist[row.removesuffix("id") + "order"] = [str(value.order + 100)]
    changelist["_save"] = ["Zapisz"]
    response = a.post(changelist_url(Value), changelist)
    assert response.status_code == 200
    page = soup(response)
    assert refusal(STALE_ROW, item=str(value)) in text_of(page.select_one(".errorlist.nonform"))
    assert shown_value(page, row.removesuffix("id") + "order") == str(value.order + 100)
    stored = Value.objects.get(pk=value.pk)
    assert stored.order == value.order + 7


def test_the_revision_is_read_with_the_row_locked(official):
    # Two saves that pass their checks at the same moment: the second waits for the
    # first to commit, then reads the revision it wrote, and is refused.
    value = Value.objects.first()
    with CaptureQueriesContext(connection) as captured:
        assert stored_revision(Value, value.pk) == value.revision
    assert captured[-1]["sql"].rstrip().endswith("FOR UPDATE")


def test_a_read_only_page_shows_no_revision(official):
    from django.contrib.auth.models import Permission

    commitment = factories.commitment()
    factories.milestone(commitment)
    # A member of staff who may only read commitments (an Editor may propose changes to public ones).
    reader = get_user_model().objects.create_user("czytelniczka", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_commitment"))
    client = Client()
    client.force_login(reader)
    page = soup(client.get(change_url(commitment)))
    assert page.select_one("#content") is not None
    assert not page.select("[name$=seen_revision]")
    assert "Seen revision" not in text_of(page.select_one("#content"))


# Every model with a revision, every route that writes it ---------------------------------------


def revision_models():
    return sorted((model for model in apps.get_models() if has_revision(model)), key=lambda m: m._meta.label)


def write_routes(model, row):
    """Each way a row is written outside the admin's forms: {route: write}."""
    field = next(f.name for f in model._meta.concrete_fields if is_text(f))
    older_copy = model._default_manager.get(pk=row.pk)
    rows = model._default_manager
    return {
        "save()": lambda: row.save(),
        f"save(update_fields=[{field!r}])": lambda: row.save(update_fields=[field]),
        "update()": lambda: rows.filter(pk=row.pk).update(**{field: getattr(row, field)}),
        "bulk_update()": lambda: rows.bulk_update([row], [field]),
        # A copy read before the other writes still gives the row a newer revision.
        "save() of an older copy": lambda: older_copy.save(),
    }


def stored(row):
    return type(row)._base_manager.get(pk=row.pk).revision


def test_every_write_route_increases_the_revision_of_each_row_it_changes(demo_content):
    checked = []
    for model in revision_models():
        # Shared code, not per-model code: the base, and querysets that count bulk writes.
        assert issubclass(model, Revised), f"{model._meta.label}: subclass publishing.revisions.Revised"
        for manager in model._meta.managers:
            assert issubclass(manager._queryset_class, RevisedQuerySet), f"{model._meta.label}.{manager.name}"
        row = a_row(model)
        for route, write in write_routes(model, row).items():
            before = stored(row)
            write()
            assert stored(row) > before, f"{model._meta.label}: {route} left the revision at {before}"
        row.save()
        assert row.revision == stored(row), "a saved instance shows the revision it wrote"
        with pytest.raises(TypeError, match="has revisions"):  # an upsert would write the old revision back
            model._default_manager.bulk_create([row], update_conflicts=True, unique_fields=["pk"])
        checked.append(model)
    assert {Commitment, Milestone, Value} <= set(checked)


def test_refresh_progress_increases_the_revision_of_each_commitment_it_changes(official):
    commitment = factories.commitment(progress_mode="milestones")
    milestone = factories.milestone(commitment)
    Milestone.objects.filter(pk=milestone.pk).update(done=True, done_on=datetime.date(2025, 5, 1))
    unchanged = factories.commitment()
    before = {item.pk: item.revision for item in (commitment, unchanged)}
    call_command("refresh_progress", stdout=io.StringIO())
    commitment.refresh_from_db()
    unchanged.refresh_from_db()
    assert commitment.progress == 100 and commitment.revision > before[commitment.pk]
    assert unchanged.revision == before[unchanged.pk]


def admin_routes():
    """(route, ModelAdmin, model) for every admin form that edits a row with a revision."""
    routes = []
    for model, model_admin in admin.site._registry.items():
        if has_revision(model):
            routes.append(("change form", model_admin, model))
            if model_admin.list_editable:
                routes.append(("list_editable", model_admin, model))
        for inline in model_admin.inlines:
            if has_revision(inline.model):
                routes.append((f"inline {inline.__name__}", model_admin, inline))
    return sorted(routes, key=lambda route: (route[1].model._meta.label, route[0]))


def test_every_admin_form_of_a_row_with_a_revision_refuses_a_stale_save(staff, demo_content):
    routes = admin_routes()
    names = {(route, model_admin.model) for route, model_admin, _ in routes}
    assert {("change form", Milestone), ("inline MilestoneInline", Commitment), ("list_editable", Value)} <= names
    failures = []
    for route, model_admin, target in routes:
        try:
            if route == "change form":
                check_change_form(staff, target)
            elif route == "list_editable":
                check_changelist(staff, model_admin)
            else:
                check_inline(staff, model_admin, target)
        except AssertionError as error:
            failures.append(f"{model_admin.model._meta.label} {route}: {error}")
    assert not failures, "\n".join(failures)


def check_change_form(client, model):
    row = a_row(model)
    data = open_form(client, change_url(row), form_selector(model))
    assert "seen_revision" in data, "the form does not send the revision it was opened at"
    name = text_field(model, data)
    data[name] = [TYPED]
    row.save()  # somebody else's save
    revision = model._base_manager.get(pk=row.pk).revision
    response = client.post(change_url(row), data)
    assert response.status_code == 200, f"a stale save answered {response.status_code}"
    page = soup(response)
    assert refusal(STALE_ITEM) in text_of(page.select_one("#content")), "no refusal shown"
    assert shown_value(page, name) == TYPED, "what was typed is not shown again"
    stored = model._base_manager.get(pk=row.pk)
    assert stored.revision == revision and getattr(stored, name) != TYPED, "the stale form was saved"


def check_inline(client, model_admin, inline):
    fk = next(
        field
        for field in inline.model._meta.concrete_fields
        if field.many_to_one and field.related_model is model_admin.model and inline.fk_name in (None, field.name)
    )
    row = a_row(inline.model, **{f"{fk.name}__isnull": False})
    parent = getattr(row, fk.name)
    data = open_form(client, change_url(parent), form_selector(model_admin.model))
    pk_name = inline.model._meta.pk.name
    # The inline's own rows: another inline's row may have the same primary key.
    formset_prefix = fk.remote_field.get_accessor_name()
    row_id = next(
        (
            name
            for name, values in data.items()
            if name.startswith(f"{formset_prefix}-") and name.endswith(f"-{pk_name}") and values == [str(row.pk)]
        ),
        None,
    )
    assert row_id is not None, "the row is not in the inline"
    prefix = row_id.removesuffix(pk_name)
    assert f"{prefix}seen_revision" in data, "the inline row does not send the revision it was shown at"
    name = text_field(inline.model, data, prefix)
    data[name] = [TYPED]
    data["change_kind"] = ["minor"]
    row.save()
    revision = inline.model._base_manager.get(pk=row.pk).revision
    response = client.post(change_url(parent), data)
    assert response.status_code == 200, f"a stale save answered {response.status_code}"
    page = soup(response)
    assert refusal(STALE_ROW, item=str(row)) in text_of(page.select_one("#content")), "no refusal shown"
    assert shown_value(page, name) == TYPED, "what was typed is not shown again"
    stored = inline.model._base_manager.get(pk=row.pk)
    assert stored.revision == revision, "the stale row was saved"


def check_changelist(client, model_admin):
    model = model_admin.model
    data = open_form(client, changelist_url(model), "#changelist-form")
    pk_name = model._meta.pk.name
    row = model._base_manager.get(pk=data[f"form-0-{pk_name}"][0])
    assert "form-0-seen_revision" in data, "the row does not send the revision it was shown at"
    name = f"form-0-{model_admin.list_editable[0]}"
    field = model._meta.get_field(model_admin.list_editable[0])
    if isinstance(field, models.IntegerField):
        typed = str(int(data[name][0]) + 100)
    elif isinstance(field, models.CharField | models.TextField):
        typed = TYPED
    else:
        raise AssertionError(f"teach the test to change a {type(field).__name__} in a changelist")
    data[name] = [typed]
    data["_save"] = ["Zapisz"]
    row.save()
    revision = model._base_manager.get(pk=row.pk).revision
    response = client.post(changelist_url(model), data)
    assert response.status_code == 200, f"a stale save answered {response.status_code}"
    page = soup(response)
    assert refusal(STALE_ROW, item=str(row)) in text_of(page.select_one("#content")), "no refusal shown"
    assert shown_value(page, name) == typed, "what was typed is not shown again"
    assert model._base_manager.get(pk=row.pk).revision == revision, "the stale row was saved"
