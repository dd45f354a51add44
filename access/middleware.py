"""Every page and download the application itself serves is private: what it shows depends
on who asks. Browsers and proxies are told not to keep it (`Cache-Control: private,
no-store`), so a shared computer's cache or a proxy never hands one user's 台账 to another.
Static files are served before this point (WhiteNoise) and keep their own long caching."""

from django.utils.cache import patch_cache_control


class PrivateResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response
