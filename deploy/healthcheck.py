"""The container's health check: asks this container's own server for a health page.

    python deploy/healthcheck.py            # /healthz: the process answers (the image's HEALTHCHECK)
    python deploy/healthcheck.py /readyz    # and the database and the cache answer (compose)

Exits 0 on a 200, else 1 with one line saying why. Only the standard library: the image has no
curl. The request carries a Host that Django accepts: HEALTHCHECK_HOST, else the first of
ALLOWED_HOSTS (a leading dot or "*" would not be a host name)."""

import os
import sys
import urllib.error
import urllib.request


def host():
    if os.environ.get("HEALTHCHECK_HOST"):
        return os.environ["HEALTHCHECK_HOST"]
    first = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    return first if first and first != "*" else "localhost"


def main(path="/healthz"):
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{path}"
    # Always http on the loopback: the scheme is fixed here, never read from outside.
    request = urllib.request.Request(url, headers={"Host": host()})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        print(f"{url}: {error}")
        return 1
    if status != 200:
        print(f"{url}: HTTP {status}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
