"""Small-number suppression: nothing below the threshold is printed, and no printed total lets
a reader work a hidden cell out (property-style over many random tables)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from core import suppression
from core.suppression import SUPPRESSED, Sum, grid_cells, suppress, suppress_grid


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by plain Gaussian elimination (independent of the module's reduction)."""
    m = [r[:] for r in rows]
    rank = 0
    width = len(m[0]) if m else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(rank + 1, len(m)):
            factor = m[i][col] / m[rank][col]
            m[i] = [a - factor * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
    return rank


def _recoverable(cells, sums, hidden) -> list:
    """Hidden cells a reader can compute from the printed cells: e_k is in the row space of
    the equations restricted to the hidden cells."""
    variables = [k for k in cells if k in hidden]
    rows = []
    for s in sums:
        row = [Fraction(0)] * len(variables)
        for i, k in enumerate(variables):
            if k in s.members:
                row[i] += 1
            if k == s.total:
                row[i] -= 1
        rows.append(row)
    base = _rank(rows) if rows else 0
    found = []
    for i, k in enumerate(variables):
        unit = [Fraction(int(j == i)) for j in range(len(variables))]
        if _rank(rows + [unit]) == base:
            found.append(k)
    return found


def _check(cells, sums, hidden, threshold):
    # Primary: every small count is hidden.
    for key, value in cells.items():
        if 0 < value < threshold:
            assert key in hidden, (key, value)
    for s in sums:
        everything = (*s.members, s.total)
        hidden_here = [k for k in everything if k in hidden]
        # Never exactly one hidden cell in a sum: it would be the total minus the others.
        assert len(hidden_here) != 1, (s, hidden_here)
        # With the total printed, the hidden members together are not a small number.
        if s.total not in hidden:
            difference = sum(cells[m] for m in s.members if m in hidden)
            assert difference == 0 or difference >= threshold, (s, difference)
    # And no combination of printed totals pins a hidden cell down.
    assert _recoverable(cells, sums, hidden) == []


def _random_table(rng: random.Random) -> list[list[int]]:
    rows, columns = rng.randint(1, 4), rng.randint(1, 5)
    pool = [0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 35]
    return [[rng.choice(pool) for _ in range(columns)] for _ in range(rows)]


@pytest.mark.parametrize("seed", range(400))
def test_it_leaves_no_suppressed_cell_recoverable_in_random_tables(seed):
    rng = random.Random(seed)
    threshold = rng.choice([3, 5, 10])
    values = _random_table(rng)
    grid = suppress_grid(values, threshold=threshold)
    cells, sums = grid_cells(values)
    _check(cells, sums, set(grid.hidden), threshold)
    # Every hidden cell prints as c, every other one as its number.
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            expected = SUPPRESSED if ("cell", i, j) in grid.hidden else value
            assert grid.cell(i, j) == expected


@pytest.mark.parametrize("seed", range(100))
def test_it_protects_tables_that_share_cells(seed):
    """Numerator, complement and denominator per age group, with totals across the groups:
    the shape of the performance report's tables."""
    rng = random.Random(1000 + seed)
    threshold = 5
    groups = ["17-18", "19-21"]
    cells = {}
    sums = []
    for g in groups:
        yes, no = rng.choice([0, 1, 2, 4, 6, 15, 30]), rng.choice([0, 1, 3, 5, 9, 40])
        cells["yes", g], cells["no", g], cells["counted", g] = yes, no, yes + no
        sums.append(Sum((("yes", g), ("no", g)), ("counted", g)))
    for what in ("yes", "no", "counted"):
        cells[what, "all"] = sum(cells[what, g] for g in groups)
        sums.append(Sum(tuple((what, g) for g in groups), (what, "all")))
    sums.append(Sum((("yes", "all"), ("no", "all")), ("counted", "all")))
    hidden = suppress(cells, sums, threshold=threshold)
    _check(cells, sums, hidden, threshold)


def test_it_hides_only_small_counts_and_shows_zeros():
    grid = suppress_grid([[0, 40], [30, 50]], threshold=5)
    assert grid.hidden == frozenset()
    assert grid.cell(0, 0) == 0


def test_it_hides_a_second_cell_when_one_alone_could_be_subtracted_from_the_total():
    grid = suppress_grid([[3, 10, 40]], threshold=5)
    # 3 is primary; 10 is the smallest other cell in the row, so it goes too.
    assert grid.cell(0, 0) == SUPPRESSED
    assert grid.cell(0, 1) == SUPPRESSED
    assert grid.cell(0, 2) == 40
    assert grid.row_total(0) == 53


def test_it_does_not_choose_a_zero_when_a_real_count_can_hide_the_small_one():
    grid = suppress_grid([[3, 0, 7]], threshold=5)
    assert grid.cell(0, 1) == 0
    assert grid.cell(0, 2) == SUPPRESSED


def test_it_treats_a_small_difference_between_total_and_shown_cells_as_disclosive():
    # 1 and 2 hidden would still leave "3" = 53 - 50 on the page.
    cells = {"a": 1, "b": 2, "c": 50, "t": 53}
    hidden = suppress(cells, [Sum(("a", "b", "c"), "t")], threshold=5)
    assert hidden == {"a", "b", "c"}


def test_it_hides_a_cell_that_two_rectangles_of_hidden_cells_would_give_away():
    # Each row and column holds two hidden cells, yet the cell joining the two blocks follows
    # from the totals; the solver must catch it.
    values = [
        [1, 1, 0, 0, 30],
        [1, 1, 9, 0, 30],
        [0, 0, 1, 1, 30],
        [0, 0, 1, 1, 30],
        [30, 30, 30, 30, 30],
    ]
    cells, sums = grid_cells(values)
    hidden = suppress(cells, sums, threshold=5)
    _check(cells, sums, hidden, 5)


def test_it_gives_percentages_of_a_hidden_count_as_c():
    assert suppression.percent(3, 40, hidden=True) == SUPPRESSED
    assert suppression.percent(30, 40, hidden=False) == 75.0
    assert suppression.percent(0, 0, hidden=False) is None


@pytest.mark.parametrize("values", [[[2, 3], [4, 6]], [[1, 6], [7, 9]], [[5, 0], [2, 8]]])
def test_it_leaves_every_hidden_cell_open_to_more_than_one_value(values):
    """Brute force on 2 x 2 tables: for each hidden cell there are at least two non-negative
    completions that agree with everything printed."""
    grid = suppress_grid(values, threshold=5)
    cells, sums = grid_cells(values)
    keys = list(cells)
    hidden = [k for k in keys if k in grid.hidden]
    limit = max(cells.values()) + 1
    completions = []
    for guess in itertools.product(range(limit), repeat=len(hidden)):
        trial = {**cells, **dict(zip(hidden, guess, strict=True))}
        if all(sum(trial[m] for m in s.members) == trial[s.total] for s in sums):
            completions.append(guess)
    assert completions
    for position in range(len(hidden)):
        assert len({c[position] for c in completions}) > 1, hidden[position]
