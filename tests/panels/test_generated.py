"""The registry of generated papers: other apps add their own kinds."""

from __future__ import annotations

import dataclasses

import pytest
from django import forms

from devtools import samples
from panels import generated, pack
from panels.generated import GENERATORS, Generator, register
from panels.pack_spec import PART_B, Item, Paper
from tests.panels import pdfs


class _Options(forms.Form):
    heading = forms.CharField(label="Heading")


def _render(*, pack, paper) -> bytes:
    return samples.upload_pdf(pages=2, title=paper.options["heading"], text=pack.council_name)


@pytest.fixture
def survey_generator():
    generator = Generator(
        key="test-survey", label="Survey results", form_class=_Options, render=_render
    )
    register(generator)
    yield generator
    GENERATORS.pop("test-survey", None)


def test_it_comes_with_the_performance_report():
    performance = GENERATORS["performance"]
    assert performance.label == "Performance report"
    assert issubclass(performance.form_class, forms.Form)


def test_it_builds_a_pack_with_a_paper_from_a_registered_generator(survey_generator):
    paper = Paper(
        kind="generated",
        title="Survey results",
        generator="test-survey",
        options={"heading": "What care leavers told us"},
    )
    spec = dataclasses.replace(
        samples.sample_pack(upload_pages=(), report=False),
        part=PART_B,
        items=(Item(1, "Survey", PART_B, papers=(paper,)),),
    )
    built = pack.build(spec)
    pages = pdfs.texts(built.pdf)
    first, last = built.ranges[1]
    assert last - first == 1
    assert "What care leavers told us" in pages[first - 1]
    assert "Agenda Item 1" in pages[first - 1]


def test_it_refuses_a_second_generator_under_the_same_key(survey_generator):
    register(survey_generator)  # the same one again is harmless
    with pytest.raises(ValueError, match="already registered"):
        register(dataclasses.replace(survey_generator, label="Something else"))


def test_it_names_the_paper_when_a_generator_fails(survey_generator):
    paper = Paper(kind="generated", title="Survey results", generator="test-survey", options={})
    spec = dataclasses.replace(
        samples.sample_pack(upload_pages=(), report=False),
        part=PART_B,
        items=(Item(4, "Survey", PART_B, papers=(paper,)),),
    )
    with pytest.raises(pack.PackError, match=r"^Item 4, 'Survey results': "):
        pack.build(spec)


def test_it_names_a_paper_whose_generator_is_not_registered():
    paper = Paper(kind="generated", title="Old paper", generator="retired-kind")
    spec = dataclasses.replace(
        samples.sample_pack(upload_pages=(), report=False),
        part=PART_B,
        items=(Item(2, "Old", PART_B, papers=(paper,)),),
    )
    with pytest.raises(pack.PackError, match="there is no generated paper called 'retired-kind'"):
        pack.build(spec)


def test_its_option_forms_render_with_the_govuk_renderer():
    html = str(GENERATORS["performance"].form_class())
    assert "govuk-form-group" in html
    assert "Collection year" in html


def test_it_can_render_a_paper_by_its_key(survey_generator):
    spec = samples.sample_pack(upload_pages=(), report=False)
    paper = Paper(kind="generated", title="x", generator="test-survey", options={"heading": "Hi"})
    assert generated.render(pack=spec, paper=paper).startswith(b"%PDF")
