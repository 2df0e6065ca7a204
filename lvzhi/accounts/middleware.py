"""An account created with a first password (a bulk import) must change it before anything else: every page
leads to the password change page until it is changed; the API answers 403 with the same words."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def _message() -> str:
    return _("这是您首次登录,请先修改初始密码,再使用系统。")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            open_paths = {reverse("password_change"), reverse("password_change_done"), reverse("logout")}
            path = request.path
            if path not in open_paths and not path.startswith(settings.STATIC_URL):
                if path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _message()}, status=403, json_dumps_params={"ensure_ascii": False}
                    )
                messages.info(request, _message())
                return redirect("password_change")
        return self.get_response(request)


class FirstPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also clears `must_change_password`."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        return response
