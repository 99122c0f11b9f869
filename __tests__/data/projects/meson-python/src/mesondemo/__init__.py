"""meson-demo."""
