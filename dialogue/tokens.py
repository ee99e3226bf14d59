"""Signed links in e-mails. The payload is the subscription's random key,
so no address or id appears in a URL. Confirmation links expire;
unsubscribe links never do (a reader may find an old e-mail years later)."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "dialogue.confirm"
UNSUBSCRIBE_SALT = "dialogue.unsubscribe"


class InvalidToken(Exception):
    pass


class ExpiredToken(InvalidToken):
    pass


def confirm_token(subscription):
    return signing.dumps(subscription.key, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    return signing.dumps(subscription.key, salt=UNSUBSCRIBE_SALT)


def key_from_confirm_token(token):
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=settings.SUBSCRIPTION_CONFIRM_MAX_AGE_SECONDS)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error


def key_from_unsubscribe_token(token):
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
