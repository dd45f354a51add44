from django import template

from ..selectors import target_notice_history

register = template.Library()


@register.inclusion_tag("notices/_target_history.html")
def target_notice_history_card(target):
    """The 催办 and reminders card of a target's page."""
    return target_notice_history(target)
