"""The page `rolebook serve` shows while the content has errors.

A live preview must answer at once: while the content does not validate, the preview's only page
lists the problems (file:line:col, message, hint), every other address shows the same page, and
it reloads itself when the files are fixed. Problem messages quote the editor's text, so the list
is escaped HTML inside a `<pre>` block: text, never markup.
"""

from __future__ import annotations

import html

from .problems import Problem, errors, format_text, sort_problems


def problems_markdown(problems: list[Problem]) -> str:
    shown = sort_problems(problems)
    count = len(errors(shown))
    return (
        "---\ntitle: The content has problems\nsearch:\n  exclude: true\n---\n\n"
        "# The content has problems\n\n"
        f"Rolebook found {count} error(s). Fix them and save: this page reloads with the site as soon "
        "as the content validates (the same list is printed where `rolebook serve` runs).\n\n"
        f'<pre class="rb-problems">{html.escape(format_text(shown), quote=True)}</pre>\n'
    )
