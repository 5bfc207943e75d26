"""Flowchart refusals with stable codes."""

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError, InvalidInput, NotFound


class FlowNotFound(NotFound):
    code = "flow-not-found"


class InvalidFlow(InvalidInput):
    code = "invalid-flow"

    @classmethod
    def of(cls, errors: list[dict]) -> "InvalidFlow":
        first = errors[0]
        return cls(first["detail"], field=first["field"], rule=first["rule"], errors=errors)


class FlowchartUnavailable(DomainError):
    """Graphviz failed or took too long."""

    code = "flowchart-unavailable"
    status = 503
    title = _("The flowchart cannot be drawn now")
