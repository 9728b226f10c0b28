"""Charts as accessible SVG, drawn on the server by pygal (no JavaScript in the page).

Each chart has one series, so colour never carries meaning: every bar or point is named by its
axis label and carries its value as text. The SVG is an image with a title and a description
(``role="img"``, ``aria-labelledby``), and always sits beside a table of the same figures.

In a page the SVG carries no ``<style>`` element or ``style`` attribute, which the Content
Security Policy would refuse (the dashboards cache their figures' HTML, so a per-request nonce
cannot be written into it): the page links ``STYLESHEET``, pygal's own stylesheet for
``STYLE`` scoped to ``.pygal-chart`` (``stylesheet()``; a test keeps the file current). A
chart for a PDF asks for ``standalone=True`` and keeps pygal's ``<style>`` inside the SVG.
"""

from __future__ import annotations

import html
import re
from itertools import count

import pygal
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

_ids = count(1)

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=("#5694ca",),  # light blue: the black value text on it has a contrast of 6:1
    font_family='"GDS Transport", arial, sans-serif',
    label_font_size=16,
    major_label_font_size=16,
    value_font_size=16,
    value_label_font_size=16,
    title_font_size=16,
    opacity="1",
    opacity_hover="1",
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
_CHART_ID = re.compile(r'<svg\b[^>]*\bid="(chart-[^"]+)"')
# pygal's hidden tooltip (drawn for its JavaScript, which these charts leave out).
_TOOLTIP_STYLE = 'style="opacity: 0"'

#: The charts' stylesheet for pages, in dashboards/static/ (``stylesheet()`` writes it).
STYLESHEET = "dashboards/charts.css"


def _percent(value) -> str:
    return f"{value:.0f}%"


def stylesheet() -> str:
    """pygal's stylesheet for charts drawn in ``STYLE`` with one series (as they all are), for
    any chart with the class ``pygal-chart`` (what ``STYLESHEET`` holds)."""
    chart = pygal.Bar(style=STYLE, js=[], disable_xml_declaration=True)
    chart.add("Percentage", [1])  # the series' colour rules come with a series
    svg = chart.render(is_unicode=True)
    chart_id = _CHART_ID.search(svg).group(1)
    css = html.unescape(_STYLE_ELEMENT.search(svg).group(1))
    return css.replace(f"#{chart_id}", ".pygal-chart").strip() + "\n"


def _accessible(svg: str, *, title: str, description: str, standalone: bool) -> SafeString:
    n = next(_ids)
    title_id, desc_id = f"lc-chart-{n}-title", f"lc-chart-{n}-desc"
    svg = _SCRIPT.sub("", svg)
    if not standalone:
        svg = _STYLE_ELEMENT.sub("", svg).replace(_TOOLTIP_STYLE, 'opacity="0"')
    svg = _TITLE.sub("", svg, count=1)
    head = (
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" focusable="false" ',
        1,
    )
    opening_end = svg.index(">") + 1
    return mark_safe(svg[:opening_end] + head + svg[opening_end:])  # noqa: S308 - pygal escapes its text; ours is escaped above


#: What a chart says when it has nothing to draw (nobody counted, or every figure suppressed);
#: the table beside it says which.
NO_DATA_TEXT = "Nothing to draw: see the table"


def bars(
    *, title: str, description: str, items: list[tuple[str, float | None]], standalone: bool = False
) -> SafeString:
    """Horizontal bars from 0 to 100%, one per labelled item (None: left empty); ``standalone``
    for a PDF (the SVG carries its stylesheet)."""
    chart = pygal.HorizontalBar(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        print_values=True,
        print_values_position="top",
        show_legend=False,
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        width=760,
        height=max(180, 52 * len(items) + 70),
        value_formatter=_percent,
        show_y_guides=False,
        show_x_guides=False,
        margin=12,
        spacing=8,
        truncate_label=-1,
        no_data_text=NO_DATA_TEXT,
        no_data_font_size=16,
    )
    # pygal draws the first label at the bottom: reverse so the chart reads like the table.
    items = list(reversed(items))
    chart.x_labels = [label for label, _ in items]
    chart.add("Percentage", [value for _, value in items])
    return _accessible(
        chart.render(is_unicode=True), title=title, description=description, standalone=standalone
    )


def line(
    *,
    title: str,
    description: str,
    points: list[tuple[str, float | None]],
    standalone: bool = False,
) -> SafeString:
    """A line from 0 to 100% through labelled points, each carrying its value; ``standalone``
    for a PDF (the SVG carries its stylesheet)."""
    chart = pygal.Line(
        style=STYLE,
        js=[],
        disable_xml_declaration=True,
        print_values=True,
        show_legend=False,
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        width=760,
        height=320,
        value_formatter=_percent,
        x_label_rotation=20,
        show_x_guides=False,
        margin=12,
        dots_size=5,
        truncate_label=-1,
        no_data_text=NO_DATA_TEXT,
        no_data_font_size=16,
    )
    chart.x_labels = [label for label, _ in points]
    chart.add("Percentage", [value for _, value in points])
    return _accessible(
        chart.render(is_unicode=True), title=title, description=description, standalone=standalone
    )
