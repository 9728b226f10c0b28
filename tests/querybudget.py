"""Query budgets: a page's query count must not grow with its data.

``assert_constant_queries(client, url, grow=...)`` requests the page, grows its data tenfold
with ``grow(n)``, requests it again, and fails if the number of SQL queries changed, printing
both query lists' differences.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm caches (content types, sessions) so only the page's own queries count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} gave {response.status_code}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(
    client, url: str, *, grow: Callable[[int], None], base: int = 5, factor: int = 10
) -> int:
    grow(base)
    small, small_sql = count_queries(client, url)
    grow(base * factor - base)
    large, large_sql = count_queries(client, url)
    if small != large:
        extra = [q for q in large_sql if q not in small_sql][:5]
        raise AssertionError(
            f"{url} ran {small} queries with {base} rows and {large} with {base * factor}; "
            f"queries that appeared: {extra}"
        )
    return large
