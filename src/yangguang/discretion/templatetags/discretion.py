"""``{% decision_check case %}``: a penalty case's check against its benchmark (裁量核对), shown
with the case's result; cases sit above this app, so the case is read only for its id."""

from django import template

from ..selectors import check_for_case

register = template.Library()


@register.inclusion_tag("discretion/includes/case_check.html")
def decision_check(case):
    check = check_for_case(case.pk) if case is not None and getattr(case, "decided_at", None) else None
    return {"check": check, "review": getattr(check, "review", None) if check and check.deviation else None}
