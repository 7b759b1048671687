"""The citizen's home page, the PWA shell (manifest, service worker, offline page) and language."""
