"""Errors as JSON with Chinese messages.

Every error body has `detail` (one sentence for a person); a 422 also has `errors`, one entry per problem,
each naming the field (`field`, as the API spells it, or null for the whole object) and the reason:

    {"detail": "提交的数据有误:名称:此字段为必填项。", "errors": [{"field": "name", "message": "此字段为必填项。"}]}
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from lvzhi.core import busy
from lvzhi.core.errors import Invalid, Refused

logger = logging.getLogger(__name__)

MSG_401 = gettext_lazy("请先登录,或在请求头中提供有效的接口令牌(Authorization: Bearer …)。")
MSG_403 = gettext_lazy("您没有权限执行此操作。")
MSG_404 = gettext_lazy("未找到该对象,或您无权访问。")
MSG_422 = gettext_lazy("提交的数据有误")


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] | None = None


# Every operation documents these (400: a body that is not JSON; 503: the database is busy, retry).
ERROR_RESPONSES = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}


class ApiError(HttpError):
    """Raise to answer with a status and a Chinese message; `errors` for 422s that name fields."""

    def __init__(self, status_code: int, message: str, errors: list[dict] | None = None):
        super().__init__(status_code, str(message))
        self.errors = errors


def forbidden(message: str | None = None) -> ApiError:
    return ApiError(403, message or MSG_403)


def not_found() -> ApiError:
    """The same answer for an object that does not exist and one the user may not see."""
    return ApiError(404, MSG_404)


def invalid(field: str | None, message: str) -> ApiError:
    """A 422 for one field, e.g. `raise invalid("unit", "未找到该单位。")`."""
    return ApiError(
        422, _summary([{"field": field, "message": message}]), [{"field": field, "message": message}]
    )


def invalid_many(errors: list[dict]) -> ApiError:
    return ApiError(422, _summary(errors), errors)


def _summary(errors: list[dict]) -> str:
    parts = [
        (f"{e['field']}:{e['message']}" if e["field"] else e["message"]).rstrip("。") for e in errors[:5]
    ]
    more = _("(共 %(count)s 处,仅列出前 5 处)") % {"count": len(errors)} if len(errors) > 5 else ""
    return f"{MSG_422}{more}:" + ";".join(parts) + "。"


def django_validation_errors(exc: DjangoValidationError, field_names: dict | None = None) -> list[dict]:
    """A model's full_clean()/clean() error as field errors; `field_names` maps model field → API field."""
    field_names = field_names or {}
    errors = []
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            name = None if field == NON_FIELD_ERRORS else field_names.get(field, field)
            errors.extend({"field": name, "message": message} for message in messages)
    else:
        errors.extend({"field": None, "message": message} for message in exc.messages)
    return errors


# pydantic error type → Chinese reason; `%(…)s` are filled from the error's context.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("此字段为必填项。"),
    "string_too_long": gettext_lazy("长度不能超过 %(max_length)s 个字符。"),
    "string_too_short": gettext_lazy("长度不能少于 %(min_length)s 个字符。"),
    "string_type": gettext_lazy("必须是文本。"),
    "int_parsing": gettext_lazy("必须是整数。"),
    "int_type": gettext_lazy("必须是整数。"),
    "int_from_float": gettext_lazy("必须是整数。"),
    "float_parsing": gettext_lazy("必须是数字。"),
    "float_type": gettext_lazy("必须是数字。"),
    "decimal_parsing": gettext_lazy("必须是数字。"),
    "bool_parsing": gettext_lazy("必须是 true 或 false。"),
    "bool_type": gettext_lazy("必须是 true 或 false。"),
    "date_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_type": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "datetime_parsing": gettext_lazy("时间格式应为 ISO 8601,例如 2026-11-22T09:30:00+08:00。"),
    "datetime_from_date_parsing": gettext_lazy("时间格式应为 ISO 8601,例如 2026-11-22T09:30:00+08:00。"),
    "datetime_type": gettext_lazy("时间格式应为 ISO 8601,例如 2026-11-22T09:30:00+08:00。"),
    "enum": gettext_lazy("取值无效,可选值:%(expected)s。"),
    "literal_error": gettext_lazy("取值无效,可选值:%(expected)s。"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s。"),
    "greater_than": gettext_lazy("必须大于 %(gt)s。"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s。"),
    "less_than": gettext_lazy("必须小于 %(lt)s。"),
    "list_type": gettext_lazy("必须是列表。"),
    "dict_type": gettext_lazy("必须是 JSON 对象。"),
    "model_attributes_type": gettext_lazy("必须是 JSON 对象。"),
    "model_type": gettext_lazy("必须是 JSON 对象。"),
    "extra_forbidden": gettext_lazy("不是可提交的字段。"),
    "json_invalid": gettext_lazy("请求体不是有效的 JSON。"),
    "uuid_parsing": gettext_lazy("必须是 UUID。"),
}

# The first entries of a location that only say where the value came from.
_LOCATION_PREFIXES = {"body", "query", "path", "form", "file", "header", "cookie"}


def _field_of(loc) -> str | None:
    parts = list(loc)
    if parts and parts[0] in _LOCATION_PREFIXES:
        parts = parts[1:]
        # Ninja names the body parameter (`payload`) or the query schema (`filters`) before the field.
        if (
            len(parts) > 1
            and isinstance(parts[0], str)
            and parts[0] in {"payload", "filters", "page", "data"}
        ):
            parts = parts[1:]
    return ".".join(str(p) for p in parts) or None


def _message_of(error: dict) -> str:
    if error.get("null_input") and error.get("type", "").endswith(("_type", "enum", "_parsing")):
        return _("不能为 null;不修改此项请不要提交该字段。")
    template = PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        if error.get("type") == "value_error":
            # Raised by our own validators, already in Chinese ("Value error, …" is pydantic's prefix).
            return str(error.get("msg", "")).removeprefix("Value error, ")
        return _("取值无效。")
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:
        # pydantic says "'a', 'b' or 'c'"
        ctx["expected"] = "、".join(re.findall(r"'([^']*)'", str(ctx["expected"]))) or ctx["expected"]
    try:
        return str(template) % ctx
    except (KeyError, IndexError, TypeError, ValueError):
        return str(template).split("%(")[0].rstrip(",:") + "。"


def pydantic_errors(errors: list[dict]) -> list[dict]:
    result = []
    for error in errors:
        field = _field_of(error.get("loc", ()))
        message = _message_of(error)
        if field == "payload":  # the body as a whole: absent, or not a JSON object
            field = None
            message = (
                _("缺少请求体(JSON 对象)。")
                if error.get("type") == "missing"
                else _("请求体必须是 JSON 对象。")
            )
        result.append({"field": field, "message": message})
    return result


def install_exception_handlers(api) -> None:
    """The API's half of the one error model (lvzhi.core.errors): Refused → 403, Invalid → 422 naming fields."""

    def respond(request, status: int, detail: str, errors=None):
        body = {"detail": str(detail)}
        if errors is not None:
            body["errors"] = errors
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status_code, exc.message, exc.errors)

    @api.exception_handler(Refused)
    def refused(request, exc):
        # 403; a subclass refusing because of the object's state says 409 (e.g. lvzhi.registry.actions.RegistryError)
        return respond(request, exc.status_code, str(exc) or MSG_403)

    @api.exception_handler(Invalid)
    def invalid_input(request, exc):
        errors = exc.as_dicts()
        return respond(request, 422, _summary(errors), errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, MSG_401)

    @api.exception_handler(AuthorizationError)
    def unauthorized(request, exc):
        return respond(request, 403, MSG_403)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, 403, str(exc) or MSG_403)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return respond(request, 429, _("请求过于频繁,请稍后再试。"))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        messages = {
            400: _("请求无效。"),
            401: MSG_401,
            403: MSG_403,
            404: MSG_404,
            405: _("不支持该请求方法。"),
        }
        detail = messages.get(exc.status_code) or _("请求无法处理。")
        if exc.status_code == 400 and "parse" in exc.message.lower():
            detail = _("请求体不是有效的 JSON。")
        return respond(request, exc.status_code, detail)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, MSG_404)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc):
        errors = pydantic_errors(exc.errors)
        return respond(request, 422, _summary(errors), errors)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request, exc):
        errors = django_validation_errors(exc)
        return respond(request, 422, _summary(errors), errors)

    @api.exception_handler(ProtectedError)
    def protected(request, exc):
        return respond(request, 409, _protected_message(exc.protected_objects))

    @api.exception_handler(RestrictedError)
    def restricted(request, exc):
        return respond(request, 409, _protected_message(exc.restricted_objects))

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc):
        # Found by `make fuzz`: a multipart/form-data request without a boundary was a 500 on every upload route.
        return respond(request, 400, _("上传的请求体不是有效的 multipart/form-data(缺少分隔符或格式错误)。"))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        if busy.is_busy(exc):
            response = respond(request, 503, busy.busy_message())
            response["Retry-After"] = str(busy.RETRY_AFTER_SECONDS)
            return response
        if isinstance(exc, RecursionError):
            message = _("提交的数据嵌套层次过深。")
            return respond(request, 422, message, [{"field": None, "message": message}])
        if busy.is_out_of_range(exc):
            if busy.path_has_big_number(request.path):
                return respond(request, 404, MSG_404)
            message = busy.out_of_range_message()
            return respond(request, 422, message, [{"field": None, "message": message}])
        if settings.DEBUG or getattr(settings, "TESTING", False):
            raise exc
        logger.exception("API 请求出错:%s %s", request.method, request.path)
        return respond(request, 500, _("服务器内部错误,请联系管理员。"))


def _protected_message(objects) -> str:
    objects = list(objects)
    kinds = sorted({str(obj._meta.verbose_name) for obj in objects})
    return _("不能删除:仍有 %(count)s 个%(kinds)s引用该对象,请先处理它们。") % {
        "count": len(objects),
        "kinds": "、".join(kinds),
    }
