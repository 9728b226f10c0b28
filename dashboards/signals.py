"""Keep the cached dashboard figures honest: a change audited for a council moves its
version on (dashboards.selectors.cache)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from audit.models import Action, AuditEvent

from .services.cache import bump

CHANGES = {Action.CREATE, Action.UPDATE, Action.DELETE}


@receiver(post_save, sender=AuditEvent, dispatch_uid="dashboards-bump-on-change")
def bump_on_change(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    if created and instance.action in CHANGES:
        council_id = instance.council_id
        transaction.on_commit(lambda: bump(council_id))
