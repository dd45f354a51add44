"""Which objects a user may see, and which it may change. Every view, export and download
asks this module; nothing looks an object up by id outside of it.

- An officer (填报员) sees and reports on the targets of published plans whose task its
  department leads or co-owns (all tasks of the bureau if it has no department), and the
  shares of split targets assigned to its bureau.
- A leader (领导) sees its bureau and every bureau under it (a city bureau's leader sees the
  county bureaus it supervises), and reviews the reports there.
- An admin (管理员) manages plans, departments and users in the same scope as a leader.
- A superuser sees and manages everything. An inactive user sees nothing.

The bureau tree is read with one query per user and request: bureaus under a bureau are in
regions under its region, so a division-code prefix bounds the search with no recursion.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from units.models import Bureau, Department, Membership, Region, division_prefix

Role = Membership.Role


class _Governed:
    """The models this policy governs on the floors above it, found by label as a ForeignKey
    names them ("plans.Plan"). The apps that own them ask this module what a user may see, so
    it cannot import them: the dependency is by name, resolved once the apps are loaded."""

    LABELS = {
        "Plan": "plans.Plan",
        "Task": "plans.Task",
        "Target": "targets.Target",
        "ProgressReport": "targets.ProgressReport",
        "Nudge": "targets.Nudge",
    }

    def __getattr__(self, name):
        return apps.get_model(self.LABELS[name])


governed = _Governed()
SUPERVISING_ROLES = (Role.LEADER, Role.ADMIN)


@dataclass(frozen=True)
class Scope:
    is_superuser: bool = False
    # bureau id -> ids of that bureau and all under it, for each role held there
    leader_bureaus: frozenset[int] = frozenset()
    admin_bureaus: frozenset[int] = frozenset()
    # (bureau id, department id or None) for each officer membership
    officer_posts: tuple[tuple[int, int | None], ...] = ()
    region_prefixes: tuple[str, ...] = field(default=())

    @property
    def supervised_bureaus(self) -> frozenset[int]:
        return self.leader_bureaus | self.admin_bureaus

    @property
    def officer_bureaus(self) -> frozenset[int]:
        return frozenset(bureau for bureau, _ in self.officer_posts)

    @property
    def visible_bureaus(self) -> frozenset[int]:
        return self.supervised_bureaus | self.officer_bureaus

    @property
    def roles(self) -> set[str]:
        roles = set()
        if self.officer_posts:
            roles.add(Role.OFFICER)
        if self.leader_bureaus:
            roles.add(Role.LEADER)
        if self.admin_bureaus:
            roles.add(Role.ADMIN)
        return roles


EMPTY_SCOPE = Scope()


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (so once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_work_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._work_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    if user.is_superuser:
        return Scope(is_superuser=True)
    memberships = list(
        Membership.objects.filter(user=user).values_list(
            "role", "bureau_id", "department_id", "bureau__region__code", "bureau__region__level"
        )
    )
    supervising = [m for m in memberships if m[0] in SUPERVISING_ROLES]
    prefixes = tuple(sorted({division_prefix(code, level) for _, _, _, code, level in supervising}))
    subtree = _subtrees({bureau for _, bureau, _, _, _ in supervising}, prefixes)
    return Scope(
        leader_bureaus=frozenset().union(*(subtree[b] for r, b, *_ in supervising if r == Role.LEADER)),
        admin_bureaus=frozenset().union(*(subtree[b] for r, b, *_ in supervising if r == Role.ADMIN)),
        officer_posts=tuple((b, d) for r, b, d, *_ in memberships if r == Role.OFFICER),
        region_prefixes=prefixes,
    )


def _subtrees(roots: set[int], prefixes: tuple[str, ...]) -> dict[int, frozenset[int]]:
    if not roots:
        return {}
    candidates = Bureau.objects.filter(reduce(or_, (Q(region__code__startswith=p) for p in prefixes)))
    children: dict[int, list[int]] = {}
    for bureau_id, parent_id in candidates.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(bureau_id)
    result = {}
    for root in roots:
        seen, stack = {root}, [root]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        result[root] = frozenset(seen)
    return result


# --- roles ------------------------------------------------------------------------------


def is_officer(user) -> bool:
    return bool(scope_for(user).officer_posts)


def is_leader(user) -> bool:
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.leader_bureaus)


def is_admin(user) -> bool:
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.admin_bureaus)


def supervises(user, bureau_id: int) -> bool:
    """Whether the user leads or administers the bureau (or one above it)."""
    scope = scope_for(user)
    return scope.is_superuser or bureau_id in scope.supervised_bureaus


def home_role(user) -> str | None:
    """The role whose home page the user lands on after log-in."""
    scope = scope_for(user)
    if scope.is_superuser or scope.leader_bureaus:
        return Role.LEADER
    if scope.admin_bureaus:
        return Role.ADMIN
    if scope.officer_posts:
        return Role.OFFICER
    return None


# --- units ------------------------------------------------------------------------------


def bureaus_visible_to(user) -> QuerySet[Bureau]:
    scope = scope_for(user)
    if scope.is_superuser:
        return Bureau.objects.all()
    return Bureau.objects.filter(pk__any=scope.visible_bureaus)


def bureaus_managed_by(user) -> QuerySet[Bureau]:
    scope = scope_for(user)
    if scope.is_superuser:
        return Bureau.objects.all()
    return Bureau.objects.filter(pk__in=scope.admin_bureaus)


def regions_visible_to(user) -> QuerySet[Region]:
    """Regions at or under the region of each bureau the user supervises."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Region.objects.all()
    if not scope.region_prefixes:
        return Region.objects.filter(bureaus__in=scope.officer_bureaus).distinct()
    return Region.objects.filter(reduce(or_, (Q(code__startswith=p) for p in scope.region_prefixes)))


def departments_visible_to(user) -> QuerySet[Department]:
    return Department.objects.filter(bureau__in=bureaus_visible_to(user))


def departments_managed_by(user) -> QuerySet[Department]:
    return Department.objects.filter(bureau__in=bureaus_managed_by(user))


def memberships_managed_by(user) -> QuerySet[Membership]:
    """The memberships of the users the user manages (see `users_managed_by`)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(user__in=users_managed_by(user).values("pk"))


def users_managed_by(user):
    """Users an admin may manage: those all of whose memberships are in bureaus it
    administers. A user who also holds a post elsewhere (a city leader with an officer post
    in a county) is managed by an admin whose scope covers that post too, and a superuser
    or a user with no membership only by a superuser."""
    User = get_user_model()
    scope = scope_for(user)
    if scope.is_superuser:
        return User.objects.all()
    if not scope.admin_bureaus:
        return User.objects.none()
    inside = Membership.objects.filter(user=OuterRef("pk"), bureau__any=scope.admin_bureaus)
    elsewhere = Membership.objects.filter(user=OuterRef("pk")).exclude(bureau__any=scope.admin_bureaus)
    return User.objects.filter(Exists(inside), ~Exists(elsewhere), is_superuser=False)


# --- plans and targets --------------------------------------------------------------------


def plans_visible_to(user):
    Plan = governed.Plan

    scope = scope_for(user)
    if scope.is_superuser:
        return Plan.objects.all()
    live = [Plan.Status.PUBLISHED, Plan.Status.ARCHIVED]
    q = Q(bureau__in=scope.admin_bureaus) | Q(bureau__in=scope.leader_bureaus, status__in=live)
    if scope.officer_posts:
        q |= Q(pk__in=targets_reportable_by(user).values("task__plan"))
    return Plan.objects.filter(q)


def plans_managed_by(user):
    Plan = governed.Plan

    scope = scope_for(user)
    if scope.is_superuser:
        return Plan.objects.all()
    return Plan.objects.filter(bureau__in=scope.admin_bureaus)


def _target_in_bureaus(bureaus, statuses=None) -> Q:
    # Both sides test an indexed column of the target itself (task_id, assigned_bureau_id), so
    # the database can combine two index scans instead of joining every target to its plan.
    Task = governed.Task

    tasks = Task.objects.filter(plan__bureau__in=bureaus)
    shares = Q(assigned_bureau__in=bureaus)
    if statuses is not None:
        tasks = tasks.filter(plan__status__in=statuses)
        shares &= Q(task__in=Task.objects.filter(plan__status__in=statuses).values("pk"))
    return Q(task__in=tasks.values("pk")) | shares


def targets_visible_to(user):
    Plan = governed.Plan
    Target = governed.Target

    scope = scope_for(user)
    if scope.is_superuser:
        return Target.objects.all()
    live = [Plan.Status.PUBLISHED, Plan.Status.ARCHIVED]
    q = Q(pk__in=[])
    if scope.admin_bureaus:
        q |= _target_in_bureaus(scope.admin_bureaus)
    if scope.leader_bureaus:
        q |= _target_in_bureaus(scope.leader_bureaus, live)
    if scope.officer_posts:
        q |= _reportable_q(scope)
    return Target.objects.filter(q)


def dashboard_targets_visible_to(user):
    """What `targets_visible_to` gives, narrowed to published plans, written on the columns
    the 驾驶舱 keeps on each target (its plan; see `Target.stored_status`), so that rollups
    scan the targets alone. The 驾驶舱 refreshes those columns before it reads; a test holds
    this equal to the general rule."""
    Plan = governed.Plan
    Target = governed.Target

    scope = scope_for(user)
    published = Plan.objects.filter(status=Plan.Status.PUBLISHED)
    if scope.is_superuser:
        return Target.objects.filter(plan__in=published.values("pk"))
    if scope.officer_posts:  # rare for a leader: the general rule, exactly
        return targets_visible_to(user).filter(task__plan__status=Plan.Status.PUBLISHED)
    return _stored_targets_in(scope.supervised_bureaus, published)


def _stored_targets_in(bureaus, plans=None):
    """Targets of the bureaus' plans, and shares assigned to the bureaus, read on the columns
    the 驾驶舱 keeps on each target; only in `plans` if given. The plans' ids go as a list, not
    a subquery: then both sides of the OR are index scans, and a county leader's page reads its
    own few hundred targets, not the whole country's. (The lists go as one array parameter
    each: see units/lookups.py.)"""
    Plan = governed.Plan
    Target = governed.Target

    among = Plan.objects.all() if plans is None else plans
    own_plans = list(among.filter(bureau__any=bureaus).values_list("pk", flat=True))
    shares = Q(assigned_bureau__any=bureaus)
    if plans is not None:
        shares &= Q(plan__in=plans.values("pk"))
    return Target.objects.filter(Q(plan__any=own_plans) | shares)


def targets_reportable_by(user):
    """Targets the user may report progress on: an officer's own, in published plans."""
    Target = governed.Target

    return Target.objects.filter(_reportable_q(scope_for(user)))


def _reportable_q(scope: Scope) -> Q:
    Plan, Task = governed.Plan, governed.Task

    if not scope.officer_posts:
        return Q(pk__in=[])
    posts = []
    for bureau, department in scope.officer_posts:
        if department is None:
            posts.append(Q(task__plan__bureau=bureau))
        else:
            co_owned = Task.co_departments.through.objects.filter(task_id=OuterRef("task_id"), department_id=department)
            posts.append(
                Q(task__plan__bureau=bureau)
                & (Q(task__lead_department=department) | Q(task__bureau_wide=True) | Exists(co_owned))
            )
        posts.append(Q(assigned_bureau=bureau))
    return reduce(or_, posts) & Q(task__plan__status=Plan.Status.PUBLISHED)


def reports_visible_to(user):
    ProgressReport = governed.ProgressReport

    scope = scope_for(user)
    if scope.is_superuser:
        return ProgressReport.objects.all()
    return ProgressReport.objects.filter(target__in=targets_visible_to(user))


def reports_reviewable_by(user):
    """Reports a leader may approve or return: those on targets in the leader's bureaus,
    except its own (nobody reviews a report it submitted)."""
    ProgressReport = governed.ProgressReport

    scope = scope_for(user)
    if scope.is_superuser:
        return ProgressReport.objects.exclude(reporter=user)
    return ProgressReport.objects.filter(
        Q(target__task__plan__bureau__in=scope.leader_bureaus) | Q(target__assigned_bureau__in=scope.leader_bureaus)
    ).exclude(reporter=user)


def dashboard_reports_reviewable_by(user):
    """What `reports_reviewable_by` gives, found the way the 驾驶舱 can afford at national
    scale: the leader's targets first, through the indexes on their stored plan and assigned
    bureau (see `Target.stored_status`; fresh whenever the 驾驶舱 reads), then their reports,
    rather than every waiting report in the country joined to its plan. A test holds the two
    equal."""
    ProgressReport = governed.ProgressReport

    scope = scope_for(user)
    if scope.is_superuser:
        return ProgressReport.objects.exclude(reporter=user)
    return ProgressReport.objects.filter(target__in=_stored_targets_in(scope.leader_bureaus).values("pk")).exclude(
        reporter=user
    )


def nudges_for(user):
    """Reminders addressed to the officer: to its department, or to its bureau as a whole."""
    Nudge = governed.Nudge

    scope = scope_for(user)
    if not scope.officer_posts:
        return Nudge.objects.none()
    addressed = [
        Q(bureau=bureau) & (Q(department__isnull=True) | Q(department=department) if department else Q())
        for bureau, department in scope.officer_posts
    ]
    return Nudge.objects.filter(reduce(or_, addressed))
