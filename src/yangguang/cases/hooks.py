"""The hook through which higher apps act inside case transactions.

Cases sit below supervision, so they cannot import it; supervision registers an observer in
its ``AppConfig.ready()``. Every case action ends in ``services._save``, which calls each
observer's ``case_saved`` inside the action's transaction, after the case, its tokens and its
events are written: a failing observer rolls the whole action back.
"""

from typing import Protocol


class CaseObserver(Protocol):
    def case_saved(self, case, tokens: list, events: list, suspensions: list) -> None:
        """``case`` was written with its active ``tokens`` (each with ``step_key``), the
        ``events`` appended and the case's suspension spans ``(began_at, ended_at)``."""


_observers: list = []


def register_case_observer(observer: CaseObserver) -> None:
    """Add ``observer``; one of a type already registered is not added again (``ready()`` may
    run more than once, each time with a new instance)."""
    if not any(type(registered) is type(observer) for registered in _observers):
        _observers.append(observer)


def case_observers() -> tuple:
    return tuple(_observers)
