"""Uploaded files on S3-compatible object storage (django-storages), tested
against a real S3 HTTP server (moto's, in-process): a document uploaded through
the storage is read back through the link on the commitment's public page."""

import json
import os
import subprocess
import sys
import urllib.request
import uuid

import boto3
import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer

from bialystok_hrc.settings.base import media_origin, media_storage

from . import factories
from .conftest import free_port

BUCKET = "portal-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}
REPORT = b"%PDF-1.4\n% an annual report kept in object storage\n"


@pytest.fixture
def s3_server(monkeypatch):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    # As the README tells operators: anyone may read the objects (they are public documents), nobody may list them.
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    yield endpoint
    server.stop()


def test_local_disk_is_the_default():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_origin(media_storage({})) is None


def test_a_document_in_object_storage_is_served_through_the_public_link(s3_server, settings, client, official):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage({"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_server}),
    }
    commitment = factories.commitment()
    name = f"raport-{uuid.uuid4().hex[:6]}.pdf"
    document = factories.document(commitment, url="", file=ContentFile(REPORT, name=name))
    # Stored in the bucket, not on the local disk.
    key = document.file.name
    assert key.startswith("documents/") and key.endswith(".pdf")
    body = boto3.client("s3", endpoint_url=s3_server).get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert body == REPORT
    assert not (settings.MEDIA_ROOT / key).exists()

    page = BeautifulSoup(client.get(commitment.get_absolute_url()).content, "html.parser")
    href = page.find("a", string="Dokument")["href"]
    # The public page links the portal's permanent download address, which reads
    # the file from the bucket and sends it with the portal's own headers.
    assert href == f"/dokumenty/{document.pk}/pobierz/"
    response = client.get(href)
    assert response.status_code == 200 and b"".join(response.streaming_content) == REPORT
    assert response["X-Content-Type-Options"] == "nosniff"
    # The object's own address is permanent too (no signature that would expire).
    with urllib.request.urlopen(document.file.url, timeout=10) as stored:
        assert document.file.url == f"{s3_server}/{BUCKET}/{key}"
        assert stored.status == 200 and stored.read() == REPORT


def test_a_second_upload_of_the_same_name_does_not_replace_the_first(s3_server, settings, official):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage({"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_server}),
    }
    commitment = factories.commitment()
    first = factories.document(commitment, url="", file=ContentFile(b"first", name="plan.pdf"))
    second = factories.document(commitment, url="", file=ContentFile(b"second", name="plan.pdf"))
    assert first.file.name != second.file.name
    assert first.file.open("rb").read() == b"first"


def test_the_storage_origin_is_allowed_by_the_content_security_policy():
    # Settings read the environment once, at start-up: read them in a fresh interpreter.
    code = (
        "from bialystok_hrc.settings import base; d = base.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(base.STORAGES['default']['BACKEND'], d['img-src'][-1], d['media-src'][-1], d['script-src'])"
    )
    env = {**os.environ, "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": "pliki.example.org"}
    output = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert output.split() == [
        "storages.backends.s3.S3Storage",
        "https://pliki.example.org",
        "https://pliki.example.org",
        "[\"'self'\"]",
    ]
