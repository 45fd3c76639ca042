"""Markdown as HTML for the web dashboard (the seed-001 deliverable on a student's page).

markdown-it-py with raw HTML off: a ``<script>`` a student typed into their plan is shown
as text, never run. Tables are on (the skill assessment and the Priority × Ease matrix are
tables); images are off (the dashboard's CSP loads nothing from elsewhere anyway). The
document's headings move down a level, so they sit under the page's own ``<h1>``.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def markdown_html(text: str, heading_offset: int = 1) -> str:
    """``text`` rendered to HTML that is safe to put in a page as it is."""
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + heading_offset, 6)}"
    html: str = parser.renderer.render(tokens, parser.options, {})
    return html
