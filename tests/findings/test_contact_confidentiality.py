"""A unit contact on the use-of-results pages (recommendations, dossier, consequences, accountability and its
import): only its own unit, never another unit's case or measure, never the leader ratings behind a result."""

import datetime

import pytest

from lvzhi.campaigns.models import UnitResult
from lvzhi.findings import actions
from lvzhi.findings.models import Situation
from lvzhi.registry.models import Person

pytestmark = pytest.mark.django_db


def test_a_unit_contact_sees_only_its_own_unit_on_the_use_of_results_pages(world, published, client):
    admin = world.users.admin
    actions.seed_catalogue(actor=admin)
    situation = Situation.objects.first()
    for unit, title in ((world.unit_a, "甲单位案件"), (world.unit_b, "乙单位推诿扯皮")):
        actions.record_case(actor=admin, situation=situation, unit=unit, person=Person.objects.filter(unit=unit).first(),
                            title=title, occurred_on=datetime.date(published.year, 5, 1))  # fmt: skip
    UnitResult.objects.filter(campaign=published).update(grade="诫勉")
    actions.impose_consequences(published, actor=admin)
    client.force_login(world.users.contact_a)
    other = world.unit_b.name
    pages = {
        "/findings/consequences/": 200,
        "/findings/accountability/": 200,
        "/findings/recommendations/": 403,
        f"/findings/dossier/{world.unit_a.pk}/": 403,
        f"/findings/dossier/{world.unit_b.pk}/": 403,
        "/findings/import/cases/": 403,
        f"/findings/units/{world.unit_a.pk}/": 200,
        "/api/findings/consequences/": 200,
        "/api/findings/accountability/cases": 200,
        "/api/findings/recommendations/": 403,
        f"/api/findings/dossier/{world.unit_a.pk}": 403,
    }
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == expected, (path, response.status_code)
        body = response.content.decode()
        assert other not in body and "乙单位推诿扯皮" not in body, path
        assert "领导评价" not in body and "leader_rating" not in body, path
    assert world.unit_a.name in client.get("/findings/consequences/").content.decode()
