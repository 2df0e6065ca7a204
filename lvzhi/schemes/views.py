"""Scheme pages: list, version detail (the indented tree), the tree editor with validation as you type, the diff
against the parent, import and export, and the 试算 (try it) panel.

Every lookup goes through `visible_to`: a draft hidden from the user is a 404. Changes are for office
administrators only (403 for a visible object), and go through lvzhi.schemes.actions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.downloads import attach, file_name
from lvzhi.core.policy import enforces, get_for, requires

from . import actions, editor, engine, trial, wordforms
from .editor import editor_choices
from .forms import ImportDraftForm, ImportForm, SchemeForm, TryForm
from .models import FrozenVersionError, Scheme, SchemeVersion
from .policy import POLICY

CHILD_LEVEL = {
    Scheme.Level.CENTRAL: Scheme.Level.PROVINCIAL,
    Scheme.Level.PROVINCIAL: Scheme.Level.LOCAL,
    Scheme.Level.LOCAL: Scheme.Level.LOCAL,
    Scheme.Level.INTERNAL: Scheme.Level.INTERNAL,
}


# Lookups ----------------------------------------------------------------------------------------------------


def _scheme(request, code, action="view") -> Scheme:
    """The scheme if the user sees it (else 404) and may take `action` on it (else a 403 page)."""
    return get_for(request.user, Scheme.objects.all(), action, policy=POLICY, code=code)


def _version(request, code, number, action="view") -> SchemeVersion:
    return get_for(
        request.user,
        SchemeVersion.objects.select_related("scheme", "parent_version__scheme", "created_by", "published_by"),
        action,
        policy=POLICY,
        scheme__code=code,
        number=number,
    )


def _draft(request, code, number, action) -> SchemeVersion:
    """A version the user sees, for a draft-only action their role may take. A published version is not
    refused here: the action (or the page) says why it cannot change, with a message on the version's page."""
    version = _version(request, code, number)
    POLICY.require(request.user, action)
    return version


def _version_url(version, name="version_detail"):
    return reverse(f"schemes:{name}", args=[version.scheme.code, version.number])


def _effective_or_issues(version):
    try:
        return version.effective_definition(), []
    except engine.ScoringError as exc:
        return version.definition, list(exc.issues)


# List -------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def scheme_list(request):
    user = request.user
    visible_versions = SchemeVersion.objects.visible_to(user)
    schemes = list(
        Scheme.objects.visible_to(user)
        .select_related("parent")
        .annotate(
            published_count=Count("versions", filter=Q(versions__status=SchemeVersion.Status.PUBLISHED),
                                  distinct=True),
            draft_count=Count("versions", filter=Q(versions__status=SchemeVersion.Status.DRAFT), distinct=True),
        )
    )
    latest = {}
    for version in visible_versions.filter(scheme__in=schemes).order_by("scheme_id", "-number"):
        latest.setdefault(version.scheme_id, version)
    # Inheritance order: each scheme followed by its children, indented.
    by_parent: dict = {}
    ids = {s.pk for s in schemes}
    for scheme in schemes:
        parent = scheme.parent_id if scheme.parent_id in ids else None
        by_parent.setdefault(parent, []).append(scheme)
    rows = []

    def walk(parent, depth):
        for scheme in sorted(by_parent.get(parent, []), key=lambda s: s.code):
            rows.append({"scheme": scheme, "depth": depth, "latest": latest.get(scheme.pk),
                         "indent": depth * 1.25})
            walk(scheme.pk, depth + 1)

    walk(None, 0)
    return render(request, "schemes/scheme_list.html", {"rows": rows, "can_change": POLICY.allowed(user, "create")})


@login_required
@require_http_methods(["GET", "POST"])
@requires(POLICY, "create")
def scheme_create(request):
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.create_scheme(actor=request.user, **form.cleaned_data)
        except actions.SchemeActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已新建指标体系“%(name)s”,请在草稿中添加指标。") % {"name": version.scheme.name})
            return redirect(_version_url(version, "version_edit"))
    return render(request, "schemes/scheme_form.html", {"form": form, "title": _("新建指标体系")})


@login_required
@require_http_methods(["GET", "POST"])
@requires(POLICY, "import")
def scheme_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = actions.import_scheme(
                upload.read(), upload.name, actor=request.user, code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
            )
        except actions.SchemeActionError as exc:
            form.add_error(None, exc.message)
            issues = exc.issues
        else:
            messages.success(request, _("已导入“%(name)s”(v%(number)s,草稿)。") % {
                "name": version.scheme.name, "number": version.number})
            return redirect(_version_url(version))
    return render(request, "schemes/import.html", {"form": form, "issues": issues, "scheme": None})


@enforces(POLICY, "view")
@login_required
@require_GET
def scheme_detail(request, code):
    scheme = _scheme(request, code)
    version = scheme.latest_version(request.user)
    if version is None:
        raise Http404
    return redirect(_version_url(version))


@enforces(POLICY, "start_draft")
@login_required
@require_POST
def scheme_new_draft(request, code):
    scheme = _scheme(request, code, "start_draft")
    source = None
    if request.POST.get("from"):
        source = scheme.versions.filter(number=request.POST["from"]).first()
    existing = scheme.open_draft()
    version = actions.start_draft(scheme, actor=request.user, from_version=source)
    if existing is not None:
        messages.info(request, _("该方案已有草稿 v%(number)s,请在其中修改。") % {"number": version.number})
    else:
        messages.success(request, _("已新建草稿 v%(number)s。") % {"number": version.number})
    return redirect(_version_url(version, "version_edit"))


@enforces(POLICY, "import_draft")
@login_required
@require_http_methods(["GET", "POST"])
def scheme_import_draft(request, code):
    scheme = _scheme(request, code, "import_draft")
    form = ImportDraftForm(request.POST or None, request.FILES or None)
    issues = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = actions.import_scheme(upload.read(), upload.name, actor=request.user, scheme=scheme)
        except actions.SchemeActionError as exc:
            form.add_error(None, exc.message)
            issues = exc.issues
        else:
            messages.success(request, _("已导入为草稿 v%(number)s。") % {"number": version.number})
            return redirect(_version_url(version))
    return render(request, "schemes/import.html", {"form": form, "issues": issues, "scheme": scheme})


# One version ------------------------------------------------------------------------------------------------


@enforces(POLICY, "view")
@login_required
@require_GET
def version_detail(request, code, number):
    version = _version(request, code, number)
    definition, resolve_issues = _effective_or_issues(version)
    issues = resolve_issues or (engine.validate(version.definition, version.parent_effective())
                                if version.is_draft else [])
    nodes = engine.tree(definition)
    for node in engine.flatten(nodes):
        node.issues = [i.message for i in issues if i.where == node.code]
    node_codes = {n.code for n in engine.flatten(nodes)}
    general_issues = [i for i in issues if i.where not in node_codes]
    versions = SchemeVersion.objects.visible_to(request.user).filter(scheme=version.scheme).order_by("-number")
    children = version.scheme.children.filter(pk__in=version.scheme.__class__.objects.visible_to(request.user))
    context = {
        "version": version,
        "scheme": version.scheme,
        "nodes": engine.flatten(nodes),
        "settings": trial.settings_summary(definition),
        "issues": issues,
        "general_issues": general_issues,
        "versions": versions,
        "children": children,
        "can_change": POLICY.allowed(request.user, "start_draft"),
        "open_draft": version.scheme.open_draft() if POLICY.allowed(request.user, "start_draft") else None,
        "export_formats": list(engine.EXPORT_FORMATS),
    }
    return render(request, "schemes/version_detail.html", context)


@enforces(POLICY, "view")
@login_required
@require_GET
def version_export(request, code, number, fmt):
    version = _version(request, code, number)
    if fmt not in engine.EXPORT_FORMATS:
        raise Http404
    definition = version.definition
    if fmt == "xlsx" or engine.has_edit_lists(definition):
        definition, _issues = _effective_or_issues(version)
    data = engine.write_file(definition, fmt)
    content_type, suffix = engine.EXPORT_FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    return attach(response, file_name(version.scheme.name, _("(第%(n)s版)") % {"n": version.number}, suffix=suffix))


@enforces(POLICY, "publish")
@login_required
@require_POST
def version_publish(request, code, number):
    version = _draft(request, code, number, "publish")
    try:
        actions.publish_version(version, actor=request.user)
    except (actions.SchemeActionError, FrozenVersionError) as exc:
        issues = getattr(exc, "issues", [])
        messages.error(request, str(exc) + " " + ";".join(str(i) for i in issues[:10]))
    else:
        messages.success(request, _("已发布 v%(number)s。发布后内容不可修改,如需调整请新建草稿。") % {"number": version.number})
    return redirect(_version_url(version))


@enforces(POLICY, "discard")
@login_required
@require_POST
def version_discard(request, code, number):
    version = _draft(request, code, number, "discard")
    scheme = version.scheme
    try:
        actions.discard_draft(version, actor=request.user)
    except (actions.SchemeActionError, FrozenVersionError) as exc:
        messages.error(request, str(exc))
        return redirect(_version_url(version))
    messages.success(request, _("已删除草稿 v%(number)s。") % {"number": version.number})
    if Scheme.objects.filter(pk=scheme.pk).exists():
        return redirect("schemes:scheme_detail", code=scheme.code)
    return redirect("schemes:scheme_list")


@enforces(POLICY, "derive")
@login_required
@require_http_methods(["GET", "POST"])
def version_derive(request, code, number):
    parent = _version(request, code, number, "derive")
    initial = {"level": CHILD_LEVEL.get(parent.scheme.level, Scheme.Level.LOCAL)}
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.derive_child(parent, actor=request.user, **form.cleaned_data)
        except (actions.SchemeActionError, engine.ScoringError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已从“%(parent)s”派生“%(name)s”,可删除、增加指标或调整分值。") % {
                "parent": parent, "name": version.scheme.name})
            return redirect(_version_url(version, "version_edit"))
    return render(request, "schemes/scheme_form.html",
                  {"form": form, "title": _("从 %(parent)s 派生下级方案") % {"parent": parent}, "parent": parent})


@enforces(POLICY, "view")
@login_required
@require_GET
def version_diff(request, code, number):
    version = _version(request, code, number)
    against = None
    if request.GET.get("against"):
        against = get_for(request.user, SchemeVersion.objects.select_related("scheme"),
                          scheme=version.scheme, number=request.GET["against"])
    elif version.parent_version_id:
        against = version.parent_version
        if not SchemeVersion.objects.visible_to(request.user).filter(pk=against.pk).exists():
            against = None
    problems = []
    changes = None
    unvalidated = version.is_draft and version.issue_count > 0
    if against is not None:
        try:
            changes = trial.diff_view(engine.diff(against.effective_definition(), version.effective_definition()))
        except engine.ScoringError as exc:
            problems = exc.issues
    if changes:
        changes = [c for c in changes if c["action"] != "setting"] + [c for c in changes if c["action"] == "setting"]
    others = SchemeVersion.objects.visible_to(request.user).filter(scheme=version.scheme).exclude(pk=version.pk)
    settings_changed = sum(1 for change in changes or [] if change["action"] == "setting")
    return render(request, "schemes/diff.html", {
        "indicator_changes": len(changes or []) - settings_changed, "setting_changes": settings_changed,
        "version": version, "scheme": version.scheme, "against": against, "changes": changes,
        "problems": problems, "others": others.order_by("-number"), "unvalidated": unvalidated,
    })


# The tree editor ----------------------------------------------------------------------------------------------


def _editor_context(version, name, settings, rows, general_issues=(), notice="", issue_total=0):
    fields = wordforms.fields_from_post(settings)
    return {
        "issue_total": issue_total,
        "version": version,
        "scheme": version.scheme,
        "def_name": name,
        "settings": fields,
        "choices": editor_choices(fields),
        "rows": rows,
        "general_issues": list(general_issues),
        "notice": notice,
        "kind_choices": editor.KIND_CHOICES,
        "nature_choices": editor.NATURE_CHOICES,
        "source_choices": editor.SOURCE_CHOICES,
        "rule_choices": editor.RULE_CHOICES,
    }


def _check(version, name, settings, rows):
    """Rebuild the definition from the form and validate it; issues are attached to their rows."""
    definition, form_issues = editor.definition_from_rows(version.definition, name, settings, rows)
    issues = list(form_issues)
    if not form_issues:
        issues += engine.validate(definition, version.parent_effective())
    general = editor.attach_issues(rows, issues)
    return definition, form_issues, issues, general


@enforces(POLICY, "edit_draft")
@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request, code, number):
    version = _draft(request, code, number, "edit_draft")
    if not POLICY.allowed(request.user, "edit_draft", version):
        messages.info(request, _("v%(number)s 已发布,不能修改;请新建草稿版本。") % {"number": version.number})
        return redirect(_version_url(version))
    if request.method == "GET":
        definition, resolve_issues = _effective_or_issues(version)
        rows = editor.rows_from_definition(definition)
        name = str(definition.get("name") or version.scheme.name)
        settings = wordforms.settings_post_data(definition)
        _definition, _form_issues, issues, general = _check(version, name, settings, rows)
        return render(request, "schemes/editor.html",
                      _editor_context(version, name, settings, rows, [*resolve_issues, *general],
                                      issue_total=len(issues) + len(resolve_issues)))

    name = request.POST.get("def_name", "")
    settings = request.POST
    rows = editor.rows_from_post(request.POST)
    op = request.POST.get("op", "")
    if op:
        index = request.POST.get("index")
        position = int(index) if str(index or "").isdigit() else None
        target = request.POST.get(f"row-{position}-move_to", "") if position is not None else ""
        rows, notice = editor.apply_op(rows, op, position, target)
        _definition, _form_issues, issues, general = _check(version, name, settings, rows)
        template = "schemes/_editor_form.html" if request.headers.get("HX-Request") else "schemes/editor.html"
        return render(request, template,
                      _editor_context(version, name, settings, rows, general, notice, issue_total=len(issues)))

    definition, form_issues, issues, general = _check(version, name, settings, rows)
    if form_issues:
        messages.error(request, _("表单中有无法读取的内容,未保存;请按提示修改。"))
        return render(request, "schemes/editor.html",
                      _editor_context(version, name, settings, rows, general, issue_total=len(issues)))
    try:
        remaining = actions.update_draft(version, definition, actor=request.user)
    except FrozenVersionError as exc:
        messages.error(request, str(exc))
        return redirect(_version_url(version))
    if remaining:
        messages.warning(request, _("草稿已保存,但还有 %(count)s 个问题,修正后才能发布。") % {"count": len(remaining)})
    else:
        messages.success(request, _("草稿已保存,校验通过。"))
    return redirect(_version_url(version, "version_edit"))


@enforces(POLICY, "edit_draft")
@login_required
@require_POST
def version_validate(request, code, number):
    """htmx: the edited form → every issue next to its indicator (out-of-band swaps) and a summary."""
    version = _version(request, code, number, "edit_draft")
    rows = editor.rows_from_post(request.POST)
    name = request.POST.get("def_name", "")
    _definition, _form_issues, issues, general = _check(version, name, request.POST, rows)
    return render(request, "schemes/_validation.html",
                  {"rows": rows, "issue_total": len(issues), "general_issues": general})


# Try it -----------------------------------------------------------------------------------------------------


@enforces(POLICY, "try")
@login_required
@require_http_methods(["GET", "POST"])
def version_try(request, code, number):
    version = _version(request, code, number, "try")
    definition, resolve_issues = _effective_or_issues(version)
    form = TryForm(request.POST or None, request.FILES or None)
    fields = trial.input_fields(definition)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = trial.run(
            definition,
            text=form.cleaned_data["inputs_text"],
            upload=form.cleaned_data["inputs_file"],
            fields={f["key"]: request.POST.get(f["key"], "") for f in fields},
            category=form.cleaned_data["category"],
        )
        for field in fields:
            field["value"] = request.POST.get(field["key"], "")
    context = {
        "version": version, "scheme": version.scheme, "form": form, "fields": fields, "outcome": outcome,
        "categories": definition.get("categories") or [], "resolve_issues": resolve_issues,
    }
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "schemes/_try_result.html", context)
    return render(request, "schemes/try.html", context)
