"""HTTP interface: `create_app(kb_dir)` builds the FastAPI app (JSON API, web UI, optional inbox watcher)."""
from .app import create_app

__all__ = ["create_app"]
