"""What every app's HTML views share."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .errors import Forbidden, NotFound


def doors(view):
    """Turn refusals a page cannot recover from into 404 and 403; other refusals stay on the page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except Forbidden as exc:
            raise PermissionDenied(str(exc)) from exc

    return wrapper
