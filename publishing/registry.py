"""What each app publishes, declared by the app itself.

An app with public content says so in its own ``publishable.py``, found at
start-up the way the admin finds ``admin.py``: which of its models keep
public versions (and under which URL word), how search finds them, which
sitemap section lists them, which fixed pages it adds to the sitemap, how its
official content is loaded and what the staff roles may do with its rows.
``publishing``, ``search``, the sitemap and the content loader read this
registry (and a backup can ask it which apps hold content,
``content_apps()``); none of them imports the apps it serves, so a new
publishable model is one registration in its own app. For example::

    # commitments/publishable.py
    from django.utils.translation import gettext_lazy as _

    from publishing import registry

    from . import official
    from .models import Commitment

    registry.register_app(
        "commitments",
        official=official.load,
        sitemap_pages=["commitments:overview", "commitments:list"],
        roles=registry.content_roles("commitments"),
    )
    registry.register(
        Commitment,
        versions=registry.VersionKind(
            "zobowiazanie", "publishing/versions/commitment.html", labels={"title": _("Title")}
        ),
        search=registry.Search(_("Commitment"), ("title", "summary", "body")),
        sitemap=registry.InSitemap("commitments", lastmod="updated_at"),
    )
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

EDITOR = "editor"
PUBLISHER = "publisher"


@dataclass(frozen=True)
class VersionKind:
    """A kind of public version: a model whose every publication is kept.

    ``word`` is the kind's word in the permanent addresses
    (``/wersje/<word>/<key>/<number>/``) and is stored with each version, so
    it never changes once something was published. The model provides
    ``version_key`` (the key in those addresses) and ``public_snapshot()``."""

    word: str
    template: str
    # The snapshot's field that names the item (history, citations).
    title_field: str = "title"
    # Snapshot fields compared on the "what changed" page, in the order shown, with their
    # labels (a string, or a ``Compared`` for rows, records and units).
    labels: Mapping[str, "str | Compared"] = field(default_factory=dict)
    # The key is a reference worth showing next to the title (BPC-2024-007), not a slug.
    key_is_reference: bool = False
    # The snapshot's field with the document's own date (the declaration's signing), which
    # citations give as its date; without one, a version is dated by its publication.
    date_field: str = ""
    model: type | None = None


@dataclass(frozen=True)
class Compared:
    """How the "what changed" page shows one snapshot field, when its label
    alone is not enough (a plain string label is compared as text or value).

    A list of rows (milestones) is shown row by row, added, removed or changed:
    ``row`` names one row ("Milestone"), ``parts`` are the row's own fields that
    a reader compares, labelled, in order, and ``name`` is the part that names a
    row (a part may be a ``Compared`` itself: an update's documents). A record
    (a status) is shown by its ``name`` part, or part by part when ``parts`` are
    given. ``unit`` follows a number ("%")."""

    label: str
    row: str = ""
    parts: Mapping[str, "str | Compared"] = field(default_factory=dict)
    name: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Search:
    """How site search finds a model's published rows (translated fields)."""

    label: str
    fields: tuple[str, ...]
    title_field: str = "title"
    # A relation whose target must be published too (a progress update's commitment).
    within: str = ""
    # A relation whose title names the result instead of the row's own (a paragraph's declaration).
    title_from: str = ""
    # The result's address, when it is not the row's get_absolute_url().
    url: Callable | None = None
    # Among results of equal rank, lower orders come first (then registration order).
    order: int = 0
    model: type | None = None


@dataclass(frozen=True)
class InSitemap:
    """A sitemap section listing a model's published rows (their get_absolute_url())."""

    name: str
    lastmod: str | None = None
    model: type | None = None


@dataclass(frozen=True)
class Roles:
    """Permissions ("app_label.codename") each staff role holds."""

    editor: frozenset[str] = frozenset()
    publisher: frozenset[str] = frozenset()


@dataclass
class App:
    label: str
    official: Callable | None = None
    sitemap_pages: tuple[str, ...] = ()
    roles: Roles = field(default_factory=Roles)


_apps: dict[str, App] = {}
_versions: dict[str, VersionKind] = {}  # by URL word
_versioned_models: dict[str, VersionKind] = {}  # by model label
_search: list[Search] = []
_sitemap: list[InSitemap] = []


def _app(label):
    if label not in _apps:
        _apps[label] = App(label)
    return _apps[label]


def register_app(label, *, official=None, sitemap_pages=(), roles=None):
    """An app's own declaration: ``official`` loads its official content (safe
    to run repeatedly), ``sitemap_pages`` are URL names of its fixed public
    pages, ``roles`` what Editors and Publishers may do with its rows."""
    app = _app(label)
    app.official = official
    app.sitemap_pages = tuple(sitemap_pages)
    if roles is not None:
        app.roles = roles
    return app


def register(model, *, versions=None, search=None, sitemap=None):
    """Declare what ``model`` contributes: public versions, search, a sitemap section."""
    label = model._meta.label_lower
    _app(model._meta.app_label)  # an app with publishable models holds content, registered or not
    if versions is not None:
        for attribute in ("version_key", "public_snapshot"):
            if not hasattr(model, attribute):
                raise ImproperlyConfigured(f"{label} keeps public versions, so it needs {attribute}.")
        other = _versions.get(versions.word)
        if other is not None and other.model is not model:
            raise ImproperlyConfigured(f"The version word {versions.word!r} is taken by {other.model._meta.label}.")
        _versions[versions.word] = _versioned_models[label] = replace(versions, model=model)
    if search is not None:
        _search.append(replace(search, model=model))
    if sitemap is not None:
        if any(section.name == sitemap.name for section in _sitemap):
            raise ImproperlyConfigured(f"Two sitemap sections are named {sitemap.name!r}.")
        _sitemap.append(replace(sitemap, model=model))


def content_roles(label, *, publisher_only=()):
    """The usual roles for an app of editorial content: Editors view, add and
    change every model of the app, except ``publisher_only`` codenames (lists
    that show on published pages); Publishers do all that and delete (drafts
    only: published rows are protected in code whatever the permission says)."""

    def permissions(actions):
        return {
            f"{label}.{action}_{model._meta.model_name}"
            for model in apps.get_app_config(label).get_models()
            for action in actions
            if action in model._meta.default_permissions
        }

    editing = permissions(("view", "add", "change"))
    refused = {f"{label}.{codename}" for codename in publisher_only}
    return Roles(editor=frozenset(editing - refused), publisher=frozenset(editing | permissions(("delete",))))


def autodiscover():
    """Import every installed app's ``publishable`` module (from PublishingConfig.ready)."""
    autodiscover_modules("publishable")


# Reading the registry ---------------------------------------------------------------------------------------------


def version_kind(word):
    """The registered kind for a URL word, or None."""
    return _versions.get(word)


def versions_of_model(model):
    """How ``model`` keeps public versions, or None if it does not."""
    return _versioned_models.get(model._meta.concrete_model._meta.label_lower)


def search_sources():
    return sorted(_search, key=lambda source: source.order)


def sitemap_sections():
    return list(_sitemap)


def sitemap_pages():
    return [name for app in _apps.values() for name in app.sitemap_pages]


def official_loaders():
    """Each app's official-content loader, in INSTALLED_APPS order."""
    return [app.official for app in _apps.values() if app.official is not None]


def role_permissions(role):
    """Every "app_label.codename" the role (EDITOR or PUBLISHER) holds."""
    return {permission for app in _apps.values() for permission in getattr(app.roles, role)}


def content_apps():
    """Labels of the apps that registered anything, in INSTALLED_APPS order:
    the apps whose rows are the portal's content (e.g. for a backup deciding
    whether a database is empty)."""
    return list(_apps)


@checks.register(checks.Tags.models)
def check_versioned_models(app_configs=None, **kwargs):
    """A model that can snapshot itself but is not registered would fail at
    its first publication (no URL word, no template): say so at start-up."""
    return [
        checks.Error(
            f"{model._meta.label} has public_snapshot() but keeps no registered public versions.",
            hint="Register it with versions=registry.VersionKind(...) in its app's publishable.py.",
            obj=model,
            id="publishing.E001",
        )
        for model in apps.get_models()
        if hasattr(model, "public_snapshot") and versions_of_model(model) is None
    ]
