"""Refusals of the disclosure area with stable codes."""

from yangguang.core.errors import Conflict, Forbidden, NotFound


class NotApplicant(Forbidden):
    """Only the applicant of a case rates it."""

    code = "not-the-applicant"


class CaseNotClosed(Conflict):
    """A case is rated once it is closed (completed, not accepted or withdrawn)."""

    code = "case-not-closed"


class AlreadyRated(Conflict):
    """A case is rated once."""

    code = "already-rated"


class ResultNotFound(NotFound):
    code = "result-not-found"


class RectificationNotFound(NotFound):
    code = "rectification-not-found"
