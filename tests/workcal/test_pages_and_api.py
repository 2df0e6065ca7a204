"""The calendar's pages and API as users meet them: the years with the provisional one flagged, the calculator,
an administrator loading next year's file and removing a day, a unit contact refused, the API's figures."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_the_calendar_page_lists_the_years_flags_next_year_and_computes(world, login):
    client = login(world.users.contact_a)
    page = client.get("/calendar/").content.decode()
    assert "工作日历" in page and "暂定" in page and "2027" in page and "chinese-calendar" in page
    assert "导入年度节假日安排" not in page  # only administrators load files
    result = client.get("/calendar/", {"start": "2026-02-13", "end": "2026-02-28"}).content.decode()
    assert "共 <strong>7</strong> 个工作日" in result
    result = client.get("/calendar/", {"start": "2026-02-14", "n": "1"}).content.decode()
    assert "2026年2月24日" in result or "2026-02-24" in result
    year = client.get("/calendar/2026/").content.decode()
    assert "春节调休上班" in year and "2026-02-14" in year
    assert client.post("/calendar/load/", {"file": SimpleUploadedFile("a.csv", b"x")}).status_code == 403


def test_an_administrator_loads_next_year_and_corrects_a_day(world, login):
    client = login(world.users.admin)
    upload = SimpleUploadedFile(
        "2027.csv", "日期,类型,说明\n2027-01-01,休,元旦\n2027-02-20,班,春节调休上班\n".encode()
    )
    response = client.post("/calendar/load/", {"file": upload, "note": "国办发明电〔2026〕9号"}, follow=True)
    assert "已导入:2027 年 2 天" in response.content.decode()
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕9号"
    bad = SimpleUploadedFile("2027.csv", "日期,类型,说明\n2027-02-21,加,错\n".encode())
    page = client.post("/calendar/load/", {"file": bad}, follow=True).content.decode()
    assert "第2行 B列「类型」" in page and CalendarDay.objects.filter(date__year=2027).count() == 2
    response = client.post("/calendar/2027/days/2027-02-20/remove/", {"reason": "通知更正"}, follow=True)
    assert "已删除 2027-02-20" in response.content.decode()
    assert not CalendarDay.objects.filter(date=dt.date(2027, 2, 20)).exists()
    page = client.get("/calendar/2027/").content.decode()
    assert "历史版本" in page and "通知更正" in page


def test_the_api_answers_with_the_provisional_flag(world, login):
    client = login(world.users.evaluator)
    body = client.get("/api/calendar/workdays", {"start": "2026-02-13", "end": "2026-02-28"}).json()
    assert body == {"value": 7, "provisional": False, "provisional_years": []}
    body = client.get("/api/calendar/add", {"start": "2026-12-30", "n": 3}).json()
    # weekends only in 2027 until it is published: 1 January counts
    assert body == {"value": "2027-01-04", "provisional": True, "provisional_years": [2027]}
    assert (
        client.get("/api/calendar/add", {"start": "2026-12-30", "n": 3, "unit": "weeks"}).status_code == 422
    )
    days = client.get("/api/calendar/years/2026").json()["days"]
    assert {"date": "2026-02-28", "kind": "班", "note": "春节调休上班"} in days
    put = client.put(
        "/api/calendar/days",
        {"date": "2027-01-01", "kind": "休", "reason": "x"},
        content_type="application/json",
    )
    assert put.status_code == 403
    admin = login(world.users.admin)
    put = admin.put(
        "/api/calendar/days",
        {"date": "2027-01-01", "kind": "休", "note": "元旦", "reason": "国办通知"},
        content_type="application/json",
    )
    assert put.status_code == 200 and CalendarYear.objects.filter(year=2027).exists()
