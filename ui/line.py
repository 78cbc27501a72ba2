"""A line of text as a widget of its own, for a page that writes its text later (a new month)
without rendering again: Explore's status lines (``app.py``), a student's lines in the classroom
(``classroom.py``)."""

from __future__ import annotations

import ipyvuetify
import solara.util


def line(text: str, classes: list[str], style: dict | None = None) -> ipyvuetify.Html:
    """``text`` as ``solara.Text`` draws it (a span), with ``classes`` and ``style``."""
    return ipyvuetify.Html(tag="span", children=[text], class_=" ".join(classes),
                           style_=solara.util._flatten_style(style))  # fmt: skip
