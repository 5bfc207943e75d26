"""``{{ user|person }}``: a user's name as people write it (``core.context.person_name``)."""

from django import template

from yangguang.core.context import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
