import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .policy import POLICY as ACCOUNTS_POLICY


class Role(models.TextChoices):
    ADMIN = "admin", _("编办管理员")
    EVALUATOR = "evaluator", _("评估人员")
    UNIT_CONTACT = "unit_contact", _("单位联络员")
    LEADER = "leader", _("领导评议人")
    COMMITTEE = "committee", _("编委会成员")
    THIRD_PARTY = "third_party", _("第三方机构")


class User(AbstractUser):
    """A person who signs in. What they may see follows from `role`, `unit` and `scope_units`.

    - office administrators and committee members see every unit;
    - a unit contact sees and edits only `unit`;
    - evaluators, leader raters and third parties see the units in `scope_units` (assignments, a portfolio),
      and campaigns add their own per-campaign assignments.
    """

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.EVALUATOR)
    unit = models.ForeignKey(
        "registry.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    scope_units = models.ManyToManyField(
        "registry.Unit", verbose_name=_("负责单位"), blank=True, related_name="scoped_users"
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Set for accounts created in bulk (lvzhi.accounts.imports): the first sign-in leads to the password change
    # page and nothing else opens until the password is changed (lvzhi.accounts.middleware).
    must_change_password = models.BooleanField(_("须修改初始密码"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def is_office_admin(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    @property
    def sees_all_units(self) -> bool:
        return self.is_office_admin or self.role == Role.COMMITTEE

    @property
    def can_edit_registry(self) -> bool:
        """Office administrators edit every unit; a unit contact edits its own unit."""
        return self.is_office_admin or self.role == Role.UNIT_CONTACT

    def save(self, *args, **kwargs):
        if self.is_superuser:
            self.role = Role.ADMIN
        super().save(*args, **kwargs)


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        """Your own tokens; whoever may see users (office administrators) sees everyone's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if ACCOUNTS_POLICY.allowed(user, "view_users"):
            return self
        return self.filter(user=user)

    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A token for machine clients. Only its SHA-256 is stored; the plain token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple["ApiToken", str]:
        key = "lvz_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[4:12], key_hash=cls.hash_key(key), expires_at=expires_at
        )
        return token, key

    @classmethod
    def authenticate(cls, key: str):
        token = cls.objects.active().select_related("user").filter(key_hash=cls.hash_key(key)).first()
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
