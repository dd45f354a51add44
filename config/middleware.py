"""Request bodies over the limit are refused from their Content-Length, before Django reads
or spools a byte of them (the proxy's client_max_body_size should say the same; see README)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.REQUEST_MAX_BYTES
        if not length.isdigit() or int(length) > limit:
            message = _("上传的内容超过 %(limit)d MB，未被接收。请拆分后再上传。") % {"limit": limit // 2**20}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
