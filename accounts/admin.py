from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent

from .admin_site import CouncilScopedAdmin
from .identity import normalise_email
from .models import Council, Team, User, UserRole
from .roles import Perm
from .selectors.two_factor import app_device
from .services.invitations import VALID_DAYS, send_invitation
from .services.two_factor import reset_second_factor

# Roles, not Django groups, carry permissions (accounts.roles).
admin.site.unregister(Group)
# django-otp's own admin pages list every council's devices (and their secrets): an
# administrator resets a person's second factor from the people list instead.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


@admin.register(Council)
class CouncilAdmin(CouncilScopedAdmin):
    council_path = "pk"
    can_add = False
    list_display = [
        "name",
        "review_interval_months",
        "contact_interval_weeks",
        "two_factor_required",
    ]
    fields = [
        "name",
        "review_interval_months",
        "contact_interval_weeks",
        "post_move_visit_days",
        "suppression_threshold",
        "two_factor_required",
        "person_id_pattern",
        "person_id_format",
    ]


@admin.register(Team)
class TeamAdmin(CouncilScopedAdmin):
    list_display = ["name"]
    fields = ["name"]
    search_fields = ["name"]


class UserRoleInline(admin.StackedInline):
    model = UserRole
    extra = 1
    fields = ["role"]

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "job_title", "phone", "team", "is_active"]

    #: The same words whether the address is taken in this council or another: the admin must
    #: not reveal who works for other councils.
    EMAIL_TAKEN = (
        "This email address cannot be used for a new account. Check it is right; if it is, "
        "ask your leavingcare service desk"
    )

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(self.EMAIL_TAKEN)
        return email


@admin.register(User)
class UserAdmin(CouncilScopedAdmin):
    form = UserAdminForm
    inlines = [UserRoleInline]
    list_display = ["full_name", "email", "team", "is_active", "last_login"]
    list_filter = ["is_active", "team", "roles__role"]
    search_fields = ["full_name", "email"]
    readonly_fields = ["last_login", "date_joined", "two_factor_status"]
    fields = [
        "email",
        "full_name",
        "job_title",
        "phone",
        "team",
        "is_active",
        "last_login",
        "date_joined",
        "two_factor_status",
    ]

    actions = ["send_invitations", "reset_two_factor"]

    @admin.display(description="Two-factor authentication")
    def two_factor_status(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "Not set up"
        app = app_device(obj)
        if app is None:
            return "Not set up"
        return f"Authenticator app set up on {timezone.localdate(app.created_at):%d/%m/%Y}"

    @admin.action(description="Reset two-factor authentication (a lost phone)")
    def reset_two_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            reset_second_factor(user=user, by=request.user, request=request)
        names = ", ".join(user.email for user in users)
        self.message_user(
            request,
            f"Two-factor authentication reset for {names}. Their app and recovery codes no "
            "longer work; they set up an app again the next time they sign in if your council "
            "requires it.",
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            # New people choose their own password, from the invitation emailed to them.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(lambda: self._invite(request, [obj]))

    @admin.action(description="Send an invitation to choose a password")
    def send_invitations(self, request, queryset):
        self._invite(request, list(queryset))

    def _invite(self, request, users) -> None:
        for user in users:
            send_invitation(user=user, by=request.user, request=request)
        names = ", ".join(user.email for user in users)
        self.message_user(
            request,
            f"Invitation emailed to {names}. The link works once, for {VALID_DAYS} days.",
            messages.SUCCESS,
        )


class ObjectTypeFilter(admin.AllValuesFieldListFilter):
    """ "By object type", where an event about no single record (a list shown, a sign-in) has
    words to click instead of an empty link."""

    NONE = "No single record (a list, a sign-in)"

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice.get("display") == "":
                choice = choice | {"display": self.NONE}
            yield choice


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
    list_filter = ["action", ("object_type", ObjectTypeFilter), "occurred_at"]
    search_fields = ["actor_email", "object_id", "object_repr"]
    date_hierarchy = "occurred_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
