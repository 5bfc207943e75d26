"""Domain errors with a stable code; the API turns them into RFC 9457 problem+json."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A refused action. ``field`` and ``rule`` say which input broke which rule."""

    code = "domain-error"
    status = 400
    title = _("The request breaks a rule")

    def __init__(self, detail, *, field: str | None = None, rule: str | None = None, errors=None):
        super().__init__(str(detail))
        self.detail = detail
        self.field = field
        self.rule = rule or self.code
        self.errors = errors or []

    def as_problem(self, instance: str = "") -> dict:
        problem = {
            "type": f"https://yangguang.example/problems/{self.code}",
            "title": str(self.title),
            "status": self.status,
            "detail": str(self.detail),
            "code": self.code,
            "rule": self.rule,
        }
        if self.field:
            problem["field"] = self.field
        if self.errors:
            problem["errors"] = [
                {k: str(v) for k, v in err.items() if v is not None} for err in self.errors
            ]
        if instance:
            problem["instance"] = instance
        return problem


class NotFound(DomainError):
    code = "not-found"
    status = 404
    title = _("Not found")


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    title = _("Not allowed")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    title = _("Conflicts with the current state")


class InvalidInput(DomainError):
    """Bad input; ``errors`` lists every field with its rule, never only the first."""

    code = "invalid-input"
    status = 422
    title = _("Invalid input")

    @classmethod
    def one(cls, field: str, rule: str, detail) -> "InvalidInput":
        return cls(detail, field=field, rule=rule, errors=[{"field": field, "rule": rule, "detail": detail}])
