"""tuiauth-s3: an S3-compatible storage backend for tuiauth backups, installed as a plugin."""

from .backend import S3Backend
from .sigv4 import Credentials

__all__ = ["Credentials", "S3Backend"]
