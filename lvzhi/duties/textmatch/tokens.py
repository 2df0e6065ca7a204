"""Chinese duty text → terms. Character bigrams of the Chinese runs (and whole runs of letters and digits):
duty texts are short, mostly compounds of two-character words, and the same matter is often worded with the
same nouns in another order ("食品小作坊监督管理" / "对小作坊食品生产加工的监管"), so bigrams match where a word
segmenter's choices would differ, and they need no dictionary.

Boilerplate every unit carries (完成上级交办的其他任务, 负责本单位党建工作 …) is removed before the terms are
taken; so are the list numbering and the administrative words of every duty ("负责", "监督管理")."""

from __future__ import annotations

import difflib
import re

# Sentences every unit's duties carry; a text made only of these is not a duty of its own.
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    r"完成[^。;\uff1b]{0,12}?交办的其他(工作)?任务",
    r"承办[^。;\uff1b]{0,12}?交办的其他(工作)?(任务|事项)",
    r"(负责|做好|抓好)?本(单位|部门|机关|系统)[^。;\uff1b]{0,8}?(党的建设|党建|党风廉政建设|精神文明建设|意识形态)"
    r"([和、及与](党的建设|党建|党风廉政建设|精神文明建设|意识形态))*(工作)?",
    r"(负责|承担)?(机关|本单位|本部门)[^。;\uff1b]{0,6}?(日常运转|文电|会务|机要|档案|保密|信访|安全保卫|财务|资产管理|人事|政务公开)[^。;\uff1b]{0,20}",
    r"(负责|承担)?本(单位|部门|系统)[^。;\uff1b]{0,10}?(安全生产|行业安全|统计|法治建设|普法|政务信息)[^。;\uff1b]{0,10}?(工作)?",
    r"(职能转变|有关职责分工|与[^。;\uff1b]{2,20}的有关职责分工)[^。]*",
)
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS))
_NUMBERING = re.compile(r"^\s*([((]?[一二三四五六七八九十\d]+[))、.．]|[①-⑳])\s*")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")
_SPLIT = re.compile(r"[,\uff0c;\uff1b。、:\uff1a\s()\uff08\uff09《》〈〉“”\"'‘’【】\[\]]+")
# Administrative words every duty uses whatever its matter ("负责…的审批和监督管理"): taken out before the terms
# are formed, and never shown as a shared phrase.
GENERIC_WORDS: tuple[str, ...] = tuple(
    sorted(
        set(
            "负责 承担 主管 组织实施 组织 实施 协助 参与 配合 指导 协调 统筹 监督管理 监督检查 监督 管理 监管 检查 审批 "  # noqa: SIM905
            "审核 许可 登记 备案 查处 依法查处 违法行为 违法 违规 行为 日常工作 工作 全面推行 推行 推进 推动 加强 落实 "
            "贯彻 执行 拟订 制定 研究 提出 有关 相关 全县 全市 全区 本级 县级 市级 依法 按照 规定 法律 法规 政策 制度 "
            "建设 开展 服务 职责 范围 其他 情况 统一 综合 日常 做好 指导和 及其 以及 进行 实行 各类 等".split()
        ),
        key=len,
        reverse=True,
    )
)
GENERIC = frozenset(GENERIC_WORDS)
_GENERIC = re.compile("|".join(map(re.escape, GENERIC_WORDS)))
_FUNCTION = re.compile(r"[的和与及或对在从由向于将把被]")


# Short forms duty texts use for the same thing, written out (so that both forms share their terms).
SHORT_FORMS: dict[str, str] = {
    "医保": "医疗保障",
    "网约车": "网络预约出租汽车",
    "网约出租车": "网络预约出租汽车",
    "骗保": "骗取医疗保障基金",
    "农膜": "农用地膜",
    "危化品": "危险化学品",
    "两违": "违法建设违法用地",
    "环保": "生态环境保护",
    "安监": "安全生产监督",
}
_SHORT = re.compile("|".join(map(re.escape, sorted(SHORT_FORMS, key=len, reverse=True))))


def normalise(text: str) -> str:
    """The text with its numbering dropped, short forms written out and boilerplate sentences removed."""
    text = _NUMBERING.sub("", (text or "").strip())
    text = _SHORT.sub(lambda m: SHORT_FORMS[m.group(0)], text)
    return _BOILERPLATE.sub("", text).strip(" ,;。、\uff0c\uff1b")


def core(text: str) -> str:
    """What a text says once numbering, boilerplate, administrative words, function characters and separators
    are taken out ("负责组织开展后勤保障和校产管理工作" → "后勤保障校产")."""
    return "".join(_CJK_RUN.findall(_FUNCTION.sub("", _GENERIC.sub("", normalise(text))))) + "".join(
        _ALNUM_RUN.findall(text)
    )


def is_boilerplate(text: str) -> bool:
    """Whether nothing of the text is left once boilerplate is removed (fewer than four Chinese characters)."""
    return sum(len(run) for run in _CJK_RUN.findall(normalise(text))) < 4


def terms(text: str) -> list[str]:
    """The terms of a text: the bigrams and trigrams of each Chinese run left once the administrative words and
    function characters are taken out, and each run of letters and digits."""
    out: list[str] = []
    for clause in _SPLIT.split(normalise(text)):
        clause = _FUNCTION.sub(" ", _GENERIC.sub(" ", clause))
        for run in _CJK_RUN.findall(clause):
            if len(run) == 1:
                continue
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.extend(run[i : i + 3] for i in range(len(run) - 2))
        out.extend(w.lower() for w in _ALNUM_RUN.findall(clause) if len(w) > 1)
    return out


def _pieces(phrase: str) -> list[str]:
    """The meaningful parts of a phrase: administrative words and function characters taken out."""
    cleaned = _FUNCTION.sub(" ", _GENERIC.sub(" ", phrase))
    return [p for run in _SPLIT.split(cleaned) for p in _CJK_RUN.findall(run) if len(p) >= 2]


def shared_phrases(a: str, b: str, limit: int = 5, min_length: int = 2) -> list[str]:
    """The longest runs of text both say (boilerplate, administrative words and function characters left
    out), longest first."""
    left, right = normalise(a), normalise(b)
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    found: list[str] = []
    for block in matcher.get_matching_blocks():
        found.extend(p for p in _pieces(left[block.a : block.a + block.size]) if len(p) >= min_length)
    # Shorter phrases the other text also has, in another order.
    for piece in _pieces(left):
        for size in range(min(len(piece), 6), 1, -1):
            for i in range(len(piece) - size + 1):
                part = piece[i : i + size]
                if part in right and not any(part in f for f in found):
                    found.append(part)
    unique = list(dict.fromkeys(found))
    unique.sort(key=len, reverse=True)
    return unique[:limit]
