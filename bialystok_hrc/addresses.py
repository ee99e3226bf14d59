"""Addresses as the outside world sees them: the client's IP address behind
reverse proxies, and absolute URLs on the portal's canonical origin. Every
caller (login throttling, the dialogue's rate limit, the API, citations,
feeds, e-mails, templates) uses these, so a deployment configures each once:
TRUSTED_PROXY_COUNT and SITE_URL."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def client_ip(request):
    """The client's address, as django-axes and the dialogue's rate limit count it.

    Behind TRUSTED_PROXY_COUNT reverse proxies REMOTE_ADDR is the nearest proxy.
    Each proxy appends the address it received the request from to
    X-Forwarded-For (nginx: ``$proxy_add_x_forwarded_for``), so the client is the
    entry that many places from the right: whatever a client wrote into the
    header itself sits further left and is never read. Counting hops, rather
    than listing the proxies' addresses, keeps working when a container's
    address changes. Without proxies (0) the header is ignored, since any client
    could forge it to escape a limit.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def absolute_url(path, request=None):
    """``path`` as an absolute URL on the canonical origin: SITE_URL when set
    (behind a proxy or CDN the request's own host may be an internal name),
    otherwise the request's scheme and host. Outside a request (e-mails sent
    by a command) SITE_URL is required. A URL that is already absolute (a file
    in a bucket) is returned as it is."""
    if urlsplit(path).scheme:
        return path
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    raise ImproperlyConfigured("SITE_URL must be set to build absolute links outside a request.")


# Templates: {% load addresses %} is registered in settings (TEMPLATES "libraries").
register = template.Library()


@register.simple_tag(takes_context=True, name="absolute_url")
def absolute_url_tag(context, path):
    """``{% absolute_url path %}``, e.g. ``{% static 'img/share.png' as image %}{% absolute_url image %}``."""
    return absolute_url(path, context.get("request"))
