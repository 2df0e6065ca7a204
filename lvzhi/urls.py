from django.contrib import admin
from django.urls import include, path

from lvzhi.api.site import api
from lvzhi.core import views as core_views

urlpatterns = [
    # The respondents' pages first: a thousand phones at once should not be matched against every room's prefix.
    path("s/", include("lvzhi.surveys.public_urls")),
    path("", core_views.home, name="home"),
    path("todo/", core_views.todo, name="todo"),
    path("accounts/", include("lvzhi.accounts.auth_urls")),
    path("users/", include("lvzhi.accounts.urls")),
    path("audit/", include("lvzhi.audit.urls")),
    path("registry/io/", include("lvzhi.registry.io.urls")),
    path("registry/", include("lvzhi.registry.urls")),
    path("schemes/", include("lvzhi.schemes.urls")),
    path("campaigns/", include("lvzhi.campaigns.urls")),
    path("plans/", include("lvzhi.plans.urls")),
    path("duties/", include("lvzhi.duties.urls")),
    path("calendar/", include("lvzhi.workcal.urls")),
    path("findings/", include("lvzhi.findings.urls")),
    path("surveys/", include("lvzhi.surveys.urls")),
    path("goals/", include("lvzhi.goals.urls")),
    path("workflows/", include("lvzhi.workflows.urls")),
    path("supervision/", include("lvzhi.supervision.urls")),
    path("reports/", include("lvzhi.reports.urls")),
    path("public/lists/", include("lvzhi.duties.public_urls")),
    path("files/<path:name>", core_views.protected_file, name="protected_file"),
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
]
