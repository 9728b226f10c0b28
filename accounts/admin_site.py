"""The Django admin, for administrators only, scoped to their own council.

Every model admin derives from ``CouncilScopedAdmin``: it shows only the administrator's
council's rows, offers only that council's related rows in drop-downs, and writes each
change to the audit log.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from audit import services as audit
from audit.models import Action

from .permissions import has_perm
from .roles import Perm


class LeavingcareAdminSite(admin.AdminSite):
    site_header = "Leaving care administration"
    site_title = "Leaving care administration"
    index_title = "Your council's users, teams and settings"

    def has_permission(self, request):
        user = request.user
        return user.is_active and has_perm(user, Perm.ADMIN_ACCESS) and user.council_id is not None

    def login(self, request, extra_context=None):
        """One way to sign in: the service's own page. Signed-in people without the
        administrator role are told they lack permission."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or request.path)


def _council_filter(model, council_id) -> dict:
    """How to keep ``model``'s rows to one council, or {} if it belongs to none."""
    if model._meta.label == "accounts.Council":
        return {"pk": council_id}
    if any(f.name == "council" for f in model._meta.get_fields()):
        return {"council_id": council_id}
    return {}


class CouncilRelatedListFilter(admin.RelatedFieldListFilter):
    """A "By team" (or any related record) filter that offers only the user's council's rows,
    never another council's names."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            ordering=ordering,
            limit_choices_to=_council_filter(field.related_model, request.user.council_id),
        )


class CouncilScopedAdmin(admin.ModelAdmin):
    council_path = "council"
    permission = Perm.USERS_MANAGE
    can_add = True
    can_delete = False

    def _allowed(self, request) -> bool:
        return has_perm(request.user, self.permission) and request.user.council_id is not None

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self.can_add and self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self.can_delete and self._allowed(request)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another council's record (or none at all): 404, never a hint that it exists.
        raise Http404

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.filter(**{self.council_path: request.user.council_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = _council_filter(db_field.related_model, request.user.council_id)
        if scope:
            kwargs["queryset"] = db_field.related_model.objects.filter(**scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        return [self._council_scoped(item) for item in super().get_list_filter(request)]

    def _council_scoped(self, item):
        """A filter on a foreign key offers only the user's council's rows."""
        if isinstance(item, str) and "__" not in item:
            field = self.model._meta.get_field(item)
            if field.many_to_one and _council_filter(field.related_model, 0):
                return (item, CouncilRelatedListFilter)
        return item

    def save_model(self, request, obj, form, change):
        if self.council_path == "council" and not getattr(obj, "council_id", None):
            obj.council_id = request.user.council_id
        super().save_model(request, obj, form, change)
        audit.record(
            action=Action.UPDATE if change else Action.CREATE,
            actor=request.user,
            obj=obj,
            request=request,
            detail={"via": "admin", "changed": list(form.changed_data)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(
                action=Action.UPDATE,
                actor=request.user,
                obj=form.instance,
                request=request,
                detail={"via": "admin", "changed": [str(formset.model._meta.verbose_name_plural)]},
            )

    def delete_model(self, request, obj):
        audit.record(
            action=Action.DELETE,
            actor=request.user,
            obj=obj,
            request=request,
            detail={"via": "admin"},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
