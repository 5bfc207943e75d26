"""Calendar refusals with stable codes."""

from django.utils.translation import gettext, gettext_lazy as _

from yangguang.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class CalendarNotConfirmed(Conflict):
    """The arithmetic reached a year without a confirmed State Council notice; it never guesses."""

    code = "calendar-not-confirmed"
    title = _("Working-day calendar not confirmed")

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            gettext(
                "The working-day calendar of %(year)s is not confirmed: the administrator must add "
                "the State Council holiday notice for %(year)s."
            ) % {"year": year}
        )


class NotCalendarAdministrator(Forbidden):
    code = "not-calendar-administrator"


class CalendarYearNotFound(NotFound):
    code = "calendar-year-not-found"


class CalendarDayNotFound(NotFound):
    code = "calendar-day-not-found"


__all__ = [
    "CalendarDayNotFound", "CalendarNotConfirmed", "CalendarYearNotFound", "InvalidInput",
    "NotCalendarAdministrator",
]
