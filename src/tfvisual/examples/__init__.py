"""Code samples the pages show. Tests import and run each one, so a page never shows code that fails."""
