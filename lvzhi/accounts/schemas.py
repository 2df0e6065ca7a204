"""The signed-in user as the API describes them (`GET /api/accounts/me`), with what the policy tables let them
do: clients show or hide their controls by these."""

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from lvzhi.registry.policy import POLICY as REGISTRY

from .models import Role
from .policy import POLICY


class AccountUnitBrief(Schema):
    id: int
    code: str
    name: str


# The registry has a UnitBrief of its own; OpenAPI names schemas by class, so this one is AccountUnitBrief.
UnitBrief = AccountUnitBrief


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: Role
    role_label: str
    unit: UnitBrief | None
    is_office_admin: bool = Field(description=gettext_lazy("可以管理用户(编办管理员)"))
    can_edit_registry: bool = Field(description=gettext_lazy("可以修改机构编制数据(全部单位或本单位)"))

    @staticmethod
    def resolve_role_label(obj):
        return obj.get_role_display()

    @staticmethod
    def resolve_is_office_admin(obj):
        return POLICY.allowed(obj, "view_users")

    @staticmethod
    def resolve_can_edit_registry(obj):
        return REGISTRY.allowed(obj, "edit_unit")


