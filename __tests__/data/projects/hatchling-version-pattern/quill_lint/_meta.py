"""Release information, kept in one place."""

CODENAME = "inkwell"
RELEASE = "v3.1.0.post1"
