"""Schemes as data with versions: drafts are editable, publishing freezes, a change makes a new draft."""

import pytest
from django.core.exceptions import PermissionDenied

from lvzhi.audit.models import AuditEvent
from lvzhi.schemes import actions
from lvzhi.schemes.models import FrozenVersionError, Scheme, SchemeNode, SchemeVersion

from .conftest import node, small


def test_a_new_scheme_starts_as_draft_v1_with_its_indicators_queryable(draft):
    assert draft.number == 1
    assert draft.is_draft
    assert draft.issue_count == 0
    codes = list(SchemeNode.objects.filter(version=draft).values_list("code", flat=True))
    assert codes == ["A", "A1", "A2", "B", "B1", "X", "X1"]
    a1 = SchemeNode.objects.get(version=draft, code="A1")
    assert (a1.parent_code, a1.level, a1.points, a1.is_leaf, a1.rule_type) == ("A", 2, 40, True, "entered")
    assert SchemeNode.objects.get(version=draft, code="X").kind == "deduction"


def test_a_draft_can_be_saved_with_problems_but_not_published(draft, world):
    broken = small()
    node(broken, "A1")["points"] = 35  # A1 + A2 = 55, not A's 60
    issues = actions.update_draft(draft, broken, actor=world.users.admin)
    assert issues and any(issue.where == "A" for issue in issues), issues
    draft.refresh_from_db()
    assert draft.issue_count == len(issues)
    assert node(draft.definition, "A1")["points"] == 35
    with pytest.raises(actions.SchemeActionError) as refused:
        actions.publish_version(draft, actor=world.users.admin)
    assert "修正后才能发布" in refused.value.message
    assert any(issue.where == "A" for issue in refused.value.issues)
    draft.refresh_from_db()
    assert draft.status == SchemeVersion.Status.DRAFT


def test_publishing_freezes_the_version_and_records_who_published(published, world):
    assert published.status == SchemeVersion.Status.PUBLISHED
    assert published.published_by == world.users.admin
    assert published.published_at is not None
    event = AuditEvent.objects.get(event_type="scheme.published", object_id=str(published.pk))
    assert event.actor == world.users.admin


def test_a_published_definition_cannot_be_changed_through_the_model(published):
    version = SchemeVersion.objects.get(pk=published.pk)
    version.definition["name"] = "改过的名称"
    with pytest.raises(FrozenVersionError, match="已发布"):
        version.save()
    version = SchemeVersion.objects.get(pk=published.pk)
    version.status = SchemeVersion.Status.DRAFT
    with pytest.raises(FrozenVersionError):
        version.save()
    assert SchemeVersion.objects.get(pk=published.pk).definition["name"] == "小型测试方案"


def test_a_published_version_cannot_be_changed_by_a_bulk_update_or_deleted(published):
    with pytest.raises(FrozenVersionError):
        SchemeVersion.objects.filter(pk=published.pk).update(definition={"name": "x"})
    with pytest.raises(FrozenVersionError):
        SchemeVersion.objects.get(pk=published.pk).delete()
    assert SchemeVersion.objects.get(pk=published.pk).definition["name"] == "小型测试方案"


def test_the_note_of_a_published_version_may_still_be_corrected(published):
    version = SchemeVersion.objects.get(pk=published.pk)
    version.note = "2026 年度使用"
    version.save()
    assert SchemeVersion.objects.get(pk=published.pk).note == "2026 年度使用"


def test_update_draft_refuses_a_published_version(published, world):
    with pytest.raises(FrozenVersionError):
        actions.update_draft(published, small(name="新名称"), actor=world.users.admin)


def test_changing_a_published_scheme_makes_a_new_draft_copying_it(published, world):
    new = actions.start_draft(published.scheme, actor=world.users.admin)
    assert (new.number, new.status) == (2, SchemeVersion.Status.DRAFT)
    assert new.definition == published.definition
    changed = small()
    node(changed, "B1")["name"] = "领导综合评价"
    assert actions.update_draft(new, changed, actor=world.users.admin) == []
    published.refresh_from_db()
    assert node(published.definition, "B1")["name"] == "领导评价"
    assert SchemeNode.objects.get(version=new, code="B1").name == "领导综合评价"
    assert SchemeNode.objects.get(version=published, code="B1").name == "领导评价"


def test_a_scheme_has_one_draft_at_a_time(published, world):
    first = actions.start_draft(published.scheme, actor=world.users.admin)
    again = actions.start_draft(published.scheme, actor=world.users.admin)
    assert again.pk == first.pk
    assert published.scheme.versions.count() == 2


def test_only_office_administrators_change_schemes(draft, world):
    for user in (world.users.evaluator, world.users.committee, world.users.contact_a, world.users.leader):
        with pytest.raises(PermissionDenied):
            actions.update_draft(draft, small(name="x"), actor=user)
        with pytest.raises(PermissionDenied):
            actions.publish_version(draft, actor=user)
    draft.refresh_from_db()
    assert draft.status == SchemeVersion.Status.DRAFT and draft.definition["name"] == "小型测试方案"


def test_every_draft_save_is_audited_with_before_and_after(draft, world):
    changed = small()
    node(changed, "A1")["standard"] = "新的评分标准"
    actions.update_draft(draft, changed, actor=world.users.admin)
    event = AuditEvent.objects.filter(object_id=str(draft.pk), action="update").latest("id")
    assert event.actor == world.users.admin
    assert [c["field"] for c in event.changes if c["field"] == "definition"] == ["definition"]


def test_a_discarded_draft_leaves_no_trace_but_its_audit(draft, world):
    pk = draft.pk
    actions.discard_draft(draft, actor=world.users.admin)
    assert not SchemeVersion.objects.filter(pk=pk).exists()
    assert not Scheme.objects.filter(code="small").exists()
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


@pytest.mark.parametrize(
    ("role", "sees_draft", "sees_published"),
    [
        ("admin", True, True),
        ("evaluator", True, True),
        ("committee", True, True),
        ("contact_a", False, True),
        ("leader", False, True),
        ("third_party", False, True),
    ],
)
def test_who_sees_drafts_and_published_versions(published, world, role, sees_draft, sees_published):
    draft = actions.start_draft(published.scheme, actor=world.users.admin)
    user = getattr(world.users, role)
    visible = set(SchemeVersion.objects.visible_to(user).values_list("pk", flat=True))
    assert (draft.pk in visible, published.pk in visible) == (sees_draft, sees_published)


def test_a_scheme_with_only_a_draft_is_hidden_from_unit_contacts(draft, world):
    assert not Scheme.objects.visible_to(world.users.contact_a).exists()
    assert Scheme.objects.visible_to(world.users.evaluator).get() == draft.scheme


@pytest.mark.parametrize("code", ["new", "import", "含中文", "a/b", "-lead", ""])
def test_a_scheme_code_must_be_usable_in_addresses_and_files(world, code):
    with pytest.raises(actions.SchemeActionError):
        actions.create_scheme(actor=world.users.admin, code=code, name="方案")
    assert not Scheme.objects.exists()


def test_publishing_a_renamed_version_renames_the_scheme(published, world):
    draft = actions.start_draft(published.scheme, actor=world.users.admin)
    actions.update_draft(draft, small(name="小型测试方案(2027年版)", description="年度修订"), actor=world.users.admin)
    assert Scheme.objects.get(code="small").name == "小型测试方案"
    actions.publish_version(draft, actor=world.users.admin)
    scheme = Scheme.objects.get(code="small")
    assert (scheme.name, scheme.description) == ("小型测试方案(2027年版)", "年度修订")
