"""Legal-supervision refusals with stable codes; the API and pages turn them into messages."""

from yangguang.core.errors import Conflict, Forbidden


class NotLegalOffice(Forbidden):
    """Only the legal office (法制机构) of the department's region reviews and sets thresholds."""

    code = "not-legal-office"


class NotDepartmentFiler(Forbidden):
    """Only the department's head or its officers file for the department."""

    code = "not-department-filer"


class WrongState(Conflict):
    code = "wrong-state"
