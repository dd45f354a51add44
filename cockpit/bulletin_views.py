"""通报 pages: compose and preview, save, list, download as Word."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView

from access.mixins import RoleRequiredMixin

from . import selectors
from .bulletin_docx import bulletin_docx
from .bulletins import compose
from .forms import BulletinForm
from .services import bulletin_save

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: dict) -> HttpResponse:
    response = HttpResponse(bulletin_docx(content), content_type=DOCX)
    name = f"{content['scope']['name']}{content['title']}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class BulletinMixin(RoleRequiredMixin):
    roles = ("leader",)


class BulletinListView(BulletinMixin, TemplateView):
    template_name = "cockpit/bulletin_list.html"

    def get_context_data(self, **kwargs):
        bulletins = selectors.bulletins_visible_to(self.request.user).select_related("issuer", "created_by")[:100]
        return super().get_context_data(bulletins=bulletins, **kwargs)


class BulletinCreateView(BulletinMixin, TemplateView):
    """GET with the form's fields previews the bulletin (and `format=docx` downloads it); POST
    saves it and shows the saved copy."""

    template_name = "cockpit/bulletin_form.html"

    def get(self, request):
        form = BulletinForm(request.GET if "scope" in request.GET else None, user=request.user)
        content = self.composed(form) if form.is_bound and form.is_valid() else None
        if content and request.GET.get("format") == "docx":
            return docx_response(content)
        return self.render_to_response(
            self.get_context_data(form=form, bulletin=content, query=request.GET.urlencode())
        )

    def post(self, request):
        form = BulletinForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, bulletin=None))
        content = self.composed(form)
        issuer = selectors.bulletin_issuer(request.user, form.cleaned_data["scope_object"])
        saved = bulletin_save(actor=request.user, issuer=issuer, content=content)
        return redirect("cockpit:bulletin", pk=saved.pk)

    def composed(self, form) -> dict:
        data = form.cleaned_data
        scope = data["scope_object"]
        issuer = selectors.bulletin_issuer(self.request.user, scope)
        return compose(
            targets=selectors.bulletin_targets(self.request.user, scope),
            scope=scope,
            period=data["period"],
            issuer=issuer.name if issuer else scope.name,
            issued_on=data["issued_on"] or timezone.localdate(),
            requirements=data["requirements"],
        )


class BulletinDetailView(BulletinMixin, TemplateView):
    template_name = "cockpit/bulletin_detail.html"

    def get(self, request, pk):
        saved = get_object_or_404(selectors.bulletins_visible_to(request.user), pk=pk)
        if request.GET.get("format") == "docx":
            return docx_response(saved.content)
        return self.render_to_response(self.get_context_data(saved=saved, bulletin=saved.content))
