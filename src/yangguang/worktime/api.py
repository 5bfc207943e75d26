"""Calendar API: deadlines on the official calendar, its years and their special days. Public."""

from ninja import Query, Router

from . import domain, selectors
from .schemas import DayOut, DeadlineOut, DeadlineQuery, YearOut

router = Router(tags=["calendar"])


@router.get("/deadline", response=DeadlineOut, auth=None, summary="Compute a deadline")
def deadline(request, query: Query[DeadlineQuery]):
    start = domain.parse_start(query.start)
    due = domain.due(start, query.amount, query.unit, selectors.calendar_load())
    return {"start": start, "amount": query.amount, "unit": query.unit, "due": due,
            "due_display": domain.format_due(due), "last_day": domain.last_day(due)}


@router.get("/years", response=list[YearOut], auth=None, summary="List the calendar years and their notices")
def year_list(request):
    return list(selectors.calendar_year_list())


@router.get("/days", response=list[DayOut], auth=None, summary="List a year's holidays and make-up workdays")
def day_list(request, year: int):
    return [{"date": day.date, "kind": day.kind, "kind_name": str(day.get_kind_display()), "name": day.name}
            for day in selectors.calendar_day_list(year)]
