"""Case refusals with stable codes; the API turns them into problem+json."""

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class CaseNotFound(NotFound):
    """Also the answer to a wrong query code, so that a guess learns nothing."""

    code = "case-not-found"


class PowerNotOpen(Conflict):
    """The power is not published, revoked, or filed only (报备): it cannot be applied for."""

    code = "power-not-open"
    title = _("This power cannot be applied for")


class ActionRefused(Conflict):
    """The action is not allowed in the case's current state."""

    code = "action-refused"
    title = _("Not allowed in this state")


class StepNotActive(Conflict):
    """The step was already done or moved on, e.g. by another officer acting at the same time."""

    code = "step-not-active"
    title = _("The step is no longer active")


class StaleCase(Conflict):
    """The case changed since the form was shown."""

    code = "stale-case"
    title = _("The case has changed")


class NotStepHolder(Forbidden):
    code = "not-step-holder"


class UncertifiedAction(NotStepHolder):
    """An enforcement step acted on without a valid enforcement certificate (无证执法): refused,
    and recorded in the officer's certificate record once the action is rolled back."""

    def __init__(self, detail, *, officer, case_number: str, step: str, at):
        super().__init__(detail, rule="enforcement-certificate")
        self.officer, self.case_number, self.step, self.at = officer, case_number, step, at


class NotDepartmentHead(Forbidden):
    code = "not-department-head"


class NotApplicant(Forbidden):
    code = "not-applicant"


class InvalidCase(InvalidInput):
    code = "invalid-case"
