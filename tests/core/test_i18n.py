"""The interface text goes through Django i18n (docs/i18n.md).

Three kinds of check: the source of the converted rooms has no Chinese outside translation tags and gettext
calls; the committed catalogue (lvzhi/locale/zh_Hans) holds every message the code and templates use, and its .mo
matches its .po; and, at run time, the pages show what the catalogue says: with a test catalogue whose every entry
reads ‹…›, the pages' Chinese text comes out marked.
"""

import gettext as gettext_module
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.translation import override

from lvzhi.accounts.models import Role, User
from lvzhi.registry.models import (
    Category,
    InternalBody,
    LeadershipLevel,
    LeadershipQuota,
    MainDuty,
    Person,
    Post,
    Region,
    SanDing,
    StaffingKind,
    StaffingQuota,
    Unit,
    UnitKind,
)
from tests.core.gettext_files import (
    chinese_literals,
    mo_key,
    python_messages,
    read_po,
    template_messages,
    untranslated_python_text,
    untranslated_template_text,
    write_mo,
)

PACKAGE = Path(__file__).resolve().parents[2] / "lvzhi"
TEMPLATES = PACKAGE / "templates"
CATALOGUE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES"

# The rooms whose strings are routed through the catalogue. A room joins these lists when its templates and code
# are converted (docs/i18n.md); the catalogue checks below cover the whole package regardless.
CONVERTED_TEMPLATES = [
    "base.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "core",
    "registry",
    "accounts",
    "audit",
    "schemes",
    "campaigns",
    "registry_io",
    "findings",
]
CONVERTED_MODULES = [
    "registry/models",
    "registry/views.py",
    "registry/forms.py",
    "registry/actions.py",
    "registry/staffing.py",
    "accounts/views.py",
    "accounts/forms.py",
    "accounts/actions.py",
    "accounts/validators.py",
    "accounts/models.py",
    "accounts/policy.py",
    "accounts/schemas.py",
    "audit/policy.py",
    "registry/policy.py",
    "schemes/policy.py",
    "audit/views.py",
    "audit/models.py",
    "core",
    "schemes/views.py",
    "schemes/forms.py",
    "schemes/actions.py",
    "schemes/models.py",
    # the API: errors and validation messages, OpenAPI summaries and descriptions
    "api",
    "registry/api",
    "accounts/api.py",
    "audit/api.py",
    "schemes/api.py",
    # campaigns: all but demo.py (demo data) and formats.py (the words of its file formats and stored values)
    "campaigns/actions",
    "campaigns/selectors.py",
    "campaigns/api",
    "campaigns/apps.py",
    "campaigns/bulletin.py",
    "campaigns/events.py",
    "campaigns/forms.py",
    "campaigns/imports.py",
    "campaigns/models",
    "campaigns/policy.py",
    "campaigns/notify.py",
    "campaigns/reminders.py",
    "campaigns/schemeinfo.py",
    "campaigns/scoring.py",
    "campaigns/sheets.py",
    "campaigns/stages.py",
    "campaigns/urls.py",
    "campaigns/views",
    "campaigns/templatetags",
    "campaigns/management",
    # findings: all but demo.py (demo data) and formats.py (the words of its file formats)
    "findings/actions",
    "findings/models",
    "findings/api.py",
    "findings/apps.py",
    "findings/events.py",
    "findings/exports.py",
    "findings/forms.py",
    "findings/imports.py",
    "findings/policy.py",
    "findings/selectors.py",
    "findings/todo.py",
    "findings/views_lists.py",
    "findings/views_accountability.py",
    "findings/api_lists.py",
    "findings/urls.py",
    "findings/views.py",
    "findings/views_files.py",
    # registry import/export: all but formats.py (the words of its file formats)
    "registry/io/api.py",
    "registry/io/bulk.py",
    "registry/io/cells.py",
    "registry/io/columns.py",
    "registry/io/exporters.py",
    "registry/io/forms.py",
    "registry/io/importers",
    "registry/io/reader.py",
    "registry/io/jobs.py",
    "registry/io/services.py",
    "registry/io/tasks.py",
    "registry/io/urls.py",
    "registry/io/views.py",
]


def _files(base: Path, names: list[str], pattern: str) -> list[Path]:
    files = []
    for name in names:
        path = base / name
        files += sorted(path.rglob(pattern)) if path.is_dir() else [path]
    return [f for f in files if "migrations" not in f.parts]


# The source ---------------------------------------------------------------------------------------------------


def test_the_converted_templates_have_no_chinese_outside_translation_tags():
    found = [
        f"{path.relative_to(TEMPLATES)}:{line}: {text}"
        for path in _files(TEMPLATES, CONVERTED_TEMPLATES, "*.html")
        for line, text in untranslated_template_text(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_converted_python_modules_have_no_chinese_literal_outside_gettext():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in _files(PACKAGE, CONVERTED_MODULES, "*.py")
        for line, text in untranslated_python_text(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_template_scan_finds_chinese_left_outside_the_tags():
    source = '{% load i18n %}<h1>{% translate "单位" %}</h1><p title="筛选">共 {{ n }} 个</p>{% include "x" with t="标题" %}'
    assert [text for _line, text in untranslated_template_text(source)] == [
        '</h1><p title="筛选">共',
        "个</p>",
        'include "x" with t="标题"',
    ]


# The catalogue ------------------------------------------------------------------------------------------------


def test_the_committed_catalogue_holds_every_message_of_the_templates_and_the_code():
    """Fails when a string was added or changed without `lvzhi makemessages` (docs/i18n.md)."""
    catalogue = {entry.key for entry in read_po(CATALOGUE / "django.po")}
    used = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        for message in template_messages(path.read_text(encoding="utf-8")):
            used.setdefault(message, str(path.relative_to(PACKAGE)))
    for path in sorted(PACKAGE.rglob("*.py")):
        for message in python_messages(path.read_text(encoding="utf-8")):
            used.setdefault(message, str(path.relative_to(PACKAGE)))
    missing = sorted(f"{where}: {message[1]}" for message, where in used.items() if message not in catalogue)
    assert missing == []
    # The key strings of each room are there.
    for msgid in [
        "机构编制",
        "单位信息已保存。",
        "用户管理仅向编办管理员开放。",
        "编办管理员",
        "操作日志",
        "新增",
        "指标体系",
        "草稿已保存,校验通过。",
        "工作台",
        "%(year)s年%(month)s月%(day)s日",
    ]:
        assert (None, msgid, None) in catalogue


def test_the_extraction_reads_translate_blocktranslate_and_gettext_calls():
    source = (
        '{% load i18n %}{% translate "保存" %} {% blocktranslate with n=page.count %}共 {{ n }} 个{% endblocktranslate %}'
        '{% include "x" with title=_("标题") %}'
    )
    assert template_messages(source) == {
        (None, "保存", None),
        (None, "共 %(n)s 个", None),
        (None, "标题", None),
    }
    assert python_messages('_("甲")\ngettext_lazy("乙")\nngettext("one", "many", 2)\nprint("丙")') == {
        (None, "甲", None),
        (None, "乙", None),
        (None, "one", "many"),
    }


def test_the_compiled_catalogue_matches_its_source():
    """The .mo is committed (make run and CI need no gettext): it must say what the .po says."""
    expected = {
        mo_key(entry): "\x00".join(entry.msgstr)
        for entry in read_po(CATALOGUE / "django.po")
        if entry.translated
    }
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)
    catalog = {}
    for key, value in compiled._catalog.items():
        if isinstance(key, tuple):  # plural forms: (msgid, index)
            catalog.setdefault(key[0], {})[key[1]] = value
        else:
            catalog[key] = value
    by_msgid = {key.split("\x00")[0]: value for key, value in expected.items()}
    assert set(catalog) == set(by_msgid)
    for msgid, value in by_msgid.items():
        got = catalog[msgid]
        if isinstance(got, dict):
            got = "\x00".join(got[i] for i in sorted(got))
        if msgid == "":
            assert "charset=UTF-8" in got
        else:
            assert got == value


def test_django_messages_missing_in_its_chinese_catalogue_come_from_ours(db):
    from django.contrib.auth.password_validation import MinimumLengthValidator

    with override("zh-hans"), pytest.raises(ValidationError) as error:
        MinimumLengthValidator(min_length=10).validate("short")
    assert error.value.messages == ["密码长度太短。密码必须包含至少 10 个字符。"]


# At run time: a test catalogue marks every message ------------------------------------------------------------

MARK = re.compile(r"‹[^‹›]*›")


@pytest.fixture
def marked(settings, tmp_path):
    """Requests sent with `Accept-Language: en` get a catalogue in which every entry of ours reads ‹msgid›."""
    messages = {"": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"}
    for entry in read_po(CATALOGUE / "django.po"):
        if entry.msgid:
            value = (
                f"‹{entry.msgid}›"
                if entry.msgid_plural is None
                else f"‹{entry.msgid}›\x00‹{entry.msgid_plural}›"
            )
            messages[mo_key(entry)] = value
    write_mo(messages, tmp_path / "en" / "LC_MESSAGES" / "django.mo")
    settings.LANGUAGES = [("zh-hans", "简体中文"), ("en", "marked")]
    settings.LOCALE_PATHS = [tmp_path]

    def client(user=None):
        c = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            c.force_login(user)
        return c

    return client


def unmarked_chinese(html: str) -> list[str]:
    """Runs of Chinese characters outside ‹…› (markers nest when a message holds another)."""
    text, count = html, 1
    while count:
        text, count = MARK.subn("", text)
    return re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", text)


# Chinese that comes from modules not converted yet (owned by other rooms): lvzhi/registry/models/.
NOT_CONVERTED = chinese_literals(
    "\n".join(p.read_text(encoding="utf-8") for p in sorted((PACKAGE / "registry" / "models").glob("*.py")))
)


def not_converted(run: str) -> bool:
    return any(run in literal for literal in NOT_CONVERTED)


@pytest.fixture
def ascii_world(db):
    """A unit and users whose own data holds no Chinese, so that any Chinese on a page is interface text."""
    region = Region.objects.create(code="370682", name="Laiyang", level=Region.Level.COUNTY)
    category = Category.objects.create(code="ZW", name="Services", order=1)
    unit = Unit.objects.create(
        code="U1", name="Bureau One", kind=UnitKind.GOVERNMENT, region=region, category=category
    )
    sanding = SanDing.objects.create(unit=unit, version=1, document_number="LB-2019-1")
    MainDuty.objects.create(sanding=sanding, seq=1, text="Plan the economy.")
    StaffingQuota.objects.create(sanding=sanding, kind=StaffingKind.ADMINISTRATIVE, approved=10)
    LeadershipQuota.objects.create(sanding=sanding, level=LeadershipLevel.UNIT_HEAD, approved=1)
    office = InternalBody.objects.create(unit=unit, code="01", name="Office")
    post = Post.objects.create(unit=unit, internal_body=office, code="A-01", name="Clerk")
    Person.objects.create(
        unit=unit, post=post, staff_no="P1", name="Li Lei", staffing_kind=StaffingKind.ADMINISTRATIVE
    )
    admin = User.objects.create_user("admin1", password="x", role=Role.ADMIN, full_name="Admin One")
    evaluator = User.objects.create_user("eval1", password="x", role=Role.EVALUATOR, full_name="Eva Luator")
    return unit, admin, evaluator


def test_the_login_page_shows_only_catalogue_text(marked, db):
    client = marked()
    page = client.get("/accounts/login/").content.decode()
    assert "‹登录 履职系统›" in page
    assert unmarked_chinese(page) == []
    failed = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).content.decode()
    assert "‹用户名或密码错误。连续失败多次后账号将被暂时锁定。›" in failed
    assert unmarked_chinese(failed) == []


def test_the_accounts_pages_show_only_catalogue_text(marked, ascii_world):
    _unit, admin, evaluator = ascii_world
    client = marked(admin)
    for url in [
        "/users/",
        f"/users/{evaluator.pk}/",
        f"/users/{evaluator.pk}/edit/",
        "/users/new/",
        "/schemes/",
        "/accounts/password/",
        "/nowhere/",
    ]:
        page = client.get(url).content.decode()
        assert unmarked_chinese(page) == [], url
    users = client.get("/users/").content.decode()
    # A template string, and the labels of a model's choices.
    assert "‹用户管理›" in users and "‹编办管理员›" in users and "‹评估人员›" in users
    assert "‹机构编制›" in users  # navigation (lvzhi.core.context_processors)
    detail = client.get(f"/users/{evaluator.pk}/").content.decode()
    assert re.search(r"‹\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d›", detail)  # the date format is a catalogue entry
    refused = client.post(f"/users/{evaluator.pk}/tokens/", {"name": ""}, follow=True).content.decode()
    assert "‹请填写令牌名称;有效期须是今天以后的日期。›" in refused  # a view's message
    forbidden = marked(evaluator).get("/users/").content.decode()
    assert "‹用户管理仅向编办管理员开放。›" in forbidden and "‹没有权限›" in forbidden


def test_the_registry_pages_show_catalogue_text_and_only_unconverted_model_labels(marked, ascii_world):
    unit, admin, _evaluator = ascii_world
    client = marked(admin)
    for url in [
        "/",
        "/registry/units/",
        f"/registry/units/{unit.pk}/",
        "/registry/regions/",
        f"/registry/units/{unit.pk}/sanding/quotas/",
        f"/registry/units/{unit.pk}/persons/new/",
    ]:
        page = client.get(url).content.decode()
        assert [run for run in unmarked_chinese(page) if not not_converted(run)] == [], url
    units = client.get("/registry/units/").content.decode()
    assert "‹名称或代码›" in units and "‹查询›" in units  # a form label, a template string
    saved = client.post(
        f"/registry/units/{unit.pk}/edit/",
        {
            "code": "U1",
            "name": "Bureau One",
            "kind": UnitKind.GOVERNMENT,
            "region": unit.region_id,
            "category": unit.category_id,
            "order": 0,
            "is_active": "on",
            "note": "",
        },
        follow=True,
    ).content.decode()
    assert "‹单位信息已保存。›" in saved
    clash = client.post(
        f"/registry/units/{unit.pk}/persons/new/",
        {
            "staff_no": "P1",
            "name": "Han Meimei",
            "staffing_kind": StaffingKind.ADMINISTRATIVE,
            "is_active": "on",
        },
    ).content.decode()
    assert "‹人员编号“P1”已被使用。›" in clash  # a form's error message


def test_the_audit_and_schemes_pages_show_their_strings_from_the_catalogue(marked, ascii_world):
    _unit, admin, _evaluator = ascii_world
    client = marked(admin)
    log = client.get("/audit/").content.decode()
    # A template string, a form's choice, an AuditAction label.
    assert "‹操作日志›" in log and "‹全部操作›" in log and "‹新增›" in log
    created = client.post("/schemes/new/", {"code": "t-1", "name": "Test", "level": "local"}, follow=True)
    page = created.content.decode()
    assert "‹已新建指标体系“Test”,请在草稿中添加指标。›" in page  # a view's message
    assert "‹草稿›" in page and "‹本地方案›" in page  # template, Scheme.Level label
