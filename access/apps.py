from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("访问控制")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_record_session, dispatch_uid="access.record_session")


def _record_session(sender, request, user, **kwargs):
    # Log-in is Django's own view (and force_login in tests); its signal is the one place
    # every session of a user starts.
    from .services import user_session_record

    session = getattr(request, "session", None)
    if session is not None and user is not None:
        if session.session_key is None:
            session.save()
        user_session_record(user=user, session_key=session.session_key)
