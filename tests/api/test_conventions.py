"""What every API response looks like: readable UTF-8 JSON, times in China's time zone."""


def test_chinese_text_is_sent_as_utf8_not_escaped(world, api):
    response = api(world.users.admin).get(f"registry/units/{world.unit_a.pk}")
    assert response["Content-Type"].startswith("application/json")
    assert "莱阳市发展和改革局".encode() in response.content
    assert b"\\u" not in response.content


def test_times_are_given_in_china_standard_time(world, api):
    body = api(world.users.admin).get("accounts/users", {"q": "admin"}).json()
    assert body["items"][0]["date_joined"].endswith("+08:00")


def test_errors_are_json_with_a_chinese_detail(world, api):
    response = api(world.users.contact_a).get(f"registry/units/{world.unit_b.pk}")
    assert response["Content-Type"].startswith("application/json")
    assert "未找到该对象".encode() in response.content


def test_a_write_without_a_body_says_the_body_is_missing(world, api):
    response = api(world.users.admin).post("registry/categories")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": None, "message": "缺少请求体(JSON 对象)。"}]


def test_a_body_that_is_not_an_object_is_refused(world, api):
    response = api(world.users.admin).post("registry/categories", ["党群系统"])
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": None, "message": "请求体必须是 JSON 对象。"}]
