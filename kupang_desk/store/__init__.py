"""The only package that speaks SQL: schema, migrations, repositories, audit log."""
