from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import scoping
from units.models import Bureau, Region

from .bulletins import DEFAULT_REQUIREMENTS, PERIOD_KINDS, Period, Scope


class BulletinForm(forms.Form):
    """What a 通报 covers: a scope the leader supervises, an ended period, the closing
    requirements."""

    scope = forms.ChoiceField(label=_("通报范围"))
    kind = forms.ChoiceField(label=_("通报周期"), choices=list(PERIOD_KINDS.items()), initial="quarter")
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("期次"),
        min_value=1,
        max_value=12,
        help_text=_("月度填月份，季度填 1–4，半年填 1–2，年初至今填截至的月份。"),
    )
    issued_on = forms.DateField(label=_("成文日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    requirements = forms.CharField(
        label=_("工作要求"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("通报结尾的工作要求，可修改；留空则使用默认文字。"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        last_quarter = (today.month - 1) // 3  # the last quarter that has ended; 0 in January–March
        self.fields["year"].initial = today.year if last_quarter else today.year - 1
        self.fields["number"].initial = last_quarter or 4
        self.fields["issued_on"].initial = today
        self.fields["requirements"].initial = DEFAULT_REQUIREMENTS
        self.scopes = bulletin_scopes(user)
        self.fields["scope"].choices = [(key, scope.name) for key, scope in self.scopes.items()]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            period = Period.parse(cleaned["kind"], cleaned["year"], cleaned["number"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if period.end > timezone.localdate():
            self.add_error(
                "number",
                _("%(period)s尚未结束（截至%(end)s），请选择已结束的期间。")
                % {"period": period.label, "end": period.end.isoformat()},
            )
        cleaned["period"] = period
        cleaned["scope_object"] = self.scopes[cleaned["scope"]]
        return cleaned


def bulletin_scopes(user) -> dict[str, Scope]:
    """The scopes a leader may write a bulletin on: the regions of the bureaus it leads and
    the regions one level under them, then those bureaus themselves."""
    scope = scoping.scope_for(user)
    if scope.is_superuser:
        bureaus = []
        regions = Region.objects.exclude(level=Region.Level.COUNTY)
    else:
        bureaus = list(
            Bureau.objects.filter(memberships__user=user, memberships__role=scoping.Role.LEADER)
            .select_related("region")
            .distinct()
        )
        tops = {b.region_id for b in bureaus}
        regions = scoping.regions_visible_to(user).filter(Q(pk__in=tops) | Q(parent__in=tops))
    scopes = {s.key: s for s in map(Scope.of_region, regions.order_by("code"))}
    scopes.update({s.key: s for s in map(Scope.of_bureau, sorted(bureaus, key=lambda b: b.region.code))})
    return scopes
