import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The `world` fixture creates seven users; the production hasher costs ~0.4 s per password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
