"""The first package of the monorepo."""
