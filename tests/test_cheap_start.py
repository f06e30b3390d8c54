"""What a one-file run loads: none of the heavy libraries a text notice does not need (start-up cost,
issue 17; the time itself is measured by bench/bench_scale.py, never by a test)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "text" / "000_9600f9d13bfb6db9.txt"
NOT_FOR_TEXT = ("pandas", "duckdb", "pdfplumber", "docx", "pypdfium2", "spacy", "pkg_resources")


def test_parsing_a_text_notice_imports_no_pdf_word_table_or_corpus_library():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom tongbao.cli import main\n"
            f"result = CliRunner().invoke(main, ['parse', {str(SAMPLE)!r}])\n"
            "assert result.exit_code == 0, result.output\n"
            f"print(','.join(m for m in {NOT_FOR_TEXT!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_jieba_imported_without_pkg_resources_still_reads_its_files():
    code = ("from tongbao.extract.jieba_index import import_jieba\nimport sys\njieba = import_jieba()\n"
            "tokenizer = jieba.Tokenizer()\n"
            "print('pkg_resources' in sys.modules, len(tokenizer.get_dict_file().read()) > 10**6,"
            " tokenizer.lcut('政务公开工作'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False True ['政务', '公开', '工作']"
