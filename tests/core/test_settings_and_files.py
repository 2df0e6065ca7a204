import os
import subprocess
import sys

from django.test import override_settings

from lvzhi.core.files import register_file_access


def _run_settings(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "LVZHI_DEBUG", "LVZHI_TESTING"}}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-c", "import lvzhi.settings as s; print(s.SESSION_COOKIE_SECURE if hasattr(s, 'SESSION_COOKIE_SECURE') else 'no')"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_https_mode_makes_cookies_secure():
    result = _run_settings({"SECRET_KEY": "x" * 50, "LVZHI_HTTPS": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_uploaded_files_are_not_served_to_anonymous_users(client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        (tmp_path / "evidence").mkdir()
        (tmp_path / "evidence" / "a.txt").write_text("机密")
        response = client.get("/files/evidence/a.txt")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_file_is_served_only_when_its_rooms_check_allows_it(world, login, tmp_path):
    register_file_access("testonly/", lambda user, name: user.is_office_admin)
    with override_settings(MEDIA_ROOT=tmp_path):
        (tmp_path / "testonly").mkdir()
        (tmp_path / "testonly" / "report.txt").write_text("自查报告")
        (tmp_path / "unregistered").mkdir()
        (tmp_path / "unregistered" / "x.txt").write_text("x")
        admin = login(world.users.admin)
        allowed = admin.get("/files/testonly/report.txt")
        assert allowed.status_code == 200
        assert b"".join(allowed.streaming_content).decode() == "自查报告"
        assert login(world.users.contact_a).get("/files/testonly/report.txt").status_code == 404
        assert admin.get("/files/unregistered/x.txt").status_code == 404
        assert admin.get("/files/testonly/../unregistered/x.txt").status_code == 404
