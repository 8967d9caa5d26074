"""The review page: one HTML file holding its data (review.py), its style and its script
(page.css, layout.js, page.js, beside this module), nothing fetched from anywhere, so that it opens
from disk and keeps as a CI artifact. The script lays each level out itself (layered, in
the page: see docs/review.md for why); the same data gives the same bytes."""

from __future__ import annotations

import html
import json
from importlib import resources


def to_html(data: dict) -> bytes:
    """The page for `data` (review.review's), as UTF-8 bytes."""
    folder = resources.files("layerlint.drawing")
    style = folder.joinpath("page.css").read_text(encoding="utf-8")
    script = "".join(
        folder.joinpath(name).read_text(encoding="utf-8") for name in ("layout.js", "page.js")
    )
    payload = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # Inside <script>, only "</" could end the element early; JSON reads "<\/" as "</".
    payload = payload.replace("</", "<\\/")
    title = html.escape(f"layerlint: {data['title']}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Nothing from the network, whatever the data holds.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{title}</title>\n<style>\n{style}</style>\n</head>\n<body>\n"
        '<header><h1 id="title"></h1><nav id="crumbs" aria-label="breadcrumb"></nav>'
        '<input id="search" type="search" placeholder="Find a module" autocomplete="off">'
        '<label><input id="external" type="checkbox" checked> third-party packages</label>'
        '</header>\n<ul id="found"></ul>\n'
        '<main><div id="canvas"><svg id="drawing" xmlns="http://www.w3.org/2000/svg"></svg>'
        '</div>\n<aside><div id="legend"></div><h2>Diagnostics</h2><p id="summary"></p><ul id="contracts"></ul>'
        '<ol id="diagnostics"></ol><h2>Import cycles</h2><ol id="cycles"></ol></aside></main>\n'
        f'<script type="application/json" id="layerlint-data">{payload}</script>\n'
        f"<script>\n{script}</script>\n</body>\n</html>\n"
    ).encode("utf-8")
