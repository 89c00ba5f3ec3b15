"""Build-time pieces of the site: vendored browser libraries, committed models, card numbers, figures."""
