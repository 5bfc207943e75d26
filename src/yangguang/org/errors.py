"""Refusals of the certificate register, with stable codes."""

from yangguang.core.errors import Conflict, Forbidden


class NotRegisterKeeper(Forbidden):
    """Only the legal office over the department, or (for registering and withdrawing) its head."""

    code = "not-register-keeper"


class CertificateWrongState(Conflict):
    code = "certificate-wrong-state"
