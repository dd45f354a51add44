"""Writes of the notices app: storing the reminders of a run, delivering them, marking
notices read, a user's email choice."""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Membership

from .channels import PERSON, ChannelError, channels
from .models import BureauChannels, Delivery, NoticePreference, Notification
from .reminders import Reminder, due_reminders

log = logging.getLogger("notices")


@dataclass
class RunResult:
    due: int = 0  # reminders due now, whether sent before or not
    new: int = 0  # stored (and so sent) by this run
    recipients: int = 0
    deliveries: dict[str, int] = field(default_factory=dict)  # channel -> messages composed
    sent: int = 0
    failed: int = 0


def reminders_send(*, today: date | None = None, now: datetime | None = None, deliver: bool = True) -> RunResult:
    """One run of `send_reminders`: stores every due reminder not stored before (the unique
    key makes a second run, or a concurrent one, store nothing again), composes one digest
    per person and one post per bureau group for what this run stored, and after commit
    delivers them, and any earlier delivery due for a retry."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    result = RunResult()
    reminders = due_reminders(today=today, now=now)
    result.due = len(reminders)
    # Sorted by key: concurrent runs then wait for each other's rows in one order, never in a cycle.
    reminders.sort(key=lambda r: r.key)
    run = uuid4()
    with transaction.atomic():
        _store(reminders, run)
        stored = list(
            Notification.objects.filter(run=run)
            .select_related("recipient")
            .order_by("recipient_id", "created_at", "pk")
        )
        result.new = len(stored)
        result.recipients = len({n.recipient_id for n in stored})
        result.deliveries = _compose_deliveries(stored)
        if deliver:
            transaction.on_commit(lambda: _deliver_into(result, now=None))
    return result


def _store(reminders: list[Reminder], run) -> None:
    existing_keys = set()
    batch = 5000
    for start in range(0, len(reminders), batch):
        chunk = reminders[start : start + batch]
        existing_keys |= set(Notification.objects.filter(key__in=[r.key for r in chunk]).values_list("key", flat=True))
    rows = [
        Notification(
            recipient_id=r.recipient_id,
            kind=r.kind,
            key=r.key,
            target_id=r.target_id,
            report_id=r.report_id,
            nudge_id=r.nudge_id,
            title=r.title[:200],
            body=r.body,
            url=r.url,
            run=run,
        )
        for r in reminders
        if r.key not in existing_keys
    ]
    # A concurrent run may store the same keys between the read above and this insert: the
    # unique key decides, and the loser's rows are ignored (they are not in its `run`).
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def _compose_deliveries(stored: list[Notification]) -> dict[str, int]:
    if not stored:
        return {}
    in_use = channels()
    users = {n.recipient_id: n.recipient for n in stored}
    bureaus_of: dict[int, list[int]] = defaultdict(list)
    for user, bureau in Membership.objects.filter(user__in=list(users)).values_list("user_id", "bureau_id"):
        bureaus_of[user].append(bureau)
    all_bureaus = {b for bs in bureaus_of.values() for b in bs}
    bureau_channels = {c.bureau_id: c for c in BureauChannels.objects.filter(bureau__in=all_bureaus)}
    preferences = {p.user_id: p for p in NoticePreference.objects.filter(user__in=list(users))}
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notice in stored:
        by_user[notice.recipient_id].append(notice)

    deliveries: list[tuple[Delivery, list[Notification]]] = []
    group_notices: dict[tuple[str, int], list[Notification]] = defaultdict(list)
    for user_id, notices in by_user.items():
        user = users[user_id]
        for channel in in_use.values():
            if channel.audience == PERSON:
                # A person's channel is on when it is on in one of the person's bureaus.
                settings_ = [bureau_channels.get(b) for b in bureaus_of[user_id]] or [None]
                on = any(channel.enabled(bureau_channels=s, preference=preferences.get(user_id)) for s in settings_)
                if on and user.email:
                    deliveries.append((_person_digest(channel.name, user, notices), notices))
            else:
                for bureau in bureaus_of[user_id]:
                    if channel.enabled(bureau_channels=bureau_channels.get(bureau)):
                        group_notices[channel.name, bureau].extend(notices)
    for (channel_name, bureau), notices in group_notices.items():
        deliveries.append((_group_digest(channel_name, bureau, notices), notices))

    now = timezone.now()
    for delivery, _notices in deliveries:
        delivery.next_attempt_at = now
    Delivery.objects.bulk_create([d for d, _ in deliveries], batch_size=1000)
    Through = Delivery.notifications.through
    Through.objects.bulk_create(
        [Through(delivery_id=d.pk, notification_id=n.pk) for d, notices in deliveries for n in notices],
        batch_size=5000,
    )
    counts: dict[str, int] = defaultdict(int)
    for delivery, _notices in deliveries:
        counts[delivery.channel] += 1
    return dict(counts)


def _link(url: str) -> str:
    return f"{settings.NOTICE_SITE_URL.rstrip('/')}{url}" if url else ""


def _person_digest(channel: str, user, notices: list[Notification]) -> Delivery:
    name = user.get_full_name() or user.username
    lines = [_("%(name)s，您好：") % {"name": name}, "", _("您有 %(n)d 条新的提醒：") % {"n": len(notices)}, ""]
    for index, notice in enumerate(notices, 1):
        lines.append(f"{index}. 【{notice.get_kind_display()}】{notice.title}")
        if notice.body:
            lines.extend(f"   {line}" for line in notice.body.splitlines())
        if notice.url:
            lines.append(f"   {_link(notice.url)}")
    lines += ["", _("登录系统查看全部提醒：%(url)s") % {"url": _link("/notices/")}]
    return Delivery(
        channel=channel,
        recipient=user,
        address=user.email,
        subject=_("工作计划目标跟踪：您有 %(n)d 条新的提醒") % {"n": len(notices)},
        body="\n".join(lines),
    )


def _group_digest(channel: str, bureau_id: int, notices: list[Notification]) -> Delivery:
    # One line per reminder, naming everyone it went to, instead of one per person.
    seen: dict[tuple[str, str], list[str]] = {}
    for notice in notices:
        who = notice.recipient.get_full_name() or notice.recipient.username
        names = seen.setdefault((notice.get_kind_display(), notice.title), [])
        if who not in names:
            names.append(who)
    title = _("工作计划目标跟踪：%(n)d 条新的提醒") % {"n": len(seen)}
    lines = [f"### {title}"]
    for (kind, subject), names in seen.items():
        lines.append(f"- **{kind}** {subject}（{'、'.join(names)}）")
    lines.append(f"\n[{_('登录系统查看')}]({_link('/notices/')})")
    return Delivery(channel=channel, bureau_id=bureau_id, subject=title, body="\n".join(lines))


# --- delivering ---------------------------------------------------------------------------


def _deliver_into(result: RunResult, now=None) -> None:
    sent, failed = deliveries_send(now=now)
    result.sent, result.failed = sent, failed


def deliveries_send(*, now: datetime | None = None) -> tuple[int, int]:
    """Sends every delivery that is due (new, or failed earlier and due for its retry, or
    left 'sending' by a process that died), each claimed first so that two runs never send
    one twice. Returns (sent, failed)."""
    now = now or timezone.now()
    stuck = now - timedelta(seconds=settings.NOTICE_SENDING_STUCK_SECONDS)
    due = (
        Delivery.objects.filter(
            Q(state__in=[Delivery.State.PENDING, Delivery.State.RETRY], next_attempt_at__lte=now)
            | Q(state=Delivery.State.SENDING, claimed_at__lt=stuck)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = failed = 0
    for pk in list(due):
        outcome = delivery_send(delivery_id=pk, now=now)
        if outcome == Delivery.State.SENT:
            sent += 1
        elif outcome in (Delivery.State.RETRY, Delivery.State.FAILED):
            failed += 1
    return sent, failed


def _claim(delivery_id: int, now: datetime) -> bool:
    stuck = now - timedelta(seconds=settings.NOTICE_SENDING_STUCK_SECONDS)
    return bool(
        Delivery.objects.filter(pk=delivery_id)
        .filter(
            Q(state__in=[Delivery.State.PENDING, Delivery.State.RETRY], next_attempt_at__lte=now)
            | Q(state=Delivery.State.SENDING, claimed_at__lt=stuck)
        )
        .update(state=Delivery.State.SENDING, claimed_at=now)
    )


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> str | None:
    """Sends one delivery if no one else is sending it: up to NOTICE_RETRY_ATTEMPTS tries with
    growing pauses; still failing, it is marked for a later run (longer pauses again) until
    NOTICE_MAX_ATTEMPTS, then failed. Every failure is logged. Returns the new state, or None
    when another process had it."""
    if not _claim(delivery_id, now or timezone.now()):
        return None
    delivery = Delivery.objects.select_related("bureau__notice_channels", "recipient").get(pk=delivery_id)
    channel = channels().get(delivery.channel)
    error = _("渠道未启用：%(name)s") % {"name": delivery.channel} if channel is None else ""
    pause = settings.NOTICE_RETRY_BACKOFF_SECONDS
    tries = 0
    while channel is not None and tries < settings.NOTICE_RETRY_ATTEMPTS:
        tries += 1
        try:
            channel.send(delivery)
        except (ChannelError, BureauChannels.DoesNotExist) as failure:
            error = str(failure) or type(failure).__name__
            log.warning(
                "notice delivery %s via %s failed (attempt %d): %s",
                delivery.pk,
                delivery.channel,
                delivery.attempts + tries,
                error,
            )
            if tries < settings.NOTICE_RETRY_ATTEMPTS:
                time.sleep(pause)
                pause *= 2
            continue
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.SENT,
            attempts=delivery.attempts + tries,
            sent_at=timezone.now(),
            last_error="",
        )
        return Delivery.State.SENT
    attempts = delivery.attempts + max(tries, 1)
    final = attempts >= settings.NOTICE_MAX_ATTEMPTS or channel is None
    state = Delivery.State.FAILED if final else Delivery.State.RETRY
    rounds = max(1, attempts // settings.NOTICE_RETRY_ATTEMPTS)  # runs that have tried it
    later = timezone.now() + timedelta(seconds=settings.NOTICE_RETRY_LATER_SECONDS * 2 ** (rounds - 1))
    Delivery.objects.filter(pk=delivery.pk).update(
        state=state,
        attempts=attempts,
        last_error=error[:2000],
        next_attempt_at=None if final else later,
    )
    if final:
        log.error(
            "notice delivery %s via %s given up after %d attempts: %s", delivery.pk, delivery.channel, attempts, error
        )
    return state


# --- the user's side ----------------------------------------------------------------------


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Marks one of the actor's own notices read (others' are not the actor's to touch)."""
    if notification.recipient_id != actor.pk:
        raise PermissionError
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notice_preference_set(*, actor, email_enabled: bool) -> NoticePreference:
    preference, _created = NoticePreference.objects.update_or_create(
        user=actor, defaults={"email_enabled": email_enabled}
    )
    return preference
