"""Storage: models, migrations, the database handle and its single writer."""
