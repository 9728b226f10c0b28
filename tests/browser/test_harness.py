"""The accessibility harness itself: a planted violation is caught and reported readably, and
a page visited without a check is noticed."""

import pytest

from .harness import assert_accessible, tracker_for, unchecked_pages, visit


def test_planted_violation_is_reported(page):
    visit(page, "/sign-in/")  # the real page passes

    page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.type = "text";
            input.id = "planted";
            document.querySelector("main").appendChild(input);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    message = str(failure.value)
    print(message)
    assert "rule label:" in message
    assert "#planted" in message
    assert '<input type="text" id="planted">' in message
    assert "impact: critical" in message
    assert page.url in message


def test_a_page_visited_without_a_check_is_noticed(page):
    visit(page, "/sign-in/")
    assert unchecked_pages(page) == []

    page.goto("/privacy/")
    page.goto("/accessibility/?from=footer#top")
    assert unchecked_pages(page) == ["/privacy/", "/accessibility/?from=footer"]

    assert_accessible(page)
    assert unchecked_pages(page) == ["/privacy/"]

    visit(page, "/privacy/")
    assert unchecked_pages(page) == []
    assert tracker_for(page).visited == ["/sign-in/", "/privacy/", "/accessibility/?from=footer"]
