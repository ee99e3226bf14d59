"""The API keeps the contract its published OpenAPI document states, checked the way a
property-based tester (schemathesis) would: every operation of the document, with values
generated from each parameter's schema — its defaults, enums and boundaries, values just
outside them, wrong types and hostile strings — and every answer held to the document:

- its status is one the operation documents, and never a 5xx;
- its body matches the schema documented for that status (jsonschema);
- a request whose parameters all conform to the schema is answered 2xx (or a documented
  404 for an unknown id in the path): a constraint the server enforces but the schema does
  not declare fails here;
- a parameter that breaks its schema is answered 400, naming the parameter, in the language
  asked for with ``lang``;
- a conditional GET with the answer's ETag is a documented 304.

The contract test speaks HTTP to the live test server, as a third-party client would (the
error-shape tests below use Django's test client). Bounded: a fixed seed and a fixed number
of cases per operation (a few hundred requests)."""

import json
import random
import re
import urllib.error
import urllib.request
from unittest import mock
from urllib.parse import quote

import jsonschema
import pytest
from django.db import connection
from django.db.utils import OperationalError
from openapi_spec_validator import validate

from helpdirectory import demo as help_demo
from publishing import versions

from . import factories

pytestmark = pytest.mark.django_db

SEED = 16
COMBINATIONS = 12  # random combinations of schema-valid values per operation
HOSTILE = [
    "",
    " ",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "../../etc/passwd",
    "%",
    "_",
    "\\",
    "ąęłńóśźż ĄĘŁ",
    "Ўў Іі Її Єє",
    "\u202eRTL",
    "😀",
    "a" * 1000,
    "\x00",
    "\ufffd",
    "1e309",
    "NaN",
    "-0",
    "null",
    "[]",
]
# Numbers and choices are refused by type or enum whatever the text: a few of them suffice.
HOSTILE_FOR_CHOICES = ["", " ", "' OR 1=1 --", "ąęłńóśźż ĄĘŁ", "a" * 1000, "\x00", "1e309"]
UNKNOWN = "zz-not-a-choice"


@pytest.fixture
def api_content(official):
    commitment = factories.commitment(title_pl="Równe traktowanie", title_en="Equal treatment", slug="rowne")
    factories.milestone(commitment)
    factories.update(commitment)
    factories.document(commitment)
    factories.indicator(commitment, years=[(2024, 12), (2025, 30)])
    versions.record(commitment, note={"pl": "Pierwsza publikacja.", "en": "First publication."})
    help_demo.load(count=2)
    return commitment


def plain(schema):
    """The schema of a parameter's value: an optional one is documented as anyOf […, null],
    and a query string cannot say null."""
    options = [option for option in schema.get("anyOf", []) if option.get("type") != "null"]
    return {**schema, **options[0]} if len(options) == 1 else schema


CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


def conforms(value, schema):
    """Whether the query-string text ``value`` is valid for ``schema``: True, False, or None
    where the text of a number is not its canonical form ("007", "-0"), which a schema cannot
    settle either way (a tester sends numbers in their canonical form)."""
    if schema.get("type") == "integer":
        if not CANONICAL_INTEGER.fullmatch(value):
            try:
                int(value)
            except ValueError:
                return False
            return None
        instance = int(value)
    else:
        instance = value
    return jsonschema.Draft202012Validator(schema).is_valid(instance)


def candidates(schema, known=()):
    """Values for one parameter: from its schema (defaults, enums, boundaries), ones just
    outside it (wrong type, one past a boundary, not in the enum), and hostile strings."""
    free_text = schema.get("type") == "string" and "enum" not in schema
    values = [*known, *(HOSTILE if free_text else HOSTILE_FOR_CHOICES), UNKNOWN]
    if "default" in schema and schema["default"] is not None:
        values.append(str(schema["default"]))
    values += [str(member) for member in schema.get("enum", [])]
    if schema.get("type") == "integer":
        values += ["0", "1", "-1", "2", "7", "abc", "1.5", "2147483648", "99999999999999999999"]
        for bound, step in (("minimum", -1), ("maximum", 1)):
            if bound in schema:
                values += [str(schema[bound]), str(schema[bound] + step)]
    if "maxLength" in schema:
        values += ["b" * schema["maxLength"], "b" * (schema["maxLength"] + 1)]
    return list(dict.fromkeys(values))


def url_for(path, values):
    query = "&".join(f"{quote(name)}={quote(value)}" for name, value in values.items() if value is not None)
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return path.split("?")[0] + ("?" + query if query else "")


class Answer:
    """What the client needs of an HTTP answer, with the test client's names."""

    def __init__(self, status, headers, content):
        self.status_code, self.headers, self.content = status, headers, content

    def __contains__(self, name):
        return name in self.headers

    def __getitem__(self, name):
        return self.headers[name]

    def get(self, name, default=None):
        return self.headers.get(name, default)

    def json(self):
        return json.loads(self.content)


class HttpClient:
    """GET requests over HTTP to the live server: its answers as they cross the wire."""

    def __init__(self, base):
        self.base = base

    def get(self, url, HTTP_IF_NONE_MATCH=None):
        request = urllib.request.Request(self.base + url)
        if HTTP_IF_NONE_MATCH:
            request.add_header("If-None-Match", HTTP_IF_NONE_MATCH)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())


class Contract:
    def __init__(self, client, document):
        self.client, self.document = client, document
        self.cases, self.failures = 0, []

    def body_schema(self, operation, status):
        answer = operation["responses"].get(str(status))
        if answer is None:
            return None, False
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        return ({**schema, "components": self.document["components"]} if schema else None), True

    def call(self, path, operation, query, path_values, expect):
        """One request; ``expect`` is the set of acceptable statuses (besides documentation)."""
        self.cases += 1
        url = url_for(path, {**path_values, **query})
        response = self.client.get(url)
        status = response.status_code
        problem = None
        schema, documented = self.body_schema(operation, status)
        if status >= 500:
            problem = "server error"
        elif not documented:
            problem = f"undocumented status {status}"
        elif expect and status not in expect:
            problem = f"status {status}, expected {sorted(expect)}"
        elif schema is not None:
            try:
                jsonschema.validate(json.loads(response.content), schema)
            except (ValueError, jsonschema.ValidationError) as error:
                problem = f"body does not match the schema: {str(error)[:300]}"
        if problem:
            self.failures.append(f"GET {url}: {problem} — {response.content[:200]!r}")
        return response


def parameter_cases(operation, known):
    """(name, value, conforms) for each parameter and each of its candidate values."""
    for parameter in operation.get("parameters", []):
        schema = plain(parameter["schema"])
        for value in candidates(schema, known.get(parameter["name"], ())):
            yield parameter, value, conforms(value, schema)


def valid_values(parameter, known):
    schema = plain(parameter["schema"])
    return [value for value in candidates(schema, known.get(parameter["name"], ())) if conforms(value, schema)]


def test_the_api_keeps_its_openapi_contract(live_server, api_content):
    client = HttpClient(live_server.url)
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    known = {"reference": [api_content.reference, "BPC-1999-999"], "number": ["1"]}
    contract = Contract(client, document)
    rng = random.Random(SEED)  # noqa: S311 — the same cases every run, not a secret
    for path, operations in document["paths"].items():
        operation = operations["get"]
        parameters = operation.get("parameters", [])
        in_path = {p["name"] for p in parameters if p["in"] == "path"}
        real = {"reference": api_content.reference, "number": "1"}
        ok = {200} if not in_path else {200, 404}
        # One parameter at a time, the others left out (path parameters set to real values).
        languages_checked = set()
        for parameter, value, valid in parameter_cases(operation, known):
            path_values = {name: real[name] for name in in_path}
            query = {}
            if parameter["in"] == "path":
                path_values[parameter["name"]] = value
                # A value with a "/" addresses no operation at all: a 404, in the error shape.
                refused = {400, 404}
            else:
                query[parameter["name"]] = value
                refused = {400}
            expect = {True: ok, False: refused, None: set()}[valid]
            response = contract.call(path, operation, query, path_values, expect)
            if response.status_code == 400 and parameter["name"] not in languages_checked:
                languages_checked.add(parameter["name"])
                check_error_names_parameter(contract, path, operation, query, path_values, parameter["name"])
        # Random combinations of values that all conform to the schema.
        choices = {p["name"]: valid_values(p, known) for p in parameters}
        for _ in range(COMBINATIONS):
            values = {name: rng.choice(options) for name, options in choices.items() if options}
            path_values = {name: values.pop(name) for name in in_path}
            query = {name: value for name, value in values.items() if rng.random() < 0.6}
            contract.call(path, operation, query, path_values, ok)
        # A conditional GET with the answer's own ETag.
        first = contract.call(path, operation, {}, {name: real[name] for name in in_path}, {200})
        if "ETag" in first:
            contract.cases += 1
            again = client.get(url_for(path, {name: real[name] for name in in_path}), HTTP_IF_NONE_MATCH=first["ETag"])
            if str(again.status_code) not in operation["responses"]:
                contract.failures.append(f"GET {path} with If-None-Match: undocumented {again.status_code}")
    print(f"contract: {contract.cases} cases, {len(contract.failures)} failures")
    assert not contract.failures, "\n".join(contract.failures[:40])
    assert contract.cases > 300


def check_error_names_parameter(contract, path, operation, query, path_values, name):
    """A 400 names the refused parameter, in the language asked for (Polish without ``lang``)."""
    messages = {}
    for language in ("pl", "en", "uk", "be"):
        if "lang" in query or not any(p["name"] == "lang" for p in operation.get("parameters", [])):
            break
        response = contract.client.get(url_for(path, {**path_values, **query, "lang": language}))
        contract.cases += 1
        body = response.json()
        if response.status_code != 400 or name not in [d.get("parameter") for d in body.get("details", [])]:
            contract.failures.append(f"GET {path} {query} lang={language}: the 400 does not name {name}: {body}")
            return
        if response.get("Content-Language") != language:
            contract.failures.append(f"GET {path} {query} lang={language}: Content-Language not {language}")
        messages[language] = (body["error"], [detail["message"] for detail in body["details"]])
    if len({error for error, _ in messages.values()}) != len(messages) or len(
        {json.dumps(details) for _, details in messages.values()}
    ) != len(messages):
        contract.failures.append(f"GET {path} {query}: the same error text in two languages: {messages}")


def test_errors_have_the_documented_shape_name_the_parameter_and_speak_the_language_asked_for(client, api_content):
    missing = client.get("/api/v1/commitments/0?lang=en")
    assert missing.status_code == 404
    assert missing.json() == {"error": "No published commitment has this reference.", "details": []}
    assert client.get("/api/v1/nie/ma/takiego").json()["error"] == "Pod tym adresem API nic nie ma."
    limit = client.get("/api/v1/updates?limit=501&lang=en").json()
    assert limit == {
        "error": "Invalid parameters: limit.",
        "details": [{"parameter": "limit", "message": "Enter a number of at most 500."}],
    }
    level = client.get("/api/v1/commitments?level=9&lang=uk").json()
    assert [detail["parameter"] for detail in level["details"]] == ["level"]
    assert "level" in level["error"] and "Неправильні" in level["error"]
    nul = client.get("/api/v1/commitments/A%00B/versions?lang=be")
    assert nul.status_code == 400
    assert nul.json()["details"] == [{"parameter": "reference", "message": "Адрас змяшчае недазволены сімвал (NUL)."}]
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/updates"]["get"]["parameters"]}
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 500)
    commitments = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/commitments"]["get"]["parameters"]}
    assert commitments["level"]["enum"] == [1, 2, 3]
    assert commitments["year"]["enum"] == [2030]
    help_needs = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/help"]["get"]["parameters"]}["need"]
    assert "dyskryminacja" in help_needs["enum"]


def test_an_outage_answers_the_documented_503(client, api_content):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/commitments"]["get"]
    schema = {**operation["responses"]["503"]["content"]["application/json"]["schema"], **document}

    def refused(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with mock.patch.object(connection, "ensure_connection", refused):
        response = client.get("/api/v1/commitments?lang=en")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    jsonschema.validate(response.json(), schema)
    assert response.json() == {"error": "Temporarily unavailable", "details": []}
