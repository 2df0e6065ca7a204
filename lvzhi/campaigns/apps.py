from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "lvzhi.campaigns"
    verbose_name = "评估活动"
