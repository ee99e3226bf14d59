"""An Editor cannot make anything public, change anything public or take anything public down,
by any admin route. Found by an outside review: an Editor changed a published answer, rejected
it and moved it under another commitment, each live at once.

Everything here is found, not listed: every model an admin page can write (registered, or an
inline row in a registered model's page) whose rows show on public pages (the portal's own
apps, minus models marked ``affects_public_pages = False``), and for each, every route the
admin has for it: add, change (with its inline rows), list_editable, every action, delete,
history, autocomplete. A model registered tomorrow is attacked the same way.

Each attack is a real POST by a member of the real Editors group, with the data a browser
would send: the form as a superuser's page shows it, changed as the attack needs. After each,
the public record (every public row of every such model, with its relations) and the public
pages of the rows concerned must be exactly as before. The same POST sent by a superuser is
the control: where it changes the public record, the attack was a valid request that only the
Editor's role stopped, not a malformed one that proves nothing."""

import datetime
import re
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import RegexValidator
from django.db import connection, models, transaction
from django.db.models import Q
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.apps import portal_app_configs
from publishing import registry
from publishing.models import PUBLIC_STATES, PublicationState, Publishable
from publishing.models import published_now as published

from . import factories
from .conftest import staff_client

pytestmark = pytest.mark.django_db

EDITED = "-zm"  # valid in titles, texts and slugs alike
REASON = "Powód zmiany."


# What shows on public pages ---------------------------------------------------------------------


def public_effect_models():
    """Every model an admin page writes whose rows show on public pages: of the portal's apps,
    or of any app that declares public content (publishing/registry.py)."""
    own = {config.label for config in portal_app_configs()} | set(registry.content_apps())
    found = {}
    for model, model_admin in admin.site._registry.items():
        for candidate in (model, *(inline.model for inline in model_admin.inlines)):
            if candidate._meta.app_label in own and getattr(candidate, "affects_public_pages", True):
                found[candidate._meta.label] = candidate
    return [found[label] for label in sorted(found)]


def state_fields(model):
    """Fields whose choices include "published": the publication state, or a feedback answer's state."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.choices and PublicationState.PUBLISHED in {value for value, _label in field.flatchoices}
    ]


def publishable_parents(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and issubclass(field.related_model, Publishable)
    ]


def public_rows(model):
    """The rows of ``model`` the public sees, or will see when their time comes, or saw (withdrawn)."""
    manager = model._default_manager
    if issubclass(model, Publishable):
        return manager.filter(publication_state__in=PUBLIC_STATES)
    if hasattr(manager, "published"):  # e.g. a feedback answer
        return manager.published()
    parents = publishable_parents(model)
    if parents:  # a row shown on its parent's page (a data point of an indicator)
        return manager.filter(*(Q(**{f"{field.name}__publication_state__in": PUBLIC_STATES}) for field in parents))
    return manager.all()  # a list every public page may show (statuses, units, datasets)


def is_public(row):
    return public_rows(type(row)).filter(pk=row.pk).exists()


def public_record(models_):
    """Every public row of every model, each column and each many-to-many link. Read with plain
    SQL (one query per table): it is read after every attack, and the ORM's per-row work for
    every translated column would make that the slowest part of the test."""
    record = {}
    with connection.cursor() as cursor:
        for model in models_:
            public = public_rows(model).order_by().values("pk")
            subquery, params = public.query.sql_with_params()
            table, pk = connection.ops.quote_name(model._meta.db_table), model._meta.pk.column
            # Table and column names from the models' own metadata; values go as parameters.
            cursor.execute(f"SELECT * FROM {table} WHERE {pk} IN ({subquery})", params)  # noqa: S608
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            record[model._meta.label] = {row[pk]: row for row in rows}
            for field in model._meta.many_to_many:
                through = field.remote_field.through._meta
                source = field.m2m_column_name()
                through_table = connection.ops.quote_name(through.db_table)
                cursor.execute(
                    f"SELECT {source}, {field.m2m_reverse_name()} FROM {through_table} WHERE {source} IN ({subquery})",  # noqa: S608
                    params,
                )
                record[f"{model._meta.label}.{field.name}"] = set(cursor.fetchall())
    return record


def differences(before, after):
    found = []
    for key in before:
        old, new = before[key], after[key]
        if isinstance(old, set):
            if old != new:
                found.append(f"{key}: links {sorted(old ^ new, key=str)}")
            continue
        for pk in new.keys() - old.keys():
            found.append(f"{key} {pk} became public")
        for pk in old.keys() - new.keys():
            found.append(f"{key} {pk} no longer public")
        for pk in old.keys() & new.keys():
            changed = [name for name in old[pk] if old[pk][name] != new[pk][name]]
            if changed:
                found.append(f"{key} {pk} changed: {', '.join(changed)}")
    return found


# The form nonce and the dialogue forms' signed time differ on every render.
VOLATILE = re.compile(rb'nonce="[^"]*"|<input[^>]*name="started"[^>]*>')


def public_urls(rows):
    """The public pages of ``rows`` and of the public items they belong to, and the API's list."""
    urls = {"/api/v1/commitments"}  # the open data: progress, status and dates of every commitment
    for row in rows:
        for item in (row, *(getattr(row, field.name) for field in publishable_parents(type(row)))):
            if item is not None and hasattr(item, "get_absolute_url") and is_public(item):
                urls.add(item.get_absolute_url())
    return sorted(urls)


def public_page(url):
    response = Client().get(url)
    return response.status_code, VOLATILE.sub(b"", response.content)


# Forms as a browser sends them --------------------------------------------------------------------


class Form:
    """The fields of an HTML form: values (lists, as a browser sends them) and input types."""

    def __init__(self, html, selector):
        form = BeautifulSoup(html, "html.parser").select_one(selector)
        assert form is not None, f"no {selector} on the page"
        self.data, self.kinds, self.maxlength, self.options, self.required_files = {}, {}, {}, {}, []
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or "__prefix__" in name or element.has_attr("disabled"):
                continue
            if element.name == "input":
                kind = element.get("type", "text").lower()
                if kind == "file" and element.has_attr("required"):
                    self.required_files.append(name)
                if kind in ("submit", "button", "file", "image", "reset"):
                    continue
                self.kinds[name] = kind
                if element.get("maxlength"):
                    self.maxlength[name] = int(element["maxlength"])
                if kind in ("checkbox", "radio"):
                    self.data.setdefault(name, [])
                    if element.has_attr("checked"):
                        self.data[name].append(element.get("value", "on"))
                    continue
                self.data.setdefault(name, []).append(element.get("value", ""))
            elif element.name == "textarea":
                self.kinds[name] = "textarea"
                text = element.text
                self.data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
            else:
                self.kinds[name] = "select"
                options = [option.get("value", option.text) for option in element.find_all("option")]
                self.options[name] = options
                chosen = [option.get("value", option.text) for option in element.find_all("option", selected=True)]
                if not chosen and not element.has_attr("multiple") and options:
                    chosen = options[:1]
                self.data.setdefault(name, []).extend(chosen)

    def copy(self):
        return {name: list(values) for name, values in self.data.items()}


def prefixes(data):
    """The inline formsets' prefixes in a form's data."""
    return [name[: -len("-TOTAL_FORMS")] for name in data if name.endswith("-TOTAL_FORMS")]


def rows_of(data, prefix):
    return range(int(data[f"{prefix}-TOTAL_FORMS"][0]))


def published_now(data, prefix=""):
    """Sets a form's (or an inline row's) publication state to published, with a time just past.
    A row that follows its item's publication is given its own (publishing/admin.py follow_rows)."""
    moment = timezone.localtime(timezone.now() - datetime.timedelta(minutes=1))
    if prefix and f"{prefix}publication_state" in data:
        data[f"{prefix}own_publication"] = ["on"]
    data[f"{prefix}publication_state"] = [PublicationState.PUBLISHED]
    data[f"{prefix}published_at_0"] = [moment.strftime("%Y-%m-%d")]
    data[f"{prefix}published_at_1"] = [moment.strftime("%H:%M:%S")]
    return data


def is_free_text(field, model_field):
    """A title, a text or a slug: a suffix keeps it valid (unlike a date, an address, a telephone
    number or a choice)."""
    if type(field) is forms.SlugField:
        return True
    validators = [*field.validators, *getattr(model_field, "validators", ())]
    return type(field) is forms.CharField and not any(isinstance(v, RegexValidator) for v in validators)


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def free_text_names(model_admin, request, obj=None):
    """A pattern matching the form's free-text inputs, inline rows' included."""
    fields = model_admin.get_form(request, obj).base_fields
    model = model_admin.model
    patterns = [re.escape(name) for name, field in fields.items() if is_free_text(field, _model_field(model, name))]
    for inline in model_admin.get_inline_instances(request, obj):
        formset = inline.get_formset(request, obj)
        prefix = re.escape(formset.get_default_prefix())
        patterns += [
            rf"{prefix}-\d+-{re.escape(name)}"
            for name, field in formset.form.base_fields.items()
            if is_free_text(field, _model_field(formset.model, name))
        ]
    return re.compile("|".join(patterns) or "(?!)")


def edit_texts(form, data, texts):
    """Every free text of the form changed (within its maximum length)."""
    for name in list(data):
        value = data[name][0] if data[name] else ""
        if texts.fullmatch(name) and value and len(value) + len(EDITED) <= form.maxlength.get(name, 10**6):
            data[name] = [value + EDITED]
    return data


# The attack ----------------------------------------------------------------------------------------


@contextmanager
def undone():
    """Whatever happens inside is rolled back, so every attack starts from the same scene."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def refused(response):
    return response.status_code == 403 or (response.status_code == 200 and b'class="errornote"' in response.content)


class Attacker:
    """Sends each attack, undoes it, and says what it changed. Every attack starts from the
    same scene, so the public record and pages before any attack are read once."""

    def __init__(self, models_, editor, root):
        self.models, self.editor, self.root = models_, editor, root
        self.failures = []
        self.record_before = public_record(models_)
        self.pages_before = {}

    def page_before(self, url):
        if url not in self.pages_before:
            self.pages_before[url] = public_page(url)
        return self.pages_before[url]

    def attack(self, what, url, data=None, rows=(), control=False, method="post"):
        """The Editor sends the request; nothing public may differ: no public row or link in the
        database and, unless the request was refused (a 403, or the form shown again with its
        errors: the admin saves nothing then), no public page of the rows concerned nor the API.
        With ``control``, unless the Editor was refused outright (403, whatever the data), the
        same request from a superuser must change the public record: else the form errors the
        Editor got may come from invalid data, not from the rules, and the attack proves nothing."""
        pages = public_urls(rows)
        with undone():
            answer = getattr(self.editor, method)(url, data or {})
            if answer.status_code >= 500:
                self.failures.append(f"{what}: {answer.status_code} at {url}")
            changed = differences(self.record_before, public_record(self.models))
            if changed:
                self.failures.append(f"{what}: the Editor's request changed the public record: {changed[:5]}")
            after = {} if refused(answer) else {page: public_page(page) for page in pages}
        # Read once the attack is undone: the scene as it was before every attack.
        for page, content in after.items():
            if content != self.page_before(page):
                self.failures.append(f"{what}: the public page {page} changed")
        if control and answer.status_code != 403:
            with undone():
                response = getattr(self.root, method)(url, data or {})
                if not differences(self.record_before, public_record(self.models)):
                    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
                    self.failures.append(
                        f"{what}: the control (a superuser's identical request) changed nothing, so the attack "
                        f"is not a valid request ({response.status_code}; "
                        f"{[re.sub('<[^>]+>', '', error) for error in errors][:3]})"
                    )
        return answer


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def form_of(client, model, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return Form(response.content.decode(), f"form#{model._meta.model_name}_form")


def as_new(model, model_admin, data, request, add_form, target):
    """A public row's form data turned into an add form's: its inline rows as new rows, fields
    that are read-only once public (a slug, a code) taken from the row, unique fields made unique."""
    data = dict(data)
    data.pop("seen_revision", None)
    for name in add_form.data.keys() - data.keys():
        value = getattr(target, name, None)
        if value is not None and not isinstance(value, models.Model) and "TOTAL_FORMS" not in name:
            data[name] = [f"{value}{EDITED}" if isinstance(value, str) else str(value)]
    for prefix, fk in inline_foreign_keys(model_admin, request).items():
        if f"{prefix}-TOTAL_FORMS" not in data:
            continue
        data[f"{prefix}-INITIAL_FORMS"] = ["0"]
        for index in rows_of(data, prefix):
            data.pop(f"{prefix}-{index}-id", None)
            data[f"{prefix}-{index}-{fk}"] = [""]
    unique = {field.name for field in model._meta.concrete_fields if field.unique and not field.primary_key}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            unique.update(constraint.fields)
    for name in unique:
        if model._meta.get_field(name).is_relation:
            continue
        if name in data and data[name] and data[name][0].lstrip("-").isdigit():
            data[name] = [str(int(data[name][0]) + 1000)]  # the scene's drafts took +100
    return data


def state_moves(model, form, data):
    """Each other value of each state field (publication state, answer state), with a reason:
    (what, the new value, the data)."""
    for field in state_fields(model):
        current = data.get(field.name, [""])[0]
        for value in form.options.get(field.name, [value for value, _label in field.flatchoices]):
            if value and value != current:
                moved = {**data, field.name: [value]}
                if "change_note_pl" in form.kinds:
                    moved["change_note_pl"] = [REASON]
                if field.name == "publication_state" and value in PUBLIC_STATES:
                    published_now(moved)
                    moved["publication_state"] = [value]
                if "answer" in moved and not moved["answer"][0]:
                    moved["answer"] = ["Odpowiedź."]  # an answer is published with its text
                yield f"{field.name} → {value}", value, moved


def parent_moves(model, data):
    """Each parent (a foreign key to a publishable model) changed to another public one."""
    for field in model._meta.concrete_fields:
        if field not in publishable_parents(model) or field.name not in data:
            continue
        current = (data[field.name] or [""])[0] or None
        target = public_rows(field.related_model).exclude(pk=current).order_by("pk").first()
        if target is not None:
            yield f"{field.name} → {target.pk}", {**data, field.name: [str(target.pk)]}


def draft_row(model):
    """A row of ``model`` that is not public, if the scene has one."""
    return model._default_manager.exclude(pk__in=public_rows(model).values("pk")).order_by("pk").first()


class ModelRoutes:
    """The admin routes of one model, attacked in turn. The row attacked is a public one with
    rows in as many inlines as possible (a commitment with milestones, updates and documents)."""

    def __init__(self, attacker, model, model_admin, root_user, editor_user):
        self.attacker, self.model, self.admin = attacker, model, model_admin
        self.label = model._meta.label
        factory = RequestFactory()
        self.root_request, self.editor_request = factory.get("/"), factory.get("/")
        self.root_request.user, self.editor_request.user = root_user, editor_user
        self.target = richest(public_rows(model), model_admin, self.root_request)

    def attack(self, what, url, data, **options):
        return self.attacker.attack(f"{self.label} {what}", url, data, **options)

    def fail(self, message):
        self.attacker.failures.append(f"{self.label} {message}")

    def run(self):
        if self.target is None:
            self.fail("has no public row in the scene to attack: add one to the official or demo content")
            return
        self.change_url = admin_url(self.model, "change", quote(self.target.pk))
        self.form = form_of(self.attacker.root, self.model, self.change_url)
        self.data = self.form.copy()
        self.rows = [self.target]
        self.texts = free_text_names(self.admin, self.root_request, self.target)
        if self.admin.has_add_permission(self.root_request):
            self.add()
        self.change()
        self.inlines()
        self.changelist()
        self.attack("delete", admin_url(self.model, "delete", quote(self.target.pk)), {"post": "yes"}, rows=self.rows)
        self.attack("history", admin_url(self.model, "history", quote(self.target.pk)), {}, rows=self.rows)
        draft = draft_row(self.model)
        if draft is not None:
            self.publish_draft(draft)

    def add(self):
        """A new row, public at once; a draft (allowed) under the same public parents; a draft
        with the rows of one of its inlines public."""
        url = admin_url(self.model, "add")
        add_form = form_of(self.attacker.root, self.model, url)
        added = as_new(
            self.model,
            self.admin,
            edit_texts(self.form, self.form.copy(), self.texts),
            self.root_request,
            add_form,
            self.target,
        )
        publishable = issubclass(self.model, Publishable)
        if publishable:
            published_now(added)
        for row in inline_rows_with_state(added):
            published_now(added, row)
        # A required upload (a video) cannot be copied from a page: without one the control fails.
        control = not add_form.required_files
        self.attack("add, public", url, added, rows=self.rows, control=control)
        if not publishable:
            return
        draft = {**added, "publication_state": [PublicationState.DRAFT], "published_at_0": [""], "published_at_1": [""]}
        for row in inline_rows_with_state(draft):
            draft[f"{row}publication_state"] = [PublicationState.DRAFT]
        response = self.attack("add, draft", url, draft, rows=self.rows)
        if control and self.admin.has_add_permission(self.editor_request) and response.status_code != 302:
            self.fail(f"add, draft: the Editor could not add a draft ({response.status_code})")
        for prefix in prefixes(draft):
            rows = [row for row in inline_rows_with_state(draft) if row.startswith(f"{prefix}-")]
            if rows:
                public_inline = {name: list(values) for name, values in draft.items()}
                for row in rows:
                    published_now(public_inline, row)
                self.attack(f"add, draft with public inline {prefix} rows", url, public_inline, rows=self.rows)

    def change(self):
        """Every text edited (inline rows' too); saved as new; moved to another state (withdrawn,
        rejected, back to a draft…) or under another parent."""
        edited = edit_texts(self.form, self.form.copy(), self.texts)
        if "change_kind" in edited:
            edited["change_kind"] = ["minor"]
        control = self.admin.has_change_permission(self.root_request, self.target)
        self.attack("change, texts edited", self.change_url, edited, rows=self.rows, control=control)
        # "Save as new" on a public row's page is an add, whatever the admin's save_as says.
        copy = {**edited, "_saveasnew": ["1"]}
        if issubclass(self.model, Publishable):
            published_now(copy)
        self.attack("change, saved as new", self.change_url, copy, rows=self.rows)
        for what, _value, moved in state_moves(self.model, self.form, self.data):
            self.attack(f"change, {what}", self.change_url, moved, rows=self.rows)
        for what, moved in parent_moves(self.model, self.data):
            self.attack(f"change, {what}", self.change_url, moved, rows=self.rows)
        self.proposal(edited)

    def proposal(self, edited):
        """The Editor's change kept as a proposal (publishing/proposals.py), then the Editor
        approving it and previewing it: nothing of it is public before a Publisher approves it."""
        from publishing.models import Proposal

        with undone():
            # "change, texts edited" checked that proposing changes nothing public; now it is kept.
            self.attacker.editor.post(self.change_url, edited)
            proposal = Proposal.objects.open().order_by("-pk").first()
            if proposal is None:
                return
            url = reverse("admin:publishing_proposal_change", args=[proposal.pk])
            approve = {"_approve": ["1"], "change_note_pl": [REASON]}
            answer = self.attack("proposal approved by the Editor", url, approve, rows=self.rows)
            if answer.status_code != 403:
                self.fail(f"proposal approved by the Editor: not refused ({answer.status_code})")
            preview = reverse("publishing:proposal_preview", args=[proposal.pk])
            self.attack("proposal previewed", preview, None, rows=self.rows, method="get")

    def inlines(self):
        """The public row's inline rows all deleted; a new public one added."""
        for prefix in prefixes(self.data):
            total = int(self.data[f"{prefix}-TOTAL_FORMS"][0])
            if not total:
                continue
            deleted = self.form.copy()
            for index in range(total):
                deleted[f"{prefix}-{index}-DELETE"] = ["on"]
            self.attack(f"change, inline {prefix} rows deleted", self.change_url, deleted, rows=self.rows)
            grown = with_new_inline_row(self.form.copy(), self.data, prefix, exclude=())
            self.attack(f"change, inline {prefix} new public row", self.change_url, grown, rows=self.rows)

    def changelist(self):
        """list_editable on the public rows, and every action (the superuser's and the Editor's)."""
        url = admin_url(self.model, "changelist")
        public = public_rows(self.model).order_by("pk")
        if self.admin.list_editable:
            listing = Form(self.attacker.root.get(url).content.decode(), "form#changelist-form")
            public_ids = {str(pk) for pk in public.values_list("pk", flat=True)}
            edited = listing.copy()
            for name in list(edited):
                match = re.fullmatch(r"form-(\d+)-(\w+)", name)
                if not match or match.group(2) not in self.admin.list_editable:
                    continue
                if listing.data.get(f"form-{match.group(1)}-id", [""])[0] not in public_ids:
                    continue
                value = edited[name][0] if edited[name] else ""
                edited[name] = [str(int(value) + 1)] if value.lstrip("-").isdigit() else [value + EDITED]
            edited["_save"] = ["Zapisz"]
            self.attack("list_editable", url, edited, rows=list(public[:3]), control=True)
        selected = [str(pk) for pk in public.values_list("pk", flat=True)[:20]]
        actions = {*self.admin.get_actions(self.root_request), *self.admin.get_actions(self.editor_request)}
        for action in sorted(actions):
            data = {"action": action, "_selected_action": selected, "index": "0", "post": "yes"}
            self.attack(f"action {action}", url, data, rows=self.rows)

    def publish_draft(self, draft):
        """A row that is not public (a draft, a new message) made public on its own page, or a
        new public inline row added to it (a copy of the public row's first)."""
        url = admin_url(self.model, "change", quote(draft.pk))
        draft_form = form_of(self.attacker.root, self.model, url)
        for what, value, moved in state_moves(self.model, draft_form, draft_form.copy()):
            if value in PUBLIC_STATES:
                control = value == PublicationState.PUBLISHED and not draft_form.required_files
                self.attack(f"draft {draft.pk}, {what}", url, moved, control=control)
        for prefix, fk in inline_foreign_keys(self.admin, self.root_request).items():
            if f"{prefix}-0-publication_state" in self.data and f"{prefix}-TOTAL_FORMS" in draft_form.data:
                grown = with_new_inline_row(draft_form.copy(), self.data, prefix, exclude=(f"-{fk}",))
                self.attack(f"draft {draft.pk}, new public inline {prefix} row", url, grown, control=True)


def inline_rows_with_state(data):
    """The prefixes ("milestones-0-") of the inline rows that have a publication state."""
    return [
        f"{prefix}-{index}-"
        for prefix in prefixes(data)
        for index in rows_of(data, prefix)
        if f"{prefix}-{index}-publication_state" in data
    ]


def with_new_inline_row(data, source, prefix, exclude):
    """``data`` with one more row in the ``prefix`` inline: a copy of ``source``'s first row, public."""
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for name, values in source.items():
        if name.startswith(f"{prefix}-0-") and not name.endswith(("-id", "-DELETE", *exclude)):
            data[name.replace(f"{prefix}-0-", f"{prefix}-{total}-", 1)] = list(values)
    data[f"{prefix}-TOTAL_FORMS"] = [str(total + 1)]
    if f"{prefix}-0-publication_state" in source:
        published_now(data, f"{prefix}-{total}-")
    return data


def richest(rows, model_admin, request):
    """The row with the most inline rows (a commitment with milestones, updates and documents),
    so that every inline has rows to attack."""
    counts = {}
    for inline in model_admin.get_inline_instances(request):
        fk = inline.model._meta.get_field(inline.get_formset(request).fk.name)
        counts[f"inline_{len(counts)}"] = models.Count(fk.related_query_name(), distinct=True)
    if not counts:
        return rows.order_by("pk").first()
    rows = rows.annotate(**counts).annotate(inline_rows=sum((models.F(name) for name in counts), models.Value(0)))
    # Rows in every inline first, then the most rows.
    present = sum(
        (models.Case(models.When(**{f"{name}__gt": 0}, then=1), default=0) for name in counts), models.Value(0)
    )
    return rows.annotate(present=present).order_by("-present", "-inline_rows", "pk").first()


def inline_foreign_keys(model_admin, request):
    """Each inline formset's prefix, with the name of its foreign key to the page's row."""
    keys = {}
    for inline in model_admin.get_inline_instances(request):
        formset = inline.get_formset(request)
        keys[formset.get_default_prefix()] = formset.fk.name
    return keys


def autocomplete_attacks(attacker, models_):
    """Every autocomplete field of every admin whose choices are rows of these models."""
    for source, model_admin in admin.site._registry.items():
        for name in model_admin.autocomplete_fields:
            field = source._meta.get_field(name)
            if field.related_model not in models_:
                continue
            query = {"app_label": source._meta.app_label, "model_name": source._meta.model_name, "field_name": name}
            url = reverse("admin:autocomplete")
            for method in ("get", "post"):
                attacker.attack(f"autocomplete {source._meta.label}.{name} ({method})", url, query, method=method)


# The scene ---------------------------------------------------------------------------------------------


@pytest.fixture
def scene(demo_content):
    """The official and demo content, with a Polish Sign Language video, a published answer and a
    new message, and a draft of every publishable model that has none (a copy of a public row)."""
    from accessibility.models import SignLanguageVideo
    from commitments.models import Commitment

    commitment = Commitment.objects.published().order_by("pk").first()
    factories.feedback(commitment, state="published", published_at=timezone.now())
    factories.feedback(commitment, state="new", answer="")
    content = {"a.mp4": b"\x00\x00\x00\x18ftypmp42" + bytes(16), "a.vtt": b"WEBVTT\n"}
    files = {name: default_storage.save(f"pjm/{name}", ContentFile(data)) for name, data in content.items()}
    SignLanguageVideo.objects.create(
        title_pl="Deklaracja w PJM",
        video=files["a.mp4"],
        captions=files["a.vtt"],
        transcript_pl="Tekst.",
        **published(),
    )
    for model in public_effect_models():
        if issubclass(model, Publishable) and draft_row(model) is None and public_rows(model).exists():
            draft_copy(public_rows(model).order_by("pk").first())


def draft_copy(row):
    """A draft copy of a public row, with its unique fields made unique (a reference left empty)."""
    row.pk, row._state.adding = None, True
    row.publication_state, row.published_at = PublicationState.DRAFT, None
    unique = [field for field in row._meta.concrete_fields if field.unique and not field.primary_key]
    for constraint in row._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            unique += [row._meta.get_field(name) for name in constraint.fields]
    for field in unique:
        value = getattr(row, field.attname)
        if field.is_relation or value is None:
            continue
        if field.null and isinstance(field, models.CharField):
            setattr(row, field.attname, None)  # e.g. a reference, given at first publication
        elif isinstance(value, str):
            setattr(row, field.attname, value[: field.max_length - 6] + "-szkic")
        elif isinstance(value, int):
            setattr(row, field.attname, value + 100)
    row.save()


def test_an_editor_cannot_make_change_or_take_down_anything_public_by_any_admin_route(scene, django_user_model):
    from publishing.roles import EDITOR

    models_ = public_effect_models()
    registered = [model for model in models_ if model in admin.site._registry]
    # The review's own findings must be among what is found (the enumeration is not empty by accident).
    labels = {model._meta.label for model in models_}
    assert {"dialogue.Feedback", "commitments.Milestone", "commitments.DataPoint", "declaration.Value"} <= labels

    editor = staff_client(EDITOR, "redaktor-napastnik")
    editor_user = django_user_model.objects.get(username="redaktor-napastnik")
    root_user = django_user_model.objects.create_superuser("root-kontrola", "root@example.org", "x")
    root = Client()
    root.force_login(root_user)
    attacker = Attacker(models_, editor, root)
    for model in registered:
        ModelRoutes(attacker, model, admin.site._registry[model], root_user, editor_user).run()
    autocomplete_attacks(attacker, models_)
    assert not attacker.failures, "\n".join(attacker.failures)


def test_a_model_registered_in_the_admin_tomorrow_is_attacked_too(official):
    """The test's own reach: nothing in it names a model. The throwaway app's leaflets (a
    publishable model of the test settings) are attacked as soon as an admin shows them."""
    from publishing.admin import PublishingAdmin
    from tests.throwaway.models import Leaflet

    assert Leaflet not in public_effect_models()
    admin.site.register(Leaflet, PublishingAdmin)
    try:
        assert Leaflet in public_effect_models()
    finally:
        admin.site.unregister(Leaflet)
