"""Registry: unit_a (莱阳市发展和改革局: the unit contact's own, assigned to the evaluator, in the leader's
portfolio, outside the third party's scope) with its 三定, an internal body, a post and a person."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.models import Job
from lvzhi.registry.models import Person, Region
from lvzhi.registry.policy import POLICY
from tests.policy.harness import Route, Target, World

from .base import users_by_role

KIND = {"body": "bodies", "post": "posts", "person": "persons"}
ROOM_WIDE = {"view_reference", "edit_regions", "edit_categories", "view_all_units", "create_unit", "import",
             "export"}


class RegistryWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        self.base = base
        self.unit = base.unit_a
        self.children = {"body": base.office, "post": base.clerk_post, "person": Person.objects.get(staff_no="P0002")}
        self.sanding = base.unit_a.sandings.get(is_current=True)
        self.region = Region.objects.create(code="370682101", name="古柳街道", level=4, parent=base.laiyang)
        # each role's own failed export, which the job page offers to retry (a job is its starter's and the office's)
        self.failed_jobs = {
            user.pk: Job.objects.create(kind="registry.export", title="导出单位名册", status=Job.Status.FAILED,
                                        created_by=user, params={"kind": "units"})
            for user in self.users.values()
        }  # fmt: skip

    def _bodies(self):
        base = self.base
        unit = self.unit.pk
        return {
            "create_region": {"code": "370683", "name": "莱州市", "level": 3, "parent": base.city.pk},
            "update_region": {"name": "新名称"},
            "create_category": {"code": "CX", "name": "城乡建设", "order": 3},
            "update_category": {"name": "新名称"},
            "create_unit": {"code": "LY010", "name": "莱阳市审计局", "kind": "government", "region": base.laiyang.pk},
            "update_unit": {"note": "生成的权限测试"},
            "create_body": {"unit": unit, "code": "09", "name": "法规科"},
            "update_body": {"name": "新名称"},
            "create_post": {"unit": unit, "code": "A-09", "name": "法规岗"},
            "update_post": {"name": "新名称"},
            "create_person": {"unit": unit, "staff_no": "M0001", "name": "韩梅", "staffing_kind": "administrative"},
            "update_person": {"name": "新名称"},
            "create_sanding": {"document_number": "莱编〔2026〕9号", "reason": "生成的权限测试"},
            "update_sanding": {"note": "生成的权限测试"},
            "set_sanding_quotas": {"staffing": {"administrative": 11}},
            "set_sanding_duties": {"duties": ["负责生成的权限测试。"]},
            "create_export": {"kind": "units"},
        }

    def target(self, route: Route, action: str, state):
        kind = next((k for k in KIND if action.endswith(f"_{k}")), "body")
        child = self.children[kind]
        params = {
            "pk": self.unit.pk, "unit_id": self.unit.pk, "kind": KIND[kind], "child_pk": child.pk,
            "body_id": self.children["body"].pk, "post_id": self.children["post"].pk,
            "person_id": self.children["person"].pk, "sanding_id": self.sanding.pk,
            "region_id": self.region.pk, "category_id": self.base.service.pk,
        }
        if action in ROOM_WIDE or not set(route.params) - {"kind"}:
            obj = None
        elif action.startswith(("edit_", "delete_")) and action.endswith(("_body", "_post", "_person")):
            obj = child
        else:
            obj = self.unit
        name = route.view.__name__
        if name == "job_retry":
            params["pk"] = self.failed_jobs[self.acting_user.pk].pk
        if route.kind == "api" and name == "create_import":
            upload = SimpleUploadedFile("units.csv", "单位代码,单位名称\n".encode(), content_type="text/csv")
            return Target(obj, params, {"kind": "units", "file": upload}, multipart=True)
        return Target(obj, params, self._bodies().get(name, {}) if route.kind == "api" else {})
