"""Renderers turn view models into what a platform shows; plain text serves every fallback."""
