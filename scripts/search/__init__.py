"""Chinese full-text search that is exact: CJK bigrams with positions, sharded by token hash.

- `text`    rendered HTML → readable text; normalisation and tokens (mirrored in search.js)
- `index`   the sharded index files the browser loads on demand
- `feature` the MkDocs side: collects pages, writes the index, adds the search page
"""
