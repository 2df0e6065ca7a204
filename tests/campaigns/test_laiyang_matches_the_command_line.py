"""The Laiyang scheme run as a campaign over the demo county's 75 units gives the same totals, ranks and explained
results as the engine's own command line (`lvzhi score`) on the inputs the campaign exported."""

import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.accounts.models import Role
from lvzhi.campaigns import actions, demo, imports, scoring
from lvzhi.campaigns.models import IndicatorEntry, UnitResult
from lvzhi.demo import registry as demo_registry
from lvzhi.registry.models import Category, Region
from lvzhi.scoring import read_scheme_file
from tests.factories import make_user

from .conftest import publish_scheme

LAIYANG = Path(settings.PROJECT_DIR) / "examples" / "schemes" / "laiyang.yaml"
LVZHI = Path(sys.executable).with_name("lvzhi")


@pytest.fixture
def county(db):
    demo_registry.build(random.Random("laiyang-test"), None)


def test_a_laiyang_campaign_over_75_units_scores_exactly_as_lvzhi_score(county, tmp_path):
    admin = make_user("office", Role.ADMIN)
    version = publish_scheme(read_scheme_file(LAIYANG), admin)
    laiyang = Region.objects.get(name="莱阳市")
    camp = actions.create_campaign(
        actor=admin, name="莱阳市2026年度职能运行评估", year=2026, scheme_version=version,
        categories=list(Category.objects.all()),
        regions=[laiyang], subordinate_share=Decimal("1"),
    )  # fmt: skip
    assert camp.units.count() == 75
    assert sorted(camp.leader_rating_periods) == ["H1", "H2"]
    actions.assign_leaders_from_portfolios(camp, actor=admin)
    camp = actions.close_stage(camp, actor=admin)

    rng = random.Random(75)
    info = scoring.schemeinfo.info_for(version)
    cus = demo._cus(camp)
    qualities = {cu.unit_id: demo._quality(rng) for cu in cus}
    IndicatorEntry.objects.bulk_create(
        [e for cu in cus for e in demo._entries(cu, info, qualities[cu.unit_id], rng)]
    )
    # Multi-party inputs through the real import: answers per respondent group and the hotline rate.
    survey = ["单位代码,数据项,子项,数值"]
    hotline = ["单位代码,C2"]
    for cu in cus:
        satisfied = rng.randint(20, 50)
        survey += [f"{cu.unit.code},C1,满意,{satisfied}", f"{cu.unit.code},C1,基本满意,{rng.randint(0, 10)}",
                   f"{cu.unit.code},C1,不满意,{rng.randint(0, 3)}"]  # fmt: skip
        party = cu.category.name == "党群系统"
        hotline.append(f"{cu.unit.code},{'不适用' if party else rng.randint(700, 995) / 10}")
    camp = actions.close_stage(camp, actor=admin, force=True, reason="测试")
    imports.import_file(
        camp, actor=admin, kind="survey", content="\n".join(survey).encode(), filename="survey.csv"
    )
    imports.import_file(
        camp, actor=admin, kind="hotline", content="\n".join(hotline).encode(), filename="hotline.csv"
    )
    for a in camp.assignments.filter(kind="leader").select_related("user", "unit"):
        for period in ("H1", "H2"):
            if rng.random() < 0.9:
                actions.rate_unit(
                    camp,
                    actor=a.user,
                    unit=a.unit,
                    period=period,
                    rating=rng.choice(["优秀", "良好", "一般", "差"]),
                )
    assert scoring.compute(camp, actor=admin) == 75

    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps(scoring.export_inputs(camp), ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [str(LVZHI), "score", str(LAIYANG), str(inputs), "--json"], capture_output=True, text=True, check=True
    )
    cli = json.loads(run.stdout)

    stored = {
        r.unit.code: r
        for r in UnitResult.objects.filter(campaign=camp).select_related("unit", "scheme_version")
    }
    assert len(cli["units"]) == len(stored) == 75
    for row in cli["units"]:
        result = stored[row["unit"]]
        assert Decimal(str(row["total"])) == result.total, row["unit"]
        assert row["rank"] == result.rank, row["unit"]
        assert scoring.dumps(cli["results"][row["unit"]]) == scoring.dumps(scoring.explained(result)), row[
            "unit"
        ]
    # Party units had no hotline tickets: C2 was not applicable, and 满意度 was rescaled to C1.
    party = next(r for r in stored.values() if r.inputs.get("category") == "党群系统")
    assert party.inputs["not_applicable"] == ["C2"]
