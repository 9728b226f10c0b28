"""Generated papers: papers the app writes from its own figures when a pack is built.

A generated paper is registered once, under a key, by the app that owns its figures::

    from panels.generated import Generator, register

    register(
        Generator(
            key="survey-results",
            label="Care leaver survey results",
            form_class=SurveyResultsOptionsForm,  # what the committee officer chooses
            render=render_survey_results,  # (*, pack, paper) -> PDF bytes
        )
    )

The committee officer picks the kind of paper for an agenda item, fills in its form (rendered
with the project's GOV.UK form renderer), and the form's ``cleaned_data`` is stored with the
paper as its options (JSON: keep values to strings, numbers, booleans and lists). When the
pack is built, ``render(pack=..., paper=...)`` is called with the :class:`panels.pack_spec.Pack`
(its ``part``, ``council_id`` and ``suppression_threshold`` say what may be printed) and the
:class:`panels.pack_spec.Paper` (``paper.options`` holds the choices). It returns the paper as
PDF bytes; the pack builder numbers its pages and stamps "Agenda Item N" on its first page, so
leave a top margin of about 25 mm and a bottom margin of about 20 mm.

In a Part A (public) pack a generated paper must print no young person's name or identifier
and must suppress small numbers (``core.suppression``); the builder refuses a Part A pack that
names a young person. An exception raised by ``render`` stops the build with a message naming
the paper. See docs/panels-generated-papers.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from .pack_spec import Pack, Paper


@dataclass(frozen=True)
class Generator:
    key: str  # stable: stored with every paper of this kind
    label: str  # "Performance report"
    form_class: type[forms.Form]  # the options the committee officer chooses
    render: Callable[..., bytes]  # render(*, pack: Pack, paper: Paper) -> PDF bytes
    description: str = ""  # one sentence for the officer choosing a kind of paper


#: key -> generator, in the order they were registered.
GENERATORS: dict[str, Generator] = {}


def register(generator: Generator) -> Generator:
    """Add a kind of generated paper. Registering the same key twice with a different
    generator is a mistake and raises ``ValueError``; registering the same one again (an app
    loaded twice in tests) is harmless."""
    existing = GENERATORS.get(generator.key)
    if existing is not None and existing != generator:
        raise ValueError(f"A generated paper called '{generator.key}' is already registered")
    GENERATORS[generator.key] = generator
    return generator


def render(*, pack: Pack, paper: Paper) -> bytes:
    generator = GENERATORS.get(paper.generator)
    if generator is None:
        raise KeyError(paper.generator)
    return generator.render(pack=pack, paper=paper)


def _register_builtin() -> None:
    from . import performance  # it does not import this module, so either may load first

    register(
        Generator(
            key=performance.KEY,
            label=performance.LABEL,
            form_class=performance.PerformanceOptionsForm,
            render=performance.render_performance,
            description=performance.DESCRIPTION,
        )
    )


_register_builtin()
