"""Small-number suppression for public documents (DOMAIN.md §4).

A public table must not let a reader learn a small count about young people, either because it
is printed or because it can be worked out from the figures that are printed. DfE marks a
suppressed cell ``c``. The rules here:

**Primary suppression.** Every count from 1 to ``threshold - 1`` (the council's
``suppression_threshold``, 5 unless an administrator changes it) is shown as ``c``.

**Zeros are shown.** A true zero is published as 0, as DfE and ONS usually do: hiding every
zero would hide most of a small council's tables and protect nobody in particular. A zero can
still say something about a whole group ("none of the 17 to 18 year olds is in touch"); that
is a property of the group, not of a person, and the panel needs to see it. A zero is also the
last choice for a secondary suppression (hiding it protects nothing that is not already
known to be nothing).

**Secondary suppression.** Tables are described as cells and the sums that tie them together
(``members`` add up to ``total``: a row and its total, a column and its total, a numerator,
its complement and the denominator). Hiding one cell of a sum whose other cells are shown
lets a reader subtract; so, repeated until nothing changes:

1. a sum with exactly one hidden cell (a member or its total) gets a second: the smallest
   shown member that is not zero (a zero only when nothing else is left), else its total;
2. a sum whose total is shown and whose hidden members add up to 1 to ``threshold - 1`` ("the
   total minus the others is a small number") gets another hidden member the same way, since
   that difference is itself a small count;
3. finally the whole set of sums is solved as linear equations (exact fractions): a hidden
   cell whose value follows from the printed figures, however many sums it takes (two
   hidden rectangles joined by one cell, say), gets the smallest shown cell of a sum it is
   in hidden too.

The result is a fixed point: no printed total recovers a hidden cell, one sum or many.

A percentage is suppressed when its numerator or its denominator is.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

SUPPRESSED = "c"

Key = Hashable


@dataclass(frozen=True)
class Sum:
    members: tuple[Key, ...]
    total: Key


def primary(cells: Mapping[Key, int], threshold: int) -> set[Key]:
    return {key for key, value in cells.items() if 0 < value < threshold}


def suppress(
    cells: Mapping[Key, int],
    sums: Iterable[Sum | tuple[Sequence[Key], Key]],
    *,
    threshold: int,
) -> set[Key]:
    """The keys of ``cells`` to print as ``c``."""
    equations = [s if isinstance(s, Sum) else Sum(tuple(s[0]), s[1]) for s in sums]
    for equation in equations:
        for key in (*equation.members, equation.total):
            if key not in cells:
                raise KeyError(f"a sum refers to {key!r}, which is not a cell")
    hidden = primary(cells, threshold)
    while True:
        if _by_line(cells, equations, hidden, threshold):
            continue
        if _by_solving(cells, equations, hidden):
            continue
        return hidden


def _pick(cells: Mapping[Key, int], candidates: Iterable[Key]) -> Key | None:
    """The cell to hide next: the smallest that is not zero, else a zero."""
    ordered = sorted(candidates, key=lambda k: (cells[k] == 0, cells[k]))
    return ordered[0] if ordered else None


def _by_line(cells, equations: list[Sum], hidden: set[Key], threshold: int) -> bool:
    for equation in equations:
        everything = (*equation.members, equation.total)
        hidden_here = [k for k in everything if k in hidden]
        if not hidden_here:
            continue
        hidden_sum = sum(cells[m] for m in equation.members if m in hidden)
        one_alone = len(hidden_here) == 1
        small_difference = equation.total not in hidden and 0 < hidden_sum < threshold
        if not (one_alone or small_difference):
            continue
        pick = _pick(cells, [m for m in equation.members if m not in hidden])
        if pick is None and equation.total not in hidden:
            pick = equation.total
        if pick is not None:
            hidden.add(pick)
            return True
    return False


def determined(cells: Mapping[Key, int], equations: list[Sum], hidden: set[Key]) -> list[Key]:
    """Hidden cells whose value the printed cells and the sums fix."""
    variables = [k for k in cells if k in hidden]
    index = {k: i for i, k in enumerate(variables)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * len(variables)
        for member in equation.members:
            if member in index:
                row[index[member]] += 1
        if equation.total in index:
            row[index[equation.total]] -= 1
        if any(row):
            rows.append(row)
    pivots = _reduce(rows, len(variables))
    free = set(range(len(variables))) - {col for col, _ in pivots}
    found = []
    for col, row in pivots:
        if all(row[f] == 0 for f in free):
            found.append(variables[col])
    return found


def _reduce(rows: list[list[Fraction]], width: int) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form: (pivot column, row) pairs."""
    rows = [r[:] for r in rows]
    pivots: list[tuple[int, list[Fraction]]] = []
    r = 0
    for col in range(width):
        found = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if found is None:
            continue
        rows[r], rows[found] = rows[found], rows[r]
        lead = rows[r][col]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((col, rows[r]))
        r += 1
        if r == len(rows):
            break
    return [(col, rows[i]) for i, (col, _row) in enumerate(pivots)]


def _by_solving(cells, equations: list[Sum], hidden: set[Key]) -> bool:
    for key in determined(cells, equations, hidden):
        candidates = [
            k
            for equation in equations
            if key in (*equation.members, equation.total)
            for k in (*equation.members, equation.total)
            if k not in hidden
        ]
        pick = _pick(cells, candidates)
        if pick is not None:
            hidden.add(pick)
            return True
    return False


# Tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A table of counts with row totals, column totals and a grand total, suppressed."""

    values: list[list[int]]  # interior
    row_totals: list[int]
    column_totals: list[int]
    grand_total: int
    hidden: frozenset  # ("cell", i, j), ("row", i), ("column", j), ("grand",)

    def cell(self, i: int, j: int) -> int | str:
        return SUPPRESSED if ("cell", i, j) in self.hidden else self.values[i][j]

    def row_total(self, i: int) -> int | str:
        return SUPPRESSED if ("row", i) in self.hidden else self.row_totals[i]

    def column_total(self, j: int) -> int | str:
        return SUPPRESSED if ("column", j) in self.hidden else self.column_totals[j]

    def grand(self) -> int | str:
        return SUPPRESSED if ("grand",) in self.hidden else self.grand_total


def grid_cells(values: list[list[int]]) -> tuple[dict, list[Sum]]:
    """Cells and sums of a table with row totals, column totals and a grand total."""
    rows, columns = len(values), len(values[0]) if values else 0
    cells: dict = {}
    for i in range(rows):
        for j in range(columns):
            cells["cell", i, j] = values[i][j]
        cells["row", i] = sum(values[i])
    for j in range(columns):
        cells["column", j] = sum(values[i][j] for i in range(rows))
    cells["grand",] = sum(cells["row", i] for i in range(rows))
    sums = [Sum(tuple(("cell", i, j) for j in range(columns)), ("row", i)) for i in range(rows)]
    sums += [Sum(tuple(("cell", i, j) for i in range(rows)), ("column", j)) for j in range(columns)]
    sums.append(Sum(tuple(("row", i) for i in range(rows)), ("grand",)))
    sums.append(Sum(tuple(("column", j) for j in range(columns)), ("grand",)))
    return cells, sums


def suppress_grid(values: list[list[int]], *, threshold: int) -> Grid:
    cells, sums = grid_cells(values)
    hidden = suppress(cells, sums, threshold=threshold)
    rows, columns = len(values), len(values[0]) if values else 0
    return Grid(
        values=[list(r) for r in values],
        row_totals=[cells["row", i] for i in range(rows)],
        column_totals=[cells["column", j] for j in range(columns)],
        grand_total=cells["grand",],
        hidden=frozenset(hidden),
    )


def shown(value: int, *, hidden: bool) -> int | str:
    return SUPPRESSED if hidden else value


def percent(numerator: int, denominator: int, *, hidden: bool) -> float | str | None:
    """``c`` when either count is hidden; None when there is nobody to count."""
    if hidden:
        return SUPPRESSED
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)
