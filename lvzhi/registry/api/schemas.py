"""The registry API's schemas: its answers (…Out, …Brief), its input (…In, …Patch) and its list filters."""

import datetime

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from lvzhi.api.schemas import InputSchema, patch_of
from lvzhi.registry.models import (
    LeadershipLevel,
    Person,
    Region,
    StaffingKind,
    UnitKind,
)

# ---------------------------------------------------------------------------------------------------------
# Schemas


class RegionBrief(Schema):
    id: int
    code: str
    name: str


class CategoryBrief(Schema):
    id: int
    code: str
    name: str


class UnitBrief(Schema):
    id: int
    code: str
    name: str


class BodyBrief(Schema):
    id: int
    code: str
    name: str


class PostBrief(Schema):
    id: int
    code: str
    name: str


class RegionOut(Schema):
    id: int
    code: str
    name: str
    level: int
    level_label: str
    parent: RegionBrief | None
    path: str

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class RegionNode(Schema):
    id: int
    code: str
    name: str
    level: int
    children: list["RegionNode"]


class RegionIn(InputSchema):
    code: str = Field(description=gettext_lazy("区划代码(唯一)"))
    name: str = Field(description=gettext_lazy("名称"))
    level: Region.Level = Field(description=gettext_lazy("层级:1 省,2 市,3 县(市、区),4 乡镇(街道)"))
    parent: int | None = Field(None, description=gettext_lazy("上级区划编号"))


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    order: int
    description: str


class CategoryIn(InputSchema):
    code: str = Field(description=gettext_lazy("代码(唯一)"))
    name: str = Field(description=gettext_lazy("名称(唯一)"))
    order: int = Field(0, ge=0, description=gettext_lazy("排序"))
    description: str = Field("", description=gettext_lazy("说明"))


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: UnitKind
    kind_label: str
    region: RegionBrief
    category: CategoryBrief | None
    parent: UnitBrief | None
    order: int
    is_active: bool
    note: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class MainDutyOut(Schema):
    seq: int
    text: str


class QuotaOut(Schema):
    kind: StaffingKind
    kind_label: str
    approved: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class LeadershipQuotaOut(Schema):
    level: LeadershipLevel
    level_label: str
    approved: int

    @staticmethod
    def resolve_level_label(obj):
        return obj.get_level_display()


class SanDingOut(Schema):
    id: int
    unit: UnitBrief
    version: int
    document_number: str
    approved_on: datetime.date | None
    is_current: bool
    note: str
    main_duties: list[MainDutyOut]
    quotas: list[QuotaOut]
    leadership_quotas: list[LeadershipQuotaOut]


class UnitDetailOut(UnitOut):
    sanding: SanDingOut | None = Field(description=gettext_lazy("现行三定规定:主要职责、编制核定、领导职数"))
    internal_body_count: int
    post_count: int
    person_count: int


class UnitIn(InputSchema):
    code: str = Field(description=gettext_lazy("单位代码(唯一)"))
    name: str = Field(description=gettext_lazy("单位名称"))
    short_name: str = Field("", description=gettext_lazy("简称"))
    kind: UnitKind = Field(description=gettext_lazy("单位性质"))
    region: int = Field(description=gettext_lazy("所属区划编号"))
    category: int | None = Field(None, description=gettext_lazy("评估类别编号"))
    parent: int | None = Field(None, description=gettext_lazy("主管部门(单位编号)"))
    order: int = Field(0, ge=0, description=gettext_lazy("排序"))
    is_active: bool = Field(True, description=gettext_lazy("在用"))
    note: str = Field("", description=gettext_lazy("备注"))


class BodyOut(Schema):
    id: int
    unit: UnitBrief
    code: str
    name: str
    duties: str
    order: int
    is_active: bool


class BodyIn(InputSchema):
    unit: int = Field(description=gettext_lazy("单位编号"))
    code: str = Field(description=gettext_lazy("机构代码(单位内唯一)"))
    name: str = Field(description=gettext_lazy("机构名称"))
    duties: str = Field("", description=gettext_lazy("主要职责"))
    order: int = Field(0, ge=0, description=gettext_lazy("排序"))
    is_active: bool = Field(True, description=gettext_lazy("在用"))


class PostOut(Schema):
    id: int
    unit: UnitBrief
    internal_body: BodyBrief | None
    code: str
    name: str
    leadership_level: str
    leadership_level_label: str
    duties: str

    @staticmethod
    def resolve_leadership_level_label(obj):
        return obj.get_leadership_level_display()


class PostIn(InputSchema):
    unit: int = Field(description=gettext_lazy("单位编号"))
    internal_body: int | None = Field(None, description=gettext_lazy("内设机构编号(须属于同一单位)"))
    code: str = Field(description=gettext_lazy("岗位代码(单位内唯一)"))
    name: str = Field(description=gettext_lazy("岗位名称"))
    leadership_level: LeadershipLevel | None = Field(
        None, description=gettext_lazy("领导职务;非领导岗位留空")
    )
    duties: str = Field("", description=gettext_lazy("岗位职责"))


class PersonOut(Schema):
    id: int
    unit: UnitBrief
    post: PostBrief | None
    staff_no: str
    name: str
    gender: str
    birth_year: int | None
    staffing_kind: StaffingKind
    staffing_kind_label: str
    joined_on: datetime.date | None
    is_active: bool

    @staticmethod
    def resolve_staffing_kind_label(obj):
        return obj.get_staffing_kind_display()


class PersonIn(InputSchema):
    unit: int = Field(description=gettext_lazy("单位编号"))
    post: int | None = Field(None, description=gettext_lazy("岗位编号(须属于同一单位)"))
    staff_no: str = Field(description=gettext_lazy("人员编号(唯一)"))
    name: str = Field(description=gettext_lazy("姓名"))
    gender: Person.Gender | None = Field(None, description=gettext_lazy("性别:M 男,F 女"))
    birth_year: int | None = Field(None, ge=1900, le=2100, description=gettext_lazy("出生年份"))
    staffing_kind: StaffingKind = Field(description=gettext_lazy("编制类型"))
    joined_on: datetime.date | None = Field(None, description=gettext_lazy("入编时间"))
    is_active: bool = Field(True, description=gettext_lazy("在编"))


RegionPatch = patch_of(RegionIn)
CategoryPatch = patch_of(CategoryIn)
UnitPatch = patch_of(UnitIn)
BodyPatch = patch_of(BodyIn)
PostPatch = patch_of(PostIn)
PersonPatch = patch_of(PersonIn)


# ---------------------------------------------------------------------------------------------------------
# Filters


class RegionFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按代码或名称搜索"))
    level: int | None = Field(None, description=gettext_lazy("层级"))
    parent: int | None = Field(None, description=gettext_lazy("直接上级区划编号"))
    within: int | None = Field(None, description=gettext_lazy("区划编号:该区划及其所有下级"))


class CategoryFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按代码或名称搜索"))


class UnitFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按单位代码、名称或简称搜索"))
    region: int | None = Field(None, description=gettext_lazy("区划编号,含其所有下级区划"))
    category: int | None = Field(None, description=gettext_lazy("评估类别编号"))
    kind: UnitKind | None = Field(None, description=gettext_lazy("单位性质"))
    parent: int | None = Field(None, description=gettext_lazy("主管部门(单位编号)"))
    is_active: bool | None = Field(None, description=gettext_lazy("在用"))


class BodyFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按机构代码或名称搜索"))
    unit: int | None = Field(None, description=gettext_lazy("单位编号"))
    is_active: bool | None = None


class PostFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按岗位代码或名称搜索"))
    unit: int | None = Field(None, description=gettext_lazy("单位编号"))
    internal_body: int | None = Field(None, description=gettext_lazy("内设机构编号"))
    leadership: bool | None = Field(None, description=gettext_lazy("true 只看领导岗位,false 只看非领导岗位"))


class PersonFilters(Schema):
    q: str | None = Field(None, description=gettext_lazy("按姓名或人员编号搜索"))
    unit: int | None = Field(None, description=gettext_lazy("单位编号"))
    region: int | None = Field(None, description=gettext_lazy("区划编号,含其所有下级区划"))
    post: int | None = Field(None, description=gettext_lazy("岗位编号"))
    staffing_kind: StaffingKind | None = Field(None, description=gettext_lazy("编制类型"))
    is_active: bool | None = Field(None, description=gettext_lazy("在编"))
