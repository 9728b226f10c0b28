from datetime import date

from django import forms
from django.template import Context, Template

from core.forms import GovukDateField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on their passport")
    born_on = GovukDateField(label="Date of birth")
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=[("visit", "Home visit"), ("phone", "Phone")],
        widget=forms.RadioSelect,
    )


def render(form) -> str:
    return Template("{% load govuk %}{% govuk_error_summary form %}{{ form }}").render(
        Context({"form": form})
    )


def test_it_renders_labels_hints_and_inputs_as_govuk_components():
    html = render(ExampleForm())
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As on their passport</div>' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert 'class="govuk-radios"' in html
    assert 'name="born_on_day"' in html and 'name="born_on_year"' in html


def test_it_links_the_error_summary_to_each_field_including_the_day_of_a_date():
    form = ExampleForm(
        data={"name": "", "born_on_day": "31", "born_on_month": "2", "born_on_year": "2008"}
    )
    assert not form.is_valid()
    html = render(form)
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_born_on_day">Date of birth must be a real date</a>' in html
    assert '<a href="#id_kind_0">' in html
    assert "govuk-form-group--error" in html
    assert (
        '<span class="govuk-visually-hidden">Error:</span> Date of birth must be a real date'
        in html
    )


def test_it_keeps_what_was_typed_in_a_date_with_an_error():
    form = ExampleForm(data={"born_on_day": "31", "born_on_month": "2", "born_on_year": "2008"})
    form.is_valid()
    html = render(form)
    assert 'name="born_on_day" type="text" inputmode="numeric" value="31"' in html


def test_a_date_reads_day_month_and_year():
    form = ExampleForm(
        data={
            "name": "A",
            "kind": "visit",
            "born_on_day": "29",
            "born_on_month": "2",
            "born_on_year": "2008",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born_on"] == date(2008, 2, 29)


def test_a_date_missing_a_part_says_which():
    form = ExampleForm(data={"born_on_day": "1", "born_on_month": "", "born_on_year": "2008"})
    form.is_valid()
    assert form.errors["born_on"] == ["Date of birth must include a month"]


def test_a_required_empty_date_asks_for_it():
    form = ExampleForm(data={})
    form.is_valid()
    assert form.errors["born_on"] == ["Enter date of birth"]
