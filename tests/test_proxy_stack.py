"""The shipped stack (compose.yaml with nginx in front, deploy/nginx.conf) counts each visitor
by their own address: the sign-in lockout and the feedback rate limit, run with the app's
environment exactly as compose.yaml sets it and the X-Forwarded-For header exactly as
nginx.conf builds it, keep two clients behind the proxy apart. Found by an outside review:
the stack once left TRUSTED_PROXY_COUNT unset, so every visitor was nginx."""

import re

import pytest
import yaml
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from dialogue.models import Feedback

from . import factories
from .conftest import BASE_DIR, PASSWORD

pytestmark = pytest.mark.django_db

NGINX = "172.18.0.9"  # nginx's address on the compose network, REMOTE_ADDR for every request
ALICE, BOB = "203.0.113.5", "198.51.100.23"


def interpolated(value):
    """A compose.yaml value as `docker compose up` gives it with no variable of the deployer's set:
    ``${NAME:-default}`` is the default, ``${NAME:?message}`` (required, such as SECRET_KEY) a
    placeholder."""
    if not isinstance(value, str):
        return value

    def variable(match):
        operator, word = match.group(2), match.group(3)
        if operator == ":-":
            return word
        if operator == ":?":
            return "set-by-the-deployer"
        return ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", variable, value)


def stack_environment():
    """The web service's environment, as compose.yaml sets it (YAML merge keys resolved)."""
    compose = yaml.safe_load((BASE_DIR / "compose.yaml").read_text())
    environment = compose["services"]["app"]["environment"]
    return {name: interpolated(value) for name, value in environment.items()}


def nginx_forwarded_for(client_header, client_address):
    """The X-Forwarded-For nginx sends on, from the `location /` block of deploy/nginx.conf."""
    config = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    location = re.search(r"location / \{(.*?)\n    \}", config, re.DOTALL).group(1)
    directive = re.search(r"^\s*proxy_set_header\s+X-Forwarded-For\s+(\S+);", location, re.MULTILINE)
    assert directive, "nginx must send X-Forwarded-For to the app"
    value = directive.group(1)
    if value == "$proxy_add_x_forwarded_for":  # the client's header, then the address nginx saw
        return f"{client_header}, {client_address}" if client_header else client_address
    assert value == "$remote_addr", f"unexpected X-Forwarded-For {value}"
    return client_address


def through_nginx(client_address, client_header=""):
    """What a request from ``client_address`` looks like to the app behind nginx."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": nginx_forwarded_for(client_header, client_address)}


@pytest.fixture
def stack_settings():
    environment = stack_environment()
    assert "TRUSTED_PROXY_COUNT" in environment, "compose.yaml must say how many proxies are in front of the app"
    with override_settings(TRUSTED_PROXY_COUNT=int(environment["TRUSTED_PROXY_COUNT"])):
        yield


def test_the_sign_in_lockout_counts_each_client_behind_nginx(stack_settings, editor, settings):
    client = Client()
    login = reverse("admin:login")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Many accounts from one address: the address is locked. Alice forges a header of her own,
        # which nginx keeps in front of the address it saw.
        client.post(
            login, {"username": f"someone{attempt}", "password": "wrong"}, **through_nginx(ALICE, f"10.9.9.{attempt}")
        )
    assert client.post(login, {"username": "redaktor", "password": PASSWORD}, **through_nginx(ALICE)).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    # Bob, behind the same nginx, signs in as usual.
    response = Client().post(
        login, {"username": "redaktor", "password": PASSWORD, "next": reverse("admin:index")}, **through_nginx(BOB)
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_feedback_rate_limit_counts_each_client_behind_nginx(stack_settings, official, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    commitment = factories.commitment()
    url = reverse("dialogue:commitment_feedback", args=[commitment.slug])

    def send(address, number):
        client = Client()
        form = client.get(url, **through_nginx(address)).content.decode()
        started = re.search(r'name="started" value="([^"]+)"', form).group(1)
        data = {"message": f"Opinia numer {number}.", "consent": "on", "website": "", "started": started}
        return client.post(url, data, **through_nginx(address))

    for number in range(settings.FEEDBACK_RATE_LIMIT):
        assert send(ALICE, number).status_code == 302
    assert send(ALICE, "ponad limit").status_code == 429
    # Bob's first form is his own, not the rest of Alice's limit.
    assert send(BOB, "Boba").status_code == 302
    assert Feedback.objects.filter(commitment=commitment).count() == settings.FEEDBACK_RATE_LIMIT + 1
