"""Each addon of the repository builds as a wheel that Odoo finds once installed.

For every addon folder at the root (a folder holding ``__manifest__.py``): pip
builds its wheel with whool (the backend of its ``pyproject.toml``) and installs
it with ``--no-deps --target`` into a temporary folder, never into the
virtualenv. A fresh Python process with that folder on its path, and only
Odoo's own addons in its addons path, then asks Odoo's module lookup for the
addon: it must be the installed copy, with the source's manifest and files.

``--no-deps``: the wheel requires ``odoo==18.0.*``, which is not on PyPI, and
``odoo-addon-<name>`` for each non-core dependency; both come from elsewhere
here (Odoo's source tree, this repository).
"""

import ast
import json
import os
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

from .harness import odoo_src

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.name for p in ROOT.iterdir() if (p / "__manifest__.py").is_file())
SERIES = "18.0"

# Run in a fresh interpreter: Odoo keeps its addons path in module globals.
LOOKUP = """
import importlib, json, sys
import odoo
from odoo.modules import module

name, addons_path, data_dir = sys.argv[1:]
odoo.tools.config.parse_config(
    ["--addons-path", addons_path, "--data-dir", data_dir], setup_logging=False
)
package = importlib.import_module(f"odoo.addons.{name}")
print(json.dumps({
    "addons_path": list(odoo.addons.__path__),
    "listed": name in module.get_modules(),
    "path": module.get_module_path(name),
    "manifest": module.get_manifest(name),
    "package_file": package.__file__,
}, default=sorted))
"""


def _run(*args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} exited with {result.returncode}\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def _source_manifest(name):
    return ast.literal_eval((ROOT / name / "__manifest__.py").read_text())


def _tracked_files(name):
    """The addon's files as git knows them: what whool puts in the wheel."""
    out = _run("git", "ls-files", "-z", cwd=ROOT / name)
    return {f for f in out.split("\0") if f} - {"pyproject.toml"}


def _files_under(path):
    return {
        str(p.relative_to(path))
        for p in path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _odoo_addons_dirs():
    """Odoo's own addons: odoo/addons, and addons/ in a git checkout of Odoo."""
    src = odoo_src()
    return [d for d in (src / "odoo" / "addons", src / "addons") if d.is_dir()]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    """Every addon's wheel, built, then installed together into one folder (a
    bridge imports the addons it depends on)."""
    work = tmp_path_factory.mktemp("wheels")
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    # The whool of requirements-dev.txt, not one fetched for an isolated build.
    build = (*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist")
    _run(*build, *(ROOT / name for name in ADDONS))
    built = {
        # odoo_addon_<name>-<version>-py3-none-any.whl
        p.name.split("-")[0].removeprefix("odoo_addon_"): p
        for p in (work / "dist").glob("*.whl")
    }
    assert set(built) == set(ADDONS)
    site = work / "site"
    _run(*pip, "install", "--no-deps", "--no-index", "--target", site, *built.values())
    return {"wheels": built, "site": site, "work": work}


@pytest.fixture(params=ADDONS)
def installed(request, wheels):
    name = request.param
    return dict(wheels, name=name, wheel=wheels["wheels"][name])


def test_addon_folders_are_discovered():
    assert "review_inbox" in ADDONS


def test_wheel_metadata(installed):
    name = installed["name"]
    manifest = _source_manifest(name)
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        (metadata_file,) = (
            f for f in wheel.namelist() if f.endswith(".dist-info/METADATA")
        )
        metadata = HeaderParser().parsestr(wheel.read(metadata_file).decode())
    assert metadata["Name"] == f"odoo-addon-{name}"
    # The manifest version, plus the commits since it last changed.
    version = metadata["Version"]
    assert version == manifest["version"] or version.startswith(
        manifest["version"] + "."
    )
    core = {p.name for d in _odoo_addons_dirs() for p in d.iterdir()}
    expected = {f"odoo=={SERIES}.*"}
    expected |= {
        f"odoo-addon-{dep}=={SERIES}.*"
        for dep in manifest.get("depends", [])
        if dep not in core
    }
    expected |= set(manifest.get("external_dependencies", {}).get("python", []))
    assert set(metadata.get_all("Requires-Dist")) == expected


def test_installed_copy_holds_the_source_files(installed):
    name = installed["name"]
    copy = installed["site"] / "odoo" / "addons" / name
    assert _files_under(copy) == _tracked_files(name)
    different = [
        f
        for f in sorted(_tracked_files(name))
        if (copy / f).read_bytes() != (ROOT / name / f).read_bytes()
    ]
    assert not different


def test_odoo_finds_the_installed_addon(installed):
    name, site, work = installed["name"], installed["site"], installed["work"]
    copy = site / "odoo" / "addons" / name
    # The addons path is Odoo's own addons only: not this repository.
    addons_path = ",".join(map(str, _odoo_addons_dirs()))
    env = dict(os.environ, PYTHONPATH=str(site))
    out = _run(
        sys.executable,
        "-c",
        LOOKUP,
        name,
        addons_path,
        work / "data",
        cwd=work,
        env=env,
    )
    found = json.loads(out)
    assert str(site / "odoo" / "addons") in found["addons_path"]
    assert str(ROOT) not in found["addons_path"]
    assert found["listed"]
    assert found["path"] == str(copy)
    assert found["package_file"] == str(copy / "__init__.py")

    manifest = found["manifest"]
    source = _source_manifest(name)
    for key, value in source.items():
        if key == "auto_install" and value:
            # Odoo reads it as a set; True means every dependency.
            value = sorted(source["depends"] if value is True else value)
        assert manifest[key] == value, key
    assert manifest["addons_path"] == str(site / "odoo" / "addons")
    for path in source.get("data", []) + source.get("demo", []):
        assert (copy / path).is_file(), path
    if (ROOT / name / "static" / "description" / "icon.png").is_file():
        assert manifest["icon"] == f"/{name}/static/description/icon.png"
