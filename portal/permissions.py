"""Who may use which views. Checks live here and in the visibility querysets, never only in templates."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                # Not allowed answers like not found, so nobody learns what exists.
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


officer_required = _role_required(lambda user: user.is_officer)
councillor_required = _role_required(lambda user: user.is_councillor)
# Accounts (who may sign in, and as what) are the administrators' to manage.
admin_required = _role_required(lambda user: user.is_active and (user.role == "admin" or user.is_superuser))
