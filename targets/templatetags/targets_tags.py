from decimal import Decimal

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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
def target_value(target):
    """A target as a 公文 writes it: 450家, ≥20家, ≤2个; 定性 for a target with no value."""
    if target.value is None:
        return _("定性")
    sign = "" if target.comparator == "eq" else target.get_comparator_display()
    return f"{sign}{num(target.value)}{target.unit}"


@register.filter
def report_unit(target):
    """The unit a reported value is in: the target's, or % for a qualitative one (its
    percent done)."""
    return "%" if target.value is None else target.unit


@register.filter
def amount(value, target):
    """A reported or current value with its unit, no space: 48家, 60%; "—" when none."""
    if value is None or value == "":
        return "—"
    return f"{num(value)}{report_unit(target)}"


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


SENTINEL = 987654321
TARGET_ROW = (
    '<tr><td><span class="badge status-{status}">{label}</span></td>'
    '<td><a href="{detail}">{metric}</a><div class="muted small">{plan}</div></td>'
    '<td class="num">{target}</td><td class="num">{current}</td><td>{end}</td>'
    '<td>{bureau}<div class="muted small">{department}</div></td><td>{leader}</td>'
    '<td><form method="post" action="{nudge}" class="inline">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
    '<input type="hidden" name="next" value="{back}">'
    '<button type="submit" class="small-button">{nudge_label}</button></form></td></tr>'
)


@register.simple_tag(takes_context=True)
def target_rows(context, rows, empty):
    """The rows of a list of targets, with a 催办 button each. Built here rather than in a
    template loop: a 驾驶舱 page shows up to ninety such rows, and the template engine spent
    a quarter of the page's time on them. Every value is escaped by format_html."""
    if not rows:
        return format_html('<tr><td colspan="8" class="empty">{}</td></tr>', empty)
    request = context["request"]
    shared = {"token": get_token(request), "back": request.get_full_path(), "nudge_label": _("催办")}
    # Reversed once per list; only the id changes from row to row.
    detail_url, nudge_url = (
        reverse(name, args=[SENTINEL]).replace(str(SENTINEL), "{}") for name in ("targets:detail", "targets:nudge")
    )
    html = []
    for target in rows:
        task = target.task
        html.append(
            format_html(
                TARGET_ROW,
                status=target.status,
                label=status_label(target.status),
                detail=detail_url.format(target.pk),
                metric=target.metric,
                plan=task.plan.title,
                target=target_value(target),
                current=amount(target.current_value, target),
                end=target.period_end.isoformat(),
                bureau=(target.assigned_bureau or task.plan.bureau).name,
                department=task.lead_department.name if task.lead_department else "—",
                leader=task.responsible_leader or "—",
                nudge=nudge_url.format(target.pk),
                **shared,
            )
        )
    return mark_safe("".join(html))
