"""Imported by the render workers' fork server (pipeline.render.pool._context) before it forks any worker."""

from pipeline.render.pool import import_rendering_stack

import_rendering_stack()
