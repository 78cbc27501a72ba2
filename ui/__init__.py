"""The browser UI (Solara): explore one model, compare two side by side, read results."""
