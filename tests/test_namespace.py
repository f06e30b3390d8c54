"""One import name: the user's folders are installed as tongbao.parsers / .normalize / .corpus / .ingest,
and nothing in the repository imports them by their bare names (ruff TID251, configured in pyproject)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_no_module_imports_a_bare_package_name():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (it is in the test extra)")
    done = subprocess.run([ruff, "check", "--select", "TID251", "--no-cache", str(REPO)], capture_output=True,
                          text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout


def test_the_public_api_is_exported_by_tongbao():
    import tongbao

    for name in ("process_file", "parse_file", "normalize_document", "extract_record", "Corpus", "ingest_paths"):
        assert callable(getattr(tongbao, name)), name


def test_bare_names_are_not_importable_outside_the_repository(tmp_path):
    code = ("import importlib.util, sys\n"
            "sys.path = [p for p in sys.path if p not in ('', '.', %r)]\n"
            "import tongbao.parsers, tongbao.corpus, tongbao.normalize.units, tongbao.ingest\n"
            "print([n for n in ('parsers', 'normalize', 'corpus', 'ingest') if importlib.util.find_spec(n)])\n"
            % str(REPO))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_help_imports_neither_pandas_nor_the_unit_tables():
    import subprocess
    import sys

    code = ("import sys\nfrom click.testing import CliRunner\nfrom tongbao.cli import main\n"
            "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
            "heavy = [m for m in ('pandas', 'duckdb', 'jieba', 'opencc', 'tongbao.normalize.units.places') if m in sys.modules]\n"
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_errors_reaching_the_cli_group_are_one_line_with_their_exit_code(tmp_path):
    from click.testing import CliRunner

    from tongbao.cli import main

    bad = tmp_path / "overrides.yaml"
    bad.write_text("x: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["units", "apply", str(bad), "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "overrides" in result.output
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database" * 400)
    result = CliRunner().invoke(main, ["units", "--db", str(junk)])
    assert result.exit_code == 3 and result.output.startswith("error: ") and result.output.count("\n") == 1


def test_every_fail_reason_written_is_a_fail_reason():
    """The reasons a failed import is logged with come from one enum (tongbao.status.FailReason): those of
    the InputError classes and every literal `reason=` the parsers and the import pass."""
    import ast
    import inspect
    from pathlib import Path

    import tongbao.errors as errors
    from tongbao.status import FailReason

    known = {r.value for r in FailReason}
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.InputError)]
    assert {c.reason for c in classes} <= known
    root = Path(__file__).resolve().parent.parent
    written = set()
    for folder in ("parsers", "ingest"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.keyword) and node.arg == "reason" and isinstance(node.value, ast.Constant):
                    written.add(node.value.value)
    assert written and written <= known, written - known


def test_the_worker_warm_up_names_modules_that_import():
    import importlib

    from tongbao.ingest.pool import WARM_UP_MODULES

    for name in WARM_UP_MODULES:
        if name.startswith("tongbao"):
            importlib.import_module(name)  # a bare `parsers` would fail here, not silently in a worker


def test_the_users_word_lists_travel_as_options_read_from_the_environment_once(tmp_path, monkeypatch):
    from tongbao.options import Options
    from tongbao.pipeline import process_file

    spam = tmp_path / "spam.txt"
    spam.write_text("[always]\n乐透天地\n", encoding="utf-8")
    cats = tmp_path / "cats.yaml"
    cats.write_text("categories:\n  - {id: my_banner, label: 横幅问题, keywords: [横幅过期]}\n", encoding="utf-8")
    notice = tmp_path / "n.txt"
    notice.write_text("大冶市人民政府办公室关于2023年第一季度政府网站检查情况的通报\n现将检查情况通报如下:\n"
                      "一、存在问题\n大冶市教育局网站横幅过期。乐透天地\n", encoding="utf-8")
    monkeypatch.setenv("TONGBAO_SPAM_KEYWORDS", str(spam))
    monkeypatch.setenv("TONGBAO_CATEGORIES", str(cats))
    plain = process_file(notice)  # a library call reads no environment
    assert [c.category for c in plain.citations] == ["other"] and not plain.tampered
    chosen = Options.from_environment()
    record = process_file(notice, options=chosen)
    assert [c.category for c in record.citations] == ["my_banner"] and record.tampered
