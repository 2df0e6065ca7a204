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
