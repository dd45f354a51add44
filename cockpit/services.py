"""Writes of the 驾驶舱: saving a bulletin."""

from django.db import transaction

from units.models import Bureau

from .models import Bulletin


def bulletin_save(*, actor, issuer: Bureau, content: dict) -> Bulletin:
    """Keeps a composed bulletin as it stands, with who saved it."""
    with transaction.atomic():
        bulletin = Bulletin(
            issuer=issuer,
            title=content["title"],
            scope_key=content["scope"]["key"],
            scope_name=content["scope"]["name"],
            period_label=content["period_label"],
            as_of=content["as_of"],
            issued_on=content["issued_on"],
            content=content,
            created_by=actor,
        )
        bulletin.full_clean()
        bulletin.save()
    return bulletin
