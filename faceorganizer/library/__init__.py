"""The photo library: SQLite catalog, incremental scanning and background indexing, folder watching."""
