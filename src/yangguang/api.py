"""The JSON API root under /api/v1/: authentication, problem+json errors, routers."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from yangguang.core.errors import DomainError, InvalidInput

PROBLEM = "application/problem+json"


api = NinjaAPI(
    title="Yangguang API",
    version="1",
    description="Power catalog, flowcharts, the working-day calendar and cases of the Yangguang platform.",
    urls_namespace="api",
)


def _problem(request, problem: dict):
    problem.setdefault("instance", request.path)
    response = api.create_response(request, problem, status=problem["status"])
    response["Content-Type"] = PROBLEM
    return response


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    response = _problem(request, exc.as_problem())
    if retry_after := getattr(exc, "retry_after", None):  # e.g. a throttled query (429)
        response["Retry-After"] = str(retry_after)
    return response


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = []
    for err in exc.errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc) or None, "rule": err.get("type"), "detail": err.get("msg")})
    first = errors[0] if errors else {}
    return _problem(
        request,
        InvalidInput(first.get("detail", "invalid input"), field=first.get("field"), rule=first.get("rule"), errors=errors).as_problem(),
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _problem(request, {"type": "about:blank", "title": "Authentication required", "status": 401,
                              "detail": "Log in or send 'Authorization: Bearer <token>'.", "code": "unauthenticated"})


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return _problem(request, {"type": "about:blank", "title": "Not allowed", "status": 403, "detail": str(exc) or "Not allowed.", "code": "forbidden"})


@api.exception_handler(Http404)
def not_found(request, exc):
    return _problem(request, {"type": "about:blank", "title": "Not found", "status": 404, "detail": str(exc) or "Not found.", "code": "not-found"})


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _problem(request, {"type": "about:blank", "title": str(exc), "status": exc.status_code, "detail": str(exc), "code": "http-error"})


def _mount() -> None:
    from yangguang.cases.api import public_router as public_cases_router
    from yangguang.cases.api import router as cases_router
    from yangguang.catalog.api import router as catalog_router
    from yangguang.flows.api import router as flows_router
    from yangguang.supervision.api import (
        alerts_router,
        complaints_router,
        notifications_router,
        orders_router,
        public_complaints_router,
        reported_cases_router,
    )
    from yangguang.worktime.api import router as calendar_router

    # flows first: its PUT .../versions/{n}/flow must not be shadowed by the catalog's routes
    api.add_router("/powers", flows_router)
    api.add_router("/powers", catalog_router)
    api.add_router("/calendar", calendar_router)
    api.add_router("/cases", cases_router)
    api.add_router("/public/cases", public_cases_router)
    api.add_router("/alerts", alerts_router)
    api.add_router("/supervision-orders", orders_router)
    api.add_router("/notifications", notifications_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/public/complaints", public_complaints_router)
    api.add_router("/reported-cases", reported_cases_router)  # department systems (数据接口)
    from yangguang.supervision.api import performance_router

    api.add_router("/performance", performance_router)  # performance evaluation (绩效评估)
    from yangguang.discretion.api import powers_router as benchmarks_router
    from yangguang.discretion.api import router as discretion_router

    api.add_router("/powers", benchmarks_router)  # a penalty power's discretion benchmark (裁量基准)
    api.add_router("/discretion", discretion_router)
    from yangguang.legal.api import router as legal_router

    api.add_router("/legal", legal_router)  # legal-affairs supervision (政府法制监督)


_mount()
