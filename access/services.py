"""Writes about people and who may be logged in.

- User management (用户管理): an admin adds, edits, resets the password of, deactivates and
  reactivates the people of the bureaus in its scope. Each function checks the scope itself
  (so a form, a command and the shell behave alike), runs in one transaction and leaves a
  PersonChange behind.
- Sessions: every change that alters what a user may do (it is deactivated, its password or
  its memberships change) ends the user's sessions through `user_sessions_end`, wherever the
  change is made: these services, the admin, the shell."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Bureau, Department, Membership

from . import scoping
from .models import PersonChange, Profile, UserSession
from .selectors import person_membership

User = get_user_model()


def _check_unit(actor, bureau: Bureau, department: Department | None) -> None:
    if not scoping.bureaus_managed_by(actor).filter(pk=bureau.pk).exists():
        raise PermissionDenied(_("您不能管理这个单位的用户。"))
    if department is not None and department.bureau_id != bureau.pk:
        raise ValidationError({"department": _("科室“%(d)s”不属于%(b)s。") % {"d": department.name, "b": bureau.name}})


def _check_person(actor, person) -> None:
    if not scoping.users_managed_by(actor).filter(pk=person.pk).exists():
        raise PermissionDenied(_("您不能管理这个用户。"))


def _check_password(password: str, person) -> None:
    try:
        validate_password(password, person)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


def _snapshot(person) -> dict:
    membership = person.memberships.order_by("pk").first()
    profile = Profile.objects.filter(user=person).first()
    return {
        "username": person.username,
        "name": person.first_name,
        "phone": profile.phone if profile else "",
        "bureau": membership.bureau.name if membership else "",
        "department": membership.department.name if membership and membership.department else "",
        "role": membership.role if membership else "",
    }


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    name: str,
    phone: str = "",
    bureau: Bureau,
    department: Department | None,
    role: str,
    password: str,
):
    """A new user with one role in a bureau of the actor's scope. Never staff or superuser:
    a person's rights come from the membership alone."""
    _check_unit(actor, bureau, department)
    person = User(username=username.strip(), first_name=name.strip(), is_active=True)
    person.full_clean(exclude=["password"])
    _check_password(password, person)
    person.set_password(password)
    person.save()
    profile = Profile(user=person, phone=phone.strip())
    profile.full_clean()
    profile.save()
    membership = Membership(user=person, bureau=bureau, department=department, role=role)
    membership.full_clean()
    membership.save()
    PersonChange.objects.create(
        person=person, actor=actor, action=PersonChange.Action.CREATED, detail=_snapshot(person)
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor,
    person,
    username: str,
    name: str,
    phone: str = "",
    bureau: Bureau,
    department: Department | None,
    role: str,
):
    """Changes a person's name, user name, phone and the one role the actor's scope covers.
    An admin may not move itself out of its own role or bureau (it would lock itself out)."""
    _check_person(actor, person)
    _check_unit(actor, bureau, department)
    person = User.objects.select_for_update().get(pk=person.pk)
    before = _snapshot(person)
    membership = person_membership(actor, person) or Membership(user=person)
    if person.pk == actor.pk and (membership.bureau_id != bureau.pk or membership.role != role):
        raise ValidationError(_("不能修改自己的单位或角色，请由上级管理员修改。"))
    person.username, person.first_name = username.strip(), name.strip()
    person.full_clean(exclude=["password"])
    person.save(update_fields=["username", "first_name"])
    profile, _created = Profile.objects.get_or_create(user=person)
    profile.phone = phone.strip()
    profile.full_clean()
    profile.save()
    moved = (membership.bureau_id, membership.department_id, membership.role) != (
        bureau.pk,
        department.pk if department else None,
        role,
    )
    membership.bureau, membership.department, membership.role = bureau, department, role
    membership.full_clean()
    membership.save()
    if moved:  # what the person may do changed: its sessions end with it
        user_sessions_end(user=person)
    after = _snapshot(person)
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changed:
        PersonChange.objects.create(person=person, actor=actor, action=PersonChange.Action.UPDATED, detail=changed)
    return person


@transaction.atomic
def person_set_password(*, actor, person, password: str):
    """Sets a new password chosen by the admin (checked by the password validators). The
    person's other sessions end with it: Django ties each session to the password hash."""
    _check_person(actor, person)
    person = User.objects.select_for_update().get(pk=person.pk)
    _check_password(password, person)
    person.set_password(password)
    person.save(update_fields=["password"])
    user_sessions_end(user=person, keep=None)
    PersonChange.objects.create(person=person, actor=actor, action=PersonChange.Action.PASSWORD)
    return person


@transaction.atomic
def person_deactivate(*, actor, person):
    """Stops a person from logging in; the reports and reviews it made stay. A deactivated
    user's sessions no longer authenticate (the backend refuses inactive users)."""
    _check_person(actor, person)
    if person.pk == actor.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        PersonChange.objects.create(person=person, actor=actor, action=PersonChange.Action.DEACTIVATED)
    user_sessions_end(user=person)  # reactivating later must not bring an old session back
    return person


@transaction.atomic
def person_activate(*, actor, person):
    """Lets a deactivated person log in again."""
    _check_person(actor, person)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        PersonChange.objects.create(person=person, actor=actor, action=PersonChange.Action.ACTIVATED)
    return person


def user_session_record(*, user, session_key: str) -> None:
    """Remembers that `session_key` is a session of `user` (called at log-in), and forgets
    the user's sessions that have ended meanwhile, so the records stay as few as the sessions."""
    if not session_key:
        return
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    UserSession.objects.filter(user=user).exclude(session_key__in=live).delete()
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def user_sessions_end(*, user, keep: str | None = None) -> int:
    """Ends every session of `user` (but `keep`, the acting request's own session when a
    user changes its own password). Returns how many sessions were ended."""
    records = UserSession.objects.filter(user=user)
    if keep:
        records = records.exclude(session_key=keep)
    keys = list(records.values_list("session_key", flat=True))
    ended, _ = Session.objects.filter(session_key__in=keys).delete()
    records.delete()
    return ended


@transaction.atomic
def user_set_active(*, actor, user, active: bool):
    """Activates or deactivates a user; a deactivated user's sessions end at once, so that
    reactivating it later does not bring an old session back to life."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    if not active:
        user_sessions_end(user=user)
    return user
