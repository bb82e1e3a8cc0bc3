"""Published addresses never break: a committed record of every page address, redirects from old ones."""
