"""No Part A pack names or identifies a young person (issue 7, item 6)."""

from __future__ import annotations

import dataclasses

import pytest

from devtools import samples
from panels import pack, privacy
from panels.pack_spec import PART_A, PART_B, Item, Paper
from tests.factories import CouncilFactory, YoungPersonFactory
from tests.panels import pdfs

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def young_people(council):
    people = [
        YoungPersonFactory(council=council, upn="A123456789012"),
        YoungPersonFactory(council=council, preferred_name="Wren"),
        YoungPersonFactory(council=council),
    ]
    YoungPersonFactory()  # another council's
    return people


def _spec(council, text: str, *, part: str = PART_A):
    paper = Paper(
        kind="upload",
        title="Case study.pdf",
        pdf=samples.upload_pdf(pages=1, title="Case study", text=text),
    )
    return dataclasses.replace(
        samples.sample_pack(council_id=council.pk, upload_pages=(), report=False),
        part=part,
        items=(
            Item(1, "Apologies for Absence", PART_A),
            Item(2, "Case study", part, papers=(paper,)),
        ),
    )


@pytest.mark.parametrize(
    "text",
    [
        "{p.legal_first_name} {p.legal_last_name}",
        "{p.legal_last_name}, {p.legal_first_name}",
        "{p.legal_first_name} {p.legal_last_name}!upper",
        "Wren {p.legal_last_name}",
        "Ref {p.person_id}",
        "UPN {p.upn}",
    ],
)
def test_it_refuses_a_part_a_pack_naming_or_identifying_a_young_person(council, young_people, text):
    person = young_people[0] if "upn" in text else young_people[1]
    with pytest.raises(pack.PackError) as caught:
        written = text.removesuffix("!upper").format(p=person)
        pack.build(_spec(council, written.upper() if text.endswith("!upper") else written))
    message = str(caught.value)
    assert message.startswith("Item 2, 'Case study.pdf': contains")
    assert "(page 3)" in message
    # The officer is told where, not who.
    assert person.legal_last_name not in message


def test_it_builds_part_b_with_a_name_in_it(council, young_people):
    person = young_people[0]
    built = pack.build(
        _spec(council, f"{person.legal_first_name} {person.legal_last_name}", part=PART_B)
    )
    assert person.legal_last_name in " ".join(pdfs.texts(built.pdf))


def test_it_ignores_another_councils_young_people_and_near_misses(council, young_people):
    other = YoungPersonFactory()
    person = young_people[2]
    text = f"{other.legal_first_name} {other.legal_last_name}; {person.legal_first_name} alone"
    built = pack.build(_spec(council, text))
    assert built.page_count == 3


def test_its_part_a_text_holds_no_name_or_id_of_any_young_person(council, young_people):
    built = pack.build(
        dataclasses.replace(
            samples.sample_pack(council_id=council.pk, upload_pages=(2, 1)), part=PART_A
        )
    )
    text = pdfs.flat(" ".join(pdfs.texts(built.pdf))).casefold()
    for person in young_people:
        assert person.person_id.casefold() not in text
        if person.upn:
            assert person.upn.casefold() not in text
        assert f"{person.legal_first_name} {person.legal_last_name}".casefold() not in text


def test_it_finds_a_name_split_over_two_pages():
    needles = privacy.Needles({})
    needles.add("Kestrel Testperson9", "the name")
    found = privacy.find_in_texts(
        ["nothing here", "ends with Kestrel", "Testperson9 begins"], needles
    )
    assert found == privacy.Found(3, "the name")
    assert privacy.find_in_texts(["Kestrel Testperson90"], needles) is None


def test_it_does_not_look_for_identifiers_too_short_to_be_safe(council):
    YoungPersonFactory(council=council, person_id="2026")
    needles = privacy.needles_for(council.pk)
    assert privacy.find_in_texts(["Friday 27 February 2026"], needles) is None


def test_it_reads_the_text_with_pypdf_when_pdftotext_is_missing(council, young_people, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    person = young_people[1]
    with pytest.raises(pack.PackError, match="contains the name of a young person"):
        pack.build(_spec(council, f"{person.legal_first_name} {person.legal_last_name}"))


def test_it_reads_the_same_pages_by_either_route(council):
    pdf = samples.upload_pdf(pages=3, title="Pages", text="Kestrel Testperson1")
    fast = privacy.page_texts(pdf)
    assert len(fast) == 3
    assert all("Kestrel Testperson1" in text for text in fast)
