"""Write review_inbox/README.rst from the fragments in review_inbox/readme/.

OCA addons carry a README.rst built from readme/*.md; the fragments here are
written in the subset of Markdown that is also valid reStructuredText (lists,
**bold**, *italics*), so they are copied under their section titles.
"""

import ast
import pathlib
import sys

ADDON = pathlib.Path(__file__).resolve().parent.parent / "review_inbox"
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
]


def render():
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text())
    title = manifest["name"]
    lines = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        f"*{manifest['summary']}*",
        "",
        f"Version {manifest['version']} · License {manifest['license']} · "
        f"{manifest['development_status']}",
        "",
    ]
    for filename, heading in SECTIONS:
        text = (ADDON / "readme" / filename).read_text().strip()
        if heading:
            lines += [heading, "=" * len(heading), ""]
        lines += [text, ""]
    lines += ["Credits", "=======", "", f"Authors: {manifest['author']}", ""]
    return "\n".join(lines)


def main():
    target = ADDON / "README.rst"
    content = render()
    if "--check" in sys.argv:
        if not target.exists() or target.read_text() != content:
            sys.exit(f"{target.name} is out of date: run python {__file__}")
        return
    target.write_text(content)


if __name__ == "__main__":
    main()
