"""The hook through which apps above supervision add lines to a department's performance page
(绩效评估), such as the legal office's overturn rate (否定率): supervision does not import them; they
register in their ``AppConfig.ready()``."""

from typing import Protocol


class PerformanceLine(Protocol):
    """A table row of the department's rates; ``template`` is rendered with ``line``."""

    template: str

    def context(self, *, department_id: int, period) -> dict:
        """What the row shows for the department over ``period`` (a ``scoring.Period``)."""


_lines: dict[type, PerformanceLine] = {}


def register_performance_line(line: PerformanceLine) -> None:
    _lines[type(line)] = line  # once per kind, however often ready() runs


def performance_lines(*, department_id: int, period) -> list[tuple[str, dict]]:
    """(template, context) of every registered line."""
    return [(line.template, line.context(department_id=department_id, period=period)) for line in _lines.values()]
