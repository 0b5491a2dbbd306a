# store-migrate -- a SQLite store of schema version 1 or 2 is read as it is and migrated to
# version 3 by the first ingest into it (docs/store.md).
$ sh store/migrate.sh
1> ok: a store of version 1 or 2
