"""Settings package. ``leavingcare.settings`` is the development default; production deployments
set ``DJANGO_SETTINGS_MODULE=leavingcare.settings.production`` and tests use
``leavingcare.settings.test``."""

from .base import *  # noqa: F403
