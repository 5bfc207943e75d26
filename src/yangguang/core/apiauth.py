"""API authentication: a bearer token for programs, the session for the browser."""

from ninja.security import APIKeyHeader, HttpBearer, django_auth

from .services import token_user


class BearerToken(HttpBearer):
    """``Authorization: Bearer yg_…`` created by ``yangguang token create USER``."""

    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class OptionalUser(APIKeyHeader):
    """Anonymous access allowed; a bearer token, if sent, must be valid and identifies the user."""

    param_name = "Authorization"

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = token_user(header[7:].strip())
            if user is None:
                return None
            request.user = user
        return request.user or True

    def authenticate(self, request, key):  # pragma: no cover - __call__ decides
        return True


# Routers use these lists as ``auth=``: writes need a user, reads accept anyone.
authenticated = [BearerToken(), django_auth]
anyone = [OptionalUser()]
