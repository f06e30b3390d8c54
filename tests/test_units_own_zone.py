"""A development zone's own notice (normalize/units/own_zone.py): the zone found by rule from the issuer or
title, placed in its city, and its units named as the zone's. Cases from the development corpus's dev split
(0f11fe15ad, 仲恺高新区 of 惠州市) and hand-written names of zones elsewhere; expected values by reading."""
from __future__ import annotations

from tongbao.normalize.units.own_zone import ZoneUnits, own_zone, zone_place, zone_unit_name
from tongbao.normalize.units.places import gazetteer


def test_the_zone_speaking_in_the_issuer_or_title_is_found_by_rule():
    assert own_zone("仲恺高新区管委会办公室", None) == "仲恺高新区"
    assert own_zone(None, "宁波保税区管委会关于2023年政务公开检查情况的通报") == "宁波保税区"
    assert own_zone("惠州市人民政府办公室", "关于…的通报") is None
    assert own_zone("浦东新区人民政府办公室", None) is None  # a district of the gazetteer, not a zone


def test_the_zone_sits_in_the_city_even_when_its_towns_point_to_a_county():
    places = gazetteer()
    huicheng = places.find_places("惠州市惠城区")[-1]
    zone = zone_place("仲恺高新区", huicheng)
    assert zone.parent == places.find_places("惠州市")[0].path
    assert zone_unit_name(zone) == "仲恺高新区"
    generic = zone_place("高新区", places.find_places("咸宁市")[0])
    assert zone_unit_name(generic) == "咸宁市高新区"


def test_the_zones_own_units_towns_and_the_citys_units():
    places = gazetteer()
    units = ZoneUnits(zone_place("仲恺高新区", places.find_places("惠州市")[0]))
    assert units.resolve("区财政局").unit == "仲恺高新区财政局"
    assert units.resolve("经济发展局").unit == "仲恺高新区经济发展局"
    assert units.resolve("陈江街道").unit == "仲恺高新区陈江街道"  # a street the zone administers
    assert units.resolve("仲恺高新区住建局").unit == "仲恺高新区住房和城乡建设局"
    assert units.resolve("市公安局").unit == "惠州市公安局"  # the city's, not the zone's
