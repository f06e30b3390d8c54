"""jieba over the word index cuts every text exactly as jieba over its own dictionary does."""
from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

from tongbao.extract.categories import load_categories
from tongbao.extract.jieba_index import IndexedFrequencies, index_file, indexed_tokenizer

SAMPLE_TEXTS = sorted((Path(__file__).resolve().parents[1] / "samples" / "text").glob("*.txt"))


def _with_keywords(tokenizer):
    for category in load_categories():
        for keyword in (*category.keywords, *category.decisive):
            tokenizer.add_word(keyword, freq=200000)
    return tokenizer


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory):
    jieba.setLogLevel(logging.WARNING)
    plain = jieba.Tokenizer()
    plain.initialize()
    indexed = indexed_tokenizer(tmp_path_factory.mktemp("cache"))
    assert isinstance(indexed.FREQ, IndexedFrequencies)
    return _with_keywords(plain), _with_keywords(indexed)


def test_the_index_gives_the_tokens_of_jieba_s_own_dictionary(tokenizers):
    plain, indexed = tokenizers
    assert indexed.total == plain.total
    assert SAMPLE_TEXTS
    for path in SAMPLE_TEXTS:
        text = path.read_text(encoding="utf-8")
        assert list(indexed.tokenize(text)) == list(plain.tokenize(text)), path.name


def test_frequencies_and_added_words_read_as_jieba_s(tokenizers):
    plain, indexed = tokenizers
    for word in ("政府", "政", "栏目", "空白栏目", "不存在的词语组合", "政务公开"):
        assert (word in indexed.FREQ) == (word in plain.FREQ)
        assert indexed.FREQ.get(word) == plain.FREQ.get(word), word


def test_an_unwritable_cache_falls_back_to_jieba_s_own_loading(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    tokenizer = indexed_tokenizer(blocked / "cache")
    assert isinstance(tokenizer.FREQ, dict) and tokenizer.lcut("政务公开") == ["政务", "公开"]


def test_the_index_name_follows_jieba_s_version_and_dictionary(tmp_path):
    assert index_file(tmp_path).parent == tmp_path
    assert index_file(tmp_path) == index_file(tmp_path)
    assert index_file(tmp_path).name.startswith("jieba-")
