"""The demo's seed schemes ship inside the package (an installed product builds the same demo), examples/schemes
is the same directory, and a missing or broken seed stops the demo instead of leaving schemes and campaigns out."""

from pathlib import Path

import pytest
from django.conf import settings

from lvzhi.campaigns import demo as campaigns_demo
from lvzhi.demo.seeds import SCHEMES_DIR, SeedError
from lvzhi.schemes import demo as schemes_demo
from lvzhi.schemes.models import Scheme


def test_the_seed_schemes_are_package_data_and_examples_schemes_is_the_same_directory():
    assert SCHEMES_DIR.parent == Path(schemes_demo.__file__).resolve().parents[1] / "demo"
    assert (SCHEMES_DIR / "laiyang.yaml").is_file() and (SCHEMES_DIR / "laiyang.inputs.yaml").is_file()
    assert (settings.PROJECT_DIR / "examples" / "schemes").resolve() == SCHEMES_DIR
    assert len(schemes_demo.scheme_files()) >= 10


def test_the_demo_stops_when_the_seed_scheme_directory_is_missing_or_empty(world, tmp_path):
    with pytest.raises(SeedError, match="没有种子指标体系文件"):
        schemes_demo.build(None, directory=tmp_path / "missing")
    with pytest.raises(SeedError, match="没有种子指标体系文件"):
        schemes_demo.build(None, directory=tmp_path)
    assert not Scheme.objects.exists()


def test_the_demo_stops_when_a_seed_scheme_does_not_import(world, tmp_path):
    (tmp_path / "broken.yaml").write_text("format: lvzhi-scheme/1\ncode: broken\nname: 坏方案\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"broken\.yaml 未导入"):
        schemes_demo.build(None, directory=tmp_path)


def test_the_campaign_demo_stops_when_the_laiyang_scheme_was_not_loaded(world):
    with pytest.raises(SeedError, match="种子指标体系「laiyang」未导入"):
        campaigns_demo.build(None)
