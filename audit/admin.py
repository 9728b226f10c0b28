from django.contrib import admin

from accounts.roles import Perm
from core.admin_site import CouncilScopedAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(CouncilScopedAdmin):
    """Read-only: the audit log can be listed and filtered, never changed."""

    permission = Perm.AUDIT_VIEW
    can_add = False
    actions = None
    list_display = [
        "occurred_at",
        "actor_email",
        "action",
        "object_type",
        "object_repr",
        "ip_address",
    ]
    list_filter = ["action", "object_type", "occurred_at"]
    search_fields = ["actor_email", "object_id", "object_repr"]
    date_hierarchy = "occurred_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
