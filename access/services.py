"""Writes of user management (用户管理): an admin adds, edits, resets the password of,
deactivates and reactivates the people of the bureaus in its scope. Each function checks the
scope itself (so a form, a command and the shell behave alike), runs in one transaction and
leaves a PersonChange behind."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import Bureau, Department, Membership

from . import scoping
from .selectors import person_membership
from .models import PersonChange, Profile

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
        "username": person.username, "name": person.first_name, "phone": profile.phone if profile else "",
        "bureau": membership.bureau.name if membership else "",
        "department": membership.department.name if membership and membership.department else "",
        "role": membership.role if membership else "",
    }


@transaction.atomic
def person_create(
    *, actor, username: str, name: str, phone: str = "", bureau: Bureau, department: Department | None,
    role: str, password: str,
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
    PersonChange.objects.create(person=person, actor=actor, action=PersonChange.Action.CREATED, detail=_snapshot(person))
    return person


@transaction.atomic
def person_update(
    *, actor, person, username: str, name: str, phone: str = "", bureau: Bureau, department: Department | None,
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
    membership.bureau, membership.department, membership.role = bureau, department, role
    membership.full_clean()
    membership.save()
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
