"""The gazetteer index shipped with the package is the gazetteer a fresh build gives, and a stale or
damaged index is refused with a message saying how to rebuild it."""
from __future__ import annotations

import functools
import gzip
import json

import pytest

from tongbao.errors import DataFileError
from tongbao.normalize.units import gazetteer_index
from tongbao.normalize.units.gazetteer_index import decode, encode, index_path, read_index, source_data
from tongbao.normalize.units.places import Gazetteer, Place, build_gazetteer, gazetteer


@pytest.fixture(scope="module")
def fresh() -> Gazetteer:
    return build_gazetteer()


def test_the_shipped_index_equals_a_fresh_build_from_the_installed_data(fresh):
    shipped = read_index()
    name, sha = source_data()
    assert (shipped["source"], shipped["source_sha256"]) == (name, sha), (
        "the installed division data is not what the index was built from: "
        "run python scripts/build_gazetteer.py")
    assert shipped["gazetteer"] == json.loads(json.dumps(encode(fresh))), (
        "the shipped gazetteer index differs from a fresh build: run python scripts/build_gazetteer.py")


def test_the_loaded_gazetteer_has_every_table_of_the_built_one(fresh):
    loaded = gazetteer()
    # tables a cached_property computes on first use are not the index's business
    computed = {name for name, value in vars(Gazetteer).items() if isinstance(value, functools.cached_property)}
    assert vars(loaded).keys() - computed == vars(fresh).keys() - computed
    for name in vars(fresh):
        assert vars(loaded)[name] == vars(fresh)[name], name
    assert loaded.lookup("大冶市") == fresh.lookup("大冶市")
    assert loaded.find_places("湖北省黄石市大冶市金湖街道", "湖北省/黄石市/大冶市") == \
        fresh.find_places("湖北省黄石市大冶市金湖街道", "湖北省/黄石市/大冶市")


def test_encode_and_decode_keep_duplicates_zones_and_places_listed_after_their_children():
    city = Place("甲市", "某省/甲市", "city", "100100", "某省")
    places = [Place("乙镇", "某省/甲市/乙镇", "town", None, "某省/甲市", "乙"), city,
              Place("某省", "某省", "province", "100000", None),
              Place("乙镇", "某省/甲市/乙镇", "town", None, "某省/甲市", "")]  # the same path twice
    built = Gazetteer(places, {"某省/甲市": [{"name": "开发区", "aliases": ["甲市开发区"]}]})
    again = decode(json.loads(json.dumps(encode(built))))
    for name in vars(built):
        assert vars(again)[name] == vars(built)[name], name
    assert again.lookup("甲市开发区").path == "某省/甲市/开发区"


def _write(path, document) -> None:
    path.write_bytes(gzip.compress(json.dumps(document).encode()))


def test_a_stale_or_damaged_index_is_refused_with_the_rebuild_command(tmp_path):
    document = json.loads(gzip.decompress(index_path().read_bytes()))
    stale = tmp_path / "stale.json.gz"
    _write(stale, {**document, "zones_sha256": "0" * 64})
    with pytest.raises(DataFileError, match="another zones.yaml .*scripts/build_gazetteer.py"):
        read_index(stale)
    old = tmp_path / "old.json.gz"
    _write(old, {**document, "format": gazetteer_index.INDEX_FORMAT - 1})
    with pytest.raises(DataFileError, match="format .*scripts/build_gazetteer.py"):
        read_index(old)
    damaged = tmp_path / "damaged.json.gz"
    damaged.write_bytes(index_path().read_bytes()[:1000])
    with pytest.raises(DataFileError, match="damaged"):
        read_index(damaged)
    with pytest.raises(DataFileError, match="missing"):
        read_index(tmp_path / "none.json.gz")
