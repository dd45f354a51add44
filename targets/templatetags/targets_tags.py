from decimal import Decimal

from django import template

from targets.status import STATUS_LABELS, Status

register = template.Library()


@register.filter
def num(value):
    """A decimal without trailing zeros: 20.0000 → 20, 2.5000 → 2.5; blank for none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = f"{value.normalize():f}"
    return text


@register.filter
def status_label(value):
    try:
        return STATUS_LABELS[Status(value)]
    except ValueError:
        return ""


@register.filter
def percent(value, digits=0):
    """0.873 → 87%"""
    if value is None:
        return ""
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.simple_tag
def completion_percent(target):
    """Completion of a target as a whole percentage capped at 100, for progress bars."""
    from targets.selectors import facts_of
    from targets.status import completion

    return min(100, int(completion(facts_of(target)) * 100))
