"""The demo accounts: one per role, all with the same password (LVZHI_DEMO_PASSWORD)."""

import os
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from lvzhi.accounts.models import Role, User

DEMO_ADMIN = "admin"
DEMO_PASSWORD = os.environ.get("LVZHI_DEMO_PASSWORD", "Lvzhi-demo-2026")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    description: str
    unit: str = ""  # unit contact: the unit's name
    scope: tuple[str, ...] = ()  # evaluator, leader rater: the names of the units in scope


DEMO_ACCOUNTS = [
    DemoAccount(
        "pinggu",
        Role.EVALUATOR,
        "刘晓燕",
        "评估人员（市委编办监督检查科），负责 5 个政务服务单位",
        scope=(
            "莱阳市发展和改革局",
            "莱阳市民政局",
            "莱阳市人力资源和社会保障局",
            "莱阳市卫生健康局",
            "莱阳市行政审批服务局",
        ),
    ),
    DemoAccount(
        "lianluo",
        Role.UNIT_CONTACT,
        "孙浩然",
        "单位联络员（莱阳市发展和改革局办公室）",
        unit="莱阳市发展和改革局",
    ),
    DemoAccount(
        "lingdao",
        Role.LEADER,
        "姜振华",
        "领导评议人（分管城乡建设的副市长），评议 10 个单位",
        scope=(
            "莱阳市自然资源和规划局",
            "莱阳市住房和城乡建设局",
            "莱阳市交通运输局",
            "莱阳市水务局",
            "莱阳市农业农村局",
            "莱阳市应急管理局",
            "莱阳市综合行政执法局",
            "莱阳市不动产登记中心",
            "莱阳市农业技术推广中心",
            "莱阳市公路事业发展中心",
        ),
    ),
    DemoAccount("bianwei", Role.COMMITTEE, "王立新", "编委会成员，查看全部单位"),
    DemoAccount("disanfang", Role.THIRD_PARTY, "于海涛", "第三方评估机构联系人，由评估活动分配单位"),
]


def create_demo_users(units_by_name: dict) -> list[User]:
    """Create the demo accounts that do not exist yet (the administrator is made by `lvzhi setup_demo`).

    The password is hashed once and the hash shared: hashing it five times would take seconds, and these are
    demo accounts with a published password anyway."""
    password_hash = make_password(DEMO_PASSWORD)
    existing = set(
        User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    created = []
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        user = User.objects.create(
            username=account.username,
            password=password_hash,
            role=account.role,
            full_name=account.full_name,
            unit=units_by_name[account.unit] if account.unit else None,
        )
        if account.scope:
            user.scope_units.set([units_by_name[name] for name in account.scope])
        created.append(user)
    return created
