"""The private key of a user's calendar addresses.

Calendar apps cannot log in, so the address carries the credential: the user's id and a
long random key (256 bits). The key is compared in constant time; renewing it makes every
address given out before answer 404. An inactive account's addresses answer nothing.
"""

import secrets

from django.contrib.auth import get_user_model

from .models import CalendarToken


def new_key() -> str:
    return secrets.token_urlsafe(32)


def token_for(user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user, defaults={"key": new_key()})
    return token


def renew_token(user) -> CalendarToken:
    token = token_for(user)
    token.key = new_key()
    token.save(update_fields=["key", "created_at"])
    return token


def user_for_key(user_id: int, key: str):
    """The active user whose calendar key ``key`` is, else ``None``."""
    token = CalendarToken.objects.filter(user_id=user_id).select_related("user").first()
    if token is None or not secrets.compare_digest(token.key.encode(), key.encode()):
        return None
    user = token.user
    if not user.is_active:
        return None
    # Read fresh: the rule asks for the user's groups (core.visibility).
    return get_user_model().objects.get(pk=user.pk)
