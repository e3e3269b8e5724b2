"""compendium.minify: the frame's indentation goes, what a reader or a script sees stays."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from compendium.minify import collapse_frame, collapse_indentation


def test_indentation_goes_line_breaks_stay():
    html = "<div>\n    <a>x</a>\n    <a>y</a>\n\n\n  </div>"
    assert collapse_indentation(html) == "<div>\n<a>x</a>\n<a>y</a>\n</div>"


def test_pre_textarea_script_and_style_are_kept_byte_for_byte():
    kept = [
        "<pre>  a\n    b\n</pre>",
        "<textarea>\n   x\n</textarea>",
        '<script>\n  var s = "a\n    b";\n</script>',
        "<STYLE media=print>\n  p { margin: 0 }\n</STYLE>",
    ]
    html = "\n    ".join(["<body>", *kept, "</body>"])
    out = collapse_indentation(html)
    for block in kept:
        assert block in out
    assert "\n    " not in out.replace(kept[0], "").replace(kept[1], "").replace(kept[2], "").replace(kept[3], "")


def test_the_content_is_left_as_it_is():
    content = '<p class="para">\n      indented <em>on purpose</em></p>'
    page = f"<html>\n  <body>\n    <article>{content}</article>\n  </body>\n</html>"
    out = collapse_frame(page, content)
    assert content in out
    assert out == f"<html>\n<body>\n<article>{content}</article>\n</body>\n</html>"


_piece = st.sampled_from(["<p>", "</p>", "<a href='#x'>", "</a>", "word", " ", "  ", "\n", "\n    ", "\t", "<pre>", "</pre>"])


@given(st.lists(_piece, max_size=40))
def test_text_a_reader_sees_is_unchanged(pieces):
    html = "".join(pieces)
    out = collapse_indentation(html)

    def seen(text: str) -> str:
        # outside <pre> (an open one runs to the end), a whitespace run is one space to the reader
        parts = re.split(r"(<pre\b.*?(?:</pre\s*>|$))", text, flags=re.S)
        return "".join(p if p.startswith("<pre") else re.sub(r"\s+", " ", p) for p in parts)

    assert seen(out) == seen(html)
