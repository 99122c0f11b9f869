"""The second package of the monorepo."""
