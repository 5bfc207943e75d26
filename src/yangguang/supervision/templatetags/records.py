"""``{{ row.action|action_label }}``: the name of a step in the record of an alert or a complaint."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "file": _("Filed"), "accept": _("Accepted"), "refuse": _("Not accepted"), "reply": _("Answered"),
    "order": _("Supervision order issued"), "notify": _("Notified"), "explain": _("Explained"),
    "correct": _("Correction reported"), "confirm": _("Confirmed"), "reject": _("Sent back"),
    "request_removal": _("Card removal requested"), "approve_removal": _("Card removed"),
    "refuse_removal": _("Card removal refused"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
