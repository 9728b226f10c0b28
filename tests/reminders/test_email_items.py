"""The items of a reminders email are written in Python (delivery._item_text/_item_html) for
speed; they must say exactly what the template loop they replaced said, escaping included."""

from django.template import Context, Template

from reminders.services import delivery

TEXT_LOOP = Template(
    """{% autoescape off %}{% for item in items %}
{{ item.headline }}
Young person: {{ item.name }} ({{ item.person_id }})
{% if item.is_escalation %}Personal adviser: {{ item.adviser|default:"none allocated" }}
{% endif %}{{ item.meaning }}
Open their record: {{ item.url }}
{% endfor %}{% endautoescape %}"""
)
HTML_LOOP = Template(
    """{% for item in items %}
  <h2 style="font-size: 24px; margin-top: 30px;">{{ item.headline }}</h2>
  <p><strong>Young person:</strong> {{ item.name }} ({{ item.person_id }})</p>
  {% if item.is_escalation %}<p><strong>Personal adviser:</strong> {{ item.adviser|default:"none allocated" }}</p>{% endif %}
  <p>{{ item.meaning }}</p>
  <p><a href="{{ item.url }}" style="color: #1d70b8;">Open {{ item.link_text }}'s record</a></p>
  {% endfor %}"""
)

ITEMS = [
    {
        "headline": "Contact overdue since 1 November 2026",
        "name": "Ash O'Neill <b>&",
        "person_id": "P&1",
        "is_escalation": False,
        "adviser": "Pat Adviser",
        "meaning": 'Contact is "overdue" <now>',
        "url": "https://example.gov.uk/pathways/young-people/x/?a=1&b=2",
        "link_text": "Ash O'Neill",
    },
    {
        "headline": "Review overdue",
        "name": "Sam Smith",
        "person_id": "P2",
        "is_escalation": True,
        "adviser": "",
        "meaning": "A review is overdue.",
        "url": "https://example.gov.uk/r/",
        "link_text": "Sam Smith",
    },
    {
        "headline": "Visit due",
        "name": "Kit Jones",
        "person_id": "P3",
        "is_escalation": True,
        "adviser": "Lee <Adviser>",
        "meaning": "Visit them.",
        "url": "https://example.gov.uk/k/",
        "link_text": "Kit Jones",
    },
]


def test_the_text_items_match_the_template_loop_they_replaced():
    expected = TEXT_LOOP.render(Context({"items": ITEMS}))
    assert "".join(delivery._item_text(item) for item in ITEMS) == expected


def test_the_html_items_match_the_template_loop_they_replaced_escaping_included():
    expected = HTML_LOOP.render(Context({"items": ITEMS}))
    actual = "".join(delivery._item_html(item) for item in ITEMS)
    assert actual == expected
    assert "&lt;b&gt;&amp;" in actual and "<b>" not in actual
