"""Discretion refusals with stable codes; the API turns them into problem+json."""

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
)


class BenchmarkNotFound(NotFound):
    code = "benchmark-not-found"


class NotBenchmarkDrafter(Forbidden):
    """Only the department's catalog clerk or the legal office drafts a power's benchmarks."""

    code = "not-benchmark-drafter"


class NotLegalOffice(Forbidden):
    code = "not-legal-office"


class TransitionRefused(Conflict):
    """The action is not allowed in the benchmark's current state."""

    code = "transition-refused"
    title = _("Not allowed in this state")


class BenchmarkInProgress(Conflict):
    code = "benchmark-in-progress"


class InvalidBenchmark(InvalidInput):
    code = "invalid-benchmark"


class InvalidDecision(InvalidInput):
    """The violation or facts given with a penalty decision are missing or wrong."""

    code = "invalid-discretion"


class OutsideBenchmark(InvalidInput):
    """The decided penalty leaves the benchmark's range and no written reason was given."""

    code = "outside-benchmark"
    title = _("Outside the discretion benchmark")


__all__ = [
    "BenchmarkInProgress", "BenchmarkNotFound", "DomainError", "InvalidBenchmark", "InvalidDecision",
    "NotBenchmarkDrafter", "NotLegalOffice", "OutsideBenchmark", "TransitionRefused",
]
