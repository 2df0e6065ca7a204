"""User management for office administrators: accounts, roles and scope, passwords, lockouts, API tokens."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core import spreadsheets
from lvzhi.core.downloads import attach, file_name
from lvzhi.core.errors import Invalid
from lvzhi.core.policy import enforces, requires
from lvzhi.registry.io.importers.base import ImportRejected

from . import actions, imports
from .forms import NewUserForm, PasswordResetForm, TokenForm, UserFilterForm, UserForm, UserImportForm
from .models import ApiToken, User
from .policy import POLICY

PAGE_SIZE = 50


def managing(action: str):
    """A user-management page: signed in, and the accounts table lets the user take `action` (else a 403
    page saying user management is for office administrators)."""

    def decorate(view):
        return login_required(requires(POLICY, action)(view))

    return decorate


@managing("view_users")
def user_list(request):
    form = UserFilterForm(request.GET)
    users = User.objects.select_related("unit").order_by("-is_active", "role", "username")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
        if data["role"]:
            users = users.filter(role=data["role"])
        if data["status"] == "active":
            users = users.filter(is_active=True)
        elif data["status"] == "inactive":
            users = users.filter(is_active=False)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = actions.locked_usernames(u.username for u in page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "locked": locked, "query": query.urlencode()},
    )


def _save_form(request, form, save):
    try:
        return save()
    except actions.AccountError as exc:
        exc.add_to_form(form)
    except ValidationError as exc:
        form.add_error(None, exc)
    return None


@managing("create_user")
def user_create(request):
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        saved = _save_form(
            request,
            form,
            lambda: actions.create_user(
                user,
                password=form.cleaned_data["password1"],
                scope_units=form.cleaned_data["scope_units"],
                actor=request.user,
            ),
        )
        if saved:
            messages.success(request, _("已创建账号“%(username)s”。") % {"username": saved.username})
            return redirect("accounts:user_detail", pk=saved.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("新增用户")})


@managing("view_users")
def user_detail(request, pk):
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "locked": account.username in actions.locked_usernames([account.username]),
            "tokens": account.api_tokens.order_by("-created_at"),
            "scope_units": account.scope_units.all(),
            "token_form": TokenForm(),
            "now": timezone.now(),
        },
    )


@managing("edit_user")
def user_edit(request, pk):
    account = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        saved = _save_form(
            request,
            form,
            lambda: actions.update_user(
                user, scope_units=form.cleaned_data["scope_units"], actor=request.user
            ),
        )
        if saved:
            messages.success(request, _("账号信息已保存。"))
            return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": _("修改账号 %(username)s") % {"username": account.username},
            "account": account,
        },
    )


@managing("reset_password")
def user_password(request, pk):
    account = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(request.POST or None, user=account)
    if request.method == "POST" and form.is_valid():
        actions.reset_password(account, form.cleaned_data["password1"], actor=request.user)
        messages.success(
            request,
            _("已重置“%(username)s”的密码,并解除登录锁定。请把新密码告知本人。")
            % {"username": account.username},
        )
        return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": _("重置密码 %(username)s") % {"username": account.username},
            "account": account,
        },
    )


@require_POST
@managing("set_active")
def user_set_active(request, pk):
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        actions.set_active(account, active, actor=request.user)
    except actions.AccountError as exc:
        messages.error(request, str(exc))
    else:
        done = _("已启用账号“%(username)s”。") if active else _("已停用账号“%(username)s”。")
        messages.success(request, done % {"username": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@require_POST
@managing("unlock")
def user_unlock(request, pk):
    account = get_object_or_404(User, pk=pk)
    actions.unlock(account, actor=request.user)
    messages.success(request, _("已解除“%(username)s”的登录锁定。") % {"username": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@require_POST
@enforces(POLICY, "manage_tokens")
@managing("view_users")
def token_create(request, pk):
    account = get_object_or_404(User, pk=pk)
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写令牌名称;有效期须是今天以后的日期。"))
        return redirect("accounts:user_detail", pk=account.pk)
    expires_at = None
    if form.cleaned_data["expires_on"]:
        day = form.cleaned_data["expires_on"]
        if day <= timezone.localdate():
            messages.error(request, _("有效期须是今天以后的日期。"))
            return redirect("accounts:user_detail", pk=account.pk)
        expires_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    try:
        token, key = actions.issue_token(
            account, form.cleaned_data["name"], expires_at=expires_at, actor=request.user
        )
    except actions.AccountError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:user_detail", pk=account.pk)
    response = render(
        request, "accounts/token_created.html", {"account": account, "token": token, "key": key}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@enforces(POLICY, "manage_tokens")
@managing("view_users")
def token_revoke(request, pk, token_pk):
    token = get_object_or_404(ApiToken, pk=token_pk, user_id=pk)
    actions.revoke_token(token, actor=request.user)
    messages.success(request, _("已吊销令牌“%(name)s”。") % {"name": token.name})
    return redirect("accounts:user_detail", pk=pk)


@managing("create_user")
def user_import(request):
    """Accounts in bulk from an Excel or CSV list; all or nothing, problems named by row and column. The first
    passwords generated for rows that gave none are shown once, on the answer to the upload."""
    form = UserImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": [str(label) for label in imports.COLUMNS.values()]}
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.import_upload(form.cleaned_data["file"], actor=request.user)
        except ImportRejected as exc:
            context["import_errors"] = exc.errors
            context["error_count"] = exc.error_count
            return render(request, "accounts/user_import.html", context, status=400)
        except Invalid as exc:
            form.add_error("file", str(exc))
            return render(request, "accounts/user_import.html", context, status=400)
        messages.success(
            request, _("已导入%(count)s个账号,首次登录须修改初始密码。") % {"count": len(result.accounts)}
        )
        context.update({"result": result, "form": UserImportForm()})
    return render(request, "accounts/user_import.html", context)


@managing("create_user")
def user_import_template(request):
    """The import's Excel template: its columns with two example rows, and what each column and role means."""
    response = HttpResponse(imports.write_template(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
    return attach(response, file_name(imports.TEMPLATE_NAME, suffix=".xlsx"))
