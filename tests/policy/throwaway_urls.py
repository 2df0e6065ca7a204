"""Routes the harness must catch (tests/policy/test_the_harness_catches.py): one that answers by its own role
check instead of the table, one that never checks, and a write route with no mark."""

from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path
from django.views.decorators.http import require_POST

from lvzhi.core.policy import enforces, role_of
from lvzhi.schemes.policy import POLICY


@require_POST
@enforces(POLICY, "publish")
def publishes_by_its_own_check(request, code, number):
    if role_of(request.user) != "admin":
        return HttpResponseForbidden("只有编办管理员可以发布。")
    return HttpResponse("ok")


@require_POST
@enforces(POLICY, "publish")
def publishes_without_a_check(request, code, number):
    return HttpResponse("ok")


@require_POST
def writes_without_a_mark(request):
    return HttpResponse("ok")


urlpatterns = [
    path("own-check/<str:code>/v<int:number>/", publishes_by_its_own_check, name="own_check"),
    path("no-check/<str:code>/v<int:number>/", publishes_without_a_check, name="no_check"),
    path("no-mark/", writes_without_a_mark, name="no_mark"),
]
