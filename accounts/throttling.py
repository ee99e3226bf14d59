"""The address django-axes counts failed logins against."""

from django.conf import settings


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT reverse proxies it is
    the address that the proxy furthest from us saw: each proxy appends the
    address it received the request from to X-Forwarded-For, so counting from
    the right skips anything a client wrote there itself. Without proxies,
    X-Forwarded-For is ignored (a client could forge it to escape the limit)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
