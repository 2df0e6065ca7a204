"""Findings take over the Finding model from campaigns (campaigns 0003 renamed its table to findings_finding).

The model is created in the migration state only: the table and its rows are the ones campaigns created. The
content type campaigns.finding becomes findings.finding, so the audit log entries and permissions that point at
it keep resolving to the model."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor, old_app, new_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label=old_app, model="finding").first()
    if old is None:
        return
    # A content type for the new label exists only if a `migrate` ran post_migrate in between: keep the old
    # one (the audit log points at it) and move anything pointing at the new one over before dropping it.
    duplicate = ContentType.objects.using(db).filter(app_label=new_app, model="finding").first()
    if duplicate is not None:
        AuditEvent.objects.using(db).filter(content_type=duplicate).update(content_type=old)
        duplicate.delete()
    old.app_label = new_app
    old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    content_type_follows(apps, schema_editor, "campaigns", "findings")


def backwards(apps, schema_editor):
    content_type_follows(apps, schema_editor, "findings", "campaigns")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaigns", "0003_finding_moves_to_findings"),
        ("registry", "0002_staffing_summaries"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Finding",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("desk_review", "案头审核"),
                                    ("on_site", "实地评估"),
                                    ("multi_party", "多方评议"),
                                    ("recheck", "复核"),
                                ],
                                max_length=20,
                                verbose_name="来源",
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("violation", "违规违纪"),
                                    ("overlap", "职责交叉"),
                                    ("underperformance", "履职不到位"),
                                    ("staffing", "机构编制管理不规范"),
                                    ("lists", "清单管理不到位"),
                                    ("other", "其他"),
                                ],
                                max_length=20,
                                verbose_name="问题类别",
                            ),
                        ),
                        (
                            "severity",
                            models.CharField(
                                choices=[("high", "严重"), ("medium", "一般"), ("low", "轻微")],
                                default="medium",
                                max_length=10,
                                verbose_name="严重程度",
                            ),
                        ),
                        ("indicator_code", models.CharField(blank=True, max_length=60, verbose_name="关联指标")),
                        ("title", models.CharField(max_length=300, verbose_name="问题")),
                        ("description", models.TextField(blank=True, verbose_name="具体情况")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "待整改"),
                                    ("rectifying", "整改中"),
                                    ("submitted", "已提交整改"),
                                    ("verified", "已核验"),
                                    ("closed", "已销号"),
                                ],
                                default="open",
                                max_length=12,
                                verbose_name="状态",
                            ),
                        ),
                        ("deadline", models.DateField(blank=True, null=True, verbose_name="整改期限")),
                        (
                            "raised_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="提出时间"),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="findings",
                                to="campaigns.campaign",
                            ),
                        ),
                        (
                            "raised_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="提出人",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="campaign_findings",
                                to="registry.unit",
                                verbose_name="单位",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "评估发现问题",
                        "verbose_name_plural": "评估发现问题",
                        "ordering": ["campaign", "unit", "raised_at", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
