"""What every app's HTML views share."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from .context import Navigation
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


def after_login(request):
    """Where a login without ``next`` leads (LOGIN_REDIRECT_URL): supervisors to the supervision
    dashboard, the legal office to its review queue, officers to their workbench, applicants to
    their cases, anyone else to the catalog."""
    nav = Navigation(request.user)
    for allowed, name in ((nav.supervision, "supervision:dashboard"), (nav.review, "catalog:review_queue"),
                          (nav.workbench, "cases:queue"), (nav.applicant, "portal:my_cases")):
        if allowed:
            return redirect(name)
    return redirect("catalog:public_list")
