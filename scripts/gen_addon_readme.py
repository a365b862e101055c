"""Write README.rst and static/description/index.html of each addon from readme/.

What OCA's ``oca-gen-addon-readme`` does for its addons; that tool is not
published on PyPI, so this script does it here. It runs as a pre-commit hook,
in an environment with its two requirements (docutils, and pandoc through
pypandoc-binary; see .pre-commit-config.yaml):

    pre-commit run gen-addon-readme --all-files

or, where both are installed, ``python scripts/gen_addon_readme.py
[ADDON_DIR ...]``. Without arguments it handles every installable addon
folder of the repository root. README.rst gathers the Markdown fragments
readme/*.md, converted to reStructuredText by pandoc, under OCA's section
titles, with the manifest's summary, version, license, status, authors and
maintainers; index.html (the addon's page in Odoo's Apps) is README.rst
rendered by docutils. Invalid markup stops the script. It exits with status 1
when it wrote a file, so that a commit or a lint run with out-of-date files
fails.
"""

import ast
import pathlib
import re
import sys

import pypandoc
from docutils.core import publish_string
from docutils.utils import SystemMessage

ROOT = pathlib.Path(__file__).resolve().parent.parent
# OCA's order: (fragment, section title); the description comes untitled.
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("DEVELOP.md", "Development"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
]
CREDITS = [
    ("CONTRIBUTORS.md", "Contributors"),
    ("CREDITS.md", "Other credits"),
]
DOCUTILS_SETTINGS = {
    "_disable_config": True,  # no docutils.conf of the machine
    "halt_level": 2,  # a warning (invalid markup) stops the script
    "report_level": 2,
    "output_encoding": "unicode",
}


def addon_dirs(args):
    if args:
        return [pathlib.Path(arg).resolve() for arg in args]
    return sorted(p for p in ROOT.iterdir() if (p / "__manifest__.py").is_file())


def _title(text, char, over=False):
    line = char * len(text)
    return [line, text, line, ""] if over else [text, line, ""]


def _fragment(addon, filename):
    """The fragment in reStructuredText, or "" when the addon has none."""
    path = addon / "readme" / filename
    if not path.is_file():
        return ""
    # Text as written: no typographic quotes, the author's line breaks.
    return pypandoc.convert_file(
        str(path), "rst", format="markdown-smart", extra_args=["--wrap=preserve"]
    ).strip()


def render_rst(addon, manifest):
    lines = _title(manifest["name"], "=", over=True)
    lines += [
        ".. This file is generated from readme/ by scripts/gen_addon_readme.py:",
        "   edit those fragments, not this file.",
        "",
    ]
    if manifest.get("summary"):
        lines += [f"*{manifest['summary']}*", ""]
    facts = [f"Version {manifest['version']}", f"License {manifest['license']}"]
    if manifest.get("development_status"):
        facts.append(manifest["development_status"])
    lines += [" · ".join(facts), ""]
    for filename, heading in SECTIONS:
        text = _fragment(addon, filename)
        if not text:
            continue
        if heading is None:
            lines += [
                text,
                "",
                "**Table of contents**",
                "",
                ".. contents::",
                "   :local:",
                "",
            ]
            continue
        lines += _title(heading, "=") + [text, ""]
    lines += _title("Credits", "=")
    lines += _title("Authors", "-")
    lines += [f"- {author.strip()}" for author in manifest["author"].split(",")]
    lines.append("")
    for filename, heading in CREDITS:
        text = _fragment(addon, filename)
        if text:
            lines += _title(heading, "-") + [text, ""]
    maintainers = manifest.get("maintainers") or []
    if maintainers:
        lines += _title("Maintainers", "-")
        lines += [f"- `{login} <https://github.com/{login}>`_" for login in maintainers]
        lines.append("")
    return "\n".join(lines)


def render_html(rst, source_path):
    html = publish_string(
        rst,
        source_path=str(source_path),
        writer_name="html4css1",
        settings_overrides=DOCUTILS_SETTINGS,
    )
    # Odoo 17+ deprecates an XML declaration in a module's description page.
    html = re.sub(r"\A<\?xml[^>]*\?>\s*", "", html)
    # The same page whatever docutils release wrote it.
    return re.sub(r'(<meta name="generator" content="Docutils) [^:"]+', r"\1", html)


def _write(path, content):
    """Write ``content`` if it differs; whether it did."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return True


def main(args):
    written = []
    for addon in addon_dirs(args):
        manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
        if not manifest.get("installable", True):
            continue
        readme = addon / "README.rst"
        rst = render_rst(addon, manifest)
        try:
            html = render_html(rst, readme)
        except SystemMessage as exc:
            print(
                f"{readme.relative_to(ROOT)} would be invalid: {exc}", file=sys.stderr
            )
            return 2
        index = addon / "static" / "description" / "index.html"
        for path, content in ((readme, rst), (index, html)):
            if _write(path, content):
                written.append(path.relative_to(ROOT))
    for path in written:
        print(f"{path} was out of date: written from readme/", file=sys.stderr)
    return 1 if written else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
