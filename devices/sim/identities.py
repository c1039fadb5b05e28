"""Fictitious test identities with valid GB 11643 check digits (never real people)."""

from __future__ import annotations

from datetime import date

from devices.idcard.nations import nation_name
from devices.idcard.text import IdCard


def _card(
    name: str,
    sex: str,
    nation: str,
    born: date,
    address: str,
    number: str,
    authority: str,
    valid: tuple[date, date | None],
) -> IdCard:
    return IdCard(
        name=name,
        sex=sex,
        nation_code=nation,
        nation=nation_name(nation),
        birth_date=born,
        address=address,
        id_number=number,
        authority=authority,
        valid_from=valid[0],
        valid_to=valid[1],
    )


ZHANG_SANFENG = _card(
    "张三丰", "男", "01", date(1991, 1, 1), "江西省九江市德安县蒲亭镇八一路23号",
    "360426199101010071", "德安县公安局", (date(2016, 3, 15), date(2036, 3, 15)),
)  # fmt: skip
LI_XIUYING = _card(
    "李秀英", "女", "01", date(1988, 6, 1), "天津市河西区友谊路35号2门301",
    "120103198806018241", "天津市公安局河西分局", (date(2018, 6, 1), date(2038, 6, 1)),
)  # fmt: skip
CHEN_YIJUN = _card(
    "陈怡君", "女", "23", date(1992, 1, 30), "福建省厦门市思明区湖滨南路88号",
    "830000199201300022", "厦门市公安局", (date(2019, 9, 1), date(2024, 9, 1)),
)  # fmt: skip
OUYANG_JIANGUO = _card(
    "欧阳建国", "男", "01", date(1958, 5, 6), "江苏省南京市栖霞区尧化街道尧新大道118号",
    "320113195805060014", "南京市公安局栖霞分局", (date(2010, 5, 6), None),
)  # fmt: skip
GONG_KUN = _card(
    "龚堃", "男", "03", date(1978, 9, 12), "北京市朝阳区建国路1号院3号楼1单元502",
    "110105197809122315", "北京市公安局朝阳分局", (date(2015, 9, 12), date(2035, 9, 12)),
)  # fmt: skip
MAIMAITI_AILI = _card(
    "买买提·艾力", "男", "05", date(1985, 3, 15), "新疆乌鲁木齐市天山区解放南路66号",
    "650102198503150031", "乌鲁木齐市公安局天山区分局", (date(2012, 3, 15), date(2032, 3, 15)),
)  # fmt: skip
WANG_YAN = _card(
    "王䶮", "女", "01", date(2000, 2, 29), "江苏省南京市栖霞区仙林大道163号",
    "320113200002290047", "南京市公安局栖霞分局", (date(2016, 2, 29), date(2026, 2, 28)),
)  # fmt: skip

TEST_CARDS: tuple[IdCard, ...] = (
    ZHANG_SANFENG,
    LI_XIUYING,
    CHEN_YIJUN,
    OUYANG_JIANGUO,
    GONG_KUN,
    MAIMAITI_AILI,
    WANG_YAN,
)
"""张三丰 first; 欧阳建国 is a long-term (长期) card; 龚堃 and 王䶮 have rare characters."""
