"""``{% unread_notifications user %}``: how many of the user's notifications (站内通知) are unread,
for the link in the site's header."""

from django import template

from yangguang.supervision.selectors import notification_list_for

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    return notification_list_for(user, unread=True).count() if user.is_authenticated else 0
