"""The import contracts between the apps (pyproject.toml ``[tool.importlinter]``): they hold on
the real tree, and they catch ``core`` importing a domain app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
CORE_CONTRACT = "core is the foundation: it imports no other app"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    executable = Path(sys.executable).with_name("lint-imports")
    env = os.environ | {"PYTHONPATH": str(cwd), "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [str(executable), "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_core_importing_a_domain_app_breaks_the_contracts(tmp_path):
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]
    for package in config["root_packages"]:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "*.html"),
        )
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    with (tmp_path / "core" / "dates.py").open("a") as dates:
        dates.write("\nimport pathways.models  # noqa\n")

    result = lint_imports(tmp_path)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{CORE_CONTRACT} BROKEN" in output
    assert "core.dates -> pathways.models" in output
