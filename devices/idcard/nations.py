"""Nationality codes on the ID card with their GB 3304 names.

Some public tables are wrong (57/58 instead of 97/98, 毛难, 崩龙, 德昴); these names are official.
"""

from __future__ import annotations

_NAMES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

NATIONS: dict[str, str] = {f"{index:02d}": name for index, name in enumerate(_NAMES, start=1)}
NATIONS["97"] = "其他"
NATIONS["98"] = "外国血统中国籍人士"


def nation_name(code: str) -> str:
    """GB 3304 name for a two-digit code; unknown codes are shown as `未知(XX)`."""
    return NATIONS.get(code, f"未知({code})")


def nation_code(name: str) -> str:
    """Two-digit code for a GB 3304 name; raises KeyError for an unknown name."""
    for code, known in NATIONS.items():
        if known == name:
            return code
    raise KeyError(name)
