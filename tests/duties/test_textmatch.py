"""The overlap engine (no Django) on a labelled set of county duty texts (tests/duties/overlap_cases.py): true
overlaps worded differently and look-alikes that are not; boilerplate every unit carries never pairs."""

from lvzhi.duties.textmatch import (
    DEFAULT_THRESHOLD,
    Doc,
    ScanStats,
    find_overlaps,
    is_boilerplate,
    shared_phrases,
)
from tests.duties.overlap_cases import DOCS, OVERLAPS


def _scan(threshold=DEFAULT_THRESHOLD):
    stats = ScanStats()
    pairs = find_overlaps([Doc(i, u, t) for i, u, t in DOCS], threshold, stats=stats)
    return pairs, stats


def test_precision_and_recall_on_the_labelled_set():
    pairs, stats = _scan()
    found = {frozenset((p.a.id, p.b.id)) for p in pairs}
    hits = len(found & OVERLAPS)
    precision, recall = hits / len(found), hits / len(OVERLAPS)
    print(
        f"\n职责交叉 labelled set: {len(DOCS)} texts, {len(OVERLAPS)} true pairs; threshold {DEFAULT_THRESHOLD}: "
        f"{len(found)} found, precision {precision:.2f}, recall {recall:.2f}; {stats.candidates} candidates scored"
    )
    assert recall >= 0.9
    assert precision >= 0.8
    # Candidates come from shared terms, not every pair (of 100+ texts: over 5,000 pairs).
    assert stats.candidates < len(DOCS) * (len(DOCS) - 1) / 2 / 10


def test_boilerplate_never_pairs_and_pairs_are_between_units():
    pairs, stats = _scan(threshold=0.05)
    boiler = {i for i, _, _ in DOCS if i.startswith("C")}
    assert not [p for p in pairs if p.a.id in boiler or p.b.id in boiler]
    assert stats.skipped_boilerplate == len(boiler)
    assert all(p.a.unit != p.b.unit for p in pairs)
    assert is_boilerplate("完成县委、县政府交办的其他任务。")
    assert is_boilerplate("负责本单位的党建和党风廉政建设工作。")
    assert not is_boilerplate("负责本单位职责范围内的河道采砂管理。")


def test_texts_every_unit_repeats_word_for_word_are_boilerplate():
    docs = [Doc(str(i), f"单位{i}", "负责做好本辖区群众来信来访接待工作。") for i in range(3)]
    docs += [
        Doc("x", "县水利局", "负责河道采砂的统一管理和监督检查"),
        Doc("y", "县自然资源局", "负责河道采砂的监督管理"),
    ]
    pairs = find_overlaps(docs)
    assert [(p.a.id, p.b.id) for p in pairs] == [("x", "y")]


def test_shared_phrases_name_the_matter_not_the_administrative_words():
    phrases = shared_phrases(
        "负责互联网上网服务营业场所的审批和监督管理。", "负责互联网上网服务营业场所的安全监督检查。"
    )
    assert "互联网上网" in phrases and "营业场所" in phrases
    assert not [p for p in phrases if "监督" in p or "负责" in p]


def test_a_template_many_units_copied_brings_each_texts_best_pairs_not_every_pair():
    # 30 townships carry the same duty in slightly different words: 435 pairs above the threshold, of which each
    # text keeps its best five (a pair stays when either text keeps it).
    from lvzhi.duties.textmatch import Doc, find_overlaps

    docs = [
        Doc(f"T{i}", f"镇{i}", f"负责辖区内农村人居环境整治和村庄清洁行动第{i}片区的组织实施") for i in range(30)
    ]
    every = find_overlaps(docs, per_text=None, with_phrases=False)
    best = find_overlaps(docs, with_phrases=False)
    assert len(every) == 30 * 29 // 2
    partners: dict[str, int] = {}
    for pair in best:
        partners[pair.a.id] = partners.get(pair.a.id, 0) + 1
        partners[pair.b.id] = partners.get(pair.b.id, 0) + 1
    assert set(partners) == {d.id for d in docs}  # every text still has its closest pairs
    assert len(best) <= 30 * 5 and len(best) < len(every)
    kept = {(p.a.id, p.b.id) for p in best}
    assert kept <= {(p.a.id, p.b.id) for p in every}
    assert [p.score for p in best] == sorted((p.score for p in best), reverse=True)
