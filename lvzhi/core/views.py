import mimetypes
import posixpath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from lvzhi.core.files import user_may_read_file
from lvzhi.core.todo import todo_rows


@login_required
@require_safe
def home(request):
    return render(request, "core/home.html", {"today": timezone.localdate()})


@login_required
@require_safe
def todo(request):
    """Every to-do item of the signed-in user (the workbench shows the first few)."""
    return render(request, "core/todo.html", todo_rows(request.user))


@login_required
@require_safe
def protected_file(request, name):
    """Uploaded files are served only through here, after the owning object's access check."""
    normalized = posixpath.normpath(name)
    if normalized != name or normalized.startswith(("../", "/")) or "\\" in name:
        raise Http404
    if not user_may_read_file(request.user, name):
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, name)
        handle = open(full_path, "rb")  # noqa: SIM115 - FileResponse closes it
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    content_type, _ = mimetypes.guess_type(full_path)
    return FileResponse(handle, content_type=content_type or "application/octet-stream", as_attachment=True)
