"""Schemes: the small scheme of tests/schemes, v1 published and v2 its draft; the state picks the version."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.schemes import actions
from lvzhi.schemes.policy import POLICY
from tests.policy.harness import Route, Target, World
from tests.schemes.conftest import small

from .base import users_by_role

BODIES = {
    "create_scheme": {"code": "policy-new", "name": "新方案"},
    "validate_definition": {"definition": {}},
    "start_draft": {},
    "update_definition": {"definition": {}},
    "derive": {"code": "policy-child", "name": "下级方案"},
    "score": {"inputs": {}},
}
UPLOADS = {"import_scheme", "import_draft"}


class SchemesWorld(World):
    policy = POLICY

    def __init__(self, base):
        self.users = users_by_role(base)
        admin = base.users.admin
        published = actions.create_scheme(actor=admin, code="small", name="小型测试方案", definition=small())
        self.versions = {"published": actions.publish_version(published, actor=admin)}
        self.versions["draft"] = actions.start_draft(published.scheme, actor=admin)
        self.scheme = published.scheme

    def target(self, route: Route, action: str, state):
        version = self.versions[state]
        params = {"code": self.scheme.code, "number": version.number, "fmt": "yaml"}
        obj = version if "number" in route.params else self.scheme if "code" in route.params else None
        name = route.view.__name__
        if route.kind == "api" and name in UPLOADS:
            upload = SimpleUploadedFile("policy.yaml", b"format: lvzhi-scheme/1\n", content_type="text/yaml")
            return Target(obj, params, {"file": upload}, multipart=True)
        return Target(obj, params, BODIES.get(name, {}) if route.kind == "api" else {})
