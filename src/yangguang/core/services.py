"""Writers for shared tables."""

from django.db import transaction
from django.utils import timezone

from .models import ApiToken


def token_create(*, user, name: str = "cli") -> str:
    """Create an API token and return the raw value; it is shown once and never stored."""
    raw = ApiToken.new_raw()
    with transaction.atomic(durable=True):
        ApiToken.objects.create(user=user, name=name, digest=ApiToken.hash(raw), prefix=raw[3:11])
    return raw


def token_user(raw: str):
    """The active user a raw token stands for, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
