"""Chinese personal names for the demo county, drawn from a seeded `random.Random`.

Surnames are weighted the way they are in Jiaodong (王, 张, 李, 刘, 孙, 于, 姜 … and the local 曲, 隋, 宫, 迟,
衣, 初); given names have one or two characters, chosen by gender and by the decade of birth.
"""

import random

# Surname and weight: weights roughly follow their frequency in Yantai.
_SURNAME_TABLE = """
王90 张60 李55 刘50 孙40 于35 姜30 杨25 赵22 宋20 徐20 林18 曲16 隋12 吕12 高12 宫10
邹10 迟9 衣8 初8 陈15 郭10 马10 董8 丁8 唐6 谭6 崔8 周8 吴6 梁5 慕4 盖4 战4 鞠5 栾5 修4 臧4
滕4 柳5 冯6 韩6 蔡4 潘4 邢5 车4 葛4
"""
SURNAMES: list[tuple[str, int]] = [(item[0], int(item[1:])) for item in _SURNAME_TABLE.split()]

# Given names by gender and generation (born before 1983 / from 1983 on), one or two characters.
MALE_OLDER = """
建国 建华 建军 国庆 国强 志强 志刚 志明 振华 振东 海涛 海波 立新 立军 明亮 学军 卫东 永刚 永胜 春生
德胜 树林 庆丰 文华 成林 广才 保华 正义 洪涛 金龙 玉林 连生 世杰 宝山 长青 军 伟 强 刚 勇 明 平 斌 涛 东
"""
MALE_YOUNGER = """
浩然 宇航 鹏飞 子轩 俊杰 晨阳 博文 浩宇 明轩 一鸣 嘉豪 天宇 泽宇 昊天 瑞祥 旭东 思远 家豪 文博 宏伟
凯文 振宇 晓东 新宇 世豪 磊 超 鹏 杰 凯 帅 鑫 阳 昊 峰 辉 健 博 硕 浩
"""
FEMALE_OLDER = """
秀英 丽华 桂英 玉兰 红梅 海燕 春梅 凤霞 淑芳 丽娟 晓燕 美玲 玉芳 桂芝 秀兰 丽萍 红霞 春燕 翠萍 爱华
淑华 慧敏 素芬 艳 丽 芳 霞 静 敏 燕 萍 红 梅 娟 琴
"""
FEMALE_YOUNGER = """
晓婷 雪莹 佳琪 梦瑶 欣怡 诗涵 雨彤 思琪 晓雪 雅婷 文静 婉婷 欣然 可欣 佳慧 梦琪 心怡 晓璐 一诺 子涵
婧 娜 婷 璐 颖 倩 琳 蕾 悦 菲 莹 洁 楠 瑶 宁
"""
GIVEN_NAMES = {
    ("M", False): MALE_OLDER.split(),
    ("M", True): MALE_YOUNGER.split(),
    ("F", False): FEMALE_OLDER.split(),
    ("F", True): FEMALE_YOUNGER.split(),
}


def _weighted_surname(rng: random.Random) -> str:
    total = sum(weight for _, weight in SURNAMES)
    pick = rng.randrange(total)
    for surname, weight in SURNAMES:
        if pick < weight:
            return surname
        pick -= weight
    return SURNAMES[0][0]  # pragma: no cover - the loop always returns


def person_name(rng: random.Random, gender: str, birth_year: int) -> str:
    """A full name such as 王建华, 于晓婷 or 姜浩 for a person of this gender ("M"/"F") born in that year.

    Mostly from the person's own generation, sometimes from the other one, as in life."""
    younger = birth_year >= 1983
    if rng.random() < 0.15:
        younger = not younger
    return _weighted_surname(rng) + rng.choice(GIVEN_NAMES[(gender, younger)])
