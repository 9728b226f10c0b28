from django import forms
from django.contrib import admin

from accounts.admin_site import CouncilScopedAdmin
from accounts.roles import Perm

from .models import Comparator


class ComparatorForm(forms.ModelForm):
    council_id: int | None = None  # set by the admin for the signed-in administrator

    class Meta:
        model = Comparator
        fields = ["year", "indicator", "kind", "percent", "source"]

    def clean(self):
        cleaned = super().clean()
        clash = Comparator.objects.filter(
            council_id=self.council_id,
            year=cleaned.get("year"),
            indicator=cleaned.get("indicator"),
            kind=cleaned.get("kind"),
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                "There is already a figure for this year, indicator and comparison: change it "
                "instead"
            )
        return cleaned


@admin.register(Comparator)
class ComparatorAdmin(CouncilScopedAdmin):
    """National, regional and statistical-neighbour figures, per year and indicator."""

    form = ComparatorForm
    permission = Perm.SETTINGS_MANAGE
    list_display = ["year", "indicator", "kind", "percent", "source"]
    list_filter = ["year", "indicator", "kind"]
    fields = ["year", "indicator", "kind", "percent", "source"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.council_id = request.user.council_id
        return form

    def save_model(self, request, obj, form, change):
        obj.council_id = request.user.council_id
        super().save_model(request, obj, form, change)
